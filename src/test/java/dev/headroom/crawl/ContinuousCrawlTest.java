package dev.headroom.crawl;

import dev.headroom.serve.LocalServer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Continuous mode against the reference storefront: incremental recrawls and their metrics. */
@Timeout(90)
class ContinuousCrawlTest {
    @ShopUnderTest(products = 60)
    static RunningStorefront shop;
    private PrometheusMeterRegistry registry;
    private ContinuousCrawl crawl;

    @BeforeEach
    void setUp() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        crawl = new ContinuousCrawl(CrawlOptions.builder(shop.baseUrl() + "/").concurrency(8).retries(0)
                .maxTime(Duration.ofSeconds(40)).build(), registry);
    }

    @AfterEach
    void tearDown() {
        crawl.close();
        registry.close();
    }

    private double value(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(registry.scrape());
        assertThat(m.find()).as(series + " in\n" + registry.scrape()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theSecondCrawlRevalidatesAssetsWithConditionalRequestsAndFindsTheSameSite() {
        CrawlResult first = crawl.runOnce();
        assertThat(first.findings()).isEmpty();
        assertThat(crawl.lastNotModified()).isZero();
        assertThat(value("headroom_crawl_pages_checked_total{outcome=\"not_modified\"}")).isZero();

        CrawlResult second = crawl.runOnce();

        // every product image, the logo, stylesheet, hero pattern and favicons answer 304
        assertThat(crawl.lastNotModified()).isGreaterThanOrEqualTo(60 + 4);
        assertThat(value("headroom_crawl_pages_checked_total{outcome=\"not_modified\"}"))
                .isEqualTo(crawl.lastNotModified());
        assertThat(value("headroom_crawl_not_modified_ratio")).isBetween(0.1, 0.9);
        assertThat(second.findings()).isEmpty();
        assertThat(second.pages()).extracting(CrawledPage::url)
                .containsExactlyElementsOf(first.pages().stream().map(CrawledPage::url).toList());
        // an unchanged asset keeps the status and type it had when it was fetched
        CrawledPage image = second.page(shop.baseUrl() + "/images/product/1.svg").orElseThrow();
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo("image/svg+xml");
        // the stylesheet's url() references are still followed from the remembered links
        assertThat(second.page(shop.baseUrl() + "/static/hero-pattern.svg")).isPresent();
        assertThat(value("headroom_crawl_runs_total{result=\"complete\"}")).isEqualTo(2);
        assertThat(value("headroom_crawl_pages")).isEqualTo(second.pages().size());
        assertThat(crawl.memory().size()).isGreaterThanOrEqualTo(64);
    }

    @Test
    void aFaultSwitchedOnBetweenCrawlsShowsUpInTheFindingsGaugeAndGoesAwayWhenCleared() {
        String broken = "headroom_crawl_findings{class=\"broken\"}";
        crawl.runOnce();
        assertThat(value(broken)).isZero();

        shop.faults().set(Fault.BROKEN_LINKS);
        CrawlResult withFault = crawl.runOnce();
        assertThat(withFault.findings(Finding.Kind.BROKEN)).hasSize(3);
        assertThat(value(broken)).isEqualTo(3);
        assertThat(value("headroom_crawl_pages_checked_total{outcome=\"broken\"}")).isEqualTo(3);
        assertThat(crawl.lastNotModified()).isPositive();

        shop.faults().clear(Fault.BROKEN_LINKS);
        CrawlResult fixed = crawl.runOnce();
        assertThat(fixed.findings()).isEmpty();
        assertThat(value(broken)).isZero();
        assertThat(value("headroom_crawl_last_complete_timestamp_seconds") * 1000)
                .isGreaterThan(System.currentTimeMillis() - 60_000);
        assertThat(value("headroom_crawl_running")).isZero();
    }

    @Test
    void theMetricsEndpointServesEveryContinuousSeriesWithoutUrlLabelsAndAHealthCheck()
            throws IOException, InterruptedException {
        crawl.runOnce();
        crawl.runOnce();
        try (LocalServer server = CrawlMetrics.server(0, registry, crawl::healthJson)) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
            String body = metrics.body();
            for (String name : List.of("headroom_crawl_pages_checked_total{outcome=\"ok\"}",
                    "headroom_crawl_pages_checked_total{outcome=\"not_modified\"}",
                    "headroom_crawl_pages_checked_total{outcome=\"broken\"}",
                    "headroom_crawl_findings{class=\"broken\"}", "headroom_crawl_findings{class=\"error_leak\"}",
                    "headroom_crawl_failing_findings{class=\"broken\"}",
                    "headroom_crawl_duration_seconds ", "headroom_crawl_last_complete_timestamp_seconds ",
                    "headroom_crawl_running ", "headroom_crawl_pages ", "headroom_crawl_not_modified_ratio ",
                    "headroom_crawl_runs_total{result=\"complete\"}")) {
                assertThat(body).contains("\n" + name);
            }
            // label values come from fixed sets: no URL, no path, whatever the site
            Matcher labels = Pattern.compile("(?m)^headroom_\\w+\\{([^}]*)\\}").matcher(body);
            int series = 0;
            while (labels.find()) {
                series++;
                assertThat(labels.group(1)).matches("\\w+=\"[a-z_0-9]+\"");
            }
            // findings and failing findings: one series of each per class
            assertThat(series).isEqualTo(CrawlMetrics.OUTCOMES.size() + 2 * Finding.Kind.values().length
                    + CrawlMetrics.RESULTS.size());
            assertThat(body).doesNotContain("127.0.0.1").doesNotContain("/product");

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"crawls\":2").contains("\"running\":false");

            HttpResponse<String> other = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metricsx")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void twoSitesCrawledIntoOneRegistryAreToldApartByTheirTags() {
        registry.close();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT); // every series of a name needs the same tag keys
        CrawlOptions options = CrawlOptions.builder(shop.baseUrl() + "/").retries(0).build();
        try (dev.headroom.http.HttpChecker checker = Crawler.checkerFor(options);
                ContinuousCrawl a = new ContinuousCrawl(options, checker, registry, io.micrometer.core.instrument.Tags.of("site", "a"));
                ContinuousCrawl b = new ContinuousCrawl(options, checker, registry, io.micrometer.core.instrument.Tags.of("site", "b"))) {
            a.runOnce();
            a.runOnce();
            b.runOnce();
            assertThat(value("headroom_crawl_runs_total{result=\"complete\",site=\"a\"}")).isEqualTo(2);
            assertThat(value("headroom_crawl_runs_total{result=\"complete\",site=\"b\"}")).isEqualTo(1);
            assertThat(value("headroom_crawl_not_modified_ratio{site=\"b\"}")).isZero();
            assertThat(value("headroom_crawl_not_modified_ratio{site=\"a\"}")).isPositive();
        }
    }
}
