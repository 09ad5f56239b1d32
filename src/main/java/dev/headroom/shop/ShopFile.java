package dev.headroom.shop;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import dev.headroom.crawl.CrawlConfig;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.load.LoadProfile;
import dev.headroom.load.Slo;
import dev.headroom.monitor.CheckKind;
import dev.headroom.monitor.MonitorConfig;
import dev.headroom.monitor.MonitorPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * {@code headroom.yaml}: one shop, with a section per command. {@code crawl}, {@code monitor},
 * {@code load}, {@code failover drill} and {@code model} given {@code --config headroom.yaml} each read
 * their own section, as the config type they read from a file of their own: {@link #crawl()}, {@link
 * #monitor()}, {@link #load()}, {@link #origins()}, {@link #model()}.
 *
 * <p>One meaning everywhere:
 *
 * <ul>
 *   <li>every section inherits {@code target} and {@code allowlist} from the top unless it sets its own
 *       (the crawl's own are its {@code urls} and {@code allow});
 *   <li>the top-level {@code journeys} are the shop's journeys: the monitor runs each as a journey check
 *       of the same name (unless its {@code checks} already has a check of that name), and the load test's
 *       {@code journeys} are these unless the {@code load} section lists its own;
 *   <li>every relative path (journey, env and data files, the catalogue, the classifier) is relative to
 *       the shop file's folder, whatever the working directory; the sections come back with those paths
 *       absolute, except the monitor's, which {@link MonitorPlan} resolves against the shop file's folder
 *       as it does for a {@code monitor.yaml}. Report folders ({@code out}) stay relative to the working
 *       directory, as {@code --out} is.
 * </ul>
 *
 * <p>It is loaded and validated whole by {@link ConfigLoader}: every problem, in any section, is
 * reported at once with the shop file's name, line and field ({@code headroom.yaml:12:5:
 * load.stages.hold: must be greater than 0}). A file is a shop file when its top level has {@code shop:}
 * (or one of the sections only a shop file has), see {@link #isShopFile}; a command given any other file
 * reads it as its own config, unchanged.
 *
 * @param file the shop file, as given
 * @param document the file as written
 */
public record ShopFile(Path file, Document document) {

    /** Keys only a shop file has at its top level; no per-command config has any of them but {@code origins} (a monitor.yaml's). */
    static final Set<String> SHOP_KEYS = Set.of("shop", "crawl", "monitor", "load", "origins", "model", "gate");
    /** Shop and journey names become label values, check names and file names. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    /** Larger files are left to the loaders, which refuse them. */
    private static final long MAX_PEEK_BYTES = 8L * 1024 * 1024;
    private static final YAMLFactory YAML = new YAMLFactory();

    public ShopFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(document, "document");
    }

    /**
     * Loads and validates {@code file}.
     *
     * @throws ConfigException with every problem at its line, the file named as given
     */
    public static ShopFile load(Path file) {
        return new ShopFile(file, ConfigLoader.load(file, Document.class));
    }

    /**
     * Whether {@code file} is meant as a shop file: a YAML mapping with {@code shop:} at its top level,
     * or with a section only a shop file has ({@code crawl}, {@code monitor}, {@code load}, {@code
     * origins}, {@code model}, {@code gate}; {@code origins} not beside {@code checks}, which is a monitor.yaml's),
     * so that a shop file missing its {@code shop:} is told so. False for
     * anything else, a file that cannot be read or parsed included: the command's own loader then
     * reports what is wrong with it.
     */
    public static boolean isShopFile(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_PEEK_BYTES) {
                return false; // the command's own loader says why it cannot be read
            }
        } catch (IOException e) {
            return false;
        }
        // the top-level keys alone, read as they stream by: this runs before every monitor, and a
        // probes-only one is spared the data binding (and its classes) this way
        Set<String> keys = new HashSet<>();
        try (InputStream in = Files.newInputStream(file); JsonParser p = YAML.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
            // a monitor.yaml (its checks) may name origins too: its own section, not a shop file's
            boolean monitorYaml = !keys.contains("shop") && keys.contains("checks");
            for (String key : SHOP_KEYS) {
                if (keys.contains(key) && !(monitorYaml && key.equals("origins"))) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The folder relative paths are relative to. */
    public Path folder() {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /** The shop's name ({@code shop:}), a label value. */
    public String shop() {
        return document.shop();
    }

    /** The shop's base URL ({@code target:}); null if not set. */
    public String target() {
        return document.target();
    }

    /** The top-level allowlist ({@code allowlist:}); loopback only if not set. */
    public TargetAllowlist allowlist() {
        return document.allowlist() == null ? TargetAllowlist.loopbackOnly() : TargetAllowlist.of(document.allowlist());
    }

    /** The shop's journeys as load test entries, their paths absolute. */
    public List<LoadJourney> journeys() {
        return document.journeys().stream().map(j -> absolute(j.toLoadJourney())).toList();
    }

    /**
     * The {@code crawl} section as {@code crawl --config} reads a file of its own: start {@code urls}
     * default to the target, {@code allow} to the top-level allowlist, {@code catalogue} is made
     * absolute against the shop file's folder.
     */
    public CrawlConfig crawl() {
        CrawlConfig c = document.crawl() != null ? document.crawl()
                : new CrawlConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null);
        List<String> urls = c.urls() != null ? c.urls() : target() == null ? null : List.of(target());
        List<String> allow = c.allow() != null ? c.allow() : document.allowlist();
        return new CrawlConfig(urls, c.out(), c.maxPages(), c.maxDepth(), c.include(), c.exclude(), allow, c.external(),
                c.robots(), c.sitemap(), c.concurrency(), c.rate(), c.retries(), c.timeout(), c.maxTime(), c.slow(),
                c.maxBody(), c.errorSignatures(), c.soft404Patterns(), c.severity(), resolve(c.catalogue()),
                c.cataloguePatterns());
    }

    /**
     * The {@code monitor} section as {@code monitor --config} reads a {@code monitor.yaml}: {@code target}
     * and {@code allowlist} inherited, and a journey check per top-level journey first (name, journey
     * file, env file, vars and its {@code monitor:} settings), unless {@code checks} already has a check of
     * that name, then the section's own checks. Paths stay as written: {@link #monitorPlan} resolves them
     * against the shop file's folder. The {@code origins} section, if it lists any, is watched too: each
     * origin probed directly on its {@code healthPath}, with a redundancy state ({@link MonitorConfig.Origins}).
     */
    public MonitorConfig monitor() {
        MonitorSection m = document.monitor() != null ? document.monitor() : MonitorSection.EMPTY;
        Origins o = origins();
        MonitorConfig.Origins watched = o == null || o.list().isEmpty() ? null
                : new MonitorConfig.Origins(o.entry(), o.healthPath(), null, null, null, null,
                        o.list().stream().map(x -> new MonitorConfig.Origin(x.name(), x.url())).toList());
        return new MonitorConfig(m.target() != null ? m.target() : target(),
                m.allowlist() != null ? m.allowlist() : document.allowlist(), m.port(), m.historySize(), m.timezone(),
                m.defaults(), m.maintenance(), document.monitorChecks(true), watched, m.location());
    }

    /**
     * The monitor's checks resolved, ready to run: {@link #monitor()} with its files read relative to the
     * shop file's folder.
     *
     * @param targetOverride replaces the monitor's target ({@code --target}); null: keep it
     * @param env the process environment (journeys' secrets)
     * @throws ConfigException if the shop file has nothing to monitor, or as {@link MonitorPlan#of}
     */
    public MonitorPlan monitorPlan(String targetOverride, Map<String, String> env) {
        MonitorConfig config = monitor();
        if (config.checks().isEmpty()) {
            throw new ConfigException(file + ": nothing to monitor: list 'journeys' or 'monitor.checks'");
        }
        return MonitorPlan.of(config, file, targetOverride, env);
    }

    /**
     * The {@code load} section as {@code load --config} reads a {@code load.yaml}: {@code allowlist}
     * inherited, {@code journeys} the top-level ones unless it lists its own, and every path (journey,
     * env and data files, catalogue) absolute against the shop file's folder. Its target is {@link
     * #loadTarget()}.
     */
    public LoadConfig load() {
        LoadSection l = document.load() != null ? document.load() : LoadSection.EMPTY;
        List<LoadJourney> journeys = l.journeys() != null
                ? l.journeys().stream().map(this::absolute).toList() : journeys();
        return new LoadConfig(l.allowlist() != null ? l.allowlist() : document.allowlist(), l.limits(), l.profile(),
                l.stages(), l.slos(), l.abort(), l.metricsPort(), l.requestTimeout(), resolve(l.catalogue()), journeys);
    }

    /** The load test's target: the {@code load} section's {@code target}, else the shop's; null if neither is set. */
    public String loadTarget() {
        LoadSection l = document.load();
        return l != null && l.target() != null ? l.target() : target();
    }

    /**
     * The {@code origins} section, for {@code failover drill}: {@code entry} defaults to the target;
     * null if the shop file has none.
     */
    public Origins origins() {
        Origins o = document.origins();
        if (o == null) {
            return null;
        }
        return new Origins(o.entry() != null ? o.entry() : target(), o.healthPath(), o.list());
    }

    /** The {@code model} section, its {@code classifier} absolute against the shop file's folder; never null. */
    public Model model() {
        Model m = document.model() != null ? document.model() : new Model(null, null, null);
        return new Model(resolve(m.classifier()), m.zone(), m.contextPath());
    }

    /** The {@code gate} section, its {@code model} absolute against the shop file's folder; the defaults if none. */
    public dev.headroom.gate.GateConfig gate() {
        dev.headroom.gate.GateConfig g = document.gate() != null ? document.gate() : dev.headroom.gate.GateConfig.defaults();
        return g.withModel(resolve(g.model()));
    }

    /**
     * The shop's SLOs, in Headroom's short form ({@code slo generate}'s {@code headroom/v1}
     * entries: name, objective, sli {journey | probe | latency | events}), validated with the file.
     */
    public List<dev.headroom.slo.HeadroomSlo> slos() {
        return document.slos();
    }

    private String resolve(String path) {
        return path == null ? null : folder().resolve(path).normalize().toString();
    }

    private LoadJourney absolute(LoadJourney j) {
        LoadJourney.Data data = j.data() == null ? null : new LoadJourney.Data(resolve(j.data().file()), j.data().order());
        return new LoadJourney(j.name(), resolve(j.journey()), j.share(), resolve(j.envFile()), j.vars(), data,
                j.routeClasses());
    }

    /**
     * The shop file as written, bound and validated by {@link ConfigLoader}.
     *
     * @param shop the shop's name (required): lower case letters, digits, '.', '_' or '-'; scopes open
     *     changes and gate reports
     * @param target the shop's base URL, possibly with a context path ({@code http://127.0.0.1:8080/shop/})
     * @param allowlist hosts any command may send traffic to ({@link TargetAllowlist} patterns); loopback only
     *     by default
     * @param journeys the shop's journeys: the monitor's journey checks and the load test's mix
     * @param crawl {@code crawl --config}'s options ({@link CrawlConfig}, kebab-case as in a crawl.yaml)
     * @param monitor {@code monitor}'s settings and checks ({@link MonitorConfig}'s fields, every one optional)
     * @param load {@code load}'s settings ({@link LoadConfig}'s fields, plus {@code target})
     * @param origins the front door and the origins behind it, for {@code failover drill}
     * @param model {@code model}'s route classifier and time zone
     * @param slos service level objectives in Headroom's short form, for {@code slo generate} and
     *     {@code dashboards generate} (the service is the shop's name)
     * @param gate {@code gate}'s stages, runs, load multiple, change windows and tolerances ({@link
     *     dev.headroom.gate.GateConfig})
     */
    public record Document(
            @JsonProperty(required = true) String shop,
            String target,
            List<String> allowlist,
            List<Journey> journeys,
            CrawlConfig crawl,
            MonitorSection monitor,
            LoadSection load,
            Origins origins,
            Model model,
            List<dev.headroom.slo.HeadroomSlo> slos,
            dev.headroom.gate.GateConfig gate) implements Validatable {

        public Document {
            allowlist = allowlist == null ? null : List.copyOf(allowlist);
            journeys = journeys == null ? List.of() : List.copyOf(journeys);
            slos = slos == null ? List.of() : List.copyOf(slos);
        }

        @Override
        public void validate(Validation v) {
            if (shop != null) {
                v.require(NAME.matcher(shop).matches(), "shop",
                        "'" + shop + "' must be lower case letters, digits, '.', '_' or '-', at most 63 (it is a label value)");
            }
            if (allowlist != null) {
                TargetAllowlist.validate(v, "allowlist", allowlist);
            }
            TargetAllowlist top = allowlistOrNull(allowlist);
            checkTarget(v, "target", target, top);
            v.each("journeys", journeys);
            v.each("slos", slos);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < journeys.size(); i++) {
                String name = journeys.get(i).name();
                if (name != null && !names.add(name)) {
                    v.error("journeys[" + i + "].name", "duplicate journey name '" + name + "'");
                }
            }
            if (crawl != null) {
                v.nested("crawl", crawl);
            }
            if (monitor != null) {
                validateMonitor(v.at("monitor"), top);
            }
            if (load != null) {
                v.nested("load", load.asWritten());
                checkTarget(v, "load.target", load.target(),
                        load.allowlist() != null ? allowlistOrNull(load.allowlist()) : top);
            }
            if (origins != null) {
                origins.validate(v.at("origins"), target, top);
            }
            v.nested("model", model);
            v.nested("gate", gate);
        }

        /**
         * The section's own checks with the journeys' checks: as {@link #monitor()} returns them (journeys
         * first), or for validation (the written checks first, so that their indices are their lines', and
         * the journeys' reduced to their names: their own fields are validated under {@code journeys}).
         */
        List<CheckKind.Spec> monitorChecks(boolean full) {
            List<CheckKind.Spec> written = monitor == null ? List.of() : monitor.checks();
            Set<String> taken = new HashSet<>();
            written.forEach(c -> taken.add(c.name()));
            List<CheckKind.Spec> fromJourneys = new ArrayList<>();
            for (Journey j : journeys) {
                if (j.name() == null || taken.contains(j.name()) || !NAME.matcher(j.name()).matches()) {
                    continue;
                }
                taken.add(j.name());
                if (full) {
                    fromJourneys.add(j.toCheck());
                } else if (j.journey() != null && !j.journey().isBlank()) {
                    fromJourneys.add(new Journey(j.name(), j.journey(), null, null, null, null, null, null).toCheck());
                }
            }
            List<CheckKind.Spec> all = new ArrayList<>();
            if (full) {
                all.addAll(fromJourneys);
                all.addAll(written);
            } else {
                all.addAll(written);
                all.addAll(fromJourneys);
            }
            return all;
        }

        private void validateMonitor(Validation v, TargetAllowlist top) {
            MonitorSection m = monitor;
            List<CheckKind.Spec> checks = monitorChecks(false);
            if (checks.isEmpty()) {
                v.error("checks", "must list at least one check, or the shop file at least one journey");
            } else {
                new MonitorConfig(m.target(), m.allowlist(), m.port(), m.historySize(), m.timezone(), m.defaults(),
                        m.maintenance(), checks, null, m.location()).validate(v);
            }
            checkTarget(v, "target", m.target(), m.allowlist() != null ? allowlistOrNull(m.allowlist()) : top);
        }

        private static TargetAllowlist allowlistOrNull(List<String> patterns) {
            if (patterns == null) {
                return TargetAllowlist.loopbackOnly();
            }
            try {
                return patterns.isEmpty() ? null : TargetAllowlist.of(patterns);
            } catch (IllegalArgumentException e) {
                return null; // reported where the list is
            }
        }
    }

    /** Checks a base URL: absolute http(s), and its host on {@code allowlist} (null: the allowlist is itself wrong). */
    static void checkTarget(Validation v, String path, String url, TargetAllowlist allowlist) {
        if (url == null) {
            return;
        }
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            v.error(path, "'" + url + "' is not an absolute http(s) URL");
        } else if (allowlist != null && !allowlist.isAllowed(parsed)) {
            v.error(path, "host '" + parsed.host() + "' is not on the allowlist " + allowlist.patterns()
                    + " (add it to 'allowlist')");
        }
    }

    /**
     * One of the shop's journeys: the fields of a {@link LoadJourney}, its {@code name} required (the
     * monitor's check and the load test's request group share it), and the monitor's settings for its check.
     * The monitor runs it with its {@code envFile} and {@code vars}; {@code share}, {@code data} and {@code
     * routeClasses} are the load test's.
     *
     * @param name the journey's name everywhere: lower case letters, digits, '.', '_' or '-'
     * @param journey the journey file, relative to the shop file's folder
     * @param share its share of the load test's arriving customers
     * @param envFile an env file with its secrets, relative to the shop file's folder
     * @param vars values for its variables
     * @param data a file of variables for the load test, one row per virtual customer
     * @param routeClasses the traffic model's route classes it stands for
     * @param monitor its check's interval, jitter, timeout, retry and thresholds (over the monitor's {@code defaults})
     */
    public record Journey(
            @JsonProperty(required = true) String name,
            @JsonProperty(required = true) String journey,
            Double share,
            String envFile,
            Map<String, String> vars,
            LoadJourney.Data data,
            List<String> routeClasses,
            MonitorConfig.CheckSettings monitor) implements Validatable {

        public Journey {
            vars = vars == null ? Map.of() : Map.copyOf(vars);
            routeClasses = routeClasses == null ? List.of() : List.copyOf(routeClasses);
        }

        /** As a load test's entry, paths as written. */
        public LoadJourney toLoadJourney() {
            return new LoadJourney(name, journey, share, envFile, vars, data, routeClasses);
        }

        /** As the monitor's journey check, paths as written. */
        CheckKind.Spec toCheck() {
            MonitorConfig.CheckSettings s = monitor != null ? monitor
                    : new MonitorConfig.CheckSettings(null, null, null, null, null, null);
            return new CheckKind.Spec(name, null, journey, envFile, vars, null, null, null, null, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, null, s.interval(), s.jitter(), s.timeout(),
                    s.retry(), s.failuresBeforeDown(), s.successesBeforeUp());
        }

        @Override
        public void validate(Validation v) {
            if (name != null) {
                v.require(NAME.matcher(name).matches(), "name", "'" + name + "' must be lower case letters, digits,"
                        + " '.', '_' or '-', at most 63 (it names the monitor's check and the load test's requests)");
            }
            // the name has its own, stricter rule above
            new LoadJourney(null, journey, share, envFile, vars, data, routeClasses).validate(v);
            v.nested("monitor", monitor);
        }
    }

    /**
     * {@code monitor:}: {@link MonitorConfig}'s fields, every one optional ({@code target} and {@code
     * allowlist} are inherited, and the shop's journeys are checks too), and {@code location}, the label of every series.
     */
    public record MonitorSection(
            String target,
            List<String> allowlist,
            Integer port,
            Integer historySize,
            String timezone,
            MonitorConfig.CheckSettings defaults,
            List<MonitorConfig.Maintenance> maintenance,
            List<CheckKind.Spec> checks,
            String location) {

        static final MonitorSection EMPTY = new MonitorSection(null, null, null, null, null, null, null, null, null);

        public MonitorSection {
            allowlist = allowlist == null ? null : List.copyOf(allowlist);
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /**
     * {@code load:}: {@link LoadConfig}'s fields, every one optional ({@code allowlist} and {@code
     * journeys} are inherited), and the load test's {@code target} (default: the shop's).
     */
    public record LoadSection(
            String target,
            List<String> allowlist,
            LoadConfig.Limits limits,
            LoadProfile profile,
            LoadConfig.Stages stages,
            List<Slo> slos,
            LoadConfig.Abort abort,
            Integer metricsPort,
            Duration requestTimeout,
            String catalogue,
            List<LoadJourney> journeys) {

        static final LoadSection EMPTY = new LoadSection(null, null, null, null, null, null, null, null, null, null, null);

        public LoadSection {
            allowlist = allowlist == null ? null : List.copyOf(allowlist);
            journeys = journeys == null ? null : List.copyOf(journeys);
        }

        /** The section as a {@code load.yaml} with only what is written, for its rules. */
        LoadConfig asWritten() {
            return new LoadConfig(allowlist, limits, profile, stages, slos, abort, metricsPort, requestTimeout, catalogue,
                    journeys);
        }
    }

    /**
     * {@code origins:}: the front door and the origins behind it, what {@code failover drill} takes as
     * {@code --front}, {@code --origin NAME=URL} and {@code --probe-path}.
     *
     * @param entry the front door (the load balancer); default: the shop's target
     * @param healthPath what each origin is probed on (default {@code /health})
     * @param list the origins, each probed directly
     */
    public record Origins(String entry, String healthPath, List<Origin> list) {
        public Origins {
            healthPath = healthPath == null ? "/health" : healthPath;
            list = list == null ? List.of() : List.copyOf(list);
        }

        /** The origins as {@code name -> url}, in the order written. */
        public Map<String, String> byName() {
            Map<String, String> out = new LinkedHashMap<>();
            list.forEach(o -> out.put(o.name(), o.url()));
            return out;
        }

        void validate(Validation v, String shopTarget, TargetAllowlist allowlist) {
            checkTarget(v, "entry", entry, allowlist);
            v.require(entry != null || shopTarget != null, "entry", "set 'entry' (the front door) or the shop's 'target'");
            v.require(healthPath.startsWith("/"), "healthPath", "'" + healthPath + "' must start with /");
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                Origin o = list.get(i);
                String at = "list[" + i + "]";
                if (o.name() != null) {
                    v.require(NAME.matcher(o.name()).matches(), at + ".name",
                            "'" + o.name() + "' must be lower case letters, digits, '.', '_' or '-'");
                    v.require(names.add(o.name()), at + ".name", "duplicate origin name '" + o.name() + "'");
                }
                checkTarget(v, at + ".url", o.url(), allowlist);
            }
        }
    }

    /** One origin behind the front door: its name in the drill's report and its own base URL. */
    public record Origin(@JsonProperty(required = true) String name, @JsonProperty(required = true) String url) {
    }

    /**
     * {@code model:}: what {@code model --config} takes from the shop file; the command line wins.
     *
     * @param classifier route classes as YAML ({@code --classifier}), relative to the shop file's folder
     * @param zone time zone of the heatmap and windows ({@code --zone}), e.g. Europe/Berlin
     * @param contextPath the path the shop is deployed under ({@code --context-path}), e.g. /shop
     */
    public record Model(String classifier, String zone, String contextPath) implements Validatable {
        @Override
        public void validate(Validation v) {
            v.require(contextPath == null || contextPath.startsWith("/"), "contextPath", "must be a path such as /shop");
            v.require(classifier == null || !classifier.isBlank(), "classifier", "must name a route classes file");
            if (zone != null) {
                try {
                    ZoneId.of(zone);
                } catch (RuntimeException e) {
                    v.error("zone", "unknown time zone '" + zone + "' (e.g. Europe/Berlin, +01:00, UTC)");
                }
            }
        }
    }
}
