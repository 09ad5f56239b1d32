package dev.headroom.cli;

import dev.headroom.slo.SloGenerator;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            List<SloGenerator.GeneratedFile> files = SloGenerator.generate(specs, out);
            Path dir = Path.of(out);
            if (check) {
                List<String> differences = SloGenerator.differences(files, dir);
                if (differences.isEmpty()) {
                    stdout.printf("%s is up to date (%d files)%n", out, files.size());
                    stdout.flush();
                    return ExitCode.OK;
                }
                stderr.printf("headroom: %s is out of date: %d of %d files differ%n", out, differences.size(), files.size());
                differences.forEach(d -> stderr.println("  " + d));
                stderr.printf("headroom: run %s to update%n", command());
                stderr.flush();
                return ExitCode.CHECKS_FAILED;
            }
            try {
                SloGenerator.write(files, dir);
            } catch (UncheckedIOException e) {
                throw CliException.usage(e.getMessage());
            }
            files.forEach(f -> stdout.println("wrote " + dir.resolve(f.name())));
            stdout.flush();
            return ExitCode.OK;
        }

        private String command() {
            StringBuilder sb = new StringBuilder("./headroom slo generate");
            specs.forEach(s -> sb.append(" --spec ").append(s));
            return sb.append(" --out ").append(out).toString();
        }
    }
}
