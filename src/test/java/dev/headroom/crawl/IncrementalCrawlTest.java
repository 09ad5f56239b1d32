package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Incremental recrawls against a local site whose pages carry ETag or Last-Modified and honour them. */
@Timeout(40)
class IncrementalCrawlTest {
    private static final String LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT";

    /** What the site serves now: path to content type, body and validator. */
    private record Resource(String type, String body, String etag, String lastModified) {
    }

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Resource> site = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger notModifiedServed = new AtomicInteger();
    private ContinuousCrawl crawl;
    private volatile boolean slowD;

    @BeforeEach
    void start() throws IOException {
        site.put("/", new Resource("text/html", "<html><head><title>Home</title><link rel=stylesheet href='/c.css'></head>"
                + "<body><h1>Home</h1><a href='/a'>a</a> <a href='/b#present'>b</a> <a href='/b#absent'>b, nowhere</a>"
                + "<img src='/img.png' alt=''> <a href='/gone'>gone</a></body></html>", "\"home-1\"", null));
        site.put("/a", leakyA());
        site.put("/b", new Resource("text/html", "<html><head><title>B</title></head><body><h1 id='present'>B</h1>"
                + "<a href='/d'>d</a></body></html>", null, LAST_MODIFIED));
        site.put("/d", new Resource("text/html", "<html><head><title>D</title></head><body><h1>D</h1><p>no validators"
                + "</p></body></html>", null, null));
        site.put("/c.css", new Resource("text/css", "body { background: url(/bg.png) }", "W/\"css-1\"", null));
        site.put("/bg.png", new Resource("image/png", "png", "\"bg-1\"", null));
        site.put("/img.png", new Resource("image/png", "png", "\"img-1\"", null));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return respond(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        crawl = new ContinuousCrawl(CrawlOptions.builder(server.url("/").toString()).sitemap(false).retries(0)
                .maxTime(Duration.ofSeconds(20)).build(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() throws IOException {
        crawl.close();
        server.shutdown();
    }

    private static Resource leakyA() {
        return new Resource("text/html", "<html><head><title>A</title></head><body><h1>A</h1><p>"
                + "org.h2.jdbc.JdbcSQLSyntaxErrorException: Table \"X\" not found</p></body></html>", "\"a-1\"", null);
    }

    private MockResponse respond(RecordedRequest request) {
        if (slowD && request.getPath().equals("/d")) {
            return new MockResponse().setHeadersDelay(6, java.util.concurrent.TimeUnit.SECONDS).setBody("late");
        }
        Resource r = site.get(request.getPath());
        if (r == null) {
            return new MockResponse().setResponseCode(404).setBody("not found");
        }
        MockResponse response = new MockResponse().setHeader("Content-Type", r.type());
        if (r.etag() != null) {
            response.setHeader("ETag", r.etag());
        }
        if (r.lastModified() != null) {
            response.setHeader("Last-Modified", r.lastModified());
        }
        String inm = request.getHeader("If-None-Match");
        String ims = request.getHeader("If-Modified-Since");
        boolean unchanged = inm != null ? r.etag() != null && inm.replace("W/", "").equals(r.etag().replace("W/", ""))
                : ims != null && ims.equals(r.lastModified());
        if (unchanged) {
            notModifiedServed.incrementAndGet();
            return response.setResponseCode(304);
        }
        return request.getMethod().equals("HEAD") ? response : response.setBody(r.body());
    }

    private List<RecordedRequest> requestsFor(String path) {
        return requests.stream().filter(r -> r.getPath().equals(path)).toList();
    }

    private static List<String> summary(CrawlResult r) {
        return r.findings().stream().map(f -> f.kind() + " " + f.url() + " " + f.linkedFrom()).toList();
    }

    @Test
    void unchangedPagesAnswer304AndKeepTheirLinksAndFindingsWhileAChangedPageIsParsedAgain() {
        CrawlResult first = crawl.runOnce();
        assertThat(requests).noneMatch(r -> r.getHeader("If-None-Match") != null || r.getHeader("If-Modified-Since") != null);
        assertThat(first.findings()).as(summary(first).toString()).extracting(Finding::kind).containsExactlyInAnyOrder(
                Finding.Kind.BROKEN, Finding.Kind.ERROR_LEAK, Finding.Kind.MISSING_FRAGMENT);

        requests.clear();
        CrawlResult second = crawl.runOnce();

        // conditional requests with the validators the first crawl saw
        assertThat(requestsFor("/").get(0).getHeader("If-None-Match")).isEqualTo("\"home-1\"");
        assertThat(requestsFor("/b").get(0).getHeader("If-Modified-Since")).isEqualTo(LAST_MODIFIED);
        assertThat(requestsFor("/c.css").get(0).getHeader("If-None-Match")).isEqualTo("W/\"css-1\"");
        assertThat(requestsFor("/d").get(0).getHeader("If-None-Match")).isNull();
        assertThat(requestsFor("/gone").get(0).getHeader("If-None-Match")).isNull();
        // /, /a, /b, /c.css, /bg.png, /img.png are unchanged
        assertThat(notModifiedServed).hasValue(6);
        assertThat(crawl.lastNotModified()).isEqualTo(6);
        assertThat(crawl.memory().wasNotModified(server.url("/a").toString())).isTrue();
        // the same site: links of unchanged pages (and of the unchanged stylesheet) are followed from memory,
        // the leak on the unchanged page and the missing fragment are still current
        assertThat(second.pages()).extracting(CrawledPage::url)
                .containsExactlyElementsOf(first.pages().stream().map(CrawledPage::url).toList());
        assertThat(summary(second)).containsExactlyElementsOf(summary(first));
        assertThat(second.findings(Finding.Kind.ERROR_LEAK).get(0).detail()).contains("JdbcSQLSyntaxErrorException");
        assertThat(second.page(server.url("/b").toString()).orElseThrow().status()).isEqualTo(200);
        assertThat(second.stats().parsed()).isEqualTo(1); // only /d, which has no validators

        // /a is fixed: new content, new ETag
        site.put("/a", new Resource("text/html", "<html><head><title>A</title></head><body><h1>A</h1><p>fine</p>"
                + "</body></html>", "\"a-2\"", null));
        requests.clear();
        CrawlResult third = crawl.runOnce();
        assertThat(requestsFor("/a").get(0).getHeader("If-None-Match")).isEqualTo("\"a-1\"");
        assertThat(third.findings()).extracting(Finding::kind).containsExactlyInAnyOrder(
                Finding.Kind.BROKEN, Finding.Kind.MISSING_FRAGMENT);
        assertThat(crawl.lastNotModified()).isEqualTo(5);

        // and the fourth crawl revalidates /a with its new ETag
        requests.clear();
        crawl.runOnce();
        assertThat(requestsFor("/a").get(0).getHeader("If-None-Match")).isEqualTo("\"a-2\"");
        assertThat(crawl.lastNotModified()).isEqualTo(6);
    }

    @Test
    void aLeakThatAppearsOnAPageWithANewEtagIsFoundOnTheNextCrawl() {
        site.put("/a", new Resource("text/html", "<html><head><title>A</title></head><body><h1>A</h1><p>fine</p>"
                + "</body></html>", "\"a-0\"", null));
        assertThat(crawl.runOnce().findings(Finding.Kind.ERROR_LEAK)).isEmpty();
        site.put("/a", leakyA());
        assertThat(crawl.runOnce().findings(Finding.Kind.ERROR_LEAK)).extracting(Finding::url)
                .containsExactly(server.url("/a").toString());
    }

    @Test
    void anAbortedCrawlReturnsWithinSecondsAndForgetsNothingSoTheNextOneIsStillIncremental() throws Exception {
        crawl.runOnce();
        assertThat(crawl.memory().size()).isEqualTo(6);
        slowD = true;
        java.util.concurrent.CompletableFuture<CrawlResult> running =
                java.util.concurrent.CompletableFuture.supplyAsync(crawl::runOnce);
        Eventually.await(Duration.ofSeconds(10), () -> requestsFor("/d").size(), n -> n >= 2);
        long t0 = System.nanoTime();
        crawl.abort();
        CrawlResult aborted = running.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(aborted.stats().complete()).isFalse();
        assertThat(crawl.lastAborted()).isTrue();
        assertThat(crawl.memory().size()).isEqualTo(6);

        slowD = false;
        crawl.runOnce();
        assertThat(crawl.lastAborted()).isFalse();
        assertThat(crawl.lastNotModified()).isEqualTo(6);
    }
}
