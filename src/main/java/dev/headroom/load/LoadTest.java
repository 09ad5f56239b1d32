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
    /** The name of the case of a run whose target did not answer. */
    public static final String TARGET_CASE = "target answers";

    private final Options options;
    private final String target;
    private final LoadProfile profile;
    private final List<RunSettings.Stage> stages;
    private final int metricsPort;
    private final Duration planned;
    private final JourneyMix mix;

    private LoadTest(Options options, String target, LoadProfile profile, List<RunSettings.Stage> stages, int metricsPort,
            JourneyMix mix) {
        this.options = options;
        this.mix = mix;
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
     */
    public record Options(LoadConfig config, String target, LoadProfile profile, Double multiplier, Duration duration,
            boolean closed, LoadPlan.Shard shard, Integer metricsPort, Path out) {
        public Options {
            config = config == null ? LoadConfig.defaults() : config;
            shard = shard == null ? new LoadPlan.Shard(1, 1) : shard;
            out = (out == null ? Path.of("headroom-reports/load") : out).toAbsolutePath().normalize();
        }

        /** A run of the defaults against {@code target}, into {@code headroom-reports/load}. */
        public static Options of(String target) {
            return new Options(null, target, null, null, null, false, null, null, null);
        }

        public Options withConfig(LoadConfig c) {
            return new Options(c, target, profile, multiplier, duration, closed, shard, metricsPort, out);
        }

        public Options withProfile(LoadProfile p) {
            return new Options(config, target, p, multiplier, duration, closed, shard, metricsPort, out);
        }

        public Options withMultiplier(Double m) {
            return new Options(config, target, profile, m, duration, closed, shard, metricsPort, out);
        }

        public Options withDuration(Duration d) {
            return new Options(config, target, profile, multiplier, d, closed, shard, metricsPort, out);
        }

        public Options withClosed(boolean c) {
            return new Options(config, target, profile, multiplier, duration, c, shard, metricsPort, out);
        }

        public Options withShard(LoadPlan.Shard s) {
            return new Options(config, target, profile, multiplier, duration, closed, s, metricsPort, out);
        }

        public Options withMetricsPort(Integer p) {
            return new Options(config, target, profile, multiplier, duration, closed, shard, p, out);
        }

        public Options withOut(Path o) {
            return new Options(config, target, profile, multiplier, duration, closed, shard, metricsPort, o);
        }
    }

    /**
     * Validates {@code options} into a plan; sends nothing.
     *
     * @throws ConfigException naming the option or field: a target that is not an http(s) URL or is
     *     off the allowlist, a plan beyond the caps, a metrics port out of range, no journeys, or a
     *     journey, env file or data file that would not run (see {@link JourneyMix})
     */
    public static LoadTest plan(Options options) {
        LoadConfig cfg = options.config();
        String url = checkTarget(options.target(), cfg);
        LoadProfile profile = options.profile() != null ? options.profile() : cfg.profile();
        JourneyMix mix = JourneyMix.resolve(cfg.journeys(), profile, null, System.getenv());
        double requests = mix.requestsPerJourney();
        double journeySeconds = requests * 0.05 + Math.max(0, requests - 1) * profile.thinkTime().toMillis() / 1000.0;
        List<RunSettings.Stage> stages = LoadPlan.stages(cfg, profile, requests, journeySeconds, options.multiplier(),
                options.duration(), options.closed(), options.shard());
        int port = options.metricsPort() != null ? options.metricsPort() : cfg.metricsPort();
        if (port < -1 || port > 65535) {
            throw new ConfigException("--metrics-port: must be a port, 0 (any) or -1 (off)");
        }
        return new LoadTest(options, url, profile, stages, port, mix);
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

    /** The most a run waits after the plan for the last customers: the greater of a tenth of the plan, 5 s and twice the longest journey's typical run, at most 10 minutes. */
    public static final Duration MAX_GRACE = Duration.ofMinutes(10);

    /**
     * The time after the plan's end for the customers still on their journeys (no new one arrives):
     * without it a journey longer than the last stage would be cut off and never counted.
     */
    public Duration grace() {
        Duration g = max(max(planned.dividedBy(10), Duration.ofSeconds(5)), mix.longestRun(profile.thinkTime()).multipliedBy(2));
        return g.compareTo(MAX_GRACE) > 0 ? MAX_GRACE : g;
    }

    /** The journeys and their shares. */
    public JourneyMix mix() {
        return mix;
    }

    /** The plan, for people: the target, the peak, the journeys, one line per stage, and every warning. */
    public void printPlan(PrintWriter out) {
        out.printf("Load test of %s, shard %s: peak %s rps, think time %s, %s planned%n", target, options.shard(),
                fmt(profile.peakRps()), Durations.format(profile.thinkTime()), Durations.format(planned));
        for (JourneyMix.Entry e : mix.entries()) {
            out.printf(Locale.ROOT, "  journey %-24s %5.1f%%  %2d requests  %s%n", e.name(), e.share() * 100, e.requests(),
                    e.file());
        }
        out.printf("  then up to %s for the customers still on their journeys (the longest typically takes %s)%n",
                Durations.format(grace()), Durations.format(mix.longestRun(profile.thinkTime())));
        mix.warnings().forEach(w -> out.printf("warning: %s%n", w));
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
        Path samplesFile = dir.resolve("journey-samples.json");
        String silent = noAnswer(target, cfg.targetAllowlist());
        if (silent != null) { // only a shop that gives no HTTP answer at all is unreachable
            String refusal = "no answer from the target: " + silent;
            return Result.unreachable(dir, targetReport(refusal), refusal);
        }

        Files.createDirectories(dir);
        Files.deleteIfExists(resultsFile);
        // A grace for the last customers to finish their journeys, then Gatling stops by itself.
        Duration hardStop = planned.plus(grace());
        String shard = options.shard().toString();
        Files.deleteIfExists(samplesFile);
        RunSettings settings = new RunSettings(target, shard, options.closed(), stages, mix.plans(),
                profile.thinkTime(), cfg.slos(), cfg.abort().window(), cfg.abort().after(), hardStop,
                cfg.requestTimeout(), metricsPort, resultsFile.toString(), cfg.allowlist(), samplesFile.toString());
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
                        new Recorder());
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
        extra.put("journeys", mix.entries().stream().map(e -> e.name() + " " + fmt(Math.round(e.share() * 1000) / 10.0) + "%")
                .collect(Collectors.joining(", ")));
        html.ifPresent(h -> extra.put("gatling report", h.toString()));
        List<JourneySample> samples = Files.exists(samplesFile) ? JourneySample.readAll(samplesFile) : List.of();
        Report report = LoadReport.build(title, results, cfg.slos(), extra, mix.plannedRequests(), samples);
        // Stopped by hand is neither a pass nor an SLO breach; stopped by the deadline or an abort is a failed plan.
        Verdict verdict = stopped.filter(STOPPED_BY_SIGNAL::equals).isPresent() ? Verdict.STOPPED
                : report.passed() ? Verdict.PASSED : Verdict.FAILED;
        return new Result(verdict, report, dir, html, stopped.orElse(null));
    }

    /**
     * What a load test came to.
     *
     * @param verdict PASSED when every SLO held, every journey passed at least once and the plan
     *     ran; FAILED on a breach, a refused redirect, an early abort or a journey that never passed;
     *     UNREACHABLE when the shop gave no HTTP answer at all (nothing was sent); STOPPED when the
     *     stop trigger fired
     * @param report the report (for UNREACHABLE, one ERROR case saying why; the command does not write it)
     * @param dir where the results went and the report goes
     * @param gatlingReport Gatling's HTML report, if it wrote one
     * @param reason why it did not run to a plain end (no answer, the stop reason), or null
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

    /** Why {@code target/} gives no HTTP answer at all (through the allowlist), or null if it answers. */
    private static String noAnswer(String target, TargetAllowlist allowlist) {
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(15)).callTimeout(Duration.ofSeconds(30)).maxBodyBytes(64 * 1024).build()) {
            CheckResult r = checker.execute(CheckRequest.builder().url(target + "/").build());
            return r.reachable() || !r.redirects().isEmpty() ? null : target + "/: " + r.failureMessage();
        }
    }

    /** The report of a run that could not start because the target gave no answer: one case. */
    private Report targetReport(String message) {
        return Report.builder("load").title("Headroom load test: " + target).target(target).startedAt(Instant.now())
                .duration(Duration.ZERO)
                .addCase(CheckCase.builder(LoadReport.RUN_SUITE, TARGET_CASE).status(Status.ERROR).message(message).build())
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
