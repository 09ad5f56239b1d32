package dev.headroom.gate;

import dev.headroom.config.ConfigException;
import dev.headroom.crawl.CrawlConfig;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.Finding;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.load.LoadProfile;
import dev.headroom.load.LoadResults;
import dev.headroom.load.LoadTest;
import dev.headroom.load.ModelAdapter;
import dev.headroom.load.Recorder;
import dev.headroom.load.Slo;
import dev.headroom.load.SloEvaluator;
import dev.headroom.load.StopTrigger;
import dev.headroom.model.TrafficModel;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.HttpUrl;
import org.HdrHistogram.Histogram;

/**
 * The release gate: the engine behind {@code headroom gate}. {@link #plan} reads and checks everything
 * before anything is sent (the stages, the target against the shop's allowlist, the load test's plan
 * against its caps, the baseline, the traffic model) and throws {@link ConfigException} naming what is
 * wrong. {@link #run} first decides whether the gate may run at all (a promotion's required pass, the
 * change windows, the open changes), then runs the stages in order, each through its own engine (the
 * crawler, the journey runner, the load test, the HTTP core for the origins), stopping at the first
 * failed stage unless {@code runAll}, and returns a {@link GateResult} that knows its verdict and report.
 */
public final class Gate {
    /** Suite of the checks made before any stage: promotion, change window, open changes. */
    public static final String PREFLIGHT = "preflight";
    /** At most this many crawl findings become checks of their own; the rest are counted. */
    static final int MAX_FINDING_CASES = 200;
    /** How often a long stage prints where it is. */
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final Options options;
    private final GateConfig config;
    private final List<GateStage> stages;
    private final String target;
    private final TargetAllowlist allowlist;
    private final LoadTest load;
    private final TrafficModel model;
    private final ChangeWindows windows;
    /** The environment this gate's version must have passed first (gate.promotion), or null. */
    private final String promotedFrom;

    /**
     * What to gate.
     *
     * @param shop the shop file
     * @param target replaces the shop's target in every stage ({@code --target}); null: the shop's
     * @param stages the stages to run ({@code --stages}); null: the gate section's
     * @param out where the reports go; the load test's own files go to {@code out/load}
     * @param baseline earlier gate reports to compare with; null: none
     * @param version the version being gated, recorded in every report; may be null
     * @param environment the environment's name (staging, production), recorded; may be null
     * @param override why the gate runs inside a change window anyway; null: it refuses there
     * @param now the time the change windows are judged at
     * @param modelFile a traffic model ({@code --model}); null: the gate section's {@code model}, if any
     * @param requirePassed a gate report that must be a pass of {@code version} ({@code --require-passed}); may be null
     * @param alertmanager where open changes are recorded; null: the gate section's, if any
     * @param ownChange the id of the change this gate is part of: not counted as another open change
     * @param env the process environment (the journeys' secrets)
     * @param recheck a recheck of a failed gate ({@code headroom recheck report.json}): no preflight, every stage runs
     */
    public record Options(ShopFile shop, String target, List<GateStage> stages, Path out, Baseline baseline, String version,
            String environment, String override, Instant now, Path modelFile, Path requirePassed, String alertmanager,
            String ownChange, Map<String, String> env, boolean recheck) {
        public Options {
            Objects.requireNonNull(shop, "shop");
            out = (out == null ? Path.of("headroom-reports/gate") : out).toAbsolutePath().normalize();
            now = now == null ? Instant.now() : now;
            env = env == null ? Map.of() : Map.copyOf(env);
        }

        /** The shop file's gate as configured, into {@code out}. */
        public static Options of(ShopFile shop, Path out) {
            return new Options(shop, null, null, out, null, null, null, null, null, null, null, null, null, System.getenv(),
                    false);
        }
    }

    private Gate(Options options, GateConfig config, List<GateStage> stages, String target, TargetAllowlist allowlist,
            LoadTest load, TrafficModel model, ChangeWindows windows, String promotedFrom) {
        this.options = options;
        this.config = config;
        this.stages = stages;
        this.target = target;
        this.allowlist = allowlist;
        this.load = load;
        this.model = model;
        this.windows = windows;
        this.promotedFrom = promotedFrom;
    }

