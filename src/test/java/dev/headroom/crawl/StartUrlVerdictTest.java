package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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

/** What a crawl says when its start URL gives no usable page, and when it is stopped before the end. */
@Timeout(30)
class StartUrlVerdictTest {
    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger limitedHits = new AtomicInteger();
    private final CountDownLatch slowRequested = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                String path = request.getPath();
                switch (path) {
                    case "/limited":
                        limitedHits.incrementAndGet();
                        return new MockResponse().setResponseCode(429).setHeader("Retry-After", "0").setBody("slow down");
                    case "/ok":
                        return html("<title>Fine</title><p>fine</p><a href='/forbidden'>staff only</a>");
                    case "/forbidden":
                        return new MockResponse().setResponseCode(403).setBody("no");
                    case "/elsewhere":
                        return new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.2:9/shop/");
                    case "/gone":
                        return new MockResponse().setResponseCode(404).setBody("gone");
                    default:
                        if (path.startsWith("/slow")) { // an endless site that answers slowly
                            slowRequested.countDown();
                            Thread.sleep(300);
                            int n = path.length();
                            return html("<title>Slow " + n + "</title><p>slow</p><a href='" + path + "1'>a</a><a href='"
                                    + path + "2'>b</a>");
                        }
                        return new MockResponse().setResponseCode(404);
                }
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    private CrawlOptions.Builder from(String... paths) {
        String[] urls = java.util.Arrays.stream(paths).map(p -> server.url(p).toString()).toArray(String[]::new);
        return CrawlOptions.builder(urls).sitemap(false).retries(1).maxTime(Duration.ofSeconds(20));
    }

    @Test
    void aStartUrlStillRateLimitedAfterTheRetriesMeansNothingCouldBeCrawledNotAClean() {
        CrawlResult r = Crawler.crawl(from("/limited").build());

        assertThat(limitedHits.get()).isEqualTo(2); // the request and its one retry
        assertThat(r.startUnreachable()).isTrue();
        assertThat(r.clean()).isFalse();
        assertThat(r.startProblems()).singleElement().asString()
                .contains("turned away: 429").contains("rate limited").contains("still after 1 retry");
        assertThat(r.findings(Finding.Kind.BLOCKED)).singleElement().satisfies(f -> {
            assertThat(f.failing()).isTrue();
            assertThat(f.detail()).contains("a start URL, so nothing behind it was crawled");
        });
        Report report = r.toReport();
        assertThat(report.status()).isEqualTo(Status.ERROR);
        assertThat(report.summary()).containsEntry("complete", false);
        assertThat(report.cases().get(0)).extracting(CheckCase::suite, CheckCase::status)
                .containsExactly("crawl", Status.ERROR);
        assertThat(report.cases().get(0).message()).startsWith("nothing could be crawled").contains("429");
    }

    @Test
    void nextToAWorkingStartUrlARateLimitedOneIsAFailingFindingWhileABlockedInnerPageStaysAWarning() {
        CrawlResult r = Crawler.crawl(from("/ok", "/limited").build());

        assertThat(r.startUnreachable()).isFalse();
        assertThat(r.clean()).isFalse();
        assertThat(r.findings(Finding.Kind.BLOCKED)).extracting(Finding::url, Finding::failing).containsExactly(
                org.assertj.core.groups.Tuple.tuple(server.url("/forbidden").toString(), false),
                org.assertj.core.groups.Tuple.tuple(server.url("/limited").toString(), true));
    }

    @Test
    void aStartUrlRedirectingToAHostOffTheAllowlistSaysWhichHostToAllow() {
        CrawlResult r = Crawler.crawl(from("/elsewhere").build());

        assertThat(r.startUnreachable()).isTrue();
        assertThat(r.startProblems()).singleElement().asString()
                .contains("redirects (302) to http://127.0.0.2:9/shop/").contains("--allow 127.0.0.2");
        assertThat(r.findings()).isEmpty();
        assertThat(r.notChecked(NotChecked.Reason.NOT_ALLOWED).examples())
                .containsExactly(new NotChecked.Example("http://127.0.0.2:9/shop/", server.url("/elsewhere").toString()));
    }

    @Test
    void aStartUrlAnswering404IsABrokenFindingOfTheSiteNotAnUnreachableTarget() {
        CrawlResult r = Crawler.crawl(from("/gone").build());

        assertThat(r.startUnreachable()).isFalse();
        assertThat(r.findings(Finding.Kind.BROKEN)).extracting(Finding::url).containsExactly(server.url("/gone").toString());
        assertThat(r.clean()).isFalse();
    }

    @Test
    void aStoppedCrawlReturnsWithinSecondsAPartialResultThatSaysWhyAndAReportInError() throws Exception {
        CrawlOptions options = from("/slow").concurrency(2).maxTime(Duration.ZERO).build(); // endless but for the stop
        CrawlResult r;
        long t0;
        try (HttpChecker checker = Crawler.checkerFor(options)) {
            Crawler crawler = new Crawler(options, checker);
            CompletableFuture<CrawlResult> running = CompletableFuture.supplyAsync(crawler::crawl);
            assertThat(slowRequested.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500); // a few pages in
            t0 = System.nanoTime();
            crawler.stop("stopped by the test");
            r = running.get(10, TimeUnit.SECONDS);
        }

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(r.aborted()).isTrue();
        assertThat(r.incompleteReason()).isEqualTo("stopped by the test");
        assertThat(r.stats().complete()).isFalse();
        assertThat(r.startUnreachable()).isFalse();
        assertThat(r.pages()).isNotEmpty().allSatisfy(p -> assertThat(p.status()).isEqualTo(200));
        assertThat(r.stats().requested()).isEqualTo(r.pages().size());
        Report report = r.toReport();
        assertThat(report.status()).isEqualTo(Status.ERROR);
        assertThat(report.summary()).containsEntry("complete", false).containsEntry("incomplete", "stopped by the test");
        assertThat(report.cases().get(0)).satisfies(c -> {
            assertThat(c.suite()).isEqualTo("crawl");
            assertThat(c.status()).isEqualTo(Status.ERROR);
            assertThat(c.message()).startsWith("incomplete: stopped by the test")
                    .contains("this report covers only what was checked before the stop");
        });
        assertThat(((CrawlResult.Data) report.data()).incompleteReason()).isEqualTo("stopped by the test");
    }

    @Test
    void aCrawlEndedByMaxPagesIsIncompleteAsAWarningNotAnError() {
        CrawlResult r = Crawler.crawl(from("/slow").maxPages(3).build());

        assertThat(r.aborted()).isFalse();
        assertThat(r.incompleteReason()).isEqualTo("max pages (3) reached");
        Report report = r.toReport();
        assertThat(report.status()).isEqualTo(Status.DEGRADED);
        assertThat(report.cases().get(0).message()).startsWith("incomplete: max pages (3) reached")
                .contains("URLs found were not requested");
    }
}
