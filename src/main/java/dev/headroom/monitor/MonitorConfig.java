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
 * origins:                 # the load balancer and the origins behind it, each probed directly
 *   entry: http://127.0.0.1:8080
 *   healthPath: /health
 *   list: [{name: a, url: 'http://127.0.0.1:8081'}, {name: b, url: 'http://127.0.0.1:8082'}]
 * location: eu-west      # labels every series (location="eu-west"); --location overrides it
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
 * @param origins the entry (load balancer) and the origins behind it: each is a probe check of its own,
 *     and each group has a redundancy state ({@link Origins}); null: none
 * @param location where this monitor runs, the {@code location} label of every series it exports
 *     (several monitors in several places, one Prometheus); null: no such label
 */
public record MonitorConfig(
        String target,
        List<String> allowlist,
        Integer port,
        Integer historySize,
        String timezone,
        CheckSettings defaults,
        List<Maintenance> maintenance,
        @JsonProperty(required = true) List<CheckKind.Spec> checks,
        Origins origins,
        String location) implements Validatable {

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

    /** Without origins and location. */
    public MonitorConfig(String target, List<String> allowlist, Integer port, Integer historySize, String timezone,
            CheckSettings defaults, List<Maintenance> maintenance, List<CheckKind.Spec> checks) {
        this(target, allowlist, port, historySize, timezone, defaults, maintenance, checks, null, null);
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
        v.require(!checks.isEmpty() || origins != null, "checks", "must list at least one check");
        v.each("checks", checks);
        v.nested("origins", origins);
        if (location != null) {
            v.require(NAME.matcher(location).matches(), "location",
                    "'" + location + "' must be lower case letters, digits, '.', '_' or '-' (it becomes a metric label)");
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < checks.size(); i++) {
            String name = checks.get(i).name();
            if (name != null && !names.add(name)) {
                v.error("checks[" + i + "].name", "duplicate check name '" + name + "'");
            }
        }
        if (origins != null) {
            for (String generated : origins.checkNames()) {
                v.require(!names.contains(generated), "origins", "the origin check '" + generated
                        + "' has the name of a check in 'checks'");
                names.add(generated);
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

    /**
     * The load balancer and the origins behind it ({@code origins:}). Each origin is probed directly on
     * {@code healthPath}, as a probe check named {@code origin.GROUP.ORIGIN}; the entry too, as
     * {@code entry.GROUP}. A group's redundancy is how many of its origins are UP: all of two or more
     * (full), some but at least two (degraded), one (single point of failure), none (down).
     *
     * @param entry the load balancer's base URL; default: {@code target}
     * @param healthPath what every origin (and the entry) is probed on; default {@code /health}, any 2xx passes
     * @param interval how often; default: the checks' {@code defaults}
     * @param timeout a probe's timeout; default: the checks' {@code defaults}
     * @param failuresBeforeDown failed runs in a row before an origin is DOWN; default: the checks' {@code defaults}
     * @param groups origins in groups (a data centre, a pool), each with its own redundancy; or
     * @param list the origins of one group, {@code default}
     */
    public record Origins(String entry, String healthPath, Duration interval, Duration timeout, Integer failuresBeforeDown,
            List<OriginGroup> groups, List<Origin> list) implements Validatable {
        /** The group of {@code list}. */
        public static final String DEFAULT_GROUP = "default";

        public Origins {
            healthPath = healthPath == null ? "/health" : healthPath;
            groups = groups == null ? List.of() : List.copyOf(groups);
            list = list == null ? List.of() : List.copyOf(list);
        }

        /** The groups, {@code list} as the group {@code default}. */
        public List<OriginGroup> allGroups() {
            return groups.isEmpty() ? List.of(new OriginGroup(DEFAULT_GROUP, null, list)) : groups;
        }

        /** The probe checks the origins become: each group's entry, then its origins. */
        List<String> checkNames() {
            List<String> out = new java.util.ArrayList<>();
            for (OriginGroup g : allGroups()) {
                out.add(entryCheck(g.name()));
                g.list().forEach(o -> out.add(originCheck(g.name(), o.name())));
            }
            return out;
        }

        static String entryCheck(String group) {
            return "entry." + group;
        }

        static String originCheck(String group, String origin) {
            return "origin." + group + "." + origin;
        }

        @Override
        public void validate(Validation v) {
            v.require(healthPath.startsWith("/"), "healthPath", "'" + healthPath + "' must start with /");
            v.require(entry == null || okhttp3.HttpUrl.parse(entry) != null, "entry", "'" + entry + "' is not an absolute http(s) URL");
            v.require(interval == null || interval.compareTo(Duration.ofMillis(100)) >= 0, "interval", "must be at least 100ms");
            v.require(timeout == null || !timeout.isZero() && !timeout.isNegative(), "timeout", "must be greater than 0");
            v.require(failuresBeforeDown == null || failuresBeforeDown >= 1, "failuresBeforeDown", "must be at least 1");
            if (!groups.isEmpty() && !list.isEmpty()) {
                v.error("list", "set 'groups' or 'list', not both");
            } else if (groups.isEmpty() && list.isEmpty()) {
                v.error("list", "must list at least one origin (or 'groups' of them)");
            }
            if (!groups.isEmpty()) {
                v.each("groups", groups);
                Set<String> names = new HashSet<>();
                for (int i = 0; i < groups.size(); i++) {
                    String n = groups.get(i).name();
                    v.require(n == null || names.add(n), "groups[" + i + "].name", "duplicate group name '" + n + "'");
                }
            } else {
                OriginGroup.validateList(v, "list", list);
            }
        }
    }

    /**
     * A group of origins with its own redundancy state.
     *
     * @param entry this group's load balancer; default: the origins' {@code entry}
     */
    public record OriginGroup(@JsonProperty(required = true) String name, String entry, List<Origin> list)
            implements Validatable {
        public OriginGroup {
            list = list == null ? List.of() : List.copyOf(list);
        }

        @Override
        public void validate(Validation v) {
            if (name != null) {
                v.require(NAME.matcher(name).matches(), "name",
                        "'" + name + "' must be lower case letters, digits, '.', '_' or '-' (it becomes a metric label)");
            }
            v.require(entry == null || okhttp3.HttpUrl.parse(entry) != null, "entry", "'" + entry + "' is not an absolute http(s) URL");
            v.require(!list.isEmpty(), "list", "must list at least one origin");
            validateList(v, "list", list);
        }

        static void validateList(Validation v, String path, List<Origin> list) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Origin o = list.get(i);
                String at = path + "[" + i + "]";
                if (o.name() != null) {
                    v.require(NAME.matcher(o.name()).matches(), at + ".name",
                            "'" + o.name() + "' must be lower case letters, digits, '.', '_' or '-' (it becomes a metric label)");
                    v.require(names.add(o.name()), at + ".name", "duplicate origin name '" + o.name() + "'");
                }
                v.require(o.url() == null || okhttp3.HttpUrl.parse(o.url()) != null, at + ".url",
                        "'" + o.url() + "' is not an absolute http(s) URL");
            }
        }
    }

    /** One origin: its name (a label value) and its own base URL, bypassing the load balancer. */
    public record Origin(@JsonProperty(required = true) String name, @JsonProperty(required = true) String url) {
    }
}
