package dev.headroom.load;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;

/**
 * One load test: the engine behind {@code headroom load} and the demo. {@link #plan} validates
 * everything before anything is sent (the target against the allowlist, the plan against the caps)
 * and throws {@link ConfigException} naming the option or field; {@link #run} reads the catalogue,
 * writes {@code run.json}, forks the Gatling injector, waits for it (or stops it when the {@link
 * StopTrigger} fires) and returns a {@link Result} that knows its verdict and report. Writing the
 * report is the caller's ({@link Result#write}).
 */
public final class LoadTest {

    /** The reason results carry when the stop trigger (SIGTERM or Ctrl-C) stopped the run. */
    public static final String STOPPED_BY_SIGNAL = "stopped by a signal (SIGTERM or Ctrl-C) before the end of the plan";
    /** The name of the failed case of a run that got no usable catalogue. */
    public static final String CATALOGUE_CASE = "catalogue from the sitemap";

    private final Options options;
    private final String target;
    private final LoadProfile profile;
    private final List<RunSettings.Stage> stages;
    private final int metricsPort;
    private final Duration planned;
    /** The catalogue file's content, read when planning; null: the sitemap, read when running. */
    private final Catalogue.Listed listed;

    private LoadTest(Options options, String target, LoadProfile profile, List<RunSettings.Stage> stages, int metricsPort,
            Catalogue.Listed listed) {
        this.options = options;
        this.listed = listed;
        this.target = target;
        this.profile = profile;
        this.stages = List.copyOf(stages);
        this.metricsPort = metricsPort;
        this.planned = stages.stream().map(RunSettings.Stage::length).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * What to run; only the target is required.
     *
     * @param config load.yaml (allowlist, limits, profile, stages, SLOs, abort)
     * @param target base URL of the shop; its host must be on the config's allowlist
     * @param profile the traffic to reproduce; null: the config's
     * @param multiplier the highest multiple of the peak; null: the highest configured stage
     * @param duration the total run time, split evenly between the stages; null: the config's ramps and holds
     * @param closed a fixed number of concurrent customers per stage instead of an arrival rate
     * @param shard this injector's share of the rate
     * @param metricsPort the live metrics port on 127.0.0.1 (0 any, -1 off); null: the config's
     * @param out where results and reports go
     * @param catalogue a file written by {@code headroom crawl --catalogue} to take the products,
     *     categories and search terms from; null: the config's {@code catalogue}, else the target's sitemap
     */
    public record Options(LoadConfig config, String target, LoadProfile profile, Double multiplier, Duration duration,
            boolean closed, LoadPlan.Shard shard, Integer metricsPort, Path out, Path catalogue) {
        public Options {
            config = config == null ? LoadConfig.defaults() : config;
            shard = shard == null ? new LoadPlan.Shard(1, 1) : shard;
            out = (out == null ? Path.of("headroom-reports/load") : out).toAbsolutePath().normalize();
        }

        /** A run of the defaults against {@code target}, into {@code headroom-reports/load}. */
        public static Options of(String target) {
            return new Options(null, target, null, null, null, false, null, null, null, null);
        }

        public Options withConfig(LoadConfig c) {
            return new Options(c, target, profile, multiplier, duration, closed, shard, metricsPort, out, catalogue);
        }

        public Options withProfile(LoadProfile p) {
            return new Options(config, target, p, multiplier, duration, closed, shard, metricsPort, out, catalogue);
        }

        public Options withMultiplier(Double m) {
            return new Options(config, target, profile, m, duration, closed, shard, metricsPort, out, catalogue);
        }

        public Options withDuration(Duration d) {
            return new Options(config, target, profile, multiplier, d, closed, shard, metricsPort, out, catalogue);
        }

        public Options withClosed(boolean c) {
            return new Options(config, target, profile, multiplier, duration, c, shard, metricsPort, out, catalogue);
        }

        public Options withShard(LoadPlan.Shard s) {
            return new Options(config, target, profile, multiplier, duration, closed, s, metricsPort, out, catalogue);
        }

        public Options withMetricsPort(Integer p) {
            return new Options(config, target, profile, multiplier, duration, closed, shard, p, out, catalogue);
        }

        public Options withCatalogue(Path file) {
            return new Options(config, target, profile, multiplier, duration, closed, shard, metricsPort, out, file);
        }

        public Options withOut(Path o) {
            return new Options(config, target, profile, multiplier, duration, closed, shard, metricsPort, o, catalogue);
        }
    }

    /**
     * Validates {@code options} into a plan; sends nothing.
     *
     * @throws ConfigException naming the option or field: a target that is not an http(s) URL or is
     *     off the allowlist, a plan beyond the caps, a metrics port out of range, a catalogue file
     *     that cannot be read or lacks the URLs the simulation needs
     */
    public static LoadTest plan(Options options) {
        LoadConfig cfg = options.config();
        String url = checkTarget(options.target(), cfg);
        LoadProfile profile = options.profile() != null ? options.profile() : cfg.profile();
        List<RunSettings.Stage> stages = LoadPlan.stages(cfg, profile, options.multiplier(), options.duration(),
                options.closed(), options.shard());
        int port = options.metricsPort() != null ? options.metricsPort() : cfg.metricsPort();
        if (port < -1 || port > 65535) {
            throw new ConfigException("--metrics-port: must be a port, 0 (any) or -1 (off)");
        }
        Path file = options.catalogue() != null ? options.catalogue()
                : cfg.catalogue() != null ? Path.of(cfg.catalogue()) : null;
        Catalogue.Listed listed = file == null ? null : Catalogue.readFile(file, needsCategories(profile));
        return new LoadTest(options, url, profile, stages, port, listed);
    }

    /** Parses the URL and checks its host against the config's allowlist. */
    private static String checkTarget(String target, LoadConfig cfg) {
        HttpUrl url = target == null ? null : HttpUrl.parse(target);
        if (url == null) {
            throw new ConfigException("--target: not an http(s) URL: '" + target + "'");
        }
        if (!cfg.targetAllowlist().isAllowed(url)) {
            throw new ConfigException("--target: refusing to load-test host '" + url.host()
                    + "': it is not in the allowlist " + cfg.allowlist() + " (field 'allowlist' of the config file)");
        }
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** The target, without a trailing slash. */
    public String target() {
        return target;
    }

    /** The stages this injector drives, in order (this shard's rates). */
    public List<RunSettings.Stage> stages() {
        return stages;
    }

    /** Ramps and holds of every stage. */
    public Duration planned() {
        return planned;
    }

    /** The plan, for people: the target, the peak, and one line per stage. */
    public void printPlan(PrintWriter out) {
        out.printf("Load test of %s, shard %s: peak %s rps, think time %s, %s planned%n", target, options.shard(),
                fmt(profile.peakRps()), Durations.format(profile.thinkTime()), Durations.format(planned));
        for (RunSettings.Stage s : stages) {
            out.printf(Locale.ROOT, "  stage %5sx: %8.2f rps (%.2f journeys/s, %d users closed), ramp %s, hold %s%n",
                    fmt(s.multiplier()), s.rps(), s.usersPerSec(), s.users(), Durations.format(s.ramp()),
                    Durations.format(s.hold()));
        }
        out.flush();
    }

    /**
     * Runs the plan: reads the catalogue, forks the injector (its console goes to {@code progress}),
     * waits for it, and turns what it recorded into the result. {@code stop} is armed while the
     * injector runs; when it fires, the injector is stopped and what it recorded is reported.
     *
     * @throws InjectorFailed when the injector cannot run at all (not built) or ended without results
     */
    public Result run(PrintWriter progress, StopTrigger stop) throws IOException, InterruptedException {
        LoadConfig cfg = options.config();
        Path dir = options.out();
        List<String> why = new ArrayList<>();
        String classpath = GatlingLauncher.classpath(why).orElseThrow(() -> new InjectorFailed(String.join("; ", why)));

        Path resultsFile = dir.resolve("results.json");
        CatalogueRead read = readCatalogue(progress);
        if (read.unreachable() != null) {
            return Result.unreachable(dir, catalogueReport(read.unreachable(), Status.ERROR), read.unreachable());
        }
        if (read.problem() != null) {
            Files.createDirectories(dir);
            Files.deleteIfExists(resultsFile);
            return new Result(Verdict.FAILED, catalogueReport(read.problem() + "; nothing was load-tested", Status.FAILED),
                    dir, Optional.empty(), read.problem());
        }
        Catalogue catalogue = read.catalogue();

        Files.createDirectories(dir);
        Files.deleteIfExists(resultsFile);
        // A grace of 1/10 of the plan (at least 5 s) for the last journeys, then Gatling stops by itself.
        Duration hardStop = planned.plus(max(planned.dividedBy(10), Duration.ofSeconds(5)));
        String shard = options.shard().toString();
        RunSettings settings = new RunSettings(target, shard, options.closed(), stages, profile.normalisedMix(),
                profile.thinkTime(), cfg.slos(), cfg.abort().window(), cfg.abort().after(), hardStop,
                cfg.requestTimeout(), metricsPort, resultsFile.toString(), catalogue.productIds(), catalogue.categories(),
                listed != null && !listed.searchTerms().isEmpty() ? listed.searchTerms() : Catalogue.SEARCH_TERMS,
                cfg.allowlist());
        Path settingsFile = dir.resolve("run.json");
        settings.write(settingsFile);

        Path gatlingDir = dir.resolve("gatling");
        progress.printf("Starting Gatling (a separate JVM); its console statistics follow. Ctrl-C or SIGTERM stops it.%n");
        progress.flush();
        int code;
        Optional<String> stopped;
        try (GatlingLauncher.Injector injector = GatlingLauncher.Injector.start(GatlingLauncher.command(classpath,
                    settingsFile, gatlingDir, "headroom load " + shard), progress);
             StopTrigger.Armed armed = stop.arm(() -> injector.stop(STOPPED_BY_SIGNAL))) {
            code = injector.await(hardStop.plus(Duration.ofSeconds(90)));
            stopped = injector.stopReason();
        }
        stopped.ifPresent(reason -> {
            progress.printf("headroom: %s; the injector has exited%n", reason);
            progress.flush();
        });
        String title = "Headroom load test: " + target;
        if (!Files.exists(resultsFile)) {
            if (stopped.isPresent()) {
                long now = System.currentTimeMillis();
                LoadResults none = LoadResults.of(target, shard, now, now, stopped.get() + "; the injector wrote no results",
                        Map.of());
                return new Result(Verdict.STOPPED, LoadReport.build(title, none, cfg.slos(), Map.of()), dir,
                        Optional.empty(), stopped.get());
            }
            throw new InjectorFailed("the injector ended (exit " + code + ") without writing " + resultsFile
                    + "; see its output above");
        }
        LoadResults results = LoadResults.read(resultsFile);
        if (stopped.isPresent()) {
            results = results.stopped(stopped.get());
            results.write(resultsFile);
        }
        printFailures(progress, results);
        Optional<Path> html = GatlingLauncher.htmlReport(gatlingDir);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("stages", stages.stream().map(s -> fmt(s.multiplier()) + "x").collect(Collectors.joining(", ")));
        extra.put("peak rps (1x)", profile.peakRps());
        extra.put("model", options.closed() ? "closed" : "open");
        extra.put("catalogue", catalogue.productIds().size() + " products, " + catalogue.categories().size() + " categories");
        html.ifPresent(h -> extra.put("gatling report", h.toString()));
        Report report = LoadReport.build(title, results, cfg.slos(), extra);
        // Stopped by hand is neither a pass nor an SLO breach; stopped by the deadline or an abort is a failed plan.
        Verdict verdict = stopped.filter(STOPPED_BY_SIGNAL::equals).isPresent() ? Verdict.STOPPED
                : report.passed() ? Verdict.PASSED : Verdict.FAILED;
        return new Result(verdict, report, dir, html, stopped.orElse(null));
    }

    /**
     * What a load test came to.
     *
     * @param verdict PASSED when every SLO held and the plan ran; FAILED on a breach, a refused
     *     redirect, an early abort or no usable catalogue; UNREACHABLE when the shop did not answer
     *     at all (nothing was written); STOPPED when the stop trigger fired
     * @param report the report (for UNREACHABLE, one ERROR case saying why; the command does not write it)
     * @param dir where the results went and the report goes
     * @param gatlingReport Gatling's HTML report, if it wrote one
     * @param reason why it did not run to a plain end (the catalogue problem, the stop reason), or null
     */
    public record Result(Verdict verdict, Report report, Path dir, Optional<Path> gatlingReport, String reason)
            implements Outcome {
        public Result {
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(report, "report");
            gatlingReport = gatlingReport == null ? Optional.empty() : gatlingReport;
        }

        static Result unreachable(Path dir, Report report, String why) {
            return new Result(Verdict.UNREACHABLE, report, dir, Optional.empty(), why);
        }

        @Override
        public Report toReport() {
            return report;
        }

        /**
         * Writes report.json, junit.xml and summary.md into {@link #dir} and prints the verdict, the
         * cases and where everything is ({@link LoadReport#write}).
         */
        public List<Path> write(PrintWriter out) throws IOException {
            return LoadReport.write(report, dir, gatlingReport, out);
        }
    }

    /** The injector could not run (not built) or ended without a word: a broken install or a bug, not a verdict. */
    public static final class InjectorFailed extends RuntimeException {
        InjectorFailed(String message) {
            super(message);
        }
    }

    /** The catalogue to feed the simulation; or why there is none although the shop answered; or why it did not answer. */
    private record CatalogueRead(Catalogue catalogue, String problem, String unreachable) {
    }

    /**
     * Reads the catalogue from the target's sitemap and prints what it found and every warning. A
     * shop that answered without a usable sitemap is a failed check; only a shop that did not
     * answer at all is unreachable.
     */
    private CatalogueRead readCatalogue(PrintWriter out) {
        if (listed != null) {
            return fromFile(out);
        }
        Catalogue.Fetched fetched = Catalogue.fetch(target, options.config().targetAllowlist());
        if (fetched instanceof Catalogue.NotRead notRead) {
            String why = "cannot read the catalogue: " + notRead.message();
            if (!notRead.answered()) {
                return new CatalogueRead(null, null, why);
            }
            return problem(out, null, why);
        }
        Catalogue.Sitemap sitemap = ((Catalogue.Found) fetched).sitemap();
        sitemap.warnings().forEach(w -> out.printf("warning: %s/sitemap.xml: %s%n", target, w));
        out.printf("Catalogue from the sitemap: %d products, %d categories (%d URLs read, %d skipped)%n",
                sitemap.catalogue().productIds().size(), sitemap.catalogue().categories().size(), sitemap.urls(),
                sitemap.skipped());
        return problem(out, sitemap.catalogue(), sitemap.unusable(needsCategories(profile)));
    }

    /** The catalogue file read when planning (so it is usable): what it gave, and every warning. */
    private CatalogueRead fromFile(PrintWriter out) {
        String silent = noAnswer(target, options.config().targetAllowlist());
        if (silent != null) { // no sitemap read tells an unreachable shop apart here: one look at its home page does
            return new CatalogueRead(null, null, "no answer from the target: " + silent);
        }
        listed.warnings().forEach(w -> out.printf("warning: %s: %s%n", listed.file(), w));
        String host = HttpUrl.parse(target).host();
        if (!listed.hosts().equals(List.of(host))) {
            out.printf("warning: %s lists URLs of %s, the target is %s: only their paths are used%n", listed.file(),
                    String.join(", ", listed.hosts()), host);
        }
        out.printf("Catalogue from %s: %d products, %d categories, %s (%d URLs read, %d skipped)%n", listed.file(),
                listed.catalogue().productIds().size(), listed.catalogue().categories().size(),
                listed.searchTerms().isEmpty() ? "no search page, so the built-in search terms"
                        : listed.searchTerms().size() + " search terms",
                listed.urls(), listed.skipped());
        out.flush();
        return new CatalogueRead(listed.catalogue(), null, null);
    }

    private static CatalogueRead problem(PrintWriter out, Catalogue catalogue, String problem) {
        if (problem != null) {
            out.printf("warning: %s; nothing was load-tested%n", problem);
        }
        out.flush();
        return new CatalogueRead(catalogue, problem, null);
    }

    /** Why {@code target/} gives no HTTP answer at all (through the allowlist), or null if it answers. */
    private static String noAnswer(String target, TargetAllowlist allowlist) {
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15)).callTimeout(Duration.ofSeconds(30)).maxBodyBytes(64 * 1024).build()) {
            CheckResult r = checker.execute(CheckRequest.builder().url(target + "/").build());
            return r.reachable() || !r.redirects().isEmpty() ? null : target + "/: " + r.failureMessage();
        }
    }

    /** Only the browse journey needs categories. */
    private static boolean needsCategories(LoadProfile profile) {
        return profile.normalisedMix().getOrDefault("browse", 0.0) > 0;
    }

    /** The report of a run that could not start for want of a catalogue: one case. */
    private Report catalogueReport(String message, Status status) {
        return Report.builder("load").title("Headroom load test: " + target).target(target).startedAt(Instant.now())
                .duration(Duration.ZERO)
                .addCase(CheckCase.builder(LoadReport.RUN_SUITE, CATALOGUE_CASE).status(status).message(message).build())
                .summary("requests", 0)
                .summary("failed", 0)
                .build();
    }

    /** The failures Headroom can name, one line per group and message, after the run. */
    private static void printFailures(PrintWriter out, LoadResults results) {
        if (results.failures().isEmpty()) {
            return;
        }
        out.printf("Failed requests Headroom can name:%n");
        results.failures().forEach(f -> out.printf("  %6d  %-10s %s%n", f.count(), f.group(), f.message()));
        out.flush();
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
