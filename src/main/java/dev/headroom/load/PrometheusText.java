package dev.headroom.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Renders the recorder's state in the Prometheus text exposition format (0.0.4). Written directly
 * from the recorder (cumulative buckets by counting the HdrHistogram's values up to each bound, the
 * exact sum of milliseconds), so the live metrics and the final results come from the same data.
 * Latencies are whole milliseconds; a bucket bound above 2.048 s (where the histogram's 3
 * significant digits group 2 or more milliseconds) counts the values of the group it falls in.
 */
public final class PrometheusText {

    /** Bucket upper bounds, in seconds. */
    public static final List<Double> BUCKETS =
            List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private PrometheusText() {
    }

    /** The live state besides the histograms. */
    public record State(String shard, int stage, double stageMultiplier, double targetRps, boolean aborting,
            Map<String, Boolean> sloBreached) {
    }

    /** The live metrics of a recorder. */
    public static String render(Recorder recorder, State state) {
        return render(recorder.snapshot(), recorder.sumsMs(), recorder.failures(), recorder.steps(), state);
    }

    /**
     * Histograms alone (saved or merged ones): without the recorder's exact sums, {@code _sum} is the
     * histogram's mean times its count, within its 3 significant digits.
     */
    public static String render(Map<Recorder.Key, Histogram> histograms, State state) {
        Map<Recorder.Key, Long> sums = new TreeMap<>();
        histograms.forEach((k, h) -> sums.put(k, Math.round(h.getMean() * h.getTotalCount())));
        return render(histograms, sums, Map.of(), Map.of(), state);
    }

    private static String render(Map<Recorder.Key, Histogram> histograms, Map<Recorder.Key, Long> sumsMs,
            Map<Recorder.FailureKey, Long> failures, Map<Recorder.StepKey, Long> steps, State state) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# HELP headroom_load_requests_total Requests sent by this injector, by request group and outcome.\n");
        sb.append("# TYPE headroom_load_requests_total counter\n");
        histograms.forEach((k, h) -> sb.append("headroom_load_requests_total").append(labels(k, state.shard()))
                .append(' ').append(h.getTotalCount()).append('\n'));
        sb.append("# HELP headroom_load_latency_seconds Request latency seen by this injector.\n");
        sb.append("# TYPE headroom_load_latency_seconds histogram\n");
        histograms.forEach((k, h) -> {
            String base = "group=\"" + esc(k.group()) + "\",outcome=\"" + k.outcome() + "\",shard=\"" + esc(state.shard()) + "\"";
            for (double le : BUCKETS) {
                long count = h.getCountBetweenValues(0, (long) Math.floor(le * 1000));
                sb.append("headroom_load_latency_seconds_bucket{").append(base).append(",le=\"").append(num(le))
                        .append("\"} ").append(count).append('\n');
            }
            sb.append("headroom_load_latency_seconds_bucket{").append(base).append(",le=\"+Inf\"} ")
                    .append(h.getTotalCount()).append('\n');
            double sumSeconds = sumsMs.getOrDefault(k, 0L) / 1000.0;
            sb.append("headroom_load_latency_seconds_sum{").append(base).append("} ").append(num(sumSeconds)).append('\n');
            sb.append("headroom_load_latency_seconds_count{").append(base).append("} ").append(h.getTotalCount()).append('\n');
        });
        Map<String, Long> refused = new TreeMap<>();
        failures.forEach((k, n) -> {
            if (k.refused()) {
                refused.merge(k.group(), n, Long::sum);
            }
        });
        sb.append("# HELP headroom_load_refused_total Requests that failed because a redirect pointed off the allowlist"
                + " (that hop was not sent), by request group; also counted as outcome ko.\n");
        sb.append("# TYPE headroom_load_refused_total counter\n");
        refused.forEach((group, n) -> sb.append("headroom_load_refused_total{group=\"").append(esc(group))
                .append("\",shard=\"").append(esc(state.shard())).append("\"} ").append(n).append('\n'));
        sb.append("# HELP headroom_load_journey_runs_total Journey runs finished by this injector's virtual customers, by"
                + " journey and verdict.\n");
        sb.append("# TYPE headroom_load_journey_runs_total counter\n");
        steps.forEach((k, n) -> {
            if (k.step().isEmpty()) {
                sb.append("headroom_load_journey_runs_total{journey=\"").append(esc(k.journey())).append("\",status=\"")
                        .append(k.status()).append("\",shard=\"").append(esc(state.shard())).append("\"} ").append(n).append('\n');
            }
        });
        sb.append("# HELP headroom_load_journey_steps_total Journey steps of finished runs, by journey, step and verdict"
                + " (skipped steps included).\n");
        sb.append("# TYPE headroom_load_journey_steps_total counter\n");
        steps.forEach((k, n) -> {
            if (!k.step().isEmpty()) {
                sb.append("headroom_load_journey_steps_total{journey=\"").append(esc(k.journey())).append("\",step=\"")
                        .append(esc(k.step())).append("\",status=\"").append(k.status()).append("\",shard=\"")
                        .append(esc(state.shard())).append("\"} ").append(n).append('\n');
            }
        });
        String shard = "{shard=\"" + esc(state.shard()) + "\"}";
        sb.append("# HELP headroom_load_stage Index of the current injection stage (0-based; -1 before the start).\n");
        sb.append("# TYPE headroom_load_stage gauge\n");
        sb.append("headroom_load_stage").append(shard).append(' ').append(state.stage()).append('\n');
        sb.append("# HELP headroom_load_stage_multiplier Multiple of the modelled peak the current stage drives.\n");
        sb.append("# TYPE headroom_load_stage_multiplier gauge\n");
        sb.append("headroom_load_stage_multiplier").append(shard).append(' ').append(num(state.stageMultiplier())).append('\n');
        sb.append("# HELP headroom_load_target_rps Request rate this injector aims at in the current stage.\n");
        sb.append("# TYPE headroom_load_target_rps gauge\n");
        sb.append("headroom_load_target_rps").append(shard).append(' ').append(num(state.targetRps())).append('\n');
        sb.append("# HELP headroom_load_aborting 1 once a breached SLO has stopped the run.\n");
        sb.append("# TYPE headroom_load_aborting gauge\n");
        sb.append("headroom_load_aborting").append(shard).append(' ').append(state.aborting() ? 1 : 0).append('\n');
        if (!state.sloBreached().isEmpty()) {
            sb.append("# HELP headroom_load_slo_breached 1 while the SLO is breached over the live window.\n");
            sb.append("# TYPE headroom_load_slo_breached gauge\n");
            state.sloBreached().forEach((slo, b) -> sb.append("headroom_load_slo_breached{slo=\"").append(esc(slo))
                    .append("\",shard=\"").append(esc(state.shard())).append("\"} ").append(b ? 1 : 0).append('\n'));
        }
        return sb.toString();
    }

    private static String labels(Recorder.Key k, String shard) {
        return "{group=\"" + esc(k.group()) + "\",outcome=\"" + k.outcome() + "\",shard=\"" + esc(shard) + "\"}";
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        return String.format(Locale.ROOT, "%s", d);
    }
}
