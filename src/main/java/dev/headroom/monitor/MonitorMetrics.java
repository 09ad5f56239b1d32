package dev.headroom.monitor;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The monitor's meters in one {@link MeterRegistry}: each source binds its own. Every check's shared
 * series are a {@link CheckMeters}; its kind adds its own through it (a journey times its steps,
 * {@code headroom_journey_step_duration_seconds}); a crawl's crawler binds its
 * {@code headroom_crawl_*} series itself, tagged with the check's name.
 */
final class MonitorMetrics {
    private final MeterRegistry registry;
    private final Map<String, CheckMeters> checks = new ConcurrentHashMap<>();

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
