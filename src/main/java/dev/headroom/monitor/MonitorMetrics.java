package dev.headroom.monitor;

import dev.headroom.report.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's Prometheus series. Labels are bounded: check and step names come from the config,
 * outcomes from {@link Status}; never a URL, never a variable's value.
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
 *   <li>{@code headroom_check_duration_seconds{check,kind}} and
 *       {@code headroom_journey_step_duration_seconds{journey,step,outcome}}: histograms.
 * </ul>
 */
final class MonitorMetrics {
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final PrometheusMeterRegistry registry;
    /** Gauge values per check: Micrometer holds gauges' objects weakly, so they live here. */
    private final Map<String, Values> values = new ConcurrentHashMap<>();
    private final Map<String, List<Meter.Id>> meters = new ConcurrentHashMap<>();

    /** Label values of {@code outcome} in {@code headroom_check_runs_total}. */
    static final List<String> OUTCOMES = List.of("passed", "degraded", "failed", "error", "maintenance");

    private static final class Values {
        final String kind;
        final Map<String, Counter> runs = new ConcurrentHashMap<>();
        volatile Timer duration;
        volatile double success = Double.NaN;
        volatile double up = Double.NaN;
        volatile double maintenance;
        volatile double lastRun = Double.NaN;
        final Map<String, double[]> phaseSeconds = new ConcurrentHashMap<>();

        Values(String kind) {
            this.kind = kind;
        }
    }

    MonitorMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    /**
     * Registers a check's series (idempotent). A check whose kind changed (on reload) starts afresh:
     * its old series carry the old {@code kind} label.
     */
    void register(Check check) {
        Values before = values.get(check.name());
        if (before != null && !before.kind.equals(check.kind().label())) {
            unregister(check.name());
        }
        values.computeIfAbsent(check.name(), name -> {
            Values v = new Values(check.kind().label());
            Tags tags = Tags.of("check", name);
            Tags kinded = tags.and("kind", check.kind().label());
            for (String outcome : OUTCOMES) {
                v.runs.put(outcome, runs(check, outcome));
            }
            v.duration = keep(name, Timer.builder("headroom_check_duration_seconds")
                    .description("Time of a whole run, retries included").tags(kinded)
                    .serviceLevelObjectives(BUCKETS).register(registry));
            keep(name, Gauge.builder("probe_success", v, x -> x.success)
                    .description("1 if the check's last run passed (or was only degraded)").tags(tags).register(registry));
            keep(name, Gauge.builder("headroom_check_up", v, x -> x.up).description("1 UP, 0 DOWN after the thresholds")
                    .tags(kinded).register(registry));
            keep(name, Gauge.builder("headroom_check_in_maintenance", v, x -> x.maintenance)
                    .description("1 while a maintenance window covers the check").tags(tags).register(registry));
            keep(name, Gauge.builder("headroom_check_last_run_timestamp_seconds", v, x -> x.lastRun)
                    .description("When the check's last run ended").tags(tags).register(registry));
            return v;
        });
    }

    /** Removes every series of a check that left the config. */
    void unregister(String check) {
        values.remove(check);
        List<Meter.Id> ids = meters.remove(check);
        if (ids != null) {
            ids.forEach(registry::remove);
        }
        // and the crawler's own series, tagged with the check's name
        registry.getMeters().stream().filter(m -> check.equals(m.getId().getTag("check"))).toList()
                .forEach(registry::remove);
    }

    void recorded(Check check, RunRecord run, CheckState.Up up, boolean inMaintenance) {
        Values v = values.get(check.name());
        if (v == null) {
            return;
        }
        String outcome = run.maintenance() ? "maintenance" : run.status().name().toLowerCase(Locale.ROOT);
        v.runs.computeIfAbsent(outcome, o -> runs(check, o)).increment();
        v.duration.record(run.duration());
        v.success = run.ok() ? 1 : 0;
        v.up = up == CheckState.Up.UP ? 1 : up == CheckState.Up.DOWN ? 0 : Double.NaN;
        v.maintenance = inMaintenance ? 1 : 0;
        v.lastRun = (run.startedAt().toEpochMilli() + run.duration().toMillis()) / 1000.0;
        Set<String> ran = new HashSet<>();
        phase(check.name(), v, "total", run.duration());
        ran.add("total");
        for (ProbeResult.Phase p : run.phases()) {
            phase(check.name(), v, p.name(), p.duration());
            ran.add(p.name());
            if (check.kind() instanceof JourneyCheck) {
                keep(check.name(), Timer.builder("headroom_journey_step_duration_seconds").description("Time of one journey step")
                        .tags("journey", check.name(), "step", p.name(), "outcome", p.status().name().toLowerCase(Locale.ROOT))
                        .serviceLevelObjectives(BUCKETS).register(registry)).record(p.duration());
            }
        }
        // a phase this run did not get to (a step skipped after a failure) has no time in it, not an older run's
        v.phaseSeconds.forEach((name, holder) -> {
            if (!ran.contains(name)) {
                holder[0] = Double.NaN;
            }
        });
    }

    private Counter runs(Check check, String outcome) {
        return keep(check.name(), Counter.builder("headroom_check_runs_total").description("Runs of the check by outcome")
                .tags("check", check.name(), "kind", check.kind().label(), "outcome", outcome).register(registry));
    }

    void maintenance(String check, boolean open) {
        Values v = values.get(check);
        if (v != null) {
            v.maintenance = open ? 1 : 0;
        }
    }

    private void phase(String check, Values v, String phase, Duration d) {
        double[] holder = v.phaseSeconds.computeIfAbsent(phase, p -> {
            double[] h = new double[1];
            keep(check, Gauge.builder("probe_duration_seconds", h, x -> x[0])
                    .description("Time of the check's last run per phase").tags("check", check, "phase", p).register(registry));
            return h;
        });
        holder[0] = d.toNanos() / 1e9;
    }

    private <M extends Meter> M keep(String check, M meter) {
        List<Meter.Id> ids = meters.computeIfAbsent(check, c -> java.util.Collections.synchronizedList(new ArrayList<>()));
        if (!ids.contains(meter.getId())) {
            ids.add(meter.getId());
        }
        return meter;
    }
}