    /**
     * Validates {@code options} into a gate; sends nothing.
     *
     * @throws ConfigException naming the option or field
     */
    public static Gate plan(Options options) {
        ShopFile shop = options.shop();
        GateConfig config = shop.gate();
        List<GateStage> stages = options.stages() != null ? List.copyOf(options.stages()) : config.stageList();
        if (stages.isEmpty()) {
            throw new ConfigException("--stages: name at least one stage");
        }
        String t = options.target() != null ? options.target() : shop.target();
        if (t == null) {
            throw new ConfigException("--target: missing (or set 'target' in " + shop.file() + ")");
        }
        HttpUrl url = HttpUrl.parse(t);
        if (url == null) {
            throw new ConfigException("--target: not an http(s) URL: '" + t + "'");
        }
        TargetAllowlist allowlist = shop.allowlist();
        if (!allowlist.isAllowed(url)) {
            throw new ConfigException("--target: host '" + url.host() + "' is not on the allowlist " + allowlist.patterns()
                    + " of " + shop.file() + " (add it to 'allowlist')");
        }
        String target = t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
        if (options.requirePassed() != null && (options.version() == null || options.version().isBlank())) {
            throw new ConfigException("--require-passed: give the --version it must be a pass of");
        }
        Path modelFile = options.modelFile() != null ? options.modelFile()
                : config.model() != null ? Path.of(config.model()) : null;
        TrafficModel model = modelFile == null ? null : TrafficModel.load(modelFile);
        if (stages.contains(GateStage.JOURNEYS)) {
            if (shop.journeys().isEmpty()) {
                throw new ConfigException(shop.file() + ": the journeys stage needs 'journeys' (or leave it out of the stages)");
            }
            for (LoadJourney j : shop.journeys()) { // a journey or env file that would not run is refused now
                JourneyLoader.load(Path.of(j.journey()));
                if (j.envFile() != null) {
                    EnvFile.read(Path.of(j.envFile()));
                }
            }
        }
        LoadTest load = null;
        if (stages.contains(GateStage.LOAD)) {
            LoadConfig base = shop.load();
            LoadConfig cfg = new LoadConfig(base.allowlist(), base.limits(), base.profile(),
                    new LoadConfig.Stages(List.of(config.load().multiplier()), null, null), base.slos(), base.abort(),
                    base.metricsPort(), base.requestTimeout(), base.catalogue(), base.journeys());
            LoadProfile profile = modelFile != null ? ModelAdapter.read(modelFile) : cfg.profile();
            String loadTarget = options.target() != null ? target : shop.loadTarget() != null ? shop.loadTarget() : target;
            load = LoadTest.plan(LoadTest.Options.of(loadTarget).withConfig(cfg).withProfile(profile)
                    .withMultiplier(config.load().multiplier()).withDuration(config.load().duration())
                    .withOut(options.out().resolve("load")));
        }
        if (stages.contains(GateStage.CRAWL)) {
            crawlOptions(shop, target); // refuses bad options now, not after the other stages
        }
        ZoneId zone = zone(config, model, shop);
        String promotedFrom = null;
        if (options.environment() != null && !options.environment().isBlank()) {
            try {
                promotedFrom = config.promotedFrom(options.environment()).orElse(null);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--environment: " + e.getMessage() + " of " + shop.file());
            }
        }
        return new Gate(options, config, stages, target, allowlist, load, model, ChangeWindows.of(config, zone, model),
                promotedFrom);
    }

    private static ZoneId zone(GateConfig config, TrafficModel model, ShopFile shop) {
        if (config.zone() != null) {
            return ZoneId.of(config.zone());
        }
        if (model != null && model.timeRange() != null && model.timeRange().zone() != null) {
            try {
                return ZoneId.of(model.timeRange().zone());
            } catch (RuntimeException e) {
                // fall through
            }
        }
        return shop.model().zone() != null ? ZoneId.of(shop.model().zone()) : ZoneId.of("UTC");
    }

    /** The base URL every stage is aimed at, without a trailing slash. */
    public String target() {
        return target;
    }

    /** The stages, in the order they run. */
    public List<GateStage> stages() {
        return stages;
    }

