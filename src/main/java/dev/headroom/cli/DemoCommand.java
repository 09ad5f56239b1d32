package dev.headroom.cli;

import java.util.Optional;

import dev.headroom.demo.FailoverStage;

import java.time.Clock;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.micrometer.prometheusmetrics.PrometheusConfig;

import dev.headroom.shop.ShopFile;

import dev.headroom.serve.LocalServer;

import dev.headroom.monitor.StatusPage;

import dev.headroom.monitor.MonitorPlan;

import dev.headroom.monitor.Monitor;

import dev.headroom.crawl.CrawlResult;
import dev.headroom.demo.Demo;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.Redactor;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Format;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headroom demo}: the whole suite on one machine. Starts the reference storefront, runs every
 * capability Headroom has against it through its engine ({@link Demo}), writes the reports and says
 * where to look.
 */
@Command(name = "demo", description = {
    "Start the reference storefront on loopback, check it end to end, write the reports and say where to look.",
    "Exits 0 when every check passed, 1 when one failed."})
final class DemoCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "0", description = "Storefront port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--products", defaultValue = "1000", description = "Products in the demo catalogue. Default: ${DEFAULT-VALUE}.")
    int products;

    @Option(names = "--out", defaultValue = "headroom-reports/demo", paramLabel = "DIR",
            description = "Where the reports go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--keep-running", description = "Keep the storefront serving after the checks, until Ctrl-C.")
    boolean keepRunning;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        Storefront options;
        try {
            options = Storefront.builder().port(port).products(products).build();
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
        stdout.printf("Starting the reference storefront (%d products, in-memory database)...%n", products);
        stdout.flush();
        RunningStorefront shop = start(options);
        Redactor redactor = Redactor.defaults().withSecrets(Demo.PASSWORD);
        try (HttpChecker checker = HttpChecker.builder().callTimeout(Duration.ofSeconds(15)).redactor(redactor).build()) {
            stdout.printf("  shop:    %s/%n  metrics: %s/metrics%n%n", shop.baseUrl(), shop.baseUrl());
            stdout.printf("Walking the shop as customers do, with the shipped journeys (monitors/*.yaml), step by step:%n");
            stdout.flush();
            Instant started = Instant.now();
            List<CheckCase> tour = Demo.walk(checker, shop.baseUrl(), step -> printCase(stdout, step));

            stdout.printf("%nCrawling every page, link and asset:%n");
            stdout.flush();
            CrawlResult crawl = Demo.crawl(checker, shop.baseUrl(), products * 3 + 1000);
            List<Path> crawlReports = ReportWriter.write(crawl.toReport(), out.resolve("crawl"), EnumSet.allOf(Format.class), redactor);
            CheckCase crawlCase = CheckCase.builder("crawl", "every page and link")
                    .status(crawl.clean() ? Status.PASSED : Status.FAILED)
                    .duration(crawl.stats().duration())
                    .message(crawl.stats().requested() + " URLs checked, " + crawl.stats().pages() + " pages, "
                            + (crawl.findings().isEmpty() ? "no findings" : crawl.counts() + " findings")
                            + (crawl.stats().complete() ? "" : " (stopped early: limit reached)"))
                    .build();
            printCase(stdout, crawlCase);
            stdout.printf("%nFault drills: each fault switched on in turn; a journey or the crawl must catch it:%n");
            stdout.flush();
            List<CheckCase> drills = Demo.faultDrills(checker, shop, drill -> printCase(stdout, drill));

            stdout.printf("%nTraffic model from a generated week of access log (./headroom model):%n");
            stdout.flush();
            Path accessLog = out.resolve("access-week.log.gz");
            Path model = out.resolve("model.yaml");
            CheckCase modelCase = Demo.trafficModel(accessLog, model, stdout, spec.commandLine().getErr());
            printCase(stdout, modelCase);

            CheckCase loadCase = CheckCase.builder("load", Demo.LOAD_CASE)
                    .status(Status.SKIPPED).message("skipped: no traffic model").build();
            if (modelCase.status() == Status.PASSED) {
                stdout.printf("%nLoad test at 1x, 5x and 10x the modelled peak (./headroom load, Gatling):%n");
                stdout.flush();
                loadCase = Demo.loadTest(shop.baseUrl(), model, out.resolve("load"), stdout, LoadCommand.SIGNALS);
            }
            printCase(stdout, loadCase);

            stdout.printf("%nRelease gate (./headroom gate): on the clean shop, then with error-rate=1 on:%n");
            stdout.flush();
            List<CheckCase> gate = Demo.gate(shop, out, stdout, LoadCommand.SIGNALS);
            gate.forEach(c -> printCase(stdout, c));

            stdout.printf("%nFailover drill (./headroom failover drill): origin a of two hangs behind HAProxy:%n");
            stdout.flush();
            CheckCase failover = failoverDrill(out.resolve("failover"), stdout);
            printCase(stdout, failover);
            Report report = Report.builder("demo")
                    .title("Headroom demo: reference storefront")
                    .target(shop.baseUrl())
                    .startedAt(started)
                    .duration(Duration.between(started, Instant.now()))
                    .addCases(tour)
                    .addCase(crawlCase)
                    .addCases(drills)
                    .addCase(modelCase)
                    .addCase(loadCase)
                    .addCases(gate)
                    .addCase(failover)
                    .summary("storefront", shop.baseUrl())
                    .summary("products", products)
                    .summary("journey steps", tour.size())
                    .summary("crawl", crawlCase.message())
                    .summary("fault drills", drills.size())
                    .build();
            List<Path> written = ReportWriter.write(report, out, EnumSet.allOf(Format.class), redactor);

            stdout.printf("%n%s: %s%n", report.passed() ? "PASSED" : "FAILED", counts(report));
            stdout.printf("Reports:%n");
            written.forEach(p -> stdout.printf("  %s%n", p));
            stdout.printf("  %s  (the crawl: every page and finding)%n", crawlReports.get(0));
            stdout.printf("  %s  (the traffic model: peak, weekly heatmap, mix, quiet windows)%n", model);
            stdout.printf("  %s  (the load test: SLOs, latency histograms; Gatling's HTML report in gatling/)%n",
                    out.resolve("load").resolve("summary.md"));
            stdout.printf("  %s  (the release gate: stages, checks, charts; and gate-error-rate/, the gate that caught the fault)%n",
                    out.resolve("gate").resolve("report.html"));
            stdout.printf("Switch faults on with: ./headroom storefront --fault NAME (see README, \"Faults\")%n");
            if (keepRunning) {
                stdout.printf("%nThe shop keeps serving at %s/ (sign in as %s / %s). Ctrl-C stops it.%n",
                        shop.baseUrl(), "shopper1@example.test", Demo.PASSWORD);
                stdout.printf("Admin API: %s/admin/faults  (Authorization: Bearer %s)%n", shop.adminUrl(), shop.adminToken());
                AutoCloseable monitoring = startMonitor(shop, out, stdout);
                stdout.flush();
                StopSignals.closeOnShutdown(() -> {
                    try (AutoCloseable m = monitoring) {
                        shop.close();
                    }
                }, "demo-shutdown");
            } else {
                stdout.printf("Rerun with --keep-running to browse the shop afterwards.%n");
            }
            stdout.flush();
            return report.passed() ? ExitCode.OK : ExitCode.CHECKS_FAILED;
        } finally {
            if (!keepRunning) {
                shop.close();
            }
        }
    }

    /** The drill behind a real HAProxy when it is installed; skipped, saying why, when it is not. */
    private static CheckCase failoverDrill(Path dir, PrintWriter stdout) throws InterruptedException {
        CheckCase.Builder c = CheckCase.builder("failover", "customers see no error while an origin hangs behind HAProxy");
        Optional<Path> jar = ownJar();
        Optional<String> why = FailoverStage.unavailable(jar);
        if (why.isPresent()) {
            return c.status(Status.SKIPPED).message("skipped: " + why.get()).build();
        }
        Instant started = Instant.now();
        try (FailoverStage stage = FailoverStage.start(dir)) {
            stdout.flush();
            int code = Main.run(stage.drillArgs(jar.get(), dir).toArray(String[]::new));
            return c.status(code == ExitCode.OK ? Status.PASSED : Status.FAILED)
                    .message(code == ExitCode.OK ? "no failed request while a was down (report in " + dir + ")"
                            : "the drill exited " + code + " (report in " + dir + ")")
                    .duration(Duration.between(started, Instant.now())).build();
        } catch (java.io.IOException | RuntimeException e) {
            return c.status(Status.FAILED).message("the drill could not run: " + e.getMessage()).build();
        }
    }

    /** target/headroom.jar when running from it (the drill's down/up commands run it), else empty. */
    private static Optional<Path> ownJar() {
        try {
            Path p = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? Optional.of(p) : Optional.empty();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void printCase(PrintWriter out, CheckCase c) {
        out.printf("  %-9s %-48s %7s  %s%n", c.status(), c.name(),
                c.status() == Status.SKIPPED ? "" : c.duration().toMillis() + " ms",
                c.message() == null ? "" : c.message());
        out.flush();
    }

    private static String counts(Report report) {
        StringBuilder text = new StringBuilder();
        report.counts().forEach((status, n) -> {
            if (n > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(n).append(' ').append(status.name().toLowerCase(java.util.Locale.ROOT));
            }
        });
        return text.toString();
    }

    private static RunningStorefront start(Storefront options) {
        try {
            return options.start();
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException bind) {
                throw CliException.usage("cannot listen on port " + options.port() + ": " + bind.getMessage()
                        + "; choose another with --port");
            }
            throw e;
        }
    }

    /**
     * The monitor of the shipped shop file (its journeys, probes and crawl) against the demo shop,
     * with its status page and /metrics on a free loopback port, so --keep-running shows it all day;
     * the returned value stops it. Nothing to stop when it cannot start (the shop keeps serving).
     */
    private static AutoCloseable startMonitor(RunningStorefront shop, Path out, PrintWriter stdout) {
        try {
            MonitorPlan plan = ShopFile.load(out.resolve("gate-shop").resolve("headroom.yaml"))
                    .monitorPlan(shop.baseUrl(), System.getenv());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            HttpChecker checker = plan.checkerBuilder().build();
            Monitor monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { }, out.resolve("monitor-failures"));
            LocalServer status = StatusPage.serve(0, monitor, registry, checker.redactor(),
                    () -> new LocalServer.Response(409, "text/plain; charset=utf-8", "the demo's monitor does not reload\n"));
            monitor.start();
            stdout.printf("Monitor: %d checks of monitors/headroom.yaml against the shop; status page %s/ , metrics %s/metrics%n",
                    plan.checks().size(), status.baseUrl(), status.baseUrl());
            return () -> {
                try (checker; monitor; status) {
                    // closed in reverse order: the status page, the monitor, the checker
                } finally {
                    registry.close();
                }
            };
        } catch (RuntimeException e) {
            stdout.printf("The monitor could not start (%s); the shop keeps serving.%n", e.getMessage());
            return () -> { };
        }
    }
}
