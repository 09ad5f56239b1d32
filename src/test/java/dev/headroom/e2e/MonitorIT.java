package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * {@code headroom monitor} as its own process, as it runs in production: the status page in a real
 * headless Chromium shows a failing check and its failure; SIGHUP reloads the config, an invalid
 * config is refused and the old one kept; SIGTERM stops it cleanly.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MonitorIT {
    private static final Path MONITORS = Path.of("monitors").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void theStatusPageInARealBrowserShowsAFailingCheckoutAndWhereItFailed(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                    defaults: {interval: 1s, jitter: 100ms, failuresBeforeDown: 1}
                    checks:
                      - {name: checkout, journey: %1$s/checkout.yaml, envFile: %1$s/reference-storefront.env, slo: 99}
                      - {name: home, probe: /}
                    origins:
                      list: [{name: a, url: '%2$s'}]
                    """.formatted(MONITORS, shop.baseUrl()));
            shop.faults().set(Fault.ERROR_RATE, "1");
            try (HeadroomProcess monitor = HeadroomProcess.start("monitor", "--config", config.toString(),
                    "--target", shop.baseUrl(), "--port", "0", "--duration", "2m")) {
                String base = baseUrl(monitor);
                monitor.awaitLine(l -> l.contains("check checkout is DOWN"), Duration.ofSeconds(60));
                WebDriver browser = BrowserPurchaseIT.chromium(dir.resolve("profile"));
                try {
                    browser.get(base + "/");
                    awaitElement(browser, "tr[data-check=checkout] .state.DOWN");
                    awaitElement(browser, "tr[data-check=home] .state.UP");
                    var failure = browser.findElement(By.id("failure-checkout"));
                    assertThat(failure.findElement(By.cssSelector(".step")).getText()).isEqualTo("open checkout");
                    assertThat(failure.findElement(By.cssSelector(".response")).getText()).isEqualTo("503");
                    assertThat(failure.findElement(By.cssSelector(".request")).getText()).startsWith("GET ").contains("/checkout");
                    assertThat(failure.findElement(By.cssSelector(".excerpt")).getText()).contains("temporarily unavailable");
                    assertThat(browser.findElements(By.cssSelector("tr[data-check=checkout] .timeline span.FAILED"))).isNotEmpty();
                    assertThat(browser.findElements(By.cssSelector("tr[data-check=home] svg.chart polyline"))).hasSize(1);
                    assertThat(browser.getPageSource()).doesNotContain("shop-secret");
                    // at a glance: times to the second in the viewer's zone, charts with axes and units,
                    // the objective and its budget, the origins' redundancy
                    var lastRun = browser.findElement(By.cssSelector("tr[data-check=home] td.last time"));
                    assertThat(lastRun.getText()).matches("\\d\\d:\\d\\d:\\d\\d");
                    assertThat(lastRun.getAttribute("datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                    assertThat(browser.findElements(By.cssSelector("tr[data-check=home] svg.chart .axis line"))).hasSize(2);
                    assertThat(browser.findElements(By.cssSelector("tr[data-check=home] svg.chart text.y-tick")))
                            .extracting(e -> e.getText()).allMatch(t -> t.matches("[\\d.]+ m?s"));
                    assertThat(browser.findElement(By.cssSelector("tr[data-check=checkout] .budget")).getText())
                            .contains("budget spent").contains("SLO 99%");
                    assertThat(browser.findElement(By.cssSelector("tr[data-check=home] .budget")).getText())
                            .contains("100.0% passed").contains("no SLO set");
                    awaitElement(browser, "#origins tr[data-group=default] .redundancy.single_point_of_failure");
                } finally {
                    browser.quit();
                }
                monitor.signal("TERM"); // kill(1): Process.destroy() would also close our end of its output
                assertThat(monitor.awaitExit(Duration.ofSeconds(20))).isZero();
                monitor.awaitLine("Stopping."::equals, Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void sighupReloadsTheConfigAnInvalidOneIsRefusedAndSigtermStopsCleanly(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(50).build().start()) {
            Path config = dir.resolve("monitor.yaml");
            Files.writeString(config, "checks:\n  - {name: home, probe: /, interval: 500ms, jitter: 0s}\n");
            try (HeadroomProcess monitor = HeadroomProcess.start("monitor", "--config", config.toString(),
                    "--target", shop.baseUrl(), "--port", "0", "--duration", "2m")) {
                String base = baseUrl(monitor);
                monitor.awaitLine(l -> l.contains("PASSED") && l.contains("home"), Duration.ofSeconds(30));

                Files.writeString(config, "checks:\n  - {name: home, probe: /, interval: 500ms, jitter: 0s}\n"
                        + "  - {name: health, probe: /health, interval: 500ms, jitter: 0s}\n");
                // A JVM started with SIGHUP ignored (this test run under nohup) cannot see it; the
                // monitor says so at start, and then the reload goes through POST instead.
                if (monitor.output().contains("SIGHUP is ignored in this process")) {
                    assertThat(post(base + "/-/reload").statusCode()).isEqualTo(200);
                } else {
                    monitor.signal("HUP");
                }
                monitor.awaitLine(l -> l.startsWith("reloaded") && l.contains("2 checks"), Duration.ofSeconds(20));
                monitor.awaitLine(l -> l.contains("PASSED") && l.contains("health"), Duration.ofSeconds(20));

                Files.writeString(config, "checks:\n  - {name: home, probe: /, interval: soon}\n");
                HttpResponse<String> refused = post(base + "/-/reload");
                assertThat(refused.statusCode()).isEqualTo(400);
                assertThat(refused.body()).contains("reload refused").contains("monitor.yaml:2").contains("interval");
                String status = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(status).as("the old config still runs").contains("\"name\":\"health\"");

                monitor.signal("TERM"); // kill(1): Process.destroy() would also close our end of its output
                assertThat(monitor.awaitExit(Duration.ofSeconds(20))).isZero();
                monitor.awaitLine("Stopping."::equals, Duration.ofSeconds(5));
                assertThat(monitor.output()).doesNotContain("Exception");
            }
        }
    }

    @Test
    void anInvalidConfigAtStartIsAUsageErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), "checks:\n  - {name: home, probe: /, retry: {attempts: 99}}\n");
        try (HeadroomProcess monitor = HeadroomProcess.start("monitor", "--config", config.toString(),
                "--target", "http://127.0.0.1:9/")) {
            assertThat(monitor.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(monitor.output()).contains("monitor.yaml:2").contains("attempts").doesNotContain("\tat ");
        }
    }

    /** The page re-renders every 2 s from /api/status: wait for what it should come to show. */
    private static void awaitElement(WebDriver browser, String css) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (browser.findElements(By.cssSelector(css)).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + css + "' on the status page within 20 s:\n" + browser.getPageSource());
            }
            Thread.sleep(200);
        }
    }

    private static HttpResponse<String> post(String url) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String baseUrl(HeadroomProcess monitor) throws InterruptedException {
        String line = monitor.awaitLine(l -> l.contains("status page http://"), Duration.ofSeconds(60));
        Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(line);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
