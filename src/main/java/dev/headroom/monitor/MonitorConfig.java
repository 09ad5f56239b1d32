package dev.headroom.monitor;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import dev.headroom.http.TargetAllowlist;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code monitor.yaml}: what the monitor checks, how often, and when a failure counts. Loaded and
 * validated whole by the shared {@link ConfigLoader}; {@link MonitorPlan#load} then resolves it
 * (journey files, env files, defaults) into checks ready to run.
 *
 * <pre>{@code
 * target: http://127.0.0.1:8080
 * defaults: {interval: 30s, jitter: 3s, timeout: 60s, failuresBeforeDown: 2}
 * checks:
 *   - {name: checkout, journey: checkout.yaml, envFile: reference-storefront.env, interval: 20s}
 *   - {name: health, probe: /health, expectStatus: [200], bodyMatches: '"status"'}
 *   - {name: site, crawl: /, interval: 10m, maxPages: 2000}
 * maintenance:
 *   - {name: nightly deploys, cron: "0 2 * * *", duration: 30m}
 * }</pre>
 *
 * @param target base URL that relative probe/crawl paths and journeys run against (overridden by {@code --target})
 * @param allowlist hosts the monitor may check ({@link TargetAllowlist} patterns); loopback only by default
 * @param port port of {@code /metrics}, {@code /health} and the status page on 127.0.0.1 (0: any free port)
 * @param historySize recent runs kept per check (status page timeline; memory stays bounded)
 * @param timezone zone of the maintenance windows' cron expressions
 * @param defaults settings every check inherits unless it sets its own
 * @param maintenance windows during which results are recorded, marked, and never flip a check DOWN
 * @param checks the journeys, probes and crawls to run
 */
public record MonitorConfig(
        String target,
        List<String> allowlist,
        Integer port,
        Integer historySize,
        String timezone,
        CheckSettings defaults,
        List<Maintenance> maintenance,
        @JsonProperty(required = true) List<CheckKind.Spec> checks) implements Validatable {

    /** Check names become metric label values and file names: short, lower case, no spaces. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    public static final int DEFAULT_PORT = 9470;

    public MonitorConfig {
        allowlist = allowlist == null ? TargetAllowlist.loopbackOnly().patterns() : List.copyOf(allowlist);
        port = port == null ? DEFAULT_PORT : port;
        historySize = historySize == null ? 120 : historySize;
        timezone = timezone == null ? "UTC" : timezone;
        defaults = defaults == null ? CheckSettings.NONE : defaults;
        maintenance = maintenance == null ? List.of() : List.copyOf(maintenance);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** Loads and validates {@code file}; every problem is reported as file:line:column. */
    public static MonitorConfig load(Path file) {
        return ConfigLoader.load(file, MonitorConfig.class);
    }

    @Override
    public void validate(Validation v) {
        TargetAllowlist.validate(v, "allowlist", allowlist);
        v.require(port >= 0 && port <= 65535, "port", "must be a port (0 = any free port)");
        v.require(historySize >= 1 && historySize <= 10_000, "historySize", "must be 1..10000");
        try {
            ZoneId.of(timezone);
        } catch (RuntimeException e) {
            v.error("timezone", "unknown time zone '" + timezone + "'");
        }
        v.nested("defaults", defaults);
        v.each("maintenance", maintenance);
        v.require(!checks.isEmpty(), "checks", "must list at least one check");
        v.each("checks", checks);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i).name();
            if (name != null && !names.add(name)) {
                v.error("checks[" + i + "].name", "duplicate check name '" + name + "'");
            }
        }
        for (int i = 0; i < maintenance.size(); i++) {
            for (String c : maintenance.get(i).checks()) {
                v.require(names.contains(c), "maintenance[" + i + "].checks", "no check named '" + c + "'");
            }
        }
    }

    /**
     * Scheduling, retry and threshold settings; a null field inherits from {@code defaults} (then
     * from the built-in defaults: every 30 s, jitter 10% of it, timeout 60 s, no retry, 1 failure
     * before DOWN, 1 success before UP).
     */
    public record CheckSettings(
            Duration interval,
            Duration jitter,
            Duration timeout,
            Retry retry,
            Integer failuresBeforeDown,
            Integer successesBeforeUp) implements Validatable {

        static final CheckSettings NONE = new CheckSettings(null, null, null, null, null, null);

        @Override
        public void validate(Validation v) {
            v.require(interval == null || interval.compareTo(Duration.ofMillis(100)) >= 0, "interval", "must be at least 100ms");
            v.require(jitter == null || !jitter.isNegative(), "jitter", "must not be negative");
            v.require(jitter == null || interval == null || jitter.compareTo(interval) < 0, "jitter", "must be shorter than the interval");
            v.require(timeout == null || !timeout.isZero() && !timeout.isNegative(), "timeout", "must be greater than 0");
            v.nested("retry", retry);
            v.require(failuresBeforeDown == null || failuresBeforeDown >= 1, "failuresBeforeDown", "must be at least 1");
            v.require(successesBeforeUp == null || successesBeforeUp >= 1, "successesBeforeUp", "must be at least 1");
        }
    }

    /**
     * How a failed run is retried before it counts: {@code attempts} in all (1: no retry), waiting
     * {@code delay} (fixed), {@code delay * n} (linear) or {@code delay * 2^(n-1)} (exponential)
     * before retry n, never more than {@code maxDelay}.
     */
    public record Retry(RetryPolicy.Kind policy, Integer attempts, Duration delay, Duration maxDelay) implements Validatable {
        public Retry {
            policy = policy == null ? RetryPolicy.Kind.FIXED : policy;
            attempts = attempts == null ? 1 : attempts;
            delay = delay == null ? Duration.ofSeconds(1) : delay;
            maxDelay = maxDelay == null ? Duration.ofSeconds(30) : maxDelay;
        }

        @Override
        public void validate(Validation v) {
            v.require(attempts >= 1 && attempts <= 10, "attempts", "must be 1..10");
            v.require(!delay.isNegative(), "delay", "must not be negative");
            v.require(maxDelay.compareTo(delay) >= 0, "maxDelay", "must be at least the delay");
        }

        RetryPolicy toPolicy() {
            return new RetryPolicy(policy, attempts, delay, maxDelay);
        }
    }

    /**
     * A maintenance window: starts at each time {@code cron} (five Unix cron fields) names and
     * lasts {@code duration}; applies to the named checks, or to all of them.
     */
    public record Maintenance(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String cron,
            @JsonProperty(required = true) Duration duration,
            List<String> checks) implements Validatable {
        public Maintenance {
            checks = checks == null ? List.of() : List.copyOf(checks);
        }

        @Override
        public void validate(Validation v) {
            try {
                if (cron != null) { // null: missing, reported by the loader
                    MaintenanceWindow.parse(cron);
                }
            } catch (IllegalArgumentException e) {
                v.error("cron", e.getMessage());
            }
            v.require(duration != null && !duration.isZero() && !duration.isNegative(), "duration", "must be greater than 0");
        }
    }
}
