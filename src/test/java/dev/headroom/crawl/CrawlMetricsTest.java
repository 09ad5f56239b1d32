package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.Eventually;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every series CrawlMetrics exports, asserted by value after crawls of a site whose every page has a
 * known outcome: one page per outcome the metrics know, four with ETags that answer 304 next time.
 */
@Timeout(60)
class CrawlMetricsTest {
    private static final String LEAK = "org.h2.jdbc.JdbcSQLSyntaxErrorException: Table \"X\" not found";

    private final MockWebServer server = new MockWebServer();
    private PrometheusMeterRegistry registry;
    private ContinuousCrawl crawl;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                MockResponse r = respond(request);
                return "HEAD".equals(request.getMethod()) ? r.setBody("") : r;
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        crawl = new ContinuousCrawl(CrawlOptions.builder(server.url("/").toString()).sitemap(false).retries(0)
                .concurrency(16).timeout(Duration.ofMillis(2500)).slowBudget(Duration.ofSeconds(1))
                .maxBodyBytes(64 * 1024).maxTime(Duration.ofSeconds(30)).build(), registry);
    }

    @AfterEach
    void stop() throws IOException {
        crawl.close();
        registry.close();
        server.shutdown();
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    /** 304 if the client has this ETag, else the response with it. */
    private static MockResponse tagged(RecordedRequest request, String etag, MockResponse response) {
        if (etag.equals(request.getHeader("If-None-Match"))) {
            return new MockResponse().setResponseCode(304).setHeader("ETag", etag);
        }
        return response.setHeader("ETag", etag);
    }

    private MockResponse respond(RecordedRequest request) {
        return switch (request.getPath()) {
            case "/" -> tagged(request, "\"home\"", html("<title>Home</title><h1>Home</h1>"
                    + "<a href='/a'>a</a> <a href='/a#nowhere'>a, nowhere</a> <a href='/b'>b</a> <a href='/soft'>soft</a>"
                    + "<a href='/missing'>missing</a> <img src='/img.png' alt=''> <a href='/big'>big</a>"
                    + "<a href='/out'>out</a> <a href='/slow'>slow</a> <a href='/private'>private</a>"
                    + "<a href='/hang'>hang</a> <a href='/loop'>loop</a> <a href='/empty'>empty</a>"));
            case "/a" -> tagged(request, "\"a\"", html("<title>A</title><h1>A</h1><p>fine</p>"));
            case "/b" -> tagged(request, "\"b\"", html("<title>B</title><h1>B</h1><p>" + LEAK + "</p>"));
            case "/img.png" -> tagged(request, "\"img\"", new MockResponse().setHeader("Content-Type", "image/png").setBody("png"));
            case "/soft" -> html("<title>Page not found</title><h1>Sorry</h1><p>gone</p>");
            case "/big" -> html("<title>Big</title><p>" + "x".repeat(100_000) + "</p>");
            case "/out" -> new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.2:9/");
            case "/slow" -> html("<title>Slow</title><p>slow</p>").setHeadersDelay(1500, TimeUnit.MILLISECONDS);
            case "/private" -> new MockResponse().setResponseCode(403).setBody("no");
            case "/hang" -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE); // until the timeout
            case "/loop" -> new MockResponse().setResponseCode(302).setHeader("Location", "/loop2");
            case "/loop2" -> new MockResponse().setResponseCode(302).setHeader("Location", "/loop");
            case "/empty" -> html("");
            default -> new MockResponse().setResponseCode(404);
        };
    }

    private double value(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(registry.scrape());
        assertThat(m.find()).as(series + " in\n" + registry.scrape()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private Map<String, Double> outcomes() {
        Map<String, Double> m = new LinkedHashMap<>();
        CrawlMetrics.OUTCOMES.forEach(o -> m.put(o, value("headroom_crawl_pages_checked_total{outcome=\"" + o + "\"}")));
        return m;
    }

    private Map<String, Double> findingsGauges() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Finding.Kind k : Finding.Kind.values()) {
            String label = k.name().toLowerCase(java.util.Locale.ROOT);
            m.put(label, value("headroom_crawl_findings{class=\"" + label + "\"}"));
        }
        return m;
    }

    private static Map<String, Double> expect(Object... labelsAndValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndValues.length; i += 2) {
            m.put((String) labelsAndValues[i], ((Number) labelsAndValues[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void afterOneCrawlEverySeriesCountsThePagesAndFindingsOfThatCrawl() {
        long before = System.currentTimeMillis();
        CrawlResult r = crawl.runOnce();
        long after = System.currentTimeMillis();

        assertThat(r.pages()).hasSize(13);
        assertThat(outcomes()).containsExactlyEntriesOf(expect("ok", 3, "not_modified", 0, "not_allowed", 1,
                "broken", 1, "error_leak", 1, "slow", 1, "soft_404", 1, "blocked", 1, "timeout", 1, "redirect", 1,
                "empty_page", 1, "truncated", 1));
        assertThat(findingsGauges()).containsExactlyEntriesOf(expect("broken", 1, "error_leak", 1, "slow", 1,
                "soft_404", 1, "blocked", 1, "timeout", 1, "redirect", 1, "mixed_content", 0, "missing_fragment", 1,
                "empty_page", 1, "truncated", 1));
        assertThat(value("headroom_crawl_pages")).isEqualTo(13);
        assertThat(value("headroom_crawl_not_modified_ratio")).isZero();
        assertThat(value("headroom_crawl_duration_seconds")).isEqualTo(r.stats().duration().toMillis() / 1000.0)
                .isGreaterThanOrEqualTo(2.5); // the page that hangs until the timeout
        assertThat(value("headroom_crawl_last_complete_timestamp_seconds") * 1000).isBetween((double) before, (double) after);
        assertThat(value("headroom_crawl_running")).isZero();
        assertThat(value("headroom_crawl_runs_total{result=\"complete\"}")).isEqualTo(1);
        assertThat(value("headroom_crawl_runs_total{result=\"incomplete\"}")).isZero();
        assertThat(value("headroom_crawl_runs_total{result=\"unreachable\"}")).isZero();
    }

    @Test
    void aRecrawlCountsEvery304InTheRatioAlsoOneWhoseReplayedFindingIsItsOutcome() {
        crawl.runOnce();
        CrawlResult second = crawl.runOnce();

        // "/", /a and the image answer 304 and are fine; /b answers 304 and still leaks its error
        assertThat(crawl.lastNotModified()).isEqualTo(4);
        assertThat(second.findings(Finding.Kind.ERROR_LEAK)).extracting(Finding::url).containsExactly(server.url("/b").toString());
        assertThat(value("headroom_crawl_not_modified_ratio")).isEqualTo(4 / 13.0);
        assertThat(outcomes()).containsExactlyEntriesOf(expect("ok", 3, "not_modified", 3, "not_allowed", 2,
                "broken", 2, "error_leak", 2, "slow", 2, "soft_404", 2, "blocked", 2, "timeout", 2, "redirect", 2,
                "empty_page", 2, "truncated", 2));
        assertThat(findingsGauges()).containsEntry("error_leak", 1.0).containsEntry("missing_fragment", 1.0);
        assertThat(value("headroom_crawl_pages")).isEqualTo(13);
        assertThat(value("headroom_crawl_runs_total{result=\"complete\"}")).isEqualTo(2);
    }

    @Test
    void runningIsOneWhileACrawlRunsAndZeroAfter() throws Exception {
        CompletableFuture<CrawlResult> running = CompletableFuture.supplyAsync(crawl::runOnce);
        // /hang keeps the crawl going until the timeout, so it is seen running before it is done
        Eventually.await(Duration.ofSeconds(10), () -> value("headroom_crawl_running"), v -> v == 1, () -> !running.isDone());
        running.get(30, TimeUnit.SECONDS);
        assertThat(value("headroom_crawl_running")).isZero();
    }

    @Test
    void anUnreachableCrawlIsCountedAsSuchAndLeavesTheGaugesOfTheLastCompleteCrawl() throws IOException {
        crawl.runOnce();
        double completedAt = value("headroom_crawl_last_complete_timestamp_seconds");
        server.shutdown();

        CrawlResult r = crawl.runOnce();

        assertThat(r.startUnreachable()).isTrue();
        assertThat(value("headroom_crawl_runs_total{result=\"unreachable\"}")).isEqualTo(1);
        assertThat(value("headroom_crawl_runs_total{result=\"complete\"}")).isEqualTo(1);
        assertThat(value("headroom_crawl_findings{class=\"broken\"}")).isEqualTo(1); // not the start's refused connection
        assertThat(value("headroom_crawl_last_complete_timestamp_seconds")).isEqualTo(completedAt);
        assertThat(value("headroom_crawl_pages")).isEqualTo(1);
        assertThat(value("headroom_crawl_pages_checked_total{outcome=\"broken\"}")).isEqualTo(2);
    }

    @Test
    void anAbortedCrawlIsIncompleteAndSetsNoFindings() throws Exception {
        CompletableFuture<CrawlResult> running = CompletableFuture.supplyAsync(crawl::runOnce);
        Eventually.await(Duration.ofSeconds(10), server::getRequestCount, n -> n >= 3);
        crawl.abort();
        CrawlResult r = running.get(10, TimeUnit.SECONDS);

        assertThat(r.aborted()).isTrue();
        assertThat(value("headroom_crawl_runs_total{result=\"incomplete\"}")).isEqualTo(1);
        assertThat(value("headroom_crawl_runs_total{result=\"complete\"}")).isZero();
        assertThat(findingsGauges().values()).containsOnly(0.0);
        assertThat(value("headroom_crawl_last_complete_timestamp_seconds")).isZero();
        assertThat(value("headroom_crawl_pages")).isEqualTo(r.pages().size());
        assertThat(outcomes().values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(r.pages().size());
    }
}
