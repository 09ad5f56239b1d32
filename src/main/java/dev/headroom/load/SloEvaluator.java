package dev.headroom.load;

import dev.headroom.config.Durations;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Checks {@link Slo}s against recorded histograms: latency percentiles of the successful requests
 * of the group, and the failed share of all its requests. Used on the final (or merged) results and,
 * by {@link SloWatch}, on a sliding window during the run.
 */
public final class SloEvaluator {

    /** The JUnit suite SLO cases go in. */
    public static final String SUITE = "slo";

    private SloEvaluator() {
    }

    /**
     * @param requests all requests of the group
     * @param failed failed requests of the group
     * @param p95Ms 95th percentile of the successful ones (-1 if none)
     * @param p99Ms 99th percentile of the successful ones (-1 if none)
     * @param violations what broke, one phrase each; empty if the SLO held
     */
    public record Outcome(Slo slo, long requests, long failed, long p95Ms, long p99Ms, List<String> violations) {
        public boolean hasData() {
            return requests > 0;
        }

        public boolean breached() {
            return !violations.isEmpty();
        }

        public double errorRate() {
            return requests == 0 ? 0 : (double) failed / requests;
        }

        /** One line: what was measured and, if breached, what broke. */
        public String message() {
            if (!hasData()) {
                return "no requests in group '" + slo.group() + "'";
            }
            String measured = String.format(Locale.ROOT, "%d requests, p95 %s, p99 %s, errors %.2f%%", requests,
                    ms(p95Ms), ms(p99Ms), errorRate() * 100);
            return breached() ? String.join("; ", violations) + " (" + measured + ")" : measured;
        }

        private static String ms(long v) {
            return v < 0 ? "n/a" : v + "ms";
        }
    }

    public static Outcome evaluate(Slo slo, Map<Recorder.Key, Histogram> histograms) {
        Histogram ok = Recorder.newHistogram();
        long failed = 0;
        for (Map.Entry<Recorder.Key, Histogram> e : histograms.entrySet()) {
            if (!slo.covers(e.getKey().group())) {
                continue;
            }
            if (Recorder.OK.equals(e.getKey().outcome())) {
                ok.add(e.getValue());
            } else {
                failed += e.getValue().getTotalCount();
            }
        }
        long requests = ok.getTotalCount() + failed;
        long p95 = ok.getTotalCount() == 0 ? -1 : ok.getValueAtPercentile(95);
        long p99 = ok.getTotalCount() == 0 ? -1 : ok.getValueAtPercentile(99);
        List<String> violations = new ArrayList<>();
        if (requests > 0) {
            check(violations, "p95", p95, slo.p95());
            check(violations, "p99", p99, slo.p99());
            if (slo.errorRate() != null && (double) failed / requests > slo.errorRate()) {
                violations.add(String.format(Locale.ROOT, "error rate %.2f%% > %.2f%%", 100.0 * failed / requests,
                        slo.errorRate() * 100));
            }
        }
        return new Outcome(slo, requests, failed, p95, p99, List.copyOf(violations));
    }

    private static void check(List<String> violations, String name, long valueMs, Duration limit) {
        // HdrHistogram percentiles are the highest value equivalent to the recorded ones (within 0.1%),
        // so compare the value's lowest equivalent: a 500 ms p95 must not fail a 500 ms objective.
        if (limit != null && valueMs >= 0 && Recorder.newHistogram().lowestEquivalentValue(valueMs) > limit.toMillis()) {
            violations.add(name + " " + valueMs + "ms > " + Durations.format(limit));
        }
    }

    /** One JUnit case per SLO: FAILED if breached, SKIPPED if its group had no requests. */
    public static List<CheckCase> cases(List<Slo> slos, Map<Recorder.Key, Histogram> histograms) {
        List<CheckCase> cases = new ArrayList<>();
        for (Slo slo : slos) {
            Outcome o = evaluate(slo, histograms);
            CheckCase.Builder c = CheckCase.builder(SUITE, slo.describe())
                    .status(!o.hasData() ? Status.SKIPPED : o.breached() ? Status.FAILED : Status.PASSED)
                    .message(o.message())
                    .attribute("group", slo.group())
                    .attribute("requests", o.requests())
                    .attribute("failed", o.failed());
            if (o.p95Ms() >= 0) {
                c.attribute("p95", o.p95Ms() + "ms").attribute("p99", o.p99Ms() + "ms");
            }
            cases.add(c.build());
        }
        return cases;
    }
}
