package dev.headroom.monitor;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigProblem;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * A validated {@code monitor.yaml} resolved into runnable checks: journey and env files loaded
 * (relative to the config file), URLs made absolute against the target and checked against the
 * allowlist, settings merged with the defaults. Any problem in any file fails the whole load, so a
 * reload never half-applies.
 */
public record MonitorPlan(Path source, int port, int historySize, TargetAllowlist allowlist,
        List<Check> checks, List<MaintenanceWindow> maintenance, String location, List<OriginGroup> origins) {

    public MonitorPlan {
        origins = origins == null ? List.of() : List.copyOf(origins);
    }

    /**
     * A group of origins as the monitor watches it: the probe check of its entry, and each origin's.
     *
     * @param entryCheck the name of the entry's probe check
     */
    public record OriginGroup(String name, String entry, String entryCheck, List<Member> origins) {
        public OriginGroup {
            origins = List.copyOf(origins);
        }
    }

    /** One origin of a group: its name, its base URL and the name of its probe check. */
    public record Member(String name, String url, String check) {
    }

    /**
     * This plan, its series labelled {@code location="NAME"} ({@code --location}); null keeps the config's.
     *
     * @throws IllegalArgumentException if {@code location} is not a valid label value
     */
    public MonitorPlan withLocation(String location) {
        if (location == null) {
            return this;
        }
        if (!MonitorConfig.NAME.matcher(location).matches()) {
            throw new IllegalArgumentException("--location '" + location
                    + "' must be lower case letters, digits, '.', '_' or '-' (it becomes a metric label)");
        }
        return new MonitorPlan(source, port, historySize, allowlist, checks, maintenance, location, origins);
    }

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Loads {@code file}.
     *
     * @param targetOverride replaces the config's {@code target} (null: keep it)
     * @param env the process environment (journeys' secrets)
     * @throws ConfigException listing every problem, each with its file (and line where known)
     */
    public static MonitorPlan load(Path file, String targetOverride, Map<String, String> env) {
        return of(MonitorConfig.load(file), file, targetOverride, env);
    }

    /**
     * Resolves a config already loaded from {@code file} (a {@code monitor.yaml}, or the shop file whose
     * {@code monitor} section it is): its journey and env files are relative to {@code file}'s folder.
     *
     * @param targetOverride replaces the config's {@code target} (null: keep it)
     * @param env the process environment (journeys' secrets)
     * @throws ConfigException listing every problem, each with its file (and line where known)
     */
    public static MonitorPlan of(MonitorConfig config, Path file, String targetOverride, Map<String, String> env) {
        Path dir = file.toAbsolutePath().getParent();
        String source = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        TargetAllowlist allowlist = TargetAllowlist.of(config.allowlist());
        String target = targetOverride != null ? targetOverride : config.target();
        HttpUrl base = null;
        if (target != null) {
            base = HttpUrl.parse(target);
            if (base == null) {
                problems.add(new ConfigProblem(targetOverride != null ? "--target" : source, 0, 0, "target",
                        "'" + target + "' is not an absolute http(s) URL"));
            }
        }
        MonitorConfig.CheckSettings d = config.defaults();
        List<Check> checks = new ArrayList<>();
        List<CheckKind.Spec> specs = new ArrayList<>(config.checks());
        List<String> where = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            where.add("checks[" + i + "] (" + specs.get(i).name() + ")");
        }
        List<OriginGroup> groups = new ArrayList<>();
        MonitorConfig.Origins o = config.origins();
        if (o != null) {
            for (int g = 0; g < o.allGroups().size(); g++) {
                MonitorConfig.OriginGroup group = o.allGroups().get(g);
                String at = o.groups().isEmpty() ? "origins" : "origins.groups[" + g + "]";
                String entry = group.entry() != null ? group.entry() : o.entry() != null ? o.entry() : target;
                String entryCheck = MonitorConfig.Origins.entryCheck(group.name());
                if (entry == null) {
                    problems.add(new ConfigProblem(source, 0, 0, at + ".entry",
                            "set 'entry' (the load balancer), or 'target' or --target"));
                    continue;
                }
                specs.add(CheckKind.Spec.probe(entryCheck, entry, o.healthPath(), o.interval(), o.timeout(), o.failuresBeforeDown()));
                where.add(at + ".entry");
                List<Member> members = new ArrayList<>();
                for (int i = 0; i < group.list().size(); i++) {
                    MonitorConfig.Origin origin = group.list().get(i);
                    String check = MonitorConfig.Origins.originCheck(group.name(), origin.name());
                    specs.add(CheckKind.Spec.probe(check, origin.url(), o.healthPath(), o.interval(), o.timeout(),
                            o.failuresBeforeDown()));
                    where.add(at + ".list[" + i + "] (" + origin.name() + ")");
                    members.add(new Member(origin.name(), origin.url(), check));
                }
                groups.add(new OriginGroup(group.name(), entry, entryCheck, members));
            }
        }
        for (int i = 0; i < specs.size(); i++) {
            CheckKind.Spec spec = specs.get(i);
            String at = where.get(i);
            try {
                checks.add(resolve(spec, d, base, dir, env, allowlist));
            } catch (ConfigException e) {
                problems.addAll(e.problems().isEmpty()
                        ? List.of(new ConfigProblem(source, 0, 0, at, e.getMessage())) : e.problems());
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(source, 0, 0, at, e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ZoneId zone = ZoneId.of(config.timezone());
        List<MaintenanceWindow> windows = config.maintenance().stream()
                .map(m -> new MaintenanceWindow(m.name(), m.cron(), m.duration(), m.checks(), zone))
                .toList();
        return new MonitorPlan(file, config.port(), config.historySize(), allowlist, List.copyOf(checks), windows,
                config.location(), groups);
    }

    /**
     * A builder of the monitor's checker, enforcing this plan's allowlist on every request and every
     * redirect hop: probes, journey steps (links followed, absolute URLs) and crawls.
     */
    public HttpChecker.Builder checkerBuilder() {
        return HttpChecker.builder().allowlist(allowlist);
    }

    private static Check resolve(CheckKind.Spec spec, MonitorConfig.CheckSettings d, HttpUrl base, Path dir,
            Map<String, String> processEnv, TargetAllowlist allowlist) {
        Duration interval = first(spec.interval(), d.interval(), DEFAULT_INTERVAL);
        Duration jitter = first(spec.jitter(), d.jitter(), interval.dividedBy(10));
        if (jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("jitter " + jitter + " must be shorter than the interval " + interval);
        }
        Duration timeout = first(spec.timeout(), d.timeout(), DEFAULT_TIMEOUT);
        MonitorConfig.Retry retry = first(spec.retry(), d.retry(), null);
        RetryPolicy policy = retry == null ? RetryPolicy.NONE : retry.toPolicy();
        int down = first(spec.failuresBeforeDown(), d.failuresBeforeDown(), 1);
        int up = first(spec.successesBeforeUp(), d.successesBeforeUp(), 1);
        HttpUrl checkBase = base;
        if (spec.target() != null) {
            checkBase = HttpUrl.parse(spec.target());
            if (checkBase == null) {
                throw new IllegalArgumentException("target '" + spec.target() + "' is not an absolute http(s) URL");
            }
        }
        CheckKind.Resolution where = new CheckKind.Resolution(checkBase, dir, processEnv);
        CheckKind kind = spec.kind();
        String url = kind.url(where);
        CheckKind resolved = kind.resolve(where); // a broken journey file is reported before an off-allowlist URL
        allowlist.check(url);
        return new Check(spec.name(), resolved, url, interval, jitter, timeout, policy, down, up, spec.slo());
    }

    private static <T> T first(T a, T b, T fallback) {
        return a != null ? a : b != null ? b : fallback;
    }
}
