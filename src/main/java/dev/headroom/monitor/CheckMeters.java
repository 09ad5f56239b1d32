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
 *   <li>{@code probe_duration_seconds{check}}: the last run's time in all, as blackbox_exporter's;
 *   <li>{@code headroom_check_phase_duration_seconds{check,phase}}: the last run's time per phase (HTTP
 *       phases of a probe, steps of a journey, {@code crawl}); NaN for a phase the last run did not get
 *       to (a journey step skipped after a failure);
 *   <li>a probe check's blackbox_exporter series, each {@code {check}}, read from its last run's
 *       {@link ProbeResult.Http} (NaN before the first): {@code probe_http_status_code},
 *       {@code probe_http_duration_seconds{phase}} (resolve, connect, tls, processing, transfer),
 *       {@code probe_http_content_length} (-1: no Content-Length), {@code probe_http_uncompressed_body_length},
 *       {@code probe_http_redirects}, {@code probe_http_ssl}, {@code probe_http_version},
 *       {@code probe_failed_due_to_regex}, {@code probe_dns_lookup_time_seconds}, and, once a run came
 *       over TLS, {@code probe_ssl_earliest_cert_expiry} (unix seconds of the chain's earliest
 *       {@code notAfter});
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
    /** Whether {@code probe_ssl_earliest_cert_expiry} is registered (when a run first came over TLS). */
    private volatile boolean certGauge;

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
        keep(Gauge.builder("probe.duration", this, m -> m.last(r -> r.duration().toNanos() / 1e9)).baseUnit("seconds")
                .description("Time of the check's last run").tags(tags).register(registry));
        if (kind.equals("probe")) {
            bindBlackbox(registry, tags);
        }
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

    /** blackbox_exporter's http prober's series, the same names and (but for {@code check}) labels. */
    private void bindBlackbox(MeterRegistry registry, Tags tags) {
        http(registry, "probe.http.status.code", null, "Response HTTP status code", tags, h -> h.statusCode());
        http(registry, "probe.http.content.length", null, "Length of http content response", tags, h -> h.contentLength());
        http(registry, "probe.http.uncompressed.body.length", null, "Length of uncompressed response body", tags,
                h -> h.bodyLength());
        http(registry, "probe.http.redirects", null, "The number of redirects", tags, h -> h.redirects());
        http(registry, "probe.http.ssl", null, "Indicates if SSL was used for the final redirect", tags, h -> h.ssl() ? 1 : 0);
        http(registry, "probe.http.version", null, "Returns the version of HTTP of the probe response", tags, h -> h.version());
        http(registry, "probe.failed.due.to.regex", null, "Indicates if probe failed due to regex", tags,
                h -> h.failedDueToRegex() ? 1 : 0);
        http(registry, "probe.dns.lookup.time", "seconds", "Returns the time taken for probe dns lookup in seconds", tags,
                h -> h.dnsLookup().toNanos() / 1e9);
        for (String phase : List.of("resolve", "connect", "tls", "processing", "transfer")) {
            keep(Gauge.builder("probe.http.duration", this, m -> m.last(r -> seconds(r, phase))).baseUnit("seconds")
                    .description("Duration of http request by phase, summed over all redirects")
                    .tags(tags.and("phase", phase)).register(registry));
        }
    }

    private void http(MeterRegistry registry, String name, String unit, String description, Tags tags,
            java.util.function.ToDoubleFunction<ProbeResult.Http> value) {
        keep(Gauge.builder(name, this, m -> m.last(r -> r.http() == null ? Double.NaN : value.applyAsDouble(r.http())))
                .baseUnit(unit).description(description).tags(tags).register(registry));
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
        run.phases().forEach(p -> phaseGauge(p.name()));
        if (run.http() != null && run.http().certExpiry() != null && !certGauge) {
            certGauge = true;
            keep(Gauge.builder("probe.ssl.earliest.cert.expiry", this, m -> m.last(r -> r.http() == null
                    || r.http().certExpiry() == null ? Double.NaN : r.http().certExpiry().getEpochSecond()))
                    .description("Returns last SSL chain expiry in unixtime").tags("check", check).register(registry));
        }
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
            keep(Gauge.builder("headroom.check.phase.duration", this, m -> m.last(r -> seconds(r, phase))).baseUnit("seconds")
                    .description("Time of the check's last run per phase").tags("check", check, "phase", phase)
                    .register(registry));
        }
    }

    /** The time of {@code phase} in the run; NaN if the run did not get to it. */
    private static double seconds(RunRecord run, String phase) {
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
