package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import dev.headroom.serve.LocalServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every series on the monitor's {@code /metrics}, read back after runs whose outcomes are known: a
 * series that exists but does not move with the runs is as wrong as a missing one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitorMetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private final MockWebServer shop = new MockWebServer();
    /** Requests to the probe's and the journey's cart path: the third of each fails. */
    private final AtomicInteger probeCalls = new AtomicInteger();
    private final AtomicInteger cartCalls = new AtomicInteger();

    private PrometheusMeterRegistry registry;
    private HttpChecker checker;
    private Monitor monitor;
    private LocalServer page;

    @BeforeEach
    void startShop() throws IOException {
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                return switch (path) {
                    case "/probe" -> new MockResponse().setResponseCode(probeCalls.incrementAndGet() == 3 ? 503 : 200);
                    case "/in-maintenance" -> new MockResponse().setResponseCode(200);
                    case "/j/home" -> html("<a href=\"/j/cart\">Cart</a>");
                    case "/j/cart" -> cartCalls.incrementAndGet() == 3 ? new MockResponse().setResponseCode(500) : html("cart");
                    case "/j/after" -> html("after");
                    case "/site/" -> html("<link rel=stylesheet href=\"/site/style.css\">"
                            + "<a href=\"/site/a\">a</a> <a href=\"/site/b\">b</a>");
                    case "/site/a" -> validated("\"a1\"", request, html("page a"));
                    case "/site/style.css" -> validated("\"s1\"", request,
                            new MockResponse().setHeader("Content-Type", "text/css").setBody("body{}"));
                    default -> new MockResponse().setResponseCode(404).setBody("not here");
                };
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>");
    }

    /** Answers 304 to a request that already has the ETag, as a real server does. */
    private static MockResponse validated(String etag, RecordedRequest request, MockResponse full) {
        if (etag.equals(request.getHeader("If-None-Match"))) {
            return new MockResponse().setResponseCode(304).setHeader("ETag", etag);
        }
        return full.setHeader("ETag", etag);
    }

    @AfterEach
    void stop() throws IOException {
        if (page != null) {
            page.close();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (checker != null) {
            checker.close();
        }
        shop.shutdown();
    }

    private MonitorPlan plan(String crawlExtra) throws IOException {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                target: http://127.0.0.1:%d/
                checks:
                  - {name: p, probe: /probe, failuresBeforeDown: 2}
                  - {name: j, journey: j.yaml}
                  - {name: m, probe: /in-maintenance}
                  - {name: site, crawl: /site/, sitemap: false%s}
                maintenance:
                  - {name: always, cron: "* * * * *", duration: 1h, checks: [m]}
                """.formatted(shop.getPort(), crawlExtra));
        Files.writeString(dir.resolve("j.yaml"), """
                name: j
                steps:
                  - name: home
                    request: {url: /j/home}
                  - name: cart
                    request: {url: /j/cart}
                  - name: after the cart
                    request: {url: /j/after}
                """);
        return MonitorPlan.load(file, null, Map.of());
    }

    private void start() throws IOException {
        MonitorPlan plan = plan("");
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        checker = plan.checkerBuilder().build();
        monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { });
        page = StatusPage.serve(0, monitor, registry, checker.redactor(), () -> new LocalServer.Response(200, "text/plain", "ok"));
    }

    private PrometheusSamples scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(page.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return new PrometheusSamples(r.body());
    }

    /** Three rounds of every check; the runs of each check in order. */
    private Map<String, List<RunRecord>> threeRounds() throws InterruptedException {
        Map<String, List<RunRecord>> runs = new java.util.LinkedHashMap<>();
        for (int round = 0; round < 3; round++) {
            for (RunRecord r : monitor.runAllOnce()) {
                runs.computeIfAbsent(r.check(), c -> new ArrayList<>()).add(r);
            }
        }
        return runs;
    }

    @Test
    void runsAreCountedByOutcomeAndEveryOutcomeIsThereFromTheStart() throws Exception {
        start();
        Map<String, List<RunRecord>> runs = threeRounds();
        assertThat(runs.get("p")).extracting(RunRecord::status).containsExactly(Status.PASSED, Status.PASSED, Status.FAILED);

        PrometheusSamples m = scrape();
        assertThat(m.value("headroom_check_runs_total", "check", "p", "kind", "probe", "outcome", "passed")).isEqualTo(2);
        assertThat(m.value("headroom_check_runs_total", "check", "p", "kind", "probe", "outcome", "failed")).isEqualTo(1);
        assertThat(m.value("headroom_check_runs_total", "check", "p", "kind", "probe", "outcome", "degraded")).isZero();
        assertThat(m.value("headroom_check_runs_total", "check", "p", "kind", "probe", "outcome", "error")).isZero();
        assertThat(m.value("headroom_check_runs_total", "check", "p", "kind", "probe", "outcome", "maintenance")).isZero();
        assertThat(m.value("headroom_check_runs_total", "check", "j", "kind", "journey", "outcome", "passed")).isEqualTo(2);
        assertThat(m.value("headroom_check_runs_total", "check", "j", "kind", "journey", "outcome", "failed")).isEqualTo(1);
        assertThat(m.value("headroom_check_runs_total", "check", "m", "kind", "probe", "outcome", "maintenance")).isEqualTo(3);
        assertThat(m.value("headroom_check_runs_total", "check", "m", "kind", "probe", "outcome", "passed")).isZero();
        assertThat(m.value("headroom_check_runs_total", "check", "site", "kind", "crawl", "outcome", "failed"))
                .as("the crawl finds the broken link every time").isEqualTo(3);
    }

    @Test
    void theRunDurationHistogramCountsEveryRunInItsBuckets() throws Exception {
        start();
        List<RunRecord> p = threeRounds().get("p");

        PrometheusSamples m = scrape();
        assertThat(m.value("headroom_check_duration_seconds_count", "check", "p", "kind", "probe")).isEqualTo(3);
        double sum = p.stream().mapToDouble(r -> r.duration().toNanos() / 1e9).sum();
        assertThat(m.value("headroom_check_duration_seconds_sum", "check", "p", "kind", "probe")).isCloseTo(sum, within(1e-6));
        double longest = p.stream().mapToDouble(r -> r.duration().toNanos() / 1e9).max().orElseThrow();
        assertThat(m.value("headroom_check_duration_seconds_max", "check", "p", "kind", "probe")).isCloseTo(longest, within(1e-6));
        List<PrometheusSamples.Sample> buckets = m.all("headroom_check_duration_seconds_bucket").stream()
                .filter(s -> s.labels().get("check").equals("p")).toList();
        assertThat(buckets).hasSize(10); // the 9 boundaries and +Inf
        for (PrometheusSamples.Sample b : buckets) {
            double le = b.labels().get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.labels().get("le"));
            long within = p.stream().filter(r -> r.duration().toNanos() / 1e9 <= le).count();
            assertThat(b.value()).as("bucket le=%s", b.labels().get("le")).isEqualTo(within);
        }
    }

    @Test
    void journeyStepsAreTimedByOutcomeAndAStepTheLastRunSkippedHasNoTime() throws Exception {
        start();
        monitor.runAllOnce();
        monitor.runAllOnce();
        PrometheusSamples afterTwo = scrape();
        assertThat(afterTwo.value("headroom_check_phase_duration_seconds", "check", "j", "phase", "after the cart")).isPositive();

        RunRecord third = monitor.runAllOnce().stream().filter(r -> r.check().equals("j")).findFirst().orElseThrow();
        assertThat(third.failure().step()).isEqualTo("cart");

        PrometheusSamples m = scrape();
        String step = "headroom_journey_step_duration_seconds_count";
        assertThat(m.value(step, "journey", "j", "step", "home", "outcome", "passed")).isEqualTo(3);
        assertThat(m.value(step, "journey", "j", "step", "cart", "outcome", "passed")).isEqualTo(2);
        assertThat(m.value(step, "journey", "j", "step", "cart", "outcome", "failed")).isEqualTo(1);
        assertThat(m.value(step, "journey", "j", "step", "after the cart", "outcome", "passed")).isEqualTo(2);
        assertThat(m.all(step)).as("a skipped step is not timed").noneMatch(s -> "skipped".equals(s.labels().get("outcome")));
        // the gauge of the last run: its phases' times, and none for the step it skipped
        for (ProbeResult.Phase phase : third.phases()) {
            assertThat(m.value("headroom_check_phase_duration_seconds", "check", "j", "phase", phase.name()))
                    .isCloseTo(phase.duration().toNanos() / 1e9, within(1e-9));
        }
        assertThat(m.value("headroom_check_phase_duration_seconds", "check", "j", "phase", "after the cart")).isNaN();
        assertThat(m.value("probe_duration_seconds", "check", "j"))
                .isCloseTo(third.duration().toNanos() / 1e9, within(1e-9));
    }

    @Test
    void theGaugesReadTheLastRunAndTheStateAfterTheThresholds() throws Exception {
        start();
        Map<String, List<RunRecord>> runs = threeRounds();

        PrometheusSamples m = scrape();
        RunRecord lastP = runs.get("p").get(2);
        assertThat(m.value("probe_success", "check", "p")).as("the last run failed").isZero();
        assertThat(m.value("headroom_check_up", "check", "p", "kind", "probe"))
                .as("one failure of the two it takes to go DOWN").isEqualTo(1);
        assertThat(m.value("headroom_check_last_run_timestamp_seconds", "check", "p"))
                .isEqualTo((lastP.startedAt().toEpochMilli() + lastP.duration().toMillis()) / 1000.0);
        assertThat(m.value("probe_duration_seconds", "check", "p"))
                .isCloseTo(lastP.duration().toNanos() / 1e9, within(1e-9));
        for (String phase : List.of("resolve", "connect", "tls", "processing", "transfer")) {
            assertThat(m.value("headroom_check_phase_duration_seconds", "check", "p", "phase", phase)).as(phase).isNotNaN();
            assertThat(m.value("probe_http_duration_seconds", "check", "p", "phase", phase)).as(phase)
                    .isEqualTo(m.value("headroom_check_phase_duration_seconds", "check", "p", "phase", phase));
        }
        assertThat(m.value("headroom_check_in_maintenance", "check", "p")).isZero();
        // blackbox_exporter's series of the last run: a 503 over plain HTTP/1.1, no body, no redirect
        assertThat(m.value("probe_http_status_code", "check", "p")).isEqualTo(503);
        assertThat(m.value("probe_http_content_length", "check", "p")).isZero();
        assertThat(m.value("probe_http_redirects", "check", "p")).isZero();
        assertThat(m.value("probe_http_ssl", "check", "p")).isZero();
        assertThat(m.value("probe_http_version", "check", "p")).isEqualTo(1.1);
        assertThat(m.value("probe_failed_due_to_regex", "check", "p")).isZero();
        assertThat(m.value("probe_dns_lookup_time_seconds", "check", "p")).isGreaterThanOrEqualTo(0);
        assertThat(m.all("probe_ssl_earliest_cert_expiry")).as("no run came over TLS").isEmpty();
        assertThat(m.all("probe_http_status_code")).as("only probes have them")
                .noneMatch(s -> s.labels().get("check").equals("j") || s.labels().get("check").equals("site"));

        assertThat(m.value("probe_success", "check", "j")).isZero();
        assertThat(m.value("headroom_check_up", "check", "j", "kind", "journey")).as("failuresBeforeDown 1").isZero();

        assertThat(m.value("headroom_check_in_maintenance", "check", "m")).isEqualTo(1);
        assertThat(m.value("probe_success", "check", "m")).isEqualTo(1);
        assertThat(m.value("headroom_check_up", "check", "m", "kind", "probe"))
                .as("runs in maintenance never decide the state").isNaN();
    }

    @Test
    void theCrawlersSeriesFollowEachIncrementalCrawl() throws Exception {
        Instant before = Instant.now();
        start();
        List<RunRecord> site = threeRounds().get("site");
        assertThat(site).extracting(RunRecord::status).containsOnly(Status.FAILED);

        PrometheusSamples m = scrape();
        // 4 URLs each crawl: /site/ (no validator), a and style.css (304 after the first crawl), b (404)
        assertThat(m.value("headroom_crawl_runs_total", "check", "site", "result", "complete")).isEqualTo(3);
        assertThat(m.value("headroom_crawl_runs_total", "check", "site", "result", "incomplete")).isZero();
        assertThat(m.value("headroom_crawl_pages", "check", "site")).isEqualTo(4);
        assertThat(m.value("headroom_crawl_not_modified_ratio", "check", "site")).isEqualTo(0.5);
        assertThat(m.value("headroom_crawl_pages_checked_total", "check", "site", "outcome", "ok")).isEqualTo(3 + 1 + 1);
        assertThat(m.value("headroom_crawl_pages_checked_total", "check", "site", "outcome", "not_modified")).isEqualTo(2 + 2);
        assertThat(m.value("headroom_crawl_pages_checked_total", "check", "site", "outcome", "broken")).isEqualTo(3);
        assertThat(m.value("headroom_crawl_findings", "check", "site", "class", "broken")).isEqualTo(1);
        assertThat(m.value("headroom_crawl_findings", "check", "site", "class", "error_leak")).isZero();
        assertThat(m.value("headroom_crawl_running", "check", "site")).isZero();
        assertThat(m.value("headroom_crawl_duration_seconds", "check", "site"))
                .isCloseTo(site.get(2).phases().get(0).duration().toMillis() / 1000.0, within(1e-9));
        assertThat(m.value("headroom_crawl_last_complete_timestamp_seconds", "check", "site"))
                .isBetween(before.toEpochMilli() / 1000.0, Instant.now().toEpochMilli() / 1000.0);
    }

    @Test
    void theSeriesAreMicrometerMetersThatAnyRegistryTakesAndAStepIsTimedOnce() throws Exception {
        MonitorPlan plan = plan("");
        io.micrometer.core.instrument.simple.SimpleMeterRegistry simple = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        checker = plan.checkerBuilder().build();
        monitor = new Monitor(plan, checker, simple, Clock.systemUTC(), line -> { });
        RunRecord j = monitor.runAllOnce().stream().filter(r -> r.check().equals("j")).findFirst().orElseThrow();

        assertThat(simple.get("headroom.check.runs").tags("check", "p", "kind", "probe", "outcome", "passed").counter().count())
                .isEqualTo(1);
        assertThat(simple.get("headroom.journey.step.duration").tags("journey", "j", "step", "home").timer().count())
                .isEqualTo(1);
        assertThat(simple.get("headroom.check.phase.duration").tags("check", "j", "phase", "home").gauge().value())
                .as("the last run's time, read from its record").isEqualTo(j.phases().get(0).duration().toNanos() / 1e9);
        assertThat(simple.get("headroom.crawl.runs").tags("check", "site", "result", "complete").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aCrawlCheckChangedByAReloadGetsSeriesThatFollowItsNewCrawls() throws Exception {
        start();
        threeRounds();
        assertThat(scrape().value("headroom_crawl_not_modified_ratio", "check", "site")).isEqualTo(0.5);

        monitor.reload(plan(", slow: 2s"));
        Instant reloaded = Instant.now();
        monitor.runAllOnce();

        // A new crawl remembers nothing yet: no 304s. Before, the re-registered gauges read the old crawl's values.
        PrometheusSamples m = scrape();
        assertThat(m.value("headroom_crawl_not_modified_ratio", "check", "site")).isZero();
        assertThat(m.value("headroom_crawl_last_complete_timestamp_seconds", "check", "site"))
                .isGreaterThanOrEqualTo(reloaded.toEpochMilli() / 1000.0);
        assertThat(m.value("headroom_crawl_runs_total", "check", "site", "result", "complete")).as("counted afresh").isEqualTo(1);
        assertThat(m.value("headroom_check_runs_total", "check", "site", "kind", "crawl", "outcome", "failed"))
                .as("the check's own series carry on").isEqualTo(4);
    }
}
