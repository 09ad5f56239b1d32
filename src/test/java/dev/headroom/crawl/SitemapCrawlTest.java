package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sitemaps the crawl is seeded from: plain, gzipped, listed in an index, and broken ones. */
@Timeout(30)
class SitemapCrawlTest {
    private final MockWebServer server = new MockWebServer();
    /** What the site serves besides its pages: path to content type and body. */
    private final Map<String, MockResponse> files = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                MockResponse file = files.get(path);
                if (file != null) {
                    return file.clone();
                }
                if (path.equals("/") || path.startsWith("/page/")) {
                    return new MockResponse().setHeader("Content-Type", "text/html")
                            .setBody("<title>" + path + "</title><p>" + path + "</p>");
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        server.shutdown();
    }

    private String url(String path) {
        return server.url(path).toString();
    }

    private byte[] urlset(String... paths) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">");
        for (String p : paths) {
            xml.append("<url><loc>").append(url(p)).append("</loc></url>");
        }
        return xml.append("</urlset>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private void serve(String path, String type, byte[] body) {
        files.put(path, new MockResponse().setHeader("Content-Type", type).setBody(new Buffer().write(body)));
    }

    private CrawlResult crawl() {
        return Crawler.crawl(CrawlOptions.builder(url("/")).retries(0).maxTime(Duration.ofSeconds(20)).build());
    }

    @Test
    void aGzippedSitemapNamedInRobotsTxtSeedsTheCrawl() throws IOException {
        serve("/robots.txt", "text/plain", ("Sitemap: " + url("/sitemap.xml.gz") + "\n").getBytes(StandardCharsets.UTF_8));
        serve("/sitemap.xml.gz", "application/gzip", SitemapReaderTest.gzip(urlset("/page/only-in-the-sitemap")));

        CrawlResult r = crawl();

        assertThat(r.page(url("/page/only-in-the-sitemap"))).get().extracting(CrawledPage::status).isEqualTo(200);
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aSitemapIndexListingGzippedAndPlainSitemapsIsFollowedToTheirPages() throws IOException {
        serve("/sitemap.xml", "application/xml", ("<sitemapindex><sitemap><loc>" + url("/maps/a.xml.gz") + "</loc></sitemap>"
                + "<sitemap><loc>/maps/b.xml</loc></sitemap></sitemapindex>").getBytes(StandardCharsets.UTF_8));
        // a gzip file the server also marks as gzip-encoded: the client inflates it once, the crawler once more
        files.put("/maps/a.xml.gz", new MockResponse().setHeader("Content-Type", "application/x-gzip")
                .setHeader("Content-Encoding", "gzip")
                .setBody(new Buffer().write(SitemapReaderTest.gzip(SitemapReaderTest.gzip(urlset("/page/a"))))));
        serve("/maps/b.xml", "application/xml", urlset("/page/b"));

        CrawlResult r = crawl();

        assertThat(r.pages()).extracting(CrawledPage::url).contains(url("/page/a"), url("/page/b"));
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void withoutASitemapXmlTheCrawlerTriesSitemapXmlGz() throws IOException {
        serve("/sitemap.xml.gz", "application/octet-stream", SitemapReaderTest.gzip(urlset("/page/from-the-gz")));

        CrawlResult r = crawl();

        assertThat(r.page(url("/page/from-the-gz"))).isPresent();
    }

    @Test
    void aCorruptGzippedSitemapIsABrokenFindingOnTheSitemap() throws IOException {
        byte[] gz = SitemapReaderTest.gzip(urlset("/page/1", "/page/2"));
        serve("/robots.txt", "text/plain", ("Sitemap: " + url("/sitemap.xml.gz")).getBytes(StandardCharsets.UTF_8));
        serve("/sitemap.xml.gz", "application/gzip", java.util.Arrays.copyOf(gz, gz.length - 12)); // cut short

        CrawlResult r = crawl();

        assertThat(r.findings(Finding.Kind.BROKEN)).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(url("/sitemap.xml.gz"));
            assertThat(f.detail()).startsWith("sitemap (gzip): the gzip data ends early");
            assertThat(f.failing()).isTrue();
        });
        assertThat(r.page(url("/sitemap.xml.gz"))).get().extracting(CrawledPage::outcome).isEqualTo("broken");
    }

    @Test
    void aSitemapLongerThanTheBodyCapIsATruncatedWarning() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            many.append("/page/").append(i).append(' ');
        }
        serve("/sitemap.xml", "application/xml", urlset(many.toString().strip().split(" ")));

        CrawlResult r = Crawler.crawl(CrawlOptions.builder(url("/")).retries(0).maxBodyBytes(4096)
                .maxTime(Duration.ofSeconds(20)).build());

        assertThat(r.findings(Finding.Kind.TRUNCATED)).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(url("/sitemap.xml"));
            assertThat(f.detail()).isEqualTo("sitemap longer than the 4 KiB body cap (--max-body): entries past it were not read");
            assertThat(f.failing()).isFalse();
        });
        assertThat(r.page(url("/page/1"))).isPresent();
        assertThat(r.page(url("/page/199"))).isEmpty();
        assertThat(r.clean()).isTrue();
    }
}
