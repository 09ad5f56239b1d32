package dev.headroom.gate;

import dev.headroom.http.Redactor;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Every file one gate run leaves, all through the shared {@link ReportWriter} (redacted, written whole or
 * not at all): {@code report.json}, {@code junit.xml} (a suite per stage, a case per check), {@code
 * summary.md} (for {@code $GITHUB_STEP_SUMMARY}: worst first, cut at {@value #MAX_SUMMARY_BYTES} bytes
 * and saying so), {@code metrics.txt} (OpenMetrics, for GitLab's metrics report) and {@code report.html}
 * (charts as inline SVG, no network). {@link #annotations} gives the GitHub {@code ::error} lines.
 */
public final class GateOutputs {
    /** The summary's cap: GitHub refuses a job summary over 1 MiB; this stays well under it. */
    public static final int MAX_SUMMARY_BYTES = 256 * 1024;
    /** GitHub annotations printed at most. */
    public static final int MAX_ANNOTATIONS = 10;
    public static final String SUMMARY = "summary.md";
    public static final String METRICS = "metrics.txt";
    public static final String HTML = "report.html";

    private GateOutputs() {
    }

    /** Writes every file into {@code dir}; returns them. */
    public static List<Path> write(GateResult result, Path dir) throws IOException {
        Redactor redactor = Redactor.defaults();
        Report report = result.toReport();
        List<Path> written = new ArrayList<>(ReportWriter.write(report, dir, EnumSet.of(Format.JSON, Format.JUNIT), redactor));
        written.add(ReportWriter.writeText(summary(result), dir.resolve(SUMMARY), redactor));
        written.add(ReportWriter.writeText(metrics(result), dir.resolve(METRICS), redactor));
        written.add(ReportWriter.writeText(GateHtml.render(result), dir.resolve(HTML), redactor));
        return written;
    }

    /** The checks worst first: ERROR, FAILED, DEGRADED, then the rest in the order run. */
    static List<CheckCase> worstFirst(List<CheckCase> cases) {
        List<CheckCase> sorted = new ArrayList<>(cases);
        sorted.sort(Comparator.comparingInt((CheckCase c) -> c.status().severity()).reversed());
        return sorted;
    }

    /** {@code summary.md}: the verdict, the stages worst first, the problems, then the shared report's tables; capped. */
    public static String summary(GateResult result) throws IOException {
        GateData d = result.data();
        StringBuilder md = new StringBuilder();
        md.append("# Headroom gate: ").append(cell(d.shop())).append(d.version().isEmpty() ? "" : " " + cell(d.version()))
                .append("\n\n**").append(result.verdict().name()).append("** against `").append(d.target()).append('`');
        if (!d.environment().isEmpty()) {
            md.append(" (").append(cell(d.environment())).append(')');
        }
        md.append("\n\n");
        if (!d.refusal().isEmpty()) {
            md.append("> **Refused:** ").append(cell(d.refusal())).append("\n\n");
        }
        if (!d.override().isEmpty()) {
            md.append("> **Override:** ").append(cell(d.override())).append("\n\n");
        }
        md.append("| Stage | Status | Time | |\n| --- | --- | ---: | --- |\n");
        d.stages().stream().sorted(Comparator.comparingInt((GateData.StageSummary s) -> Status.valueOf(s.status()).severity())
                        .reversed())
                .forEach(s -> md.append("| ").append(s.stage()).append(" | ").append(s.status()).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f s", s.durationMs() / 1000)).append(" | ")
                        .append(cell(s.message())).append(" |\n"));
        List<CheckCase> problems = worstFirst(result.cases()).stream()
                .filter(c -> c.status().isFailure() || c.status() == Status.DEGRADED).toList();
        if (!problems.isEmpty()) {
            md.append("\n## Failed and degraded checks, worst first\n\n| Status | Stage | Check | Why |\n| --- | --- | --- | --- |\n");
            for (CheckCase c : problems) {
                md.append("| ").append(c.status()).append(" | ").append(cell(c.suite())).append(" | ").append(cell(c.name()))
                        .append(" | ").append(cell(c.message())).append(" |\n");
            }
        }
        if (!d.baselineFiles().isEmpty()) {
            md.append("\nCompared with ").append(d.baselineFiles().size()).append(" baseline report(s).\n");
        }
        StringWriter shared = new StringWriter();
        ReportWriter.writeMarkdown(result.toReport(), shared);
        md.append("\n<details><summary>Every check</summary>\n\n").append(shared.toString().replaceFirst("^# [^\n]*\n", ""))
                .append("\n</details>\n");
        return cap(md.toString(), MAX_SUMMARY_BYTES);
    }

    /** {@code text} cut at a line boundary to at most {@code max} UTF-8 bytes, saying so at its end. */
    static String cap(String text, int max) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= max) {
            return text;
        }
        String note = "\n\n**This summary was cut at " + (max / 1024) + " KiB** (GitHub job summaries hold at most 1 MiB);"
                + " every check is in report.json, junit.xml and report.html.\n";
        int budget = max - note.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (String line : text.split("\n", -1)) {
            int n = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + n > budget) {
                break;
            }
            out.append(line).append('\n');
            bytes += n;
        }
        return out.append(note).toString();
    }

    /**
     * GitHub Actions workflow commands for the failed checks, worst first, at most {@value #MAX_ANNOTATIONS}:
     * {@code ::error title=STAGE: CHECK::MESSAGE}, escaped as GitHub wants.
     */
    public static List<String> annotations(GateResult result) {
        Redactor r = Redactor.defaults();
        List<String> out = new ArrayList<>();
        if (!result.data().refusal().isEmpty()) {
            out.add("::error title=" + property("gate refused") + "::" + data(r.redact(result.data().refusal())));
        }
        for (CheckCase c : result.failures()) {
            if (out.size() >= MAX_ANNOTATIONS) {
                break;
            }
            out.add("::error title=" + property(r.redact(c.suite() + ": " + c.name())) + "::" + data(r.redact(c.message())));
        }
        return out;
    }

    private static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }

    /** {@code metrics.txt}: OpenMetrics text, as GitLab's metrics report reads it. */
    public static String metrics(GateResult result) {
        GateData d = result.data();
        String base = "shop=\"" + label(d.shop()) + "\",version=\"" + label(d.version()) + "\"";
        StringBuilder m = new StringBuilder();
        m.append("# TYPE headroom_gate_passed gauge\n# HELP headroom_gate_passed 1 if the gate passed, else 0\n");
        m.append("headroom_gate_passed{").append(base).append(",verdict=\"").append(result.verdict()).append("\"} ")
                .append(result.verdict() == dev.headroom.report.Verdict.PASSED ? 1 : 0).append('\n');
        m.append("# TYPE headroom_gate_overridden gauge\n# HELP headroom_gate_overridden 1 if the gate ran with --override\n");
        m.append("headroom_gate_overridden{").append(base).append("} ").append(d.override().isEmpty() ? 0 : 1).append('\n');
        m.append("# TYPE headroom_gate_failed_checks gauge\n# HELP headroom_gate_failed_checks checks that failed\n");
        m.append("headroom_gate_failed_checks{").append(base).append("} ").append(result.failures().size()).append('\n');
        m.append("# TYPE headroom_gate_stage_passed gauge\n# HELP headroom_gate_stage_passed 1 if the stage ran and passed\n");
        for (GateData.StageSummary s : d.stages()) {
            Status st = Status.valueOf(s.status());
            m.append("headroom_gate_stage_passed{").append(base).append(",stage=\"").append(s.stage()).append("\"} ")
                    .append(st != Status.SKIPPED && !st.isFailure() ? 1 : 0).append('\n');
        }
        m.append("# TYPE headroom_gate_stage_duration_seconds gauge\n# UNIT headroom_gate_stage_duration_seconds seconds\n"
                + "# HELP headroom_gate_stage_duration_seconds how long the stage took\n");
        for (GateData.StageSummary s : d.stages()) {
            m.append("headroom_gate_stage_duration_seconds{").append(base).append(",stage=\"").append(s.stage()).append("\"} ")
                    .append(num(s.durationMs() / 1000)).append('\n');
        }
        if (!d.load().isEmpty()) {
            m.append("# TYPE headroom_gate_load_p95_seconds gauge\n# UNIT headroom_gate_load_p95_seconds seconds\n"
                    + "# HELP headroom_gate_load_p95_seconds p95 of the load stage's successful requests\n");
            d.load().forEach((g, v) -> m.append("headroom_gate_load_p95_seconds{").append(base).append(",group=\"")
                    .append(label(g)).append("\"} ").append(num(v.p95Ms() / 1000)).append('\n'));
            m.append("# TYPE headroom_gate_load_p99_seconds gauge\n# UNIT headroom_gate_load_p99_seconds seconds\n"
                    + "# HELP headroom_gate_load_p99_seconds p99 of the load stage's successful requests\n");
            d.load().forEach((g, v) -> m.append("headroom_gate_load_p99_seconds{").append(base).append(",group=\"")
                    .append(label(g)).append("\"} ").append(num(v.p99Ms() / 1000)).append('\n'));
            m.append("# TYPE headroom_gate_load_error_ratio gauge\n# HELP headroom_gate_load_error_ratio failed / sent requests\n");
            d.load().forEach((g, v) -> m.append("headroom_gate_load_error_ratio{").append(base).append(",group=\"")
                    .append(label(g)).append("\"} ").append(num(v.errorRate())).append('\n'));
        }
        if (!d.journeySteps().isEmpty()) {
            m.append("# TYPE headroom_gate_journey_step_seconds gauge\n# UNIT headroom_gate_journey_step_seconds seconds\n"
                    + "# HELP headroom_gate_journey_step_seconds median time of the step over the gate's runs\n");
            d.journeySteps().forEach((j, steps) -> steps.forEach((step, ms) -> m.append("headroom_gate_journey_step_seconds{")
                    .append(base).append(",journey=\"").append(label(j)).append("\",step=\"").append(label(step)).append("\"} ")
                    .append(num(Baseline.median(ms) / 1000)).append('\n')));
        }
        m.append("# TYPE headroom_gate_crawl_failing_findings gauge\n# HELP headroom_gate_crawl_failing_findings failing crawl findings\n");
        m.append("headroom_gate_crawl_failing_findings{").append(base).append("} ").append(d.findings().size()).append('\n');
        m.append("# EOF\n");
        return m.toString();
    }

    private static String label(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }

    static String cell(String s) {
        if (s == null || s.isEmpty()) {
            return "";
        }
        String c = s.strip().replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replaceAll("\\R", "<br>");
        return c.length() > 500 ? c.substring(0, 500) + "\u2026" : c;
    }
}
