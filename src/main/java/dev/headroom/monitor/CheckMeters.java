package dev.headroom.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one check, bound to a {@link MeterRegistry} in Micrometer's names (the Prometheus
 * names below are what a Prometheus registry exports). The gauges read the check's
 * {@link CheckState}, so a run's times are recorded once, in the histograms; the gauges show the
 * last run. Labels are bounded: the check's name from the config, its kind, outcomes from a fixed
 * list.
 *
 * <ul>
 *   <li>{@code probe_success{check}}: 1 if the last run passed (or was only degraded), else 0;
 *   <li>{@code probe_duration_seconds{check,phase}}: the last run's time per phase (HTTP phases of a
 *       probe, steps of a journey, {@code crawl}) and in all ({@code phase="total"}); NaN for a phase
 *       the last run did not get to (a journey step skipped after a failure);
 *   <li>{@code headroom_check_up{check,kind}}: 1 UP, 0 DOWN (after the thresholds), NaN before the first run;
 *   <li>{@code headroom_check_in_maintenance{check}}, {@code headroom_check_last_run_timestamp_seconds{check}};
 *   <li>{@code headroom_check_runs_total{check,kind,outcome}} with outcome passed, degraded, failed, error
 *       or maintenance, every outcome registered at 0 so that the first run of each shows in {@code increase()};
 *   <li>{@code headroom_check_duration_seconds{check,kind}}: a histogram of whole runs, retries included.
 * </ul>
 *
 * A kind adds its own meters through {@link #timer} (a journey its steps'), removed with the check's.
 */
final class CheckMeters implements MeterBinder {
    /** The histograms' bucket boundaries. */
    static final Duration[] BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    /** Label values of {@code outcome} in {@code headroom_check_runs_total}. */
    static final List<String> OUTCOMES = List.of("passed", "degraded", "failed", "error", "maintenance");

    private final String check;
    private final String kind;
    private final CheckState state;
    private final Map<String, Counter> runs = new ConcurrentHashMap<>();
    /** Phases that have a gauge (registered when a run first has them). */
    private final Set<String> phases = ConcurrentHashMap.newKeySet();
    /** Everything bound for this check, to remove it whole. */
    private final Set<Meter.Id> bound = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;
    private volatile Timer duration;
    private volatile boolean inMaintenance;

    CheckMeters(String check, String kind, CheckState state) {
        this.check = check;
        this.kind = kind;
        this.state = state;
    }

    String kind() {
        return kind;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        Tags tags = Tags.of("check", check);
        Tags kinded = tags.and("kind", kind);
        OUTCOMES.forEach(this::runs);
        duration = keep(Timer.builder("headroom.check.duration").description("Time of a whole run, retries included")
                .tags(kinded).serviceLevelObjectives(BUCKETS).register(registry));
        keep(Gauge.builder("probe.success", this, m -> m.last(r -> r.ok() ? 1 : 0))
                .description("1 if the check's last run passed (or was only degraded)").tags(tags).register(registry));
        keep(Gauge.builder("headroom.check.up", state, s -> switch (s.up()) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        }).description("1 UP, 0 DOWN after the thresholds").tags(kinded).register(registry));
        keep(Gauge.builder("headroom.check.in.maintenance", this, m -> m.inMaintenance ? 1 : 0)
                .description("1 while a maintenance window covers the check").tags(tags).register(registry));
        keep(Gauge.builder("headroom.check.last.run.timestamp", this,
                m -> m.last(r -> (r.startedAt().toEpochMilli() + r.duration().toMillis()) / 1000.0))
                .baseUnit("seconds").description("When the check's last run ended").tags(tags).register(registry));
    }

    /** Whether a maintenance window covers the check now (as its last run began). */
    void maintenance(boolean open) {
        inMaintenance = open;
    }

    /** Counts and times a finished run; the gauges read it from the check's state. */
    void recorded(RunRecord run) {
        String outcome = run.maintenance() ? "maintenance" : run.status().name().toLowerCase(Locale.ROOT);
        runs(outcome).increment();
        duration.record(run.duration());
        inMaintenance = run.maintenance();
        phaseGauge("total");
        run.phases().forEach(p -> phaseGauge(p.name()));
    }

    /**
     * A timer of this check's kind (a journey's steps), with the histograms' buckets, removed with
     * the check's meters.
     */
    Timer timer(String name, String description, Tags tags) {
        return keep(Timer.builder(name).description(description).tags(tags).serviceLevelObjectives(BUCKETS).register(registry));
    }

    /** Removes every meter of this check. */
    void unbind() {
        MeterRegistry r = registry;
        if (r != null) {
            bound.forEach(r::remove);
        }
        bound.clear();
    }

    private Counter runs(String outcome) {
        return runs.computeIfAbsent(outcome, o -> keep(Counter.builder("headroom.check.runs")
                .description("Runs of the check by outcome").tags("check", check, "kind", kind, "outcome", o)
                .register(registry)));
    }

    private void phaseGauge(String phase) {
        if (phases.add(phase)) {
            keep(Gauge.builder("probe.duration", this, m -> m.last(r -> seconds(r, phase))).baseUnit("seconds")
                    .description("Time of the check's last run per phase").tags("check", check, "phase", phase)
                    .register(registry));
        }
    }

    /** The time of {@code phase} in the run; NaN if the run did not get to it. */
    private static double seconds(RunRecord run, String phase) {
        if (phase.equals("total")) {
            return run.duration().toNanos() / 1e9;
        }
        double seconds = Double.NaN;
        for (ProbeResult.Phase p : run.phases()) {
            if (p.name().equals(phase)) {
                seconds = p.duration().toNanos() / 1e9; // the last of a name, if a journey repeats it
            }
        }
        return seconds;
    }

    private double last(java.util.function.ToDoubleFunction<RunRecord> value) {
        RunRecord last = state.last();
        return last == null ? Double.NaN : value.applyAsDouble(last);
    }

    private <M extends Meter> M keep(M meter) {
        bound.add(meter.getId());
        return meter;
    }
}