    /** The plan, for people: one line per stage. */
    public void printPlan(PrintWriter out) {
        out.printf("Gate of %s (%s)%s against %s: %s%n", options.shop().shop(), options.shop().file(),
                options.version() == null ? "" : " version " + options.version(), target,
                String.join(" -> ", stages.stream().map(GateStage::label).toList()));
        if (options.baseline() != null) {
            out.printf("  baseline: %d passing gate report(s): %s%n", options.baseline().files().size(),
                    options.baseline().files());
        }
        out.flush();
    }

    /**
     * Runs the gate: the preflight (promotion, window, open changes) and then the stages, printing a line
     * as each check ends.
     */
    public GateResult run(PrintWriter progress, StopTrigger stop) throws InterruptedException {
        Instant started = Instant.now();
        GateResult.Builder result = new GateResult.Builder(options, target, stages, started);
        String refusal = options.recheck() ? null : preflight(result, progress);
        if (refusal != null) {
            progress.printf("REFUSED: %s%n", refusal);
            progress.flush();
            return result.refused(refusal).build(Verdict.REFUSED);
        }
        boolean failed = false;
        Verdict verdict = Verdict.PASSED;
        for (GateStage stage : stages) {
            if ((failed && !config.runAll() && !options.recheck()) || verdict == Verdict.UNREACHABLE || verdict == Verdict.STOPPED) {
                String why = verdict == Verdict.UNREACHABLE ? "the target could not be reached"
                        : verdict == Verdict.STOPPED ? "the gate was stopped" : "an earlier stage failed (runAll: false)";
                result.skipped(stage, "not run: " + why);
                continue;
            }
            progress.printf("== stage %s%n", stage.label());
            progress.flush();
            Instant t0 = Instant.now();
            StageRun run = switch (stage) {
                case CRAWL -> crawl(result, progress, stop);
                case JOURNEYS -> journeys(result, progress);
                case LOAD -> load(result, progress, stop);
                case ORIGINS -> origins(progress);
            };
            Duration took = Duration.between(t0, Instant.now());
            result.stage(stage, run.cases(), took);
            Status status = result.stageStatus(stage);
            progress.printf("== stage %s: %s in %s%n", stage.label(), status, dev.headroom.config.Durations.format(
                    took.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            progress.flush();
            if (run.verdict() == Verdict.UNREACHABLE || run.verdict() == Verdict.STOPPED) {
                verdict = run.verdict();
            } else if (status.isFailure()) {
                failed = true;
                verdict = Verdict.FAILED;
            }
        }
        return result.build(verdict);
    }

    /** A stage's checks, and UNREACHABLE or STOPPED when it could not do its work at all. */
    record StageRun(List<CheckCase> cases, Verdict verdict) {
        static StageRun of(List<CheckCase> cases) {
            return new StageRun(cases, null);
        }
    }

    // ---- preflight

    /** Adds the preflight checks; returns why the gate refuses, or null. */
    private String preflight(GateResult.Builder result, PrintWriter progress) {
        String refusal = null;
        if (options.requirePassed() != null || promotedFrom != null) {
            String why = options.requirePassed() == null
                    ? options.environment() + " needs a passing gate of the same version in " + promotedFrom
                            + " (gate.promotion " + config.promotion() + "): give --require-passed REPORT --version V"
                    : promotion(options.requirePassed(), options.version(), options.environment(), promotedFrom,
                            options.shop().shop());
            String what = (options.version() == null ? "" : " of version " + options.version())
                    + (promotedFrom == null ? "" : " in " + promotedFrom);
            CheckCase.Builder c = CheckCase.builder(PREFLIGHT, "promotion: a passing gate" + what)
                    .status(why == null ? Status.PASSED : Status.FAILED)
                    .message(why == null ? options.requirePassed() + " is a passing gate" + what : why);
            if (options.requirePassed() != null) {
                c.attribute("required", options.requirePassed());
            }
            result.preflight(c.build());
            refusal = why == null ? null : "promotion refused: " + why;
        }
        if (refusal == null && !windows.isEmpty()) {
            Optional<String> inside = windows.inside(options.now());
            CheckCase.Builder c = CheckCase.builder(PREFLIGHT, "outside the change windows");
            if (inside.isEmpty()) {
                c.message("no change window at " + options.now());
            } else if (options.override() != null) {
                c.status(Status.DEGRADED).message("inside " + inside.get() + "; overridden: " + options.override())
                        .attribute("override", options.override());
                progress.printf("warning: inside %s; running anyway: --override \"%s\"%n", inside.get(), options.override());
            } else {
                c.status(Status.FAILED).message("inside " + inside.get() + " (--override \"reason\" to run anyway)");
                refusal = "inside a change window: " + inside.get() + "; rerun outside it or with --override \"reason\"";
            }
            result.preflight(c.build());
        }
        String am = options.alertmanager() != null ? options.alertmanager() : config.alertmanager();
        if (refusal == null && am != null) {
            CheckCase.Builder c = CheckCase.builder(PREFLIGHT, "no other change open").attribute("alertmanager", am);
            try (Changes changes = new Changes(am, allowlist.patterns())) {
                List<Changes.Change> open = changes.open(options.shop().shop()).stream()
                        .filter(ch -> !ch.id().equals(options.ownChange())).toList();
                if (open.isEmpty()) {
                    c.message("no change of " + options.shop().shop() + " open in " + am);
                } else {
                    c.status(Status.FAILED).message("open: " + open.get(0).describe());
                    refusal = "another change is open: " + open.get(0).describe()
                            + " (wait for it, `headroom change close`, or pass its id with --change if this gate is part of it)";
                }
            } catch (Changes.Unavailable | IllegalArgumentException e) {
                c.status(Status.ERROR).message("cannot tell whether a change is open: " + e.getMessage());
                refusal = "cannot tell whether another change is open: " + e.getMessage();
            }
            result.preflight(c.build());
        }
        return refusal;
    }

    /**
     * Why {@code report} is not a passing gate of {@code shop} at {@code version} in {@code requiredEnvironment}
     * (or, when that is null, in another environment than {@code environment}: a gate of the same
     * environment promotes nothing), or null if it is.
     */
    static String promotion(Path report, String version, String environment, String requiredEnvironment, String shop) {
        GateData d;
        try {
            d = Baseline.readGate(report, "--require-passed");
        } catch (ConfigException e) {
            return e.getMessage();
        }
        if (d == null) {
            return report + " is not a gate report";
        }
        if (!"PASSED".equals(d.verdict())) {
            return report + " is a gate that did not pass (" + d.verdict() + ")";
        }
        if (!version.equals(d.version())) {
            return report + " passed version '" + d.version() + "', not '" + version + "'";
        }
        if (d.shop() != null && !d.shop().equals(shop)) {
            return report + " is a gate of shop '" + d.shop() + "', not '" + shop + "'";
        }
        if (requiredEnvironment != null && !requiredEnvironment.equals(d.environment())) {
            return report + " is a gate of " + (d.environment().isEmpty() ? "no --environment" : d.environment()) + "; "
                    + environment + " needs a pass of " + requiredEnvironment;
        }
        if (environment != null && !environment.isBlank() && environment.equals(d.environment())) {
            return report + " is a gate of " + environment + " itself; promotion wants a pass of the environment before it";
        }
        return null;
    }

    // ---- crawl

    private static CrawlOptions crawlOptions(ShopFile shop, String target) {
        CrawlConfig c = shop.crawl();
        try {
            CrawlOptions.Builder b = CrawlOptions.builder(target + "/");
            c.applyTo(b, false);
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(shop.file() + ": crawl: " + e.getMessage());
        }
    }

    private StageRun crawl(GateResult.Builder result, PrintWriter progress, StopTrigger stop) throws InterruptedException {
        CrawlOptions opts = crawlOptions(options.shop(), target);
        CrawlResult r;
        try (HttpChecker checker = Crawler.checkerFor(opts)) {
            Crawler crawler = new Crawler(opts, checker);
            Thread ticker = dev.headroom.process.Threads.daemonThread("gate-crawl-progress", () -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        Thread.sleep(PROGRESS_EVERY.toMillis());
                        progress.printf("  crawl: %s%n", crawler.progress().line());
                        progress.flush();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try (StopTrigger.Armed armed = stop.arm(() -> crawler.stop("stopped by Ctrl-C or SIGTERM"))) {
                ticker.start();
                r = crawler.crawl();
            } finally {
                ticker.interrupt();
                ticker.join(1000);
            }
        }
        if (r.verdict() == Verdict.STOPPED) {
            return new StageRun(List.of(CheckCase.of(GateStage.CRAWL.label(), "the crawl runs to its end", Status.ERROR,
                    r.incompleteReason())), Verdict.STOPPED);
        }
        List<CheckCase> cases = new ArrayList<>();
        String label = GateStage.CRAWL.label();
        if (r.startUnreachable()) {
            cases.add(CheckCase.of(label, "the crawl reaches the shop", Status.ERROR, r.unreachableReason()));
            return new StageRun(cases, Verdict.UNREACHABLE);
        }
        Set<String> known = options.baseline() == null ? Set.of() : options.baseline().knownFindings();
        List<String> failingKeys = new ArrayList<>();
        int newFailing = 0;
        int knownFailing = 0;
        int shown = 0;
        for (Finding f : r.findings()) {
            String key = findingKey(f);
            boolean isKnown = f.failing() && known.contains(key);
            if (f.failing()) {
                failingKeys.add(key);
                if (isKnown) {
                    knownFailing++;
                } else {
                    newFailing++;
                }
            }
            if (shown++ >= MAX_FINDING_CASES) {
                continue;
            }
            Status status = f.failing() && !isKnown ? Status.FAILED : Status.DEGRADED;
            String from = f.linkedFrom().isEmpty() ? "" : " (linked from " + f.linkedFrom().get(0)
                    + (f.linkedFromCount() > 1 ? " and " + (f.linkedFromCount() - 1) + " more" : "") + ")";
            cases.add(CheckCase.builder(label, f.kind() + " " + f.url()).status(status)
                    .message((isKnown ? "known (in the baseline): " : f.failing() && options.baseline() != null
                            ? "new since the baseline: " : "") + f.kind() + ": " + f.detail() + from)
                    .attribute("finding", f.kind().name()).attribute("url", f.url())
                    .attribute("known", isKnown).build());
        }
        result.findings(failingKeys);
        String summary = String.format(Locale.ROOT, "%d pages, %d URLs checked, %d findings (%d failing%s)%s",
                r.stats().pages(), r.stats().requested(), r.findings().size(), newFailing + knownFailing,
                knownFailing > 0 ? ", " + knownFailing + " known from the baseline" : "",
                r.findings().size() > MAX_FINDING_CASES ? "; the first " + MAX_FINDING_CASES + " are listed" : "");
        CheckCase verdict = CheckCase.builder(label, options.baseline() == null ? "no failing finding"
                        : "no failing finding new since the baseline")
                .status(newFailing > 0 ? Status.FAILED : r.aborted() ? Status.ERROR : Status.PASSED)
                .duration(r.stats().duration())
                .message(newFailing > 0 ? newFailing + " failing finding(s), e.g. " + first(r, known) + "; " + summary
                        : r.aborted() ? "the crawl stopped early: " + r.incompleteReason() : summary)
                .attribute("pages", r.stats().pages()).build();
        cases.add(0, verdict);
        progress.printf("  crawl: %s%n", verdict.message());
        progress.flush();
        return StageRun.of(cases);
    }

    private String first(CrawlResult r, Set<String> known) {
        return r.findings().stream().filter(f -> f.failing() && !known.contains(findingKey(f))).findFirst()
                .map(f -> f.kind() + " " + f.url() + ": " + f.detail()
                        + (f.linkedFrom().isEmpty() ? "" : " (linked from " + f.linkedFrom().get(0) + ")"))
                .orElse("");
    }

    /** {@code KIND path}: the target's origin cut off, so that runs against another port compare. */
    String findingKey(Finding f) {
        String url = f.url();
        HttpUrl t = HttpUrl.parse(target);
        HttpUrl u = HttpUrl.parse(url);
        if (t != null && u != null && u.host().equals(t.host()) && u.port() == t.port()) {
            String full = u.toString();
            url = full.substring(full.indexOf('/', full.indexOf("//") + 2));
        }
        return f.kind().name() + " " + url;
    }

    // ---- journeys

    /**
     * Every journey of the shop: its load journeys, then the monitor's other journey checks (such as
     * one that races for the last units, which a load test refuses but a gate runs as the monitor does).
     */
    private List<LoadJourney> gateJourneys() {
        List<LoadJourney> all = new ArrayList<>(options.shop().journeys());
        java.util.Set<String> names = new java.util.HashSet<>();
        all.forEach(j -> names.add(j.name()));
        Path folder = options.shop().folder();
        for (dev.headroom.monitor.CheckKind.Spec c : options.shop().monitor().checks()) {
            if (c.journey() != null && names.add(c.name())) {
                all.add(new LoadJourney(c.name(), folder.resolve(c.journey()).normalize().toString(), null,
                        c.envFile() == null ? null : folder.resolve(c.envFile()).normalize().toString(), c.vars(), null, null));
            }
        }
        return all;
    }

    private StageRun journeys(GateResult.Builder result, PrintWriter progress) {
        int runs = config.journeyRuns();
        List<CheckCase> cases = new ArrayList<>();
        Map<String, Map<String, List<Double>>> times = new LinkedHashMap<>();
        int unreachable = 0;
        int total = 0;
        String label = GateStage.JOURNEYS.label();
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).build()) {
            JourneyRunner runner = new JourneyRunner(checker);
            for (LoadJourney j : gateJourneys()) {
                Journey journey;
                Map<String, String> env = new LinkedHashMap<>();
                try {
                    journey = JourneyLoader.load(Path.of(j.journey()));
                    if (j.envFile() != null) {
                        env.putAll(EnvFile.read(Path.of(j.envFile())));
                    }
                } catch (RuntimeException e) {
                    cases.add(CheckCase.of(label, j.name() + " passes " + runs + " runs in a row", Status.ERROR,
                            "cannot load the journey: " + e.getMessage()));
                    continue;
                }
                env.putAll(options.env());
                Map<String, List<Double>> steps = times.computeIfAbsent(j.name(), k -> new LinkedHashMap<>());
                Map<String, String> kinds = new LinkedHashMap<>();
                int passed = 0;
                String firstFailure = null;
                Duration took = Duration.ZERO;
                for (int i = 1; i <= runs; i++) {
                    JourneyResult r = runner.run(journey, RunOptions.target(target).withVariables(j.vars()).withEnv(env));
                    total++;
                    took = took.plus(r.duration());
                    if (r.unreachable()) {
                        unreachable++;
                    }
                    for (StepResult s : r.steps()) {
                        kinds.put(s.name(), s.kind());
                        if (s.status() == Status.PASSED || s.status() == Status.DEGRADED) {
                            steps.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(s.duration().toNanos() / 1e6);
                        }
                    }
                    Optional<StepResult> f = r.firstFailure();
                    if (f.isEmpty()) {
                        passed++;
                    } else if (firstFailure == null) {
                        StepResult s = f.get();
                        firstFailure = "run " + i + " of " + runs + " failed at step '" + s.name() + "': "
                                + (s.sentRequest() ? s.request() + " -> " + (s.responseStatus() == 0 ? "no response"
                                        : s.responseStatus()) + ": " : "") + s.message();
                    }
                    progress.printf("  journeys: %s run %d/%d: %s in %d ms%s%n", j.name(), i, runs, r.status(),
                            r.duration().toMillis(), f.map(s -> " at step '" + s.name() + "': " + s.message()).orElse(""));
                    progress.flush();
                }
                cases.add(CheckCase.builder(label, j.name() + " passes " + runs + " runs in a row")
                        .status(passed == runs ? Status.PASSED : Status.FAILED).duration(took)
                        .message(passed == runs ? runs + " of " + runs + " runs passed"
                                : (runs - passed) + " of " + runs + " runs failed; first: " + firstFailure)
                        .attribute("journey", j.name()).attribute("runs", runs).attribute("passed", passed).build());
                if (options.baseline() != null) {
                    steps.forEach((step, ms) -> {
                        List<Double> base = options.baseline().stepTimes(j.name(), step);
                        if (base.isEmpty() || "think".equals(kinds.get(step)) || ms.isEmpty()) {
                            return;
                        }
                        Baseline.Comparison c = Baseline.latency(j.name() + ": " + step, Baseline.median(ms), base,
                                config.tolerance());
                        cases.add(CheckCase.builder(label, j.name() + ": " + step + " within the baseline")
                                .status(c.regressed() ? Status.FAILED : Status.PASSED)
                                .message("median " + c.message("ms")).attribute("currentMs", c.current())
                                .attribute("baselineMs", c.median()).attribute("allowedMs", c.allowed()).build());
                    });
                }
            }
        }
        result.journeySteps(times);
        if (total > 0 && unreachable == total) {
            cases.add(0, CheckCase.of(label, "the journeys reach the shop", Status.ERROR,
                    "no journey run got any answer from " + target));
            return new StageRun(cases, Verdict.UNREACHABLE);
        }
        return StageRun.of(cases);
    }

    // ---- load

    private StageRun load(GateResult.Builder result, PrintWriter progress, StopTrigger stop) throws InterruptedException {
        String label = GateStage.LOAD.label();
        List<CheckCase> cases = new ArrayList<>();
        LoadTest.Result r;
        try {
            load.printPlan(progress);
            r = load.run(progress, stop);
        } catch (IOException | LoadTest.InjectorFailed e) {
            cases.add(CheckCase.of(label, "the load test runs", Status.ERROR, "the load test could not run: " + e.getMessage()));
            return StageRun.of(cases);
        }
        for (CheckCase c : r.report().cases()) {
            cases.add(c.toBuilder().suite(label).name(c.suite() + ": " + c.name()).build());
        }
        if (r.verdict() == Verdict.UNREACHABLE) {
            return new StageRun(cases, Verdict.UNREACHABLE);
        }
        Map<String, GateData.LoadGroup> groups = new LinkedHashMap<>();
        Map<String, GateData.LoadGroup> holdGroups = new LinkedHashMap<>();
        if (r.report().data() instanceof LoadResults results) {
            groups = loadGroups(results.histograms());
            Map<Recorder.Key, Histogram> holds = results.holdHistograms();
            holdGroups = holds == null ? holdGroups : loadGroups(holds);
        }
        result.load(groups, holdGroups);
        if (options.baseline() != null) {
            compareLoad(label, groups, holdGroups, cases);
        }
        return new StageRun(cases, r.verdict() == Verdict.STOPPED ? Verdict.STOPPED : null);
    }

    /** Requests, error rate, p95 and p99 per request group, and over all of them ({@link Slo#ALL}). */
    private static Map<String, GateData.LoadGroup> loadGroups(Map<Recorder.Key, Histogram> histograms) {
        Set<String> names = new TreeSet<>();
        histograms.keySet().forEach(k -> names.add(k.group()));
        names.add(Slo.ALL);
        Map<String, GateData.LoadGroup> groups = new LinkedHashMap<>();
        for (String g : names) {
            SloEvaluator.Outcome o = SloEvaluator.evaluate(new Slo(g, null, null, null), histograms);
            if (o.requests() > 0) {
                groups.put(g, new GateData.LoadGroup(o.requests(), o.errorRate(), o.p95Ms(), o.p99Ms()));
            }
        }
        return groups;
    }

    /**
     * What a load comparison is made on, as its messages say it: the holds, the whole runs when every
     * baseline report predates hold figures, and how many older reports a mixed folder leaves out
     * (so that a baseline of one new report among many old ones does not pass unnoticed).
     */
    static String loadFigures(Baseline baseline) {
        if (!baseline.hasLoadHolds()) {
            return "whole run, ramp-up included: the baseline reports predate hold-only figures";
        }
        int all = baseline.loadRuns(false);
        int older = all - baseline.loadRuns(true);
        return older == 0 ? "hold only, ramp-up excluded"
                : "hold only, ramp-up excluded; " + older + " of the " + all + " baseline reports "
                        + (older == 1 ? "predates hold-only figures and is" : "predate hold-only figures and are")
                        + " left out";
    }

    /**
     * One case per load group and measure against the baseline: on the hold-only figures (the ramp-up
     * mixes rates and a cold start, noise a gate must not fail on), or on the whole run when every
     * baseline report predates them.
     */
    private void compareLoad(String label, Map<String, GateData.LoadGroup> groups,
            Map<String, GateData.LoadGroup> holdGroups, List<CheckCase> cases) {
        Baseline baseline = options.baseline();
        boolean holds = baseline.hasLoadHolds();
        String figures = loadFigures(baseline);
        GateData.LoadGroup none = new GateData.LoadGroup(0, 0, -1, -1);
        groups.keySet().forEach(g -> {
            if (baseline.runs().stream().noneMatch(run -> run.load().containsKey(g))) {
                return; // nothing to compare with
            }
            GateData.LoadGroup now = holds ? holdGroups.getOrDefault(g, none) : groups.get(g);
            for (String measure : List.of("p95", "p99", "errorRate")) {
                String name = "baseline: " + g + " " + measure + " within the baseline";
                List<Double> base = baseline.load(g, measure, holds);
                long min = Baseline.minRequests(measure);
                if (now.requests() < min || base.isEmpty()) {
                    cases.add(CheckCase.builder(label, name).status(Status.SKIPPED).message("not compared: fewer than "
                            + min + " requests " + (now.requests() < min ? "in this run" + (holds ? "'s holds" : "")
                                    + " (" + now.requests() + ")" : "in every baseline run")
                            + ", too few for a stable " + measure + " (" + figures + ")").build());
                    continue;
                }
                double current = measure.equals("p95") ? now.p95Ms() : measure.equals("p99") ? now.p99Ms() : now.errorRate();
                if (current < 0) {
                    continue; // no successful request, so no latency: the error rate says it
                }
                Baseline.Comparison c = measure.equals("errorRate")
                        ? Baseline.errorRate(g + " error rate", current, base, config.tolerance())
                        : Baseline.latency(g + " " + measure, current, base, config.tolerance());
                cases.add(CheckCase.builder(label, name)
                        .status(c.regressed() ? Status.FAILED : Status.PASSED)
                        .message(c.message(measure.equals("errorRate") ? "" : "ms").replace("  ", " ")
                                + " (" + figures + ")")
                        .attribute("current", c.current()).attribute("baseline", c.median())
                        .attribute("allowed", c.allowed()).attribute("figures", holds ? "hold" : "whole run").build());
            }
        });
    }

    // ---- origins

    private StageRun origins(PrintWriter progress) {
        String label = GateStage.ORIGINS.label();
        ShopFile.Origins o = options.shop().origins();
        List<CheckCase> cases = new ArrayList<>();
        if (o == null || o.list().isEmpty()) {
            cases.add(CheckCase.of(label, "every origin answers", Status.SKIPPED,
                    "no origins listed in " + options.shop().file() + " (origins.list)"));
            return StageRun.of(cases);
        }
        List<String> down = new ArrayList<>();
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10)).callTimeout(Duration.ofSeconds(15)).build()) {
            String entry = options.target() != null ? target : o.entry();
            cases.add(probe(checker, label, "the front door answers", entry, o.healthPath()));
            for (Map.Entry<String, String> origin : o.byName().entrySet()) {
                CheckCase c = probe(checker, label, "origin " + origin.getKey() + " answers", origin.getValue(),
                        o.healthPath());
                if (c.status().isFailure()) {
                    down.add(origin.getKey());
                }
                cases.add(c);
                progress.printf("  origins: %s %s%n", c.status(), c.message());
            }
        }
        int n = o.list().size();
        CheckCase.Builder r = CheckCase.builder(label, "redundancy intact");
        if (!down.isEmpty()) {
            r.status(Status.FAILED).message(down.size() + " of " + n + " origins down (" + String.join(", ", down)
                    + "): " + (n - down.size() <= 1 ? "no failover left" : "less redundancy than configured"));
        } else if (n < 2) {
            r.status(Status.DEGRADED).message("only one origin listed: nothing to fail over to");
        } else {
            r.message("all " + n + " origins answer");
        }
        cases.add(r.build());
        return StageRun.of(cases);
    }

    private static CheckCase probe(HttpChecker checker, String suite, String name, String base, String path) {
        String url = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        CheckResult r = checker.execute(CheckRequest.builder().url(url).build());
        boolean ok = r.reachable() && r.statusCode() >= 200 && r.statusCode() < 300;
        return CheckCase.builder(suite, name).status(ok ? Status.PASSED : Status.FAILED)
                .duration(r.timings() == null ? Duration.ZERO : r.timings().total())
                .message(url + " -> " + (r.reachable() ? String.valueOf(r.statusCode()) : r.failureSummary()))
                .attribute("url", url).build();
    }
}
