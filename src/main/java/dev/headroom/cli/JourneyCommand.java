package dev.headroom.cli;

import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.FailureRecord;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code headroom journey ...}: customer journeys as code (see {@code monitors/}). */
@Command(
        name = "journey",
        mixinStandardHelpOptions = true,
        description = "Run customer journeys (YAML in monitors/) against a storefront.",
        subcommands = {JourneyCommand.RunCommand.class})
final class JourneyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'headroom journey run FILE --target URL'");
    }

    /** {@code --var NAME=VALUE} options as a map (the runner checks the names against the journey). */
    static Map<String, String> parseVars(List<String> vars, CommandLine cmd) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cmd, "--var wants NAME=VALUE, got '" + v + "'");
            }
            out.put(v.substring(0, eq).strip(), v.substring(eq + 1));
        }
        return out;
    }

    /** {@code headroom journey run FILE --target URL}: runs a journey once, step by step. */
    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run a journey once against a target, printing each step as it ends, and write report.json, junit.xml"
                        + " and summary.md (plus failure.json when a step failed).",
                "Exit codes: 0 every step passed (degraded steps included), 1 a step failed, 2 invalid file or options,"
                        + " 3 the target could not be reached at all."})
    static final class RunCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The journey file, e.g. monitors/checkout.yaml.")
        Path file;

        @Option(names = "--target", required = true, paramLabel = "URL",
                description = "Base URL of the storefront; relative step URLs resolve against it.")
        String target;

        @Option(names = "--var", paramLabel = "NAME=VALUE",
                description = "Set a variable the journey declares (repeatable). Secrets cannot be set this way.")
        List<String> vars = new ArrayList<>();

        @Option(names = "--env-file", paramLabel = "FILE",
                description = "Read NAME=value lines into the environment the journey sees (for its secrets);"
                        + " variables already in the process environment win.")
        Path envFile;

        @Option(names = "--out", paramLabel = "DIR",
                description = "Where the reports go. Default: headroom-reports/journey/<journey name>.")
        Path out;

        @Option(names = "--allow", paramLabel = "HOST",
                description = "Another host the journey may reach (repeatable; a name, an IP or *.domain). Loopback"
                        + " and the target's host are always allowed; a redirect, link or step URL to any other"
                        + " host fails its step unsent.")
        List<String> allow = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            PrintWriter stdout = spec.commandLine().getOut();
            Map<String, String> overrides = parseVars(vars, spec.commandLine());
            Map<String, String> env = new LinkedHashMap<>();
            if (envFile != null) {
                env.putAll(EnvFile.read(envFile));
            }
            env.putAll(System.getenv());
            Journey journey = JourneyLoader.load(file);
            Path outDir = out != null ? out : Path.of("headroom-reports", "journey", ReportWriter.folderName(journey.name(), "journey"));

            TargetAllowlist allowlist;
            try {
                // A malformed --target is the runner's to report, with the other input problems.
                allowlist = TargetAllowlist.forTargets(HttpUrl.parse(target) == null ? List.of() : List.of(target), allow);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--allow: " + e.getMessage());
            }
            try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).build()) {
                JourneyRunner runner = new JourneyRunner(checker);
                RunOptions options = RunOptions.target(target).withVariables(overrides).withEnv(env)
                        .withListener(step -> printStep(stdout, step));
                stdout.printf("Journey '%s' (%s) against %s: %d steps%n", journey.name(), file, target, journey.steps().size());
                stdout.flush();
                JourneyResult result = runner.run(journey, options);

                List<Path> written = new ArrayList<>(ReportWriter.write(result.toReport(), outDir,
                        EnumSet.allOf(Format.class), result.redactor()));
                Path failureFile = outDir.resolve(FailureRecord.FILE_NAME);
                Optional<FailureRecord> failure = result.failureRecord();
                if (failure.isPresent()) {
                    written.add(failure.get().write(failureFile, result.redactor()));
                } else {
                    Files.deleteIfExists(failureFile); // a stale record from an earlier run would mislead a recheck
                }

                stdout.printf("%n%s in %d ms%s%n", result.status(), result.duration().toMillis(), counts(result));
                failure.ifPresent(f -> printFailure(stdout, f.failedStep(), result));
                stdout.printf("Reports:%n");
                written.forEach(p -> stdout.printf("  %s%n", p));
                stdout.flush();
                if (result.verdict() == Verdict.UNREACHABLE) {
                    stdout.printf("The target did not answer the first request at all: is %s up?%n", result.target());
                    stdout.flush();
                }
                return ExitCode.of(result.verdict());
            }
        }


        private static void printStep(PrintWriter out, StepResult s) {
            String detail;
            if (s.status() == Status.SKIPPED) {
                detail = s.message();
            } else if (s.sentRequest()) {
                detail = s.request() + " -> " + (s.responseStatus() == 0 ? "no response" : s.responseStatus())
                        + (s.message().isEmpty() ? "" : "  " + s.message());
            } else {
                detail = s.message();
            }
            out.printf("  %-9s %-44s %8s  %s%n", s.status(), s.name() + (s.always() ? " (always)" : ""),
                    s.status() == Status.SKIPPED ? "" : s.duration().toMillis() + " ms", detail);
            out.flush();
        }

        private static void printFailure(PrintWriter out, StepResult f, JourneyResult result) {
            out.printf("%nFailed at step '%s' (%d of %d):%n", f.name(), f.index() + 1, result.steps().size());
            if (f.sentRequest()) {
                out.printf("  request:  %s%n", f.request());
                if (f.finalUrl() != null && !f.finalUrl().equals(f.url())) {
                    out.printf("  ended at: %s%n", f.finalUrl());
                }
                out.printf("  response: %s%n", f.responseStatus() == 0
                        ? "none (" + f.failure().label() + ")" : f.responseStatus());
            }
            out.printf("  problem:  %s%n", f.message());
            if (!f.bodyExcerpt().isEmpty()) {
                out.printf("  body:     %s%n", f.bodyExcerpt().replaceAll("\\s+", " "));
            }
        }

        private static String counts(JourneyResult r) {
            Map<Status, Integer> n = new LinkedHashMap<>();
            r.steps().forEach(s -> n.merge(s.status(), 1, Integer::sum));
            StringBuilder sb = new StringBuilder();
            n.forEach((status, count) -> sb.append(sb.length() == 0 ? ": " : ", ").append(count).append(' ')
                    .append(status.name().toLowerCase(Locale.ROOT)));
            return sb.toString();
        }
    }
}
