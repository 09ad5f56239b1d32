package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(40)
class HostileSiteCrawlTest {
    private static final long BIG = 50L * 1024 * 1024;

    private final MockWebServer server = new MockWebServer();
    private final AtomicInteger rateLimited = new AtomicInteger();
    private final AtomicInteger calendarHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return respond(request.getPath());
            }
        });
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    private MockResponse respond(String path) {
        String p = path.replaceFirst("\\?.*", "");
        switch (p) {
            case "/":
                return html("<html><head><title>Hostile</title></head><body><h1>Hostile site</h1>"
                        + "<a href='/loop'>loop</a> <a href='/cal?month=1'>calendar</a> <a href='/big'>big</a>"
                        + "<a href='/drip'>drip</a> <a href='/malformed'>malformed</a> <a href='/latin'>latin</a>"
                        + "<a href='/reset'>reset</a> <a href='/anchors#present'>ok</a> <a href='/anchors#missing'>bad</a>"
                        + "<a href='/soft'>soft</a> <a href='/limited'>limited</a> <a href='/empty'>empty</a>"
                        + "<a href='/s;jsessionid=ABC123?x=1&PHPSESSID=zz'>session</a>"
                        + "<a href='/s;jsessionid=DEF456?x=1'>session again</a>"
                        + "<a href='/forbidden'>forbidden</a></body></html>");
            case "/loop":
                return new MockResponse().setResponseCode(302).setHeader("Location", "/loop2");
            case "/loop2":
                return new MockResponse().setResponseCode(302).setHeader("Location", "/loop");
            case "/cal": {
                calendarHits.incrementAndGet();
                int month = Integer.parseInt(path.replaceFirst(".*month=", ""));
                return html("<title>Month " + month + "</title><p>Month " + month + "</p><a href='/cal?month="
                        + (month + 1) + "'>next</a><a href='/cal?month=" + (month - 1) + "'>prev</a>");
            }
            case "/big": {
                Buffer body = new Buffer().writeUtf8("<html><body><a href='/after-big'>x</a><p>");
                byte[] chunk = "lorem ipsum dolor sit amet ".repeat(4000).getBytes(StandardCharsets.UTF_8);
                while (body.size() < BIG) {
                    body.write(chunk);
                }
                return new MockResponse().setHeader("Content-Type", "text/html").setBody(body);
            }
            case "/after-big":
            case "/s":
                return html("<title>fine</title><p>fine</p>");
            case "/drip":
                return html("<title>drip</title><p>" + "x".repeat(200) + "</p>").throttleBody(10, 1, TimeUnit.SECONDS);
            case "/malformed":
                return html("<html><body><div><p><table><tr><td><a href='/after-big'>cell<td></b></i><a href=\"/s?x=2\">"
                        + "<<<>>><script>document.write('<a href=/nowhere>')</script><p unclosed");
            case "/latin":
                return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                        .setBody(new Buffer().write(new byte[] {'<', 'p', '>', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '<', '/', 'p', '>'})
                                .writeUtf8("<a href='/after-big'>x</a>"));
            case "/reset":
                return html("<title>reset</title>" + "y".repeat(100_000)).setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
            case "/anchors":
                return html("<title>anchors</title><h2 id='present'>here</h2><p>text</p>");
            case "/soft":
                return html("<html><head><title>Page not found</title></head><body><h1>Sorry</h1><p>gone</p></body></html>");
            case "/limited":
                if (rateLimited.getAndIncrement() == 0) {
                    return new MockResponse().setResponseCode(429).setHeader("Retry-After", "1");
                }
                return html("<title>finally</title><p>ok</p>");
            case "/empty":
                return html("");
            case "/forbidden":
                return new MockResponse().setResponseCode(403).setBody("no");
            default:
                return new MockResponse().setResponseCode(404).setBody("not here");
        }
    }

    @Test
    void aHostileSiteIsCrawledWithinItsBoundsAndEveryTrapIsClassified() {
        String base = server.url("/").toString();
        long started = System.nanoTime();
        CrawlResult r = Crawler.crawl(CrawlOptions.builder(base)
                .timeout(Duration.ofSeconds(2))
                .retries(1)
                .maxQueryVariants(20)
                .maxBodyBytes(1024 * 1024)
                .maxTime(Duration.ofSeconds(30))
                .build());
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(took).isLessThan(Duration.ofSeconds(30));
        assertThat(r.findings(Finding.Kind.REDIRECT)).extracting(Finding::url).containsExactly(base + "loop");
        assertThat(r.findings(Finding.Kind.TIMEOUT)).extracting(Finding::url).containsExactly(base + "drip");
        assertThat(r.findings(Finding.Kind.BROKEN)).extracting(Finding::url).contains(base + "reset");
        assertThat(r.findings(Finding.Kind.MISSING_FRAGMENT)).extracting(Finding::url).containsExactly(base + "anchors#missing");
        assertThat(r.findings(Finding.Kind.MISSING_FRAGMENT).get(0).linkedFrom()).containsExactly(base);
        assertThat(r.findings(Finding.Kind.SOFT_404)).extracting(Finding::url).containsExactly(base + "soft");
        assertThat(r.findings(Finding.Kind.EMPTY_PAGE)).extracting(Finding::url).containsExactly(base + "empty");
        assertThat(r.findings(Finding.Kind.BLOCKED)).extracting(Finding::url).containsExactly(base + "forbidden");
        // 429 with Retry-After: waited and retried, then fine
        assertThat(r.page(base + "limited")).get().extracting(CrawledPage::status).isEqualTo(200);
        assertThat(rateLimited.get()).isEqualTo(2);
        // the endless calendar is cut at the query-variant cap
        assertThat(calendarHits.get()).isLessThanOrEqualTo(20);
        assertThat(r.stats().skippedTraps()).isPositive();
        // the 50 MB page is read up to the cap and its early links are still followed
        assertThat(r.page(base + "big")).get().extracting(CrawledPage::status).isEqualTo(200);
        assertThat(r.page(base + "after-big")).isPresent();
        // malformed HTML and invalid UTF-8 are parsed, not fatal
        assertThat(r.page(base + "malformed")).get().extracting(CrawledPage::outcome).isEqualTo("ok");
        assertThat(r.page(base + "latin")).get().extracting(CrawledPage::outcome).isEqualTo("ok");
        assertThat(r.page(base + "s?x=2")).isPresent();
        // session ids are stripped: both links are one URL
        assertThat(r.pages()).extracting(CrawledPage::url).contains(base + "s?x=1")
                .noneMatch(u -> u.toLowerCase().contains("sessid") || u.contains("jsessionid"));
        assertThat(r.clean()).isFalse();
    }

    @Test
    void maxTimeStopsAnEndlessCrawlAndSaysItIsIncomplete() {
        String base = server.url("/cal?month=1").toString();
        CrawlResult r = Crawler.crawl(CrawlOptions.builder(base).maxQueryVariants(1_000_000)
                .rate(20).maxTime(Duration.ofSeconds(1)).build());
        assertThat(r.stats().complete()).isFalse();
        assertThat(r.stats().duration()).isLessThan(Duration.ofSeconds(10));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void maxPagesBoundsTheCrawl() {
        CrawlResult r = Crawler.crawl(CrawlOptions.builder(server.url("/cal?month=1").toString())
                .maxQueryVariants(1_000_000).maxPages(15).build());
        assertThat(r.stats().requested()).isEqualTo(15);
        assertThat(r.stats().complete()).isFalse();
    }
}
