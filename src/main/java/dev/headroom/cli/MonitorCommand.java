package dev.headroom.cli;

import dev.headroom.config.ConfigException;
import dev.headroom.config.Durations;
import dev.headroom.http.HttpChecker;
import dev.headroom.monitor.Monitor;
import dev.headroom.monitor.MonitorPlan;
import dev.headroom.monitor.MonitorRound;
import dev.headroom.monitor.StatusPage;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import dev.headroom.serve.LocalServer;
import dev.headroom.shop.ShopFile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headroom monitor}: runs the journeys, probes and crawls of a {@code monitor.yaml} on their
 * schedules until stopped, serving the status page, {@code /metrics} and {@code /health}.
 */
@Command(name = "monitor", description = {
    "Run the journeys, probes and crawls of a monitor config continuously, with a live status page,",
    "Prometheus /metrics and /health on 127.0.0.1. Stops cleanly on SIGTERM or Ctrl-C; re-reads the",
    "config on SIGHUP or POST /-/reload (an invalid one is refused and the old one kept)."})
final class MonitorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The monitor config (e.g. monitors/monitor.yaml), or a shop file"
            + " (headroom.yaml): its monitor section and journeys.")
    Path config;

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the shop; overrides the config's target.")
    String target;

    @Option(names = "--port", paramLabel = "N", description = "Port of the status page and /metrics on 127.0.0.1"
            + " (0 = any free port); overrides the config's port (default " + "9470).")
    Integer port;

    @Option(names = "--location", paramLabel = "NAME", description = "Where this monitor runs (e.g. eu-west): the location"
            + " label of every series it exports, so that rules can page only when several locations fail; overrides the"
            + " config's location.")
    String location;

    @Option(names = "--duration", paramLabel = "D", converter = Durations.PicocliConverter.class,
            description = "Stop by itself after this long (e.g. 10m); default: run until stopped.")
    Duration duration;

    @Option(names = "--once", description = "Run every check once, write the reports and exit (0 all passed, 1 a check failed).")
    boolean once;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "headroom-reports/monitor",
            description = "Where --once writes report.json, junit.xml and summary.md, and where every failed journey run"
                    + " leaves failures/<check>/failure.json for 'headroom recheck'. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!Files.isRegularFile(config)) {
            throw CliException.usage("monitor config not found: " + config);
        }
        MonitorPlan plan = loadPlan();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // the plan's allowlist holds on every request: redirects, links followed, absolute URLs in steps
        try (HttpChecker checker = plan.checkerBuilder().build();
                Monitor monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> {
                    stdout.println(line);
                    stdout.flush();
                }, out.resolve("failures"))) {
            return once ? runOnce(monitor, stdout) : runContinuously(monitor, plan, registry, checker, stdout);
        } finally {
            registry.close();
        }
    }

    /** The one place that decides: a shop file's monitor section, or a monitor.yaml of its own. */
    private MonitorPlan loadPlan() {
        MonitorPlan plan = ShopFile.isShopFile(config) ? ShopFile.load(config).monitorPlan(target, System.getenv())
                : MonitorPlan.load(config, target, System.getenv());
        try {
            return plan.withLocation(location);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** Parse, call, write, exit: the round knows its verdict and its report. */
    private int runOnce(Monitor monitor, PrintWriter stdout) throws InterruptedException, IOException {
        MonitorRound round = monitor.runRound();
        List<Path> written = ReportWriter.write(round.toReport(), out, EnumSet.allOf(Format.class));
        stdout.printf("%n%s%nReports:%n", round.summary());
        written.forEach(p -> stdout.printf("  %s%n", p));
        stdout.flush();
        return ExitCode.of(round.verdict());
    }

    private int runContinuously(Monitor monitor, MonitorPlan plan, PrometheusMeterRegistry registry, HttpChecker checker,
            PrintWriter stdout) throws InterruptedException {
        int listenPort = port != null ? port : plan.port();
        CountDownLatch stop = new CountDownLatch(1);
        LocalServer server;
        try {
            server = StatusPage.serve(listenPort, monitor, registry, checker.redactor(), () -> reload(monitor, stdout));
        } catch (UncheckedIOException e) {
            throw CliException.usage(e.getMessage() + "; choose another with --port");
        }
        try (server; StopSignals signals = StopSignals.install(stop::countDown);
                Reloads hup = Reloads.onHangup(() -> reload(monitor, stdout))) {
            monitor.start();
            stdout.printf("Monitoring %d check%s from %s; status page %s/ , metrics %s/metrics%s.%n"
                    + "Stop with Ctrl-C or SIGTERM; reload the config with %sPOST %s/-/reload.%n",
                    plan.checks().size(), plan.checks().size() == 1 ? "" : "s", config, server.baseUrl(), server.baseUrl(),
                    duration == null ? "" : ", stopping after " + Durations.format(duration),
                    hup.available() ? "SIGHUP or " : "", server.baseUrl());
            if (!hup.available()) {
                stdout.printf("SIGHUP is ignored in this process (started under nohup?), so it cannot reload the config.%n");
            }
            stdout.flush();
            if (duration == null) {
                stop.await();
            } else {
                stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
            }
            stdout.println("Stopping.");
            stdout.flush();
        }
        return ExitCode.OK;
    }

    /** Re-reads the config; applies it whole, or refuses it whole and keeps the running one. */
    private synchronized LocalServer.Response reload(Monitor monitor, PrintWriter stdout) {
        try {
            MonitorPlan next = loadPlan();
            monitor.reload(next);
            String msg = "reloaded " + config + ": " + next.checks().size() + " checks";
            stdout.println(msg);
            stdout.flush();
            return new LocalServer.Response(200, "text/plain; charset=utf-8", msg + "\n");
        } catch (ConfigException | IllegalArgumentException e) {
            String msg = "reload refused, keeping the running config: " + e.getMessage();
            stdout.println(msg);
            stdout.flush();
            return new LocalServer.Response(400, "text/plain; charset=utf-8", msg + "\n");
        }
    }

    /**
     * SIGHUP runs an action, where the JVM lets us handle it; closing restores the previous handler.
     * A process started with SIGHUP ignored (under nohup, say) never sees it, whatever handler is
     * installed: {@link #available()} is then false and POST /-/reload is the way to reload.
     */
    @SuppressWarnings("sunapi")
    private static final class Reloads implements AutoCloseable {
        private final sun.misc.Signal signal;
        private final sun.misc.SignalHandler previous;

        private Reloads(sun.misc.Signal signal, sun.misc.SignalHandler previous) {
            this.signal = signal;
            this.previous = previous;
        }

        static Reloads onHangup(Runnable action) {
            try {
                sun.misc.Signal hup = new sun.misc.Signal("HUP");
                sun.misc.SignalHandler previous = sun.misc.Signal.handle(hup, s -> action.run());
                if (previous == sun.misc.SignalHandler.SIG_IGN) {
                    sun.misc.Signal.handle(hup, previous);
                    return new Reloads(null, null);
                }
                return new Reloads(hup, previous);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                return new Reloads(null, null);
            }
        }

        boolean available() {
            return signal != null;
        }

        @Override
        public void close() {
            if (signal != null) {
                try {
                    sun.misc.Signal.handle(signal, previous);
                } catch (IllegalArgumentException e) {
                    // keep ours
                }
            }
        }
    }
}
