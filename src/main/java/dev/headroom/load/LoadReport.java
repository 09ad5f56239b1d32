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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    /** Suite of the cases saying how each journey fared under load. */
    public static final String JOURNEY_SUITE = "journeys";

    public static Report build(String title, LoadResults results, List<Slo> slos, Map<String, Object> extraSummary) {
        return build(title, results, slos, extraSummary, Map.of(), List.of());
    }

    /**
     * The report, with a case per journey: {@code journeys} are the names the run was planned with, each
     * with the requests the plan counted for one run of it (so a journey no customer ran shows as skipped,
     * and the rate the plan aimed at can be checked against what the runs sent), {@code samples} the kept
     * runs, for the first failure's message.
     */
    public static Report build(String title, LoadResults results, List<Slo> slos, Map<String, Object> extraSummary,
            Map<String, Integer> journeys, List<JourneySample> samples) {
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
        if (!journeys.isEmpty()) {
            b.addCase(plannedRate(results, journeys));
        }
        Set<String> names = new LinkedHashSet<>(journeys.keySet());
        results.journeys().forEach(c -> names.add(c.journey()));
        for (String name : names) {
            b.addCase(journeyCase(name, results.statuses(name, ""), samples));
        }
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

    /**
     * A journey's case: passed if any run passed (a journey under load fails some runs; its SLOs
     * judge how many may), failed if every run failed (the journey does not work at all: a
     * selector that matches nothing, a form that is gone), skipped if no customer ran it.
     */
    private static CheckCase journeyCase(String name, Map<String, Long> runs, List<JourneySample> samples) {
        long total = runs.values().stream().mapToLong(Long::longValue).sum();
        long passed = runs.getOrDefault(Status.PASSED.name(), 0L);
        long degraded = runs.getOrDefault(Status.DEGRADED.name(), 0L);
        long failed = total - passed - degraded;
        CheckCase.Builder c = CheckCase.builder(JOURNEY_SUITE, name + " under load");
        if (total == 0) {
            return c.status(Status.SKIPPED).message("no run of it finished (too few customers arrived for its share, or"
                    + " none finished before the end)").build();
        }
        String first = samples.stream().filter(s -> name.equals(s.journey()) && !s.status().equals(Status.PASSED.name())
                        && !s.status().equals(Status.DEGRADED.name()))
                .flatMap(s -> s.steps().stream())
                .filter(st -> st.status().equals(Status.FAILED.name()) || st.status().equals(Status.ERROR.name()))
                .findFirst().map(st -> "; first failure: step '" + st.name() + "': " + st.message()).orElse("");
        String message = String.format(Locale.ROOT, "%d runs: %d passed, %d degraded, %d failed%s", total, passed, degraded,
                failed, failed > 0 ? first : "");
        return c.status(passed + degraded == 0 ? Status.FAILED : Status.PASSED).message(message)
                .attribute("runs", String.valueOf(total)).attribute("failed", String.valueOf(failed)).build();
    }

    /** Below this share of the planned requests per run, the test ran short of its multiple: a warning. */
    static final double RATE_REACHED = 0.9;

    /**
     * Whether the runs sent the requests the plan counted on. The plan turns the modelled request rate
     * into customers arriving per second with each journey's requests per run, counting every step
     * that sends one; a step under {@code if:} that seldom runs (or runs cut short by failures) sends
     * fewer, and the test then ran below its multiple of the peak. Judged on finished runs: the requests
     * of a journey's groups over its runs, against the plan's count, weighted by the runs.
     */
    static CheckCase plannedRate(LoadResults results, Map<String, Integer> planned) {
        CheckCase.Builder c = CheckCase.builder(RUN_SUITE, "runs sent the planned requests");
        long plannedRequests = 0;
        long sent = 0;
        List<String> shortRuns = new ArrayList<>();
        for (Map.Entry<String, Integer> j : planned.entrySet()) {
            long runs = results.statuses(j.getKey(), "").values().stream().mapToLong(Long::longValue).sum();
            if (runs == 0 || j.getValue() <= 0) {
                continue;
            }
            String prefix = j.getKey() + "/";
            long requests = results.groups().stream().filter(g -> g.group().startsWith(prefix))
                    .mapToLong(LoadResults.GroupHistogram::count).sum();
            plannedRequests += runs * j.getValue();
            sent += requests;
            double perRun = (double) requests / runs;
            if (perRun < RATE_REACHED * j.getValue()) {
                shortRuns.add(String.format(Locale.ROOT, "%s %.1f a run, planned %d", j.getKey(), perRun, j.getValue()));
            }
        }
        if (plannedRequests == 0) {
            return c.status(Status.SKIPPED).message("no journey run finished").build();
        }
        double share = (double) sent / plannedRequests;
        String measured = String.format(Locale.ROOT, "%.0f%% of the requests the plan counted for these runs (%d of %d)",
                share * 100, sent, plannedRequests);
        c.attribute("share", String.format(Locale.ROOT, "%.3f", share));
        if (share >= RATE_REACHED) {
            return c.message(measured).build();
        }
        return c.status(Status.DEGRADED).message(measured + ", so the load ran at about that share of its multiple of the"
                + " peak: " + String.join("; ", shortRuns) + " (steps under if: that did not run, or runs that failed early;"
                + " raise the multiple to make up for it)").build();
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
