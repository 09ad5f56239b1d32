package dev.headroom.cli;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import okhttp3.HttpUrl;
import dev.headroom.http.Redactor;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.FailureRecord;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.Recheck;
import dev.headroom.journey.RunOptions;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code headroom recheck FAILURE_JSON}: did the fix fix what the customer saw? */
@Command(
        name = "recheck",
        mixinStandardHelpOptions = true,
        description = {
            "Replay a failed journey from the failure.json it left behind (same journey, target and variable values;"
                    + " secrets from the environment again), several times in a row, and say whether the step that failed"
                    + " passes now.",
            "Exit codes: 0 fixed (every replay passed), 1 still failing, 2 unreadable failure.json or journey,"
                    + " 3 the target did not answer at all."})
final class RecheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FAILURE_JSON", description = "The failure.json of the failed run, e.g. headroom-reports/journey/checkout/failure.json;"
            + " or a failed gate's report.json: its failed checks are rerun and each is said fixed or still failing.")
    Path failureFile;

    @Option(names = "--times", defaultValue = "3", description = "Replays that must pass in a row (1-20). Default: ${DEFAULT-VALUE}.")
    int times;

    @Option(names = "--interval", defaultValue = "5s", converter = Durations.PicocliConverter.class,
            description = "Pause between replays. Default: ${DEFAULT-VALUE}.")
    Duration interval;

    @Option(names = "--target", paramLabel = "URL", description = "Replay against this URL instead of the recorded one.")
    String target;

    @Option(names = "--journey", paramLabel = "FILE", description = "The journey file, if it moved since the failure.")
    Path journeyFile;

    @Option(names = "--env-file", paramLabel = "FILE", description = "NAME=value lines for the journey's secrets; the process environment wins.")
    Path envFile;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "Replay with this value of a variable the journey declares instead of the failed run's (repeatable)."
                    + " Secrets cannot be set this way.")
    List<String> vars = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Where the reports go. Default: a 'recheck' folder beside the failure.json.")
    Path out;

    @Option(names = "--config", paramLabel = "FILE", description = "For a gate's report.json: the shop file, if not the one it recorded.")
    Path config;

    @Option(names = "--allow", paramLabel = "HOST",
            description = "Another host the replay may reach (repeatable). Loopback and the target's host always may.")
    List<String> allow = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (times < 1 || times > 20) {
            throw CliException.usage("--times: must be 1 to 20, got " + times);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (dev.headroom.gate.GateRecheck.isGateReport(failureFile)) {
            return GateCommand.recheck(failureFile, config, target, out, stdout);
        }
        Map<String, String> overrides = JourneyCommand.parseVars(vars, spec.commandLine());
        FailureRecord before = FailureRecord.read(failureFile);
        Path journeyPath = locateJourney(before);
        Journey journey = JourneyLoader.load(journeyPath);
        Recheck.Inputs inputs = Recheck.replayInputs(before, journey, overrides);
        Map<String, String> env = new LinkedHashMap<>();
        if (envFile != null) {
            env.putAll(EnvFile.read(envFile));
        }
        env.putAll(System.getenv());
        String url = target != null ? target : before.target();
        Path outDir = out != null ? out : failureFile.toAbsolutePath().getParent().resolve("recheck");

        stdout.printf("Rechecking '%s' against %s: it failed at step '%s' (%s%s) at %s; %d replay(s) must pass in a row%n",
                before.journey(), url, before.failedStep().name(), before.failedStep().status(),
                before.failedStep().responseStatus() > 0 ? ", HTTP " + before.failedStep().responseStatus() : "", before.failedAt(), times);
        if (!inputs.variables().isEmpty()) {
            List<String> shown = new ArrayList<>();
            inputs.variables().forEach((k, v) -> shown.add(k + "=" + Redactor.defaults().redact(v)));
            stdout.printf("  with %s%n", String.join(", ", shown));
        }
        inputs.notes().forEach(n -> stdout.printf("  note: %s%n", n));
        stdout.flush();
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        TargetAllowlist allowlist;
        try {
            allowlist = TargetAllowlist.forTargets(HttpUrl.parse(url) == null ? List.of() : List.of(url), allow);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--allow: " + e.getMessage());
        }
        try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).build()) {
            RunOptions options = RunOptions.target(url).withVariables(inputs.variables()).withEnv(env);
            List<Recheck.Attempt> attempts = Recheck.replay(journey, new JourneyRunner(checker), options, times, interval, a -> {
                stdout.printf("  replay %d: %-7s step '%s': %s%s%n", a.number(), a.result().status(), before.failedStep().name(), a.describeStep(before),
                        a.result().firstFailure().map(f -> "; failed at '" + f.name() + "': " + f.message()).orElse(""));
                stdout.flush();
            });
            Report report = Recheck.toReport(before, attempts, times, startedAt, Duration.ofNanos(System.nanoTime() - t0));
            List<Path> written = ReportWriter.write(report, outDir, EnumSet.allOf(Format.class));
            boolean fixed = Recheck.fixed(attempts, times);
            stdout.printf("%n%s%n", report.summary().get("verdict"));
            stdout.printf("Reports:%n");
            written.forEach(p -> stdout.printf("  %s%n", p));
            stdout.flush();
            if (attempts.stream().allMatch(a -> a.result().unreachable())) {
                return ExitCode.UNREACHABLE;
            }
            return fixed ? ExitCode.OK : ExitCode.CHECKS_FAILED;
        }
    }

    /** The recorded journey path as given, else beside the failure.json; --journey wins. */
    private Path locateJourney(FailureRecord before) {
        if (journeyFile != null) {
            return journeyFile;
        }
        Path recorded = Path.of(before.journeyFile());
        if (Files.exists(recorded)) {
            return recorded;
        }
        Path beside = failureFile.toAbsolutePath().getParent().resolve(recorded.getFileName());
        if (Files.exists(beside)) {
            return beside;
        }
        throw new ConfigException(failureFile + ": field 'journeyFile': " + before.journeyFile()
                + " no longer exists (give the journey with --journey FILE)");
    }
}
