package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
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
    private static final int CAP = 1024 * 1024;
    private static final String LONG_X = "/long?q=" + "x".repeat(3000);
    private static final String LONG_Y = "/long?q=" + "y".repeat(3000);
    private static byte[] gzipBomb;

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
            case "/huge": {
                // a 50 MB page whose last link lies far past the cap
                Buffer body = new Buffer().writeUtf8("<html><head><title>Huge</title></head><body><a href='/after-big'>x</a><p>");
                byte[] chunk = "lorem ipsum dolor sit amet ".repeat(4000).getBytes(StandardCharsets.UTF_8);
                while (body.size() < BIG) {
                    body.write(chunk);
                }
                return new MockResponse().setHeader("Content-Type", "text/html")
                        .setBody(body.writeUtf8("</p><a href='/past-the-cap'>end</a></body></html>"));
            }
            case "/bomb":
                // 50 MB of HTML in about 50 KB on the wire: the cap counts what it inflates to
                return new MockResponse().setHeader("Content-Type", "text/html").setHeader("Content-Encoding", "gzip")
                        .setBody(new Buffer().write(gzipBomb()));
            case "/traps":
                return html("<title>Traps</title><h1>Traps</h1><a href='/cal?month=1'>calendar</a>"
                        + "<a href='" + LONG_X + "'>long</a> <a href='" + LONG_X + "'>same long</a> <a href='" + LONG_Y
                        + "'>another long</a> <a href='/loop/'>loop</a>");
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
                if (p.startsWith("/loop/")) { // a relative link that nests forever: /loop/a/a/a/...
                    return html("<title>Loop</title><p>loop</p><a href='a/'>deeper</a>");
                }
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

    private static synchronized byte[] gzipBomb() {
        if (gzipBomb == null) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream gz = new GZIPOutputStream(bytes)) {
                gz.write("<html><head><title>Bomb</title></head><body><a href='/after-big'>x</a><p>".getBytes(StandardCharsets.UTF_8));
                byte[] spaces = new byte[1024 * 1024];
                java.util.Arrays.fill(spaces, (byte) ' ');
                for (int i = 0; i < 50; i++) {
                    gz.write(spaces);
                }
                gz.write("</p><a href='/past-the-cap'>end</a></body></html>".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            gzipBomb = bytes.toByteArray();
        }
        return gzipBomb;
    }

    private CrawlResult crawlFrom(String path) {
        return Crawler.crawl(CrawlOptions.builder(server.url(path).toString()).sitemap(false).retries(0)
                .maxBodyBytes(CAP).maxTime(Duration.ofSeconds(30)).build());
    }

    private static void assertTruncatedAtTheCap(CrawlResult r, String url) {
        assertThat(r.findings(Finding.Kind.TRUNCATED)).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(url);
            assertThat(f.detail()).contains("1 MiB body cap (--max-body)").contains("links past it were not checked");
            assertThat(f.failing()).isFalse();
        });
        assertThat(r.page(url)).get().extracting(CrawledPage::status, CrawledPage::outcome).containsExactly(200, "truncated");
    }

    @Test
    void aFiftyMegabytePageIsATruncatedWarningAndItsLinksPastTheCapAreNotChecked() {
        CrawlResult r = crawlFrom("/huge");

        assertTruncatedAtTheCap(r, server.url("/huge").toString());
        assertThat(r.page(server.url("/after-big").toString())).isPresent();
        assertThat(r.page(server.url("/past-the-cap").toString())).isEmpty();
        assertThat(r.clean()).isTrue(); // a warning, like SLOW: exit 0
    }

    @Test
    void aGzipBombIsCutAtTheCapOnWhatItInflatesTo() {
        CrawlResult r = crawlFrom("/bomb");

        assertTruncatedAtTheCap(r, server.url("/bomb").toString());
        assertThat(r.stats().bytes()).isLessThanOrEqualTo(CAP + 1024 * 1024); // the bomb's body and the small pages
        assertThat(r.page(server.url("/past-the-cap").toString())).isEmpty();
    }

    @Test
    void anEndlessBodyIsCutAtTheCapAndTheServerIsLeftAlone() throws IOException {
        HttpServer endless = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        AtomicInteger written = new AtomicInteger();
        endless.createContext("/", exchange -> {
            if (!exchange.getRequestURI().getPath().equals("/")) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, 0); // chunked, never ends
            byte[] chunk = "<p>and on and on</p>".repeat(3000).getBytes(StandardCharsets.UTF_8);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("<html><head><title>Endless</title></head><body><a href='/next'>next</a>".getBytes(StandardCharsets.UTF_8));
                while (System.nanoTime() < until) { // bounded, but the crawler hangs up long before
                    out.write(chunk);
                    written.addAndGet(chunk.length);
                }
            } catch (IOException hungUp) {
                // what should happen: the crawler stopped reading at its cap
            }
        });
        endless.start();
        try {
            String url = "http://127.0.0.1:" + endless.getAddress().getPort() + "/";
            CrawlResult r = Crawler.crawl(CrawlOptions.builder(url).sitemap(false).retries(0).maxBodyBytes(CAP)
                    .timeout(Duration.ofSeconds(15)).maxTime(Duration.ofSeconds(30)).build());

            assertTruncatedAtTheCap(r, url);
            assertThat(r.findings(Finding.Kind.TIMEOUT)).isEmpty();
            assertThat(r.page(url + "next")).isPresent(); // links before the cap are followed
        } finally {
            endless.stop(0);
        }
    }

    @Test
    void crawlerTrapsAreCountedOnceEachWithExamplesInsteadOfDisappearing() {
        String base = server.url("/").toString();
        CrawlResult r = Crawler.crawl(CrawlOptions.builder(base + "traps").sitemap(false).retries(0)
                .maxQueryVariants(5).maxTime(Duration.ofSeconds(30)).build());

        // the calendar's five months admitted form a run; the months on either side of it are cut
        NotChecked variants = r.notChecked(NotChecked.Reason.QUERY_VARIANTS);
        assertThat(variants.count()).isEqualTo(2);
        assertThat(variants.examples()).allSatisfy(e -> {
            assertThat(e.url()).startsWith(base + "cal?month=");
            assertThat(e.linkedFrom()).startsWith(base + "cal?month=");
        });
        NotChecked tooLong = r.notChecked(NotChecked.Reason.URL_TOO_LONG);
        assertThat(tooLong.count()).isEqualTo(2); // the same long link twice is one URL
        assertThat(tooLong.examples()).extracting(NotChecked.Example::url)
                .allSatisfy(u -> assertThat(u).startsWith(base + "long?q=").endsWith("... (" + (base.length() + 3007) + " characters)"));
        assertThat(tooLong.examples()).extracting(NotChecked.Example::linkedFrom).containsOnly(base + "traps");
        NotChecked loops = r.notChecked(NotChecked.Reason.REPEATED_SEGMENTS);
        assertThat(loops.count()).isEqualTo(1);
        assertThat(loops.examples()).containsExactly(new NotChecked.Example(base + "loop/a/a/a/a/", base + "loop/a/a/a/"));
        assertThat(r.stats().skippedTraps()).isEqualTo(5);
        assertThat(calendarHits.get()).isEqualTo(5);

        Report report = r.toReport();
        assertThat(report.summary()).containsEntry("not checked: past the query-variant cap of its path", 2L)
                .containsEntry("not checked: longer than the URL-length cap", 2L)
                .containsEntry("not checked: repeated path segments", 1L);
        assertThat(report.cases()).filteredOn(c -> c.suite().equals("not-checked")).extracting(CheckCase::name)
                .containsExactly("url_too_long", "query_variants", "repeated_segments");
        assertThat(report.cases()).filteredOn(c -> c.name().equals("repeated_segments")).singleElement()
                .satisfies(c -> assertThat(c.details()).contains(base + "loop/a/a/a/a/  (from " + base + "loop/a/a/a/)"));
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
