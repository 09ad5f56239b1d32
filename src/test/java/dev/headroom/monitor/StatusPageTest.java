package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Json;
import dev.headroom.report.Status;
import dev.headroom.serve.LocalServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page reads at a glance: times as epoch milliseconds in the API, shown to the second in
 * the viewer's zone; charts with axes and units; each check's SLO and error budget left (else its
 * success rate); the origins' redundancy. The page is rendered by Debian's headless Chromium.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StatusPageTest {
    @TempDir
    Path dir;

    @Test
    void theBudgetIsTheShareOfAllowedFailuresLeftOverTheRunsShownMaintenanceLeftOut() {
        List<RunRecord> runs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            runs.add(run(i == 7 ? Status.FAILED : Status.PASSED, false));
        }
        runs.add(run(Status.FAILED, true)); // in maintenance: not counted
        StatusPage.Budget b = StatusPage.Budget.of(runs, 99.0);
        assertThat(b.runs()).isEqualTo(200);
        assertThat(b.failed()).isEqualTo(1);
        assertThat(b.successRate()).isEqualTo(0.995);
        assertThat(b.budgetLeft()).as("1 failure of the 2 that 99%% of 200 allows").isCloseTo(0.5, within(1e-9));
        assertThat(StatusPage.Budget.of(runs.subList(0, 10), 99.5).budgetLeft()).as("overspent").isCloseTo(-19, within(1e-9));
        assertThat(StatusPage.Budget.of(runs, null).budgetLeft()).as("no SLO").isNull();
        assertThat(StatusPage.Budget.of(List.of(), 99.0).successRate()).as("no run").isNull();
    }

    private static RunRecord run(Status status, boolean maintenance) {
        return new RunRecord("c", Instant.EPOCH, Duration.ofMillis(5), status, 1, maintenance, "", List.of(), null);
    }

    @Test
    void thePageShowsTimesToTheSecondChartsWithAxesTheBudgetAndTheOrigins() throws Exception {
        AtomicInteger flaky = new AtomicInteger();
        try (MockWebServer shop = new MockWebServer()) {
            shop.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return switch (request.getPath()) {
                        case "/flaky" -> new MockResponse().setResponseCode(flaky.incrementAndGet() % 4 == 0 ? 503 : 200);
                        case "/health", "/" -> new MockResponse().setBody("ok");
                        default -> new MockResponse().setResponseCode(404);
                    };
                }
            });
            shop.start(InetAddress.getByName("127.0.0.1"), 0);
            Path yaml = Files.writeString(dir.resolve("monitor.yaml"), """
                    target: %s
                    location: eu-west
                    checks:
                      - {name: flaky, probe: /flaky, slo: 99}
                      - {name: home, probe: /}
                    origins:
                      list: [{name: a, url: '%s'}, {name: b, url: 'http://127.0.0.1:1'}]
                    """.formatted(shop.url("/"), shop.url("/")));
            MonitorPlan plan = MonitorPlan.load(yaml, null, Map.of());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (HttpChecker checker = plan.checkerBuilder().build();
                    Monitor monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { });
                    LocalServer page = StatusPage.serve(0, monitor, registry, checker.redactor(),
                            () -> new LocalServer.Response(200, "text/plain", "ok"))) {
                for (int i = 0; i < 4; i++) {
                    monitor.runAllOnce();
                }
                JsonNode status = Json.DATA.readTree(StatusPage.statusJson(monitor, checker.redactor()));
                JsonNode flakyCheck = status.at("/checks/0");
                assertThat(flakyCheck.at("/last/startedAtMs").asLong())
                        .isEqualTo(monitor.state("flaky").last().startedAt().toEpochMilli());
                assertThat(flakyCheck.at("/budget/runs").asInt()).isEqualTo(4);
                assertThat(flakyCheck.at("/budget/failed").asInt()).isEqualTo(1);
                assertThat(flakyCheck.at("/budget/successRate").asDouble()).isEqualTo(0.75);
                assertThat(flakyCheck.at("/budget/budgetLeft").asDouble()).isCloseTo(1 - 0.25 / 0.01, within(1e-9));
                assertThat(status.at("/checks/1/budget/slo").isNull()).isTrue();
                assertThat(status.at("/origins/0/redundancy").asText()).isEqualTo("single_point_of_failure");
                assertThat(status.get("location").asText()).isEqualTo("eu-west");

                String dom = dumpDom(page.baseUrl() + "/");
                assertThat(dom).contains("data-check=\"flaky\"").contains("budget spent").contains("SLO 99%")
                        .contains("75.0% passed").contains("no SLO set").contains("100.0% passed");
                assertThat(dom).as("times to the second in the viewer's zone, never an ISO instant with nanoseconds")
                        .containsPattern("<time datetime=\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\">[^<]*\\d\\d:\\d\\d:\\d\\d[^<]*</time>")
                        .doesNotContainPattern(">[^<]*\\d\\d:\\d\\d:\\d\\d\\.\\d+Z?[^<]*<");
                assertThat(dom).as("axes with units").contains("class=\"axis\"").containsPattern("class=\"y-tick\">\\d+ m?s<")
                        .contains("class=\"x-tick\"");
                assertThat(dom).contains("data-group=\"default\"").contains("single point of failure")
                        .contains("location eu-west");
            }
        }
    }

    /** The page as Debian's headless Chromium renders it, after its first fetch of /api/status. */
    private String dumpDom(String url) throws IOException, InterruptedException {
        Path chromium = Path.of("/usr/bin/chromium");
        Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium (apt-get install chromium; .ci/run installs it)");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--user-data-dir=" + dir.resolve("profile"),
                "--virtual-time-budget=3000", "--dump-dom", url)
                .redirectError(dir.resolve("chromium.log").toFile()).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("chromium ended").isTrue();
        return dom;
    }
}
