package dev.headroom.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's meters in one {@link MeterRegistry}: each source binds its own. Every check's shared
 * series are a {@link CheckMeters}; its kind adds its own through it (a journey times its steps,
 * {@code headroom_journey_step_duration_seconds}); a crawl's crawler binds its
 * {@code headroom_crawl_*} series itself, tagged with the check's name. The origins' series are
 * read from their {@link OriginHealth}:
 *
 * <ul>
 *   <li>{@code headroom_origin_up{group,origin,check}}: 1 while the origin's probe check ({@code check})
 *       is UP, 0 DOWN, NaN before its first counted run;
 *   <li>{@code headroom_origin_redundancy{group,state}}: 1 for the group's state now (full, degraded,
 *       single_point_of_failure, down), 0 for the three others; every state from the start, all 0
 *       until every origin of the group has a state.
 * </ul>
 */
final class MonitorMetrics {
    private final MeterRegistry registry;
    private final Map<String, CheckMeters> checks = new ConcurrentHashMap<>();
    private final List<Meter.Id> origins = new ArrayList<>();

    MonitorMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Binds a check's meters (idempotent). A check whose kind changed (on reload) starts afresh: its
     * old series carry the old {@code kind} label.
     */
    void register(Check check, CheckState state) {
        CheckMeters before = checks.get(check.name());
        if (before != null && !before.kind().equals(check.kind().label())) {
            unregister(check.name());
        }
        checks.computeIfAbsent(check.name(), name -> {
            CheckMeters m = new CheckMeters(name, check.kind().label(), state);
            m.bindTo(registry);
            return m;
        });
    }

    /** Removes every series of a check that left the config, the crawler's too. */
    void unregister(String check) {
        CheckMeters m = checks.remove(check);
        if (m != null) {
            m.unbind();
        }
        registry.getMeters().stream().filter(meter -> check.equals(meter.getId().getTag("check"))).toList()
                .forEach(registry::remove);
    }

    /** Binds the origins' series, in place of any bound before (a reload's). */
    synchronized void origins(OriginHealth health) {
        origins.forEach(registry::remove);
        origins.clear();
        for (MonitorPlan.OriginGroup g : health.groups()) {
            for (MonitorPlan.Member m : g.origins()) {
                origins.add(Gauge.builder("headroom.origin.up", health, h -> h.up(g.name(), m.name()))
                        .description("1 while the origin answers its health probe (after the thresholds), 0 DOWN")
                        .tags("group", g.name(), "origin", m.name(), "check", m.check()).register(registry).getId());
            }
            for (OriginHealth.Redundancy state : OriginHealth.Redundancy.values()) {
                origins.add(Gauge.builder("headroom.origin.redundancy", health, h -> h.redundancy(g.name()) == state ? 1 : 0)
                        .description("1 for the group's redundancy state now, 0 for the others")
                        .tags("group", g.name(), "state", state.label()).register(registry).getId());
            }
        }
    }

    void maintenance(String check, boolean open) {
        CheckMeters m = checks.get(check);
        if (m != null) {
            m.maintenance(open);
        }
    }

    /** A finished run: counted and timed once, by the check's meters and its kind's. */
    void recorded(Check check, RunRecord run) {
        CheckMeters m = checks.get(check.name());
        if (m != null) {
            m.recorded(run);
            check.kind().recorded(run, m);
        }
    }
}
