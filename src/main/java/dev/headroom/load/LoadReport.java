package dev.headroom.load;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Builds the {@link Report} of a load run (or of merged shards): one JUnit case per SLO, the histograms as data. */
public final class LoadReport {

    /** Suite of the case saying whether the injector ran its whole plan. */
    public static final String RUN_SUITE = "run";

    private LoadReport() {
    }

    public static Report build(String title, LoadResults results, List<Slo> slos, Map<String, Object> extraSummary) {
        Map<Recorder.Key, Histogram> histograms = results.histograms();
        SloEvaluator.Outcome all = SloEvaluator.evaluate(new Slo(Slo.ALL, null, null, null), histograms);
        Report.Builder b = Report.builder("load")
                .title(title)
                .target(results.target())
                .startedAt(Instant.ofEpochMilli(results.startedAtMs()))
                .duration(Duration.ofMillis(Math.max(0, results.endedAtMs() - results.startedAtMs())))
                .data(results);
        b.addCase(CheckCase.builder(RUN_SUITE, "injector ran its plan")
                .status(results.aborted() ? Status.FAILED : results.totalRequests() == 0 ? Status.ERROR : Status.PASSED)
                .message(results.aborted() ? "stopped early: " + String.join("; ", results.abortReasons())
                        : results.totalRequests() == 0 ? "no request was sent" : "ran to the end")
                .attribute("shards", String.join(", ", results.shards()))
                .build());
        long refused = results.refusedRequests();
        b.addCase(CheckCase.builder(RUN_SUITE, "every request stayed on the allowlist")
                .status(refused == 0 ? Status.PASSED : Status.FAILED)
                .message(refused == 0 ? "no redirect pointed off the allowlist" : refused + " request"
                        + (refused == 1 ? "" : "s") + " failed: a redirect pointed off the allowlist and was not followed ("
                        + refusals(results) + ")")
                .build());
        b.addCases(SloEvaluator.cases(slos, histograms));
        b.summary("requests", results.totalRequests())
                .summary("failed", results.failedRequests())
                .summary("error rate", String.format(Locale.ROOT, "%.2f%%", all.errorRate() * 100))
                .summary("p95 (ok)", all.p95Ms() < 0 ? "n/a" : all.p95Ms() + " ms")
                .summary("p99 (ok)", all.p99Ms() < 0 ? "n/a" : all.p99Ms() + " ms")
                .summary("shards", String.join(", ", results.shards()))
                .summary("stopped early", results.aborted())
                .summary("refused redirects", refused);
        extraSummary.forEach(b::summary);
        return b.build();
    }

    /**
     * Writes report.json, junit.xml and summary.md into {@code dir}, then prints the verdict, one
     * line per case and every file written ({@code gatlingHtml} too, if any). Returns the files.
     */
    public static List<Path> write(Report report, Path dir, Optional<Path> gatlingHtml, PrintWriter out) throws IOException {
        List<Path> written = ReportWriter.write(report, dir, EnumSet.allOf(Format.class));
        out.printf("%n%s: %s requests, %s failed%n", report.passed() ? "PASSED" : "FAILED",
                report.summary().get("requests"), report.summary().get("failed"));
        report.cases().forEach(c -> out.printf("  %-8s %-40s %s%n", c.status(), c.name(), c.message()));
        out.println("Results:");
        written.forEach(p -> out.printf("  %s%n", p));
        gatlingHtml.ifPresent(h -> out.printf("  %s (Gatling's HTML report)%n", h));
        out.flush();
        return written;
    }

    /** "home 21: not sent: host 'x' is not on the allowlist [...]; ..." */
    private static String refusals(LoadResults results) {
        StringBuilder sb = new StringBuilder();
        for (LoadResults.Failure f : results.failures()) {
            if (f.refused()) {
                sb.append(sb.isEmpty() ? "" : "; ").append(f.group()).append(' ').append(f.count()).append(": ")
                        .append(f.message());
            }
        }
        return sb.toString();
    }
}
