package dev.headroom.cli;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import dev.headroom.load.Catalogue;
import dev.headroom.load.GatlingLauncher;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadPlan;
import dev.headroom.load.LoadProfile;
import dev.headroom.load.LoadReport;
import dev.headroom.load.LoadResults;
import dev.headroom.load.ModelAdapter;
import dev.headroom.load.RunSettings;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headroom load}: validates the plan (allowlist, caps) before anything is sent, forks Gatling
 * with the storefront simulation, then turns the recorder's results into report.json, junit.xml
 * (one test case per SLO) and summary.md next to Gatling's HTML report.
 */
@Command(name = "load", subcommands = LoadCommand.Merge.class, description = {
    "Load-test a storefront at stages of a multiple of its peak (1x, 5x, 10x by default) with Gatling.",
    "Refuses targets outside the allowlist and plans beyond the caps (exit 2) before sending anything.",
    "Exits 0 when every SLO held, 1 when one was breached or the run stopped early on a breach,"
            + " 130 when Ctrl-C or SIGTERM stopped it (what was recorded is reported)."})
final class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the shop (required); its host must be in the allowlist.")
    String target;

    @Option(names = "--multiplier", paramLabel = "X", description = "Highest multiple of the peak to drive; the configured stages below it run first. Default: the highest stage (10).")
    Double multiplier;

    @Option(names = "--model", paramLabel = "FILE", description = "Traffic model from `headroom model` (peak, mix, think time); default: the config's profile.")
    Path model;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.PicocliConverter.class,
            description = "Total run time, split evenly between the stages (a quarter of each ramps). Default: the config's ramp + hold per stage.")
    Duration duration;

    @Option(names = "--config", paramLabel = "FILE", description = "load.yaml: allowlist, limits, profile, stages, SLOs, abort.")
    Path config;

    @Option(names = "--shard", paramLabel = "i/N", defaultValue = "1/1", description = "Run shard i of N, driving 1/N of the rate. Default: ${DEFAULT-VALUE}.")
    String shard;

    @Option(names = "--closed", description = "Closed model: a fixed number of concurrent customers per stage instead of an arrival rate.")
    boolean closed;

    @Option(names = "--peak-rps", paramLabel = "RPS", description = "Override the profile's peak request rate.")
    Double peakRps;

    @Option(names = "--think-time", paramLabel = "DURATION", converter = Durations.PicocliConverter.class,
            description = "Override the profile's think time.")
    Duration thinkTime;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Live Prometheus metrics port on 127.0.0.1 (0: any free port, -1: off). Default: the config's (0).")
    Integer metricsPort;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "headroom-reports/load", description = "Where results and reports go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--dry-run", description = "Validate and print the plan; send nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (target == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--target=URL'");
        }
        LoadConfig cfg = config == null ? LoadConfig.defaults() : LoadConfig.load(config);
        String url = checkTarget(target, cfg);
        LoadProfile profile = model == null ? cfg.profile() : ModelAdapter.read(model);
        if (peakRps != null || thinkTime != null) {
            if (peakRps != null && !(peakRps > 0)) {
                throw CliException.usage("--peak-rps: must be greater than 0");
            }
            profile = new LoadProfile(peakRps != null ? peakRps : profile.peakRps(), profile.mix(),
                    thinkTime != null ? thinkTime : profile.thinkTime());
        }
        LoadPlan.Shard sh = LoadPlan.Shard.parse(shard);
        List<RunSettings.Stage> stages = LoadPlan.stages(cfg, profile, multiplier, duration, closed, sh);
        int port = metricsPort != null ? metricsPort : cfg.metricsPort();
        if (port < -1 || port > 65535) {
            throw CliException.usage("--metrics-port: must be a port, 0 (any) or -1 (off)");
        }
        Path dir = out.toAbsolutePath().normalize();
        Duration planned = stages.stream().map(RunSettings.Stage::length).reduce(Duration.ZERO, Duration::plus);
        printPlan(stdout, url, profile, stages, planned, sh);
        if (dryRun) {
            stdout.println("Dry run: nothing was sent.");
            stdout.flush();
            return ExitCode.OK;
        }

        List<String> why = new ArrayList<>();
        String classpath = GatlingLauncher.classpath(why)
                .orElseThrow(() -> new CliException(ExitCode.INTERNAL, String.join("; ", why)));

        Path resultsFile = dir.resolve("results.json");
        CatalogueRead read = readCatalogue(stdout, url, cfg, profile);
        if (read.problem() != null) {
            Files.createDirectories(dir);
            Files.deleteIfExists(resultsFile);
            return finish(stdout, catalogueReport(url, read.problem()), dir, Optional.empty());
        }
        Catalogue catalogue = read.catalogue();

        Files.createDirectories(dir);
        Files.deleteIfExists(resultsFile);
        // A grace of 1/10 of the plan (at least 5 s) for the last journeys, then Gatling stops by itself.
        Duration hardStop = planned.plus(max(planned.dividedBy(10), Duration.ofSeconds(5)));
        RunSettings settings = new RunSettings(url, sh.toString(), closed, stages, profile.normalisedMix(),
                profile.thinkTime(), cfg.slos(), cfg.abort().window(), cfg.abort().after(), hardStop,
                cfg.requestTimeout(), port, resultsFile.toString(), catalogue.productIds(), catalogue.categories(),
                Catalogue.SEARCH_TERMS, cfg.allowlist());
        Path settingsFile = dir.resolve("run.json");
        settings.write(settingsFile);

        Path gatlingDir = dir.resolve("gatling");
        stdout.printf("Starting Gatling (a separate JVM); its console statistics follow. Ctrl-C or SIGTERM stops it.%n");
        stdout.flush();
        int code;
        Optional<String> stopped;
        try (GatlingLauncher.Injector injector = GatlingLauncher.Injector.start(GatlingLauncher.command(classpath,
                    settingsFile, gatlingDir, "headroom load " + sh), stdout);
             StopSignals signals = StopSignals.install(() -> injector.stop(STOPPED_BY_SIGNAL))) {
            code = injector.await(hardStop.plus(Duration.ofSeconds(90)));
            stopped = injector.stopReason();
        }
        stopped.ifPresent(reason -> {
            stdout.printf("headroom: %s; the injector has exited%n", reason);
            stdout.flush();
        });
        if (!Files.exists(resultsFile)) {
            if (stopped.isPresent()) {
                LoadResults none = LoadResults.of(url, sh.toString(), System.currentTimeMillis(), System.currentTimeMillis(),
                        stopped.get() + "; the injector wrote no results", Map.of());
                finish(stdout, LoadReport.build("Headroom load test: " + url, none, cfg.slos(), Map.of()), dir,
                        Optional.empty());
                return ExitCode.STOPPED;
            }
            throw new CliException(ExitCode.INTERNAL, "the injector ended (exit " + code + ") without writing "
                    + resultsFile + "; see its output above");
        }
        LoadResults results = LoadResults.read(resultsFile);
        if (stopped.isPresent()) {
            results = results.stopped(stopped.get());
            results.write(resultsFile);
        }
        printFailures(stdout, results);
        Optional<Path> html = GatlingLauncher.htmlReport(gatlingDir);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("stages", stages.stream().map(s -> fmt(s.multiplier()) + "x").collect(Collectors.joining(", ")));
        extra.put("peak rps (1x)", profile.peakRps());
        extra.put("model", closed ? "closed" : "open");
        extra.put("catalogue", catalogue.productIds().size() + " products, " + catalogue.categories().size() + " categories");
        html.ifPresent(h -> extra.put("gatling report", h.toString()));
        Report report = LoadReport.build("Headroom load test: " + url, results, cfg.slos(), extra);
        int exit = finish(stdout, report, dir, html);
        // Stopped by hand is neither a pass nor an SLO breach: the same code as every other command.
        return stopped.filter(STOPPED_BY_SIGNAL::equals).isPresent() ? ExitCode.STOPPED : exit;
    }

    /** The reason results carry when SIGTERM or Ctrl-C stopped the run. */
    static final String STOPPED_BY_SIGNAL = "stopped by a signal (SIGTERM or Ctrl-C) before the end of the plan";

    /** The catalogue to feed the simulation, or why there is none although the shop answered. */
    private record CatalogueRead(Catalogue catalogue, String problem) {
    }

    /**
     * Reads the catalogue from the target's sitemap and prints what it found and every warning. A
     * shop that answered without a usable sitemap is a failed check (exit 1, with a report saying
     * why); only a shop that did not answer at all is unreachable (exit 3).
     */
    private static CatalogueRead readCatalogue(PrintWriter stdout, String url, LoadConfig cfg, LoadProfile profile) {
        Catalogue.Fetched fetched = Catalogue.fetch(url, cfg.targetAllowlist());
        String problem;
        Catalogue catalogue = null;
        if (fetched instanceof Catalogue.NotRead notRead) {
            if (!notRead.answered()) {
                throw CliException.unreachable("cannot read the catalogue: " + notRead.message());
            }
            problem = "cannot read the catalogue: " + notRead.message();
        } else {
            Catalogue.Sitemap sitemap = ((Catalogue.Found) fetched).sitemap();
            sitemap.warnings().forEach(w -> stdout.printf("warning: %s/sitemap.xml: %s%n", url, w));
            stdout.printf("Catalogue from the sitemap: %d products, %d categories (%d URLs read, %d skipped)%n",
                    sitemap.catalogue().productIds().size(), sitemap.catalogue().categories().size(), sitemap.urls(),
                    sitemap.skipped());
            problem = sitemap.unusable(profile.normalisedMix().getOrDefault("browse", 0.0) > 0);
            catalogue = sitemap.catalogue();
        }
        if (problem != null) {
            stdout.printf("warning: %s; nothing was load-tested%n", problem);
        }
        stdout.flush();
        return new CatalogueRead(catalogue, problem);
    }

    /** The report of a run that could not start because the shop gave no usable catalogue: one failed case. */
    private static Report catalogueReport(String url, String why) {
        return Report.builder("load").title("Headroom load test: " + url).target(url).startedAt(java.time.Instant.now())
                .duration(Duration.ZERO)
                .addCase(CheckCase.builder(LoadReport.RUN_SUITE, "catalogue from the sitemap").status(Status.FAILED)
                        .message(why + "; nothing was load-tested").build())
                .summary("requests", 0)
                .summary("failed", 0)
                .build();
    }

    /** The failures Headroom can name, one line per group and message, after the run. */
    private static void printFailures(PrintWriter stdout, LoadResults results) {
        if (results.failures().isEmpty()) {
            return;
        }
        stdout.printf("Failed requests Headroom can name:%n");
        results.failures().forEach(f -> stdout.printf("  %6d  %-10s %s%n", f.count(), f.group(), f.message()));
        stdout.flush();
    }

    static Integer finish(PrintWriter stdout, Report report, Path dir, Optional<Path> html) throws IOException {
        List<Path> written = ReportWriter.write(report, dir, EnumSet.allOf(Format.class));
        stdout.printf("%n%s: %s requests, %s failed%n", report.passed() ? "PASSED" : "FAILED",
                report.summary().get("requests"), report.summary().get("failed"));
        report.cases().forEach(c -> stdout.printf("  %-8s %-40s %s%n", c.status(), c.name(), c.message()));
        stdout.println("Results:");
        written.forEach(p -> stdout.printf("  %s%n", p));
        html.ifPresent(h -> stdout.printf("  %s (Gatling's HTML report)%n", h));
        stdout.flush();
        return report.passed() ? ExitCode.OK : ExitCode.CHECKS_FAILED;
    }

    /** Parses the URL and checks its host against the config's allowlist; exit 2 otherwise. */
    static String checkTarget(String target, LoadConfig cfg) {
        HttpUrl url = HttpUrl.parse(target);
        if (url == null) {
            throw CliException.usage("--target: not an http(s) URL: '" + target + "'");
        }
        if (!cfg.targetAllowlist().isAllowed(url)) {
            throw CliException.usage("--target: refusing to load-test host '" + url.host()
                    + "': it is not in the allowlist " + cfg.allowlist() + " (field 'allowlist' of the config file)");
        }
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void printPlan(PrintWriter out, String url, LoadProfile profile, List<RunSettings.Stage> stages,
            Duration planned, LoadPlan.Shard shard) {
        out.printf("Load test of %s, shard %s: peak %s rps, think time %s, %s planned%n", url, shard,
                fmt(profile.peakRps()), Durations.format(profile.thinkTime()), Durations.format(planned));
        for (RunSettings.Stage s : stages) {
            out.printf(Locale.ROOT, "  stage %5sx: %8.2f rps (%.2f journeys/s, %d users closed), ramp %s, hold %s%n",
                    fmt(s.multiplier()), s.rps(), s.usersPerSec(), s.users(), Durations.format(s.ramp()),
                    Durations.format(s.hold()));
        }
        out.flush();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** {@code headroom load merge}: adds shards' histograms exactly and checks the SLOs on the whole. */
    @Command(name = "merge", description = {
        "Merge the results of several shards (their report.json, results.json or output directories)",
        "and evaluate the SLOs on the whole. Exits 0 when every SLO held, 1 otherwise."})
    static final class Merge implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "report.json, results.json or a shard's --out directory.")
        List<Path> inputs;

        @Option(names = "--config", paramLabel = "FILE", description = "load.yaml with the SLOs to evaluate.")
        Path config;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "headroom-reports/load-merged", description = "Default: ${DEFAULT-VALUE}.")
        Path out;

        @Override
        public Integer call() throws IOException {
            LoadConfig cfg = config == null ? LoadConfig.defaults() : LoadConfig.load(config);
            List<LoadResults> parts = new ArrayList<>();
            for (Path p : inputs) {
                try {
                    parts.add(LoadResults.read(p));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigException(p + ": cannot read load results: " + e.getMessage());
                }
            }
            LoadResults merged = LoadResults.merge(parts);
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf("Merged %d result file(s): shards %s%n", parts.size(), String.join(", ", merged.shards()));
            Report report = LoadReport.build("Headroom load test (merged): " + merged.target(), merged, cfg.slos(),
                    Map.of("merged files", parts.size()));
            return finish(stdout, report, out.toAbsolutePath().normalize(), Optional.empty());
        }
    }
}
