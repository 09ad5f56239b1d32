package dev.headroom.cli;

import dev.headroom.dashboards.DashboardGenerator;
import dev.headroom.dashboards.DashboardInputs;
import dev.headroom.monitor.MonitorPlan;
import dev.headroom.shop.ShopFile;
import dev.headroom.slo.Slo;
import dev.headroom.slo.SloSpecs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code headroom dashboards}: Grafana dashboards for a shop's monitor and SLOs. */
@Command(
        name = "dashboards",
        mixinStandardHelpOptions = true,
        description = "Grafana dashboards generated from a shop's monitor checks and SLO specs.",
        subcommands = {DashboardsCommand.Generate.class})
final class DashboardsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (generate)");
    }

    /** {@code headroom dashboards generate (--monitor FILE | --config FILE) [--slo-spec FILE...] --out DIR [--check]}. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = {
                "Write Grafana dashboards (JSON, stable uids <shop>-<dashboard>, a datasource variable): <shop>-slos.json"
                        + " (each SLO's error budget left and burn rate, from the rules of ./headroom slo generate),"
                        + " <shop>-journeys.json (each journey step by step, the probes), <shop>-crawl.json (crawl"
                        + " health) and <shop>-load.json (the live load test).",
                "Exit codes: 0 written (or, with --check, up to date), 1 --check found DIR out of date, 2 a bad file or"
                        + " option."})
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--monitor", paramLabel = "FILE", description = "A monitor.yaml: its checks.")
            Path monitor;

            @Option(names = "--config", paramLabel = "FILE", description = "A shop file (headroom.yaml): its monitor's"
                    + " checks and its name.")
            Path config;
        }

        @Option(names = "--slo-spec", paramLabel = "FILE", arity = "1..*",
                description = "An SLO spec, as ./headroom slo generate --spec reads it (repeatable).")
        List<Path> sloSpecs = new ArrayList<>();

        @Option(names = "--shop", paramLabel = "NAME", description = "The shop's name in uids and titles (default: the"
                + " shop file's shop, else \"shop\").")
        String shop;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the dashboards go.")
        String out;

        @Option(names = "--check", description = "Write nothing; exit 1 with a summary of what differs if DIR is not what"
                + " would be written (for CI).")
        boolean check;

        @Override
        public Integer call() {
            return GeneratedOutput.writeOrCheck(spec, DashboardGenerator.generate(inputs()), out, check, command());
        }

        private DashboardInputs inputs() {
            List<Slo> slos = new ArrayList<>();
            sloSpecs.forEach(s -> slos.addAll(SloSpecs.read(s)));
            if (source.config != null) {
                ShopFile shopFile = ShopFile.load(source.config);
                MonitorPlan plan = shopFile.monitorPlan(null, System.getenv());
                return DashboardInputs.of(shop != null ? shop : shopFile.shop(), plan, slos);
            }
            MonitorPlan plan = MonitorPlan.load(source.monitor, null, System.getenv());
            return DashboardInputs.of(shop != null ? shop : "shop", plan, slos);
        }

        private String command() {
            StringBuilder sb = new StringBuilder("./headroom dashboards generate");
            sb.append(source.config != null ? " --config " + source.config : " --monitor " + source.monitor);
            sloSpecs.forEach(s -> sb.append(" --slo-spec ").append(s));
            if (shop != null) {
                sb.append(" --shop ").append(shop);
            }
            return sb.append(" --out ").append(out).toString();
        }
    }
}
