package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.failover.Drill;
import dev.headroom.failover.DrillPlan;
import dev.headroom.failover.DrillResult;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Verdict;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code headroom failover ...}: failover drills behind a load balancer. */
@Command(
        name = "failover",
        mixinStandardHelpOptions = true,
        description = "Failover drills: take one origin behind the storefront's load balancer down and measure what customers saw.",
        subcommands = {FailoverCommand.DrillCommand.class})
final class FailoverCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: try 'headroom failover drill --front URL --origin a=URL --down CMD --up CMD'");
    }

    /** {@code headroom failover drill}: steady traffic through the front door while an origin goes down and comes back. */
    @Command(
            name = "drill",
            mixinStandardHelpOptions = true,
            description = {
                "Send steady customer traffic through the front door (the load balancer), run --down to take an origin"
                        + " away, then --up to bring it back, probing every origin directly all along. Reports what"
                        + " customers saw in each phase (failed requests, latency), when each origin was seen down and"
                        + " back, and a timeline chart: report.json, junit.xml, summary.md, timeline.html.",
                "Refuses to start when an origin is already down (the drill could take the shop offline) or the front"
                        + " door does not answer.",
                "The commands run with sh -c in a session of their own, with no terminal and stdin from /dev/null;"
                        + " their output goes to down.stdout.log, down.stderr.log, up.stdout.log and up.stderr.log in"
                        + " --out (8 MiB each at most).",
                "Exit codes: 0 passed, 1 customers saw more than --max-errors failures (or slower than --max-latency),"
                        + " the down command failed, or nothing went down; 2 invalid options or a host outside the allowlist;"
                        + " 3 the front door did not answer before the drill; 5 the drill left an origin down: the up command"
                        + " failed or an origin still failed its probes at the end (the console says which, and what to run)."})
    static final class DrillCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--front", paramLabel = "URL", description = "The storefront's front door (the load balancer);"
                + " required unless --config gives it.")
        String front;

        @Option(names = "--config", paramLabel = "FILE", description = "A shop file (headroom.yaml): the front door, the"
                + " origins and their health path from its origins section, its allowlist; the command line wins.")
        Path config;

        @Option(names = "--origin", paramLabel = "NAME=URL",
                description = "An origin behind the front door, probed directly (repeatable), e.g. a=http://10.0.0.11:8080.")
        List<String> origins = new ArrayList<>();

        @Option(names = "--down", required = true, paramLabel = "COMMAND",
                description = "Shell command that takes one origin down, e.g. 'systemctl stop shop@a' or"
                        + " './headroom storefront fault set hard-down --admin URL'.")
        String down;

        @Option(names = "--up", paramLabel = "COMMAND", description = "Shell command that brings it back.")
        String up;

        @Option(names = "--path", paramLabel = "PATH", description = "Page customers visit, in turn (repeatable). Default: /.")
        List<String> paths = new ArrayList<>();

        @Option(names = "--rate", defaultValue = "20", description = "Customer requests a second (1-500). Default: ${DEFAULT-VALUE}.")
        int rate;

        @Option(names = "--before", defaultValue = "10s", converter = Durations.PicocliConverter.class,
                description = "Traffic before the down command (the baseline). Default: ${DEFAULT-VALUE}.")
        Duration before;

        @Option(names = "--during", defaultValue = "30s", converter = Durations.PicocliConverter.class,
                description = "Traffic while the origin is down. Default: ${DEFAULT-VALUE}.")
        Duration during;

        @Option(names = "--after", defaultValue = "20s", converter = Durations.PicocliConverter.class,
                description = "Traffic after the up command (the recovery). Default: ${DEFAULT-VALUE}.")
        Duration after;

        @Option(names = "--probe-path", description = "What each origin is probed on. Default: the shop file's"
                + " origins.healthPath, else /health.")
        String probePath;

        @Option(names = "--probe-every", defaultValue = "500ms", converter = Durations.PicocliConverter.class,
                description = "How often each origin is probed. Default: ${DEFAULT-VALUE}.")
        Duration probeEvery;

        @Option(names = "--timeout", defaultValue = "10s", converter = Durations.PicocliConverter.class,
                description = "A customer request that takes longer has failed. Default: ${DEFAULT-VALUE}.")
        Duration timeout;

        @Option(names = "--command-timeout", defaultValue = "60s", converter = Durations.PicocliConverter.class,
                description = "The down and up commands are killed after this, with every process they started."
                        + " Default: ${DEFAULT-VALUE}.")
        Duration commandTimeout;

        @Option(names = "--max-errors", defaultValue = "0",
                description = "Failed customer requests the drill may cost and still pass. Default: ${DEFAULT-VALUE}.")
        int maxErrors;

        @Option(names = "--max-latency", converter = Durations.PicocliConverter.class, paramLabel = "DURATION",
                description = "Slowest customer request allowed while the origin is down. Default: not judged.")
        Duration maxLatency;

        @Option(names = "--allow", paramLabel = "HOST",
                description = "Allow this host besides loopback (repeatable; '*.example.com' for subdomains).")
        List<String> allow = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR",
                description = "Where the reports and the commands' output go. Default: headroom-reports/failover.")
        Path out = Path.of("headroom-reports", "failover");

        @Override
        public Integer call() throws IOException, InterruptedException {
            PrintWriter stdout = spec.commandLine().getOut();
            ShopFile shop = shopFile();
            ShopFile.Origins fromShop = shop == null ? null : shop.origins();
            String frontUrl = front != null ? front : fromShop != null ? fromShop.entry() : null;
            if (frontUrl == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--front=URL'"
                        + (shop != null ? " (or origins.entry or target in " + config + ")" : ""));
            }
            Map<String, String> originUrls = parseOrigins();
            if (originUrls.isEmpty() && fromShop != null) {
                fromShop.byName().forEach((name, url) -> originUrls.put(name, stripSlash(url)));
            }
            String probe = probePath != null ? probePath : fromShop != null ? fromShop.healthPath() : "/health";
            DrillPlan plan = new DrillPlan(stripSlash(frontUrl), paths.isEmpty() ? List.of("/") : paths, rate, before, during,
                    after, down, up, originUrls, probe, probeEvery, timeout, maxErrors, maxLatency, commandTimeout);
            TargetAllowlist allowlist = (shop != null ? shop.allowlist() : TargetAllowlist.loopbackOnly())
                    .plus(allow.toArray(String[]::new));
            plan.validate(allowlist);

            // The same list on every request, so a front door that redirects elsewhere gets no traffic there.
            try (HttpChecker checker = HttpChecker.builder().allowlist(allowlist).build()) {
                CheckResult first = checker.execute(CheckRequest.builder().url(plan.front() + plan.paths().get(0))
                        .timeout(plan.requestTimeout()).build());
                if (first.failure() == FailureKind.NOT_ALLOWED) {
                    throw CliException.usage("the front door's first page " + plan.paths().get(0) + ": "
                            + first.failureMessage() + "; add it with --allow if customers really go there."
                            + " Nothing was taken down");
                }
                if (first.failure() != FailureKind.NONE) {
                    throw CliException.unreachable("the front door " + plan.front() + " did not answer ("
                            + first.failure().label() + "): nothing was taken down");
                }
                Drill drill = new Drill(checker, line -> {
                    stdout.println(line);
                    stdout.flush();
                }, out);
                List<String> alreadyDown = drill.originsDown(plan, Duration.ofSeconds(5));
                if (!alreadyDown.isEmpty()) {
                    stdout.printf("Refusing to start: origin(s) %s already fail %s; taking another one down could take the shop"
                            + " offline. Nothing was taken down.%n", alreadyDown, plan.probePath());
                    return ExitCode.CHECKS_FAILED;
                }

                stdout.printf("Failover drill through %s: %d req/s, %ds before, %ds down, %ds after; %d origin(s) probed on %s%n",
                        plan.front(), plan.rate(), plan.before().toSeconds(), plan.during().toSeconds(), plan.after().toSeconds(),
                        plan.origins().size(), plan.probePath());
                stdout.flush();
                DrillResult result = drill.run(plan);

                Report report = result.toReport();
                List<Path> written = new ArrayList<>(ReportWriter.write(report, out, EnumSet.allOf(Format.class)));
                written.add(ReportWriter.writeText(result.timelineHtml(report), out.resolve("timeline.html"), checker.redactor()));
                for (DrillResult.Command c : result.commands()) {
                    for (String log : new String[] {c.stdoutLog(), c.stderrLog()}) {
                        if (log != null) {
                            written.add(Path.of(log));
                        }
                    }
                }
                stdout.printf("%n%s%n", report.status());
                report.summary().forEach((k, v) -> stdout.printf("  %-18s %s%n", k, v));
                report.cases().forEach(c -> stdout.printf("  [%s] %s: %s%n", c.status(), c.name(), c.message()));
                stdout.printf("Reports:%n");
                written.forEach(p -> stdout.printf("  %s%n", p));
                stdout.flush();
                if (result.verdict() == Verdict.LEFT_DOWN) {
                    // Last, and on stderr: the one thing that needs someone now.
                    PrintWriter stderr = spec.commandLine().getErr();
                    stderr.println();
                    result.restoreAdvice().forEach(stderr::println);
                    stderr.flush();
                }
                return ExitCode.of(result.verdict());
            }
        }

        /**
         * The one place that reads --config: a shop file, or nothing (a drill has no config file of its own);
         * any other file is refused as a shop file missing its {@code shop:}.
         */
        private ShopFile shopFile() {
            if (config == null) {
                return null;
            }
            return ShopFile.load(config);
        }

        private Map<String, String> parseOrigins() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String o : origins) {
                int eq = o.indexOf('=');
                if (eq <= 0 || eq == o.length() - 1) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--origin wants NAME=URL, got '" + o + "'");
                }
                if (out.put(o.substring(0, eq).strip(), stripSlash(o.substring(eq + 1).strip())) != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--origin: '" + o.substring(0, eq) + "' given twice");
                }
            }
            return out;
        }

        private static String stripSlash(String url) {
            return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        }
    }
}
