package dev.headroom.cli;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadPlan;
import dev.headroom.load.LoadProfile;
import dev.headroom.load.LoadReport;
import dev.headroom.load.LoadResults;
import dev.headroom.load.LoadTest;
import dev.headroom.load.ModelAdapter;
import dev.headroom.load.StopTrigger;
import dev.headroom.report.Report;
import dev.headroom.report.Verdict;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code headroom load}: parses the options into a {@link LoadTest}, runs it, writes its report and
 * exits with its verdict. The engine validates the plan (allowlist, caps) before anything is sent,
 * forks Gatling and turns what it recorded into report.json, junit.xml and summary.md.
 */
@Command(name = "load", subcommands = LoadCommand.Merge.class, description = {
    "Load-test a storefront at stages of a multiple of its peak (1x, 5x, 10x by default) with Gatling.",
    "Refuses targets outside the allowlist and plans beyond the caps (exit 2) before sending anything.",
    "Exits 0 when every SLO held, 1 when one was breached or the run stopped early on a breach,"
            + " 130 when Ctrl-C or SIGTERM stopped it (what was recorded is reported)."})
final class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the shop (required, unless the --config shop file has a target);"
            + " its host must be in the allowlist.")
    String target;

    @Option(names = "--multiplier", paramLabel = "X", description = "Highest multiple of the peak to drive; the configured stages below it run first. Default: the highest stage (10).")
    Double multiplier;

    @Option(names = "--model", paramLabel = "FILE", description = "Traffic model from `headroom model` (peak, mix, think time); default: the config's profile.")
    Path model;

    @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.PicocliConverter.class,
            description = "Total run time, split evenly between the stages (a quarter of each ramps). Default: the config's ramp + hold per stage.")
    Duration duration;

    @Option(names = "--config", paramLabel = "FILE", description = "load.yaml: allowlist, limits, profile, stages, SLOs, abort; or a shop file"
            + " (headroom.yaml): its load section, target and journeys.")
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
        Configured configured = Configured.from(config);
        String target = this.target != null ? this.target : configured.target();
        if (target == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--target=URL'"
                    + (configured.shopFile() ? " (or 'target' in " + config + ")" : ""));
        }
        LoadConfig cfg = configured.config();
        LoadProfile profile = model == null ? cfg.profile() : ModelAdapter.read(model);
        if (peakRps != null || thinkTime != null) {
            if (peakRps != null && !(peakRps > 0)) {
                throw CliException.usage("--peak-rps: must be greater than 0");
            }
            profile = profile.withPeakRps(peakRps != null ? peakRps : profile.peakRps())
                    .withThinkTime(thinkTime != null ? thinkTime : profile.thinkTime());
        }
        LoadTest test = LoadTest.plan(new LoadTest.Options(cfg, target, profile, multiplier, duration, closed,
                LoadPlan.Shard.parse(shard), metricsPort, out));
        test.printPlan(stdout);
        if (dryRun) {
            stdout.println("Dry run: nothing was sent.");
            stdout.flush();
            return ExitCode.OK;
        }
        LoadTest.Result result;
        try {
            result = test.run(stdout, SIGNALS);
        } catch (LoadTest.InjectorFailed e) {
            throw new CliException(ExitCode.INTERNAL, e.getMessage(), e);
        }
        if (result.verdict() == Verdict.UNREACHABLE) {
            throw CliException.unreachable(result.reason()); // nothing was sent, so nothing is written
        }
        result.write(stdout);
        return ExitCode.of(result.verdict());
    }

    /**
     * What {@code --config} gives: the one place that decides between a shop file's load section (its paths
     * absolute against its folder, its target), a load.yaml of its own (no target), or the defaults.
     */
    record Configured(LoadConfig config, String target, boolean shopFile) {
        static Configured from(Path file) {
            if (file == null) {
                return new Configured(LoadConfig.defaults(), null, false);
            }
            if (ShopFile.isShopFile(file)) {
                ShopFile shop = ShopFile.load(file);
                return new Configured(shop.load(), shop.loadTarget(), true);
            }
            return new Configured(LoadConfig.load(file), null, false);
        }
    }

    /** SIGTERM and Ctrl-C, armed while the injector runs. */
    static final StopTrigger SIGNALS = stop -> StopSignals.install(stop)::close;

    /** {@code headroom load merge}: adds shards' histograms exactly and checks the SLOs on the whole. */
    @Command(name = "merge", description = {
        "Merge the results of several shards (their report.json, results.json or output directories)",
        "and evaluate the SLOs on the whole. Exits 0 when every SLO held, 1 otherwise."})
    static final class Merge implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "report.json, results.json or a shard's --out directory.")
        List<Path> inputs;

        @Option(names = "--config", paramLabel = "FILE", description = "load.yaml (or a shop file) with the SLOs to evaluate.")
        Path config;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "headroom-reports/load-merged", description = "Default: ${DEFAULT-VALUE}.")
        Path out;

        @Override
        public Integer call() throws IOException {
            LoadConfig cfg = Configured.from(config).config();
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
            LoadReport.write(report, out.toAbsolutePath().normalize(), Optional.empty(), stdout);
            return report.passed() ? ExitCode.OK : ExitCode.CHECKS_FAILED;
        }
    }
}
