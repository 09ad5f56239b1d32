package dev.headroom.cli;

import dev.headroom.slo.SloGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code headroom slo}: service level objectives as Prometheus rules. */
@Command(
        name = "slo",
        mixinStandardHelpOptions = true,
        description = "Service level objectives: Prometheus rules from Sloth, OpenSLO or Headroom specs.",
        subcommands = {SloCommand.Generate.class})
final class SloCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (generate)");
    }

    /** {@code headroom slo generate --spec FILE... --out DIR [--check]}. */
    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = {
                "Write Prometheus recording and alert rules in Sloth's series and labels (so Sloth's Grafana dashboards"
                        + " work), and promtool tests of them, from SLO specs: Sloth (version: prometheus/v1), OpenSLO"
                        + " (apiVersion: openslo/v1) or Headroom's form (version: headroom/v1). Per spec FILE: DIR/<name>-slos.yml"
                        + " and DIR/<name>-slos.test.yml.",
                "Exit codes: 0 written (or, with --check, up to date), 1 --check found DIR out of date, 2 a bad spec or"
                        + " option (every problem with its file, line and field)."})
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--spec", paramLabel = "FILE", required = true, arity = "1..*",
                description = "An SLO spec file (repeatable; one file may hold several YAML documents).")
        List<Path> specs = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where the rule files go.")
        String out;

        @Option(names = "--check", description = "Write nothing; exit 1 with a summary of what differs if DIR is not what"
                + " would be written (for CI).")
        boolean check;

        @Override
        public Integer call() {
            return GeneratedOutput.writeOrCheck(spec, SloGenerator.generate(specs, out), out, check, command());
        }

        private String command() {
            StringBuilder sb = new StringBuilder("./headroom slo generate");
            specs.forEach(s -> sb.append(" --spec ").append(s));
            return sb.append(" --out ").append(out).toString();
        }
    }
}
