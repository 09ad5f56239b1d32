package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import dev.headroom.serve.LocalServer;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import dev.headroom.testing.Eventually;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against the real reference storefront: the shipped journeys run side by side every
 * second, and each fault shows in the right check, at the right step, in {@code /metrics} and
 * {@code /api/status}, within one interval.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MonitorTest {
    private static final Path MONITORS = Path.of("monitors").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ShopUnderTest
    static RunningStorefront shop;
    private static HttpChecker checker;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();
    private PrometheusMeterRegistry registry;
    private Monitor monitor;
    private LocalServer server;

    @BeforeAll
    static void startShop() {
        checker = HttpChecker.builder().build();
    }

    @AfterAll
    static void stopShop() {
        checker.close();
    }

    @AfterEach
    void stopMonitor() {
        if (server != null) {
            server.close();
        }
        if (monitor != null) {
            monitor.close();
        }
    }

    private String shopConfig() {
        return """
                defaults: {interval: 1s, jitter: 200ms, timeout: 20s, failuresBeforeDown: 1}
                checks:
                  - {name: browse-and-search, journey: %1$s/browse-and-search.yaml}
                  - {name: checkout, journey: %1$s/checkout.yaml, envFile: %1$s/reference-storefront.env}
                  - {name: inventory, journey: %1$s/inventory.yaml, envFile: %1$s/reference-storefront.env}
                  - {name: home, probe: /, timeout: 2s, bodyMatches: '<title>'}
                """.formatted(MONITORS);
    }

    private void start(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), "target: " + shop.baseUrl() + "\n" + yaml);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        monitor = new Monitor(MonitorPlan.load(file, null, Map.of()), checker, registry, Clock.systemUTC(), log::add,
                dir.resolve("failures"));
        server = StatusPage.serve(0, monitor, registry, checker.redactor(),
                () -> new LocalServer.Response(200, "text/plain", "ok"));
        monitor.start();
    }

    @Test
    void withNoFaultTheShippedJourneysRunSideBySideAndPass() throws Exception {
        start(shopConfig());
        awaitRuns("browse-and-search", "checkout", "inventory", "home");
        for (Monitor.CheckView v : monitor.view()) {
            assertThat(v.state().recent()).as(v.check().name() + ": " + log).allMatch(RunRecord::ok);
            assertThat(v.state().up()).isEqualTo(CheckState.Up.UP);
        }
        String metrics = get("/metrics");
        assertThat(metrics)
                .contains("probe_success{check=\"checkout\"} 1.0")
                .contains("headroom_check_up{check=\"inventory\",kind=\"journey\"} 1.0")
                .contains("probe_http_duration_seconds{check=\"home\",phase=\"processing\"}")
                .contains("headroom_check_phase_duration_seconds{check=\"checkout\",phase=\"place the order\"}")
                .contains("headroom_journey_step_duration_seconds_bucket{journey=\"checkout\",outcome=\"passed\",step=\"sign in\"")
                .contains("headroom_check_runs_total{check=\"home\",kind=\"probe\",outcome=\"passed\"}")
                .doesNotContain(shop.baseUrl())
                .doesNotContain("shop-secret");
        assertThat(get("/health")).contains("\"up\"");
    }

    @Test
    void whenEveryCheckoutFailsTheCheckoutCheckFailsAtItsStepRunsItsCleanupAndShowsWithinOneInterval() throws Exception {
        start(shopConfig());
        awaitRuns("checkout");
        shop.faults().set(Fault.ERROR_RATE, "1");
        Instant faultOn = Instant.now();
        await(() -> last("checkout") != null && last("checkout").startedAt().isAfter(faultOn), Duration.ofSeconds(30));
        RunRecord run = last("checkout");
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.failure().step()).isEqualTo("open checkout");
        assertThat(run.failure().responseStatus()).isEqualTo(503);
        assertThat(run.phases()).as("the cleanup step ran")
                .anyMatch(p -> p.name().equals("empty the cart") && p.status() == Status.PASSED);
        assertThat(monitor.state("checkout").up()).isEqualTo(CheckState.Up.DOWN);
        assertThat(monitor.state("browse-and-search").up()).as("browsing is unaffected").isEqualTo(CheckState.Up.UP);

        assertThat(get("/metrics")).contains("probe_success{check=\"checkout\"} 0.0")
                .contains("headroom_check_up{check=\"checkout\",kind=\"journey\"} 0.0");
        JsonNode checkout = checkStatus("checkout");
        assertThat(checkout.path("state").asText()).isEqualTo("DOWN");
        assertThat(checkout.path("lastFailure").path("failure").path("step").asText()).isEqualTo("open checkout");
        assertThat(checkout.path("lastFailure").path("failure").path("bodyExcerpt").asText()).contains("temporarily unavailable");
        // What on-call replays with `headroom recheck` once they think it is fixed.
        Path record = dir.resolve("failures/checkout/failure.json");
        assertThat(dev.headroom.journey.FailureRecord.read(record).failedStep().name()).isEqualTo("open checkout");

        shop.faults().clearAll();
        Instant fixed = Instant.now();
        await(() -> last("checkout").startedAt().isAfter(fixed) && last("checkout").ok(), Duration.ofSeconds(30));
        assertThat(monitor.state("checkout").up()).as("one success brings it back up").isEqualTo(CheckState.Up.UP);
        assertThat(record).as("the last failure stays for the recheck after the fix").exists();
        assertThat(dir.resolve("failures/browse-and-search")).as("passing journeys leave nothing").doesNotExist();
    }

    @Test
    void aSlowCheckoutIsDegradedNotDown() throws Exception {
        start(shopConfig());
        awaitRuns("checkout");
        shop.faults().set(Fault.SLOW_ROUTE, "checkout:1200");
        Instant faultOn = Instant.now();
        await(() -> last("checkout").startedAt().isAfter(faultOn), Duration.ofSeconds(30));
        assertThat(last("checkout").status()).isEqualTo(Status.DEGRADED);
        assertThat(last("checkout").message()).contains("open checkout");
        assertThat(monitor.state("checkout").up()).isEqualTo(CheckState.Up.UP);
        assertThat(get("/metrics")).contains("probe_success{check=\"checkout\"} 1.0")
                .contains("headroom_check_runs_total{check=\"checkout\",kind=\"journey\",outcome=\"degraded\"}");
    }

    @Test
    void anOversellingShopFailsTheInventoryCheckAtTheRace() throws Exception {
        start(shopConfig());
        awaitRuns("inventory");
        shop.faults().set(Fault.OVERSELL);
        Instant faultOn = Instant.now();
        await(() -> last("inventory").startedAt().isAfter(faultOn), Duration.ofSeconds(30));
        RunRecord run = last("inventory");
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.failure().step()).isEqualTo("two simultaneous orders for the last units");
        assertThat(run.phases()).anyMatch(p -> p.name().equals("cancel the second winning order") && p.status() == Status.PASSED);
    }

    @Test
    void aHardDownShopTimesTheProbeOutAndTheMonitorCarriesOn() throws Exception {
        start("""
                defaults: {interval: 500ms, jitter: 0s, failuresBeforeDown: 2}
                checks:
                  - {name: home, probe: /, timeout: 1s}
                """);
        awaitRuns("home");
        shop.faults().set(Fault.HARD_DOWN);
        await(() -> monitor.state("home").up() == CheckState.Up.DOWN, Duration.ofSeconds(20));
        RunRecord run = last("home");
        assertThat(run.status()).isEqualTo(Status.ERROR);
        assertThat(run.failure().message()).contains("no answer");
        assertThat(run.duration()).isLessThan(Duration.ofSeconds(3));
        shop.faults().clearAll();
        await(() -> monitor.state("home").up() == CheckState.Up.UP, Duration.ofSeconds(20));
    }

    @Test
    void garbageAndResetConnectionsAreResultsAndTheMonitorKeepsRunning() throws Exception {
        // a raw socket server: odd connections get bytes that are not HTTP, even ones are cut at once
        java.net.ServerSocket raw = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger accepted = new AtomicInteger();
        Thread server = new Thread(() -> {
            while (!raw.isClosed()) {
                try (java.net.Socket s = raw.accept()) {
                    if (accepted.incrementAndGet() % 2 == 1) {
                        s.getOutputStream().write("\u0000\u0001garbage, not HTTP\r\n\r\n".getBytes());
                    } else {
                        s.setSoLinger(true, 0); // RST
                    }
                } catch (IOException e) {
                    // closed
                }
            }
        }, "raw-server");
        server.setDaemon(true);
        server.start();
        try {
            start("""
                    checks:
                      - {name: bad, probe: 'http://127.0.0.1:%d/', interval: 200ms, jitter: 0s, timeout: 2s}
                      - {name: home, probe: /, interval: 200ms, jitter: 0s}
                    """.formatted(raw.getLocalPort()));
            await(() -> monitor.state("bad").runs() >= 6, Duration.ofSeconds(30));
            assertThat(monitor.state("bad").recent()).allMatch(r -> r.status() == Status.ERROR && r.failure() != null);
            assertThat(monitor.state("bad").up()).isEqualTo(CheckState.Up.DOWN);
            long homeRuns = monitor.state("home").runs();
            await(() -> monitor.state("home").runs() > homeRuns + 2, Duration.ofSeconds(10));
            assertThat(monitor.state("home").up()).isEqualTo(CheckState.Up.UP);
        } finally {
            raw.close();
        }
    }

    @Test
    void aSecretAPageEchoesAlteredByTheHtmlParserStaysOutOfTheStatusApiAndTheFailureRecord() throws Exception {
        String secret = "s3cr&t  <qz9 w\u00f6rd>"; // the parser's text collapses the two spaces and decodes the entities
        byte[] page = ("<html><body><main>" + "x".repeat(495) + org.jsoup.nodes.Entities.escape(secret)
                + "</main></body></html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpServer echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        echo.createContext("/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(200, page.length);
            ex.getResponseBody().write(page);
            ex.close();
        });
        echo.start();
        try {
            Files.writeString(dir.resolve("echo.env"), "ECHO_PASSWORD=" + secret + "\n");
            Files.writeString(dir.resolve("echo.yaml"), """
                    name: echo
                    secrets:
                      password: {env: ECHO_PASSWORD}
                    steps:
                      - name: sign in
                        request: {url: "http://127.0.0.1:%d/signin?pw=${password}"}
                        assert:
                          - text: Welcome
                    """.formatted(echo.getAddress().getPort()));
            start("""
                    checks:
                      - {name: echo, journey: echo.yaml, envFile: echo.env, interval: 1s, jitter: 0s}
                    """);
            awaitRuns("echo");

            JsonNode failure = checkStatus("echo").path("lastFailure").path("failure");
            assertThat(failure.path("bodyExcerpt").asText()).isEqualTo("x".repeat(495) + "\u2026");
            assertThat(failure.path("request").asText()).endsWith("/signin?pw=[REDACTED]");
            String status = get("/api/status");
            String record = Files.readString(dir.resolve("failures/echo/failure.json"));
            for (String text : List.of(status, record)) {
                assertThat(text).doesNotContain("s3cr").doesNotContain("qz9").doesNotContain("w\u00f6rd");
            }
        } finally {
            echo.stop(0);
        }
    }

    private RunRecord last(String check) {
        CheckState s = monitor.state(check);
        return s == null ? null : s.last();
    }

    private void awaitRuns(String... checks) throws InterruptedException {
        await(() -> {
            for (String c : checks) {
                if (last(c) == null) {
                    return false;
                }
            }
            return true;
        }, Duration.ofSeconds(60));
    }

    private void await(BooleanSupplier condition, Duration timeout) {
        Eventually.await(timeout, () -> "the condition; monitor log:\n" + String.join("\n", tail(log)), condition);
    }

    private static List<String> tail(List<String> lines) {
        return new ArrayList<>(lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private JsonNode checkStatus(String name) throws IOException, InterruptedException {
        for (JsonNode c : JSON.readTree(get("/api/status")).path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in /api/status");
    }
}
