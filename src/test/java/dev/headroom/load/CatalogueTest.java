package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.TargetAllowlist;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Reading the catalogue from a shop's sitemap: through the allowlist, bounded, tolerant of bad entries. */
class CatalogueTest {

    private static final TargetAllowlist LOOPBACK = TargetAllowlist.of("127.0.0.1");

    private static String urlset(String... locs) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?>\n<urlset>");
        for (String loc : locs) {
            sb.append("<url><loc>").append(loc).append("</loc></url>\n");
        }
        return sb.append("</urlset>").toString();
    }

    private static MockWebServer server() throws Exception {
        MockWebServer server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        return server;
    }

    private static String base(MockWebServer server) {
        return "http://127.0.0.1:" + server.getPort();
    }

    @Test
    void malformedEntriesAreSkippedAndCountedInsteadOfEndingTheRun() {
        Catalogue.Sitemap s = Catalogue.read(urlset("http://127.0.0.1/product/7", "ht!tp:/not a url",
                "http://127.0.0.1/product/99999999999", "http://127.0.0.1/category/lamps", "<![CDATA[http://127.0.0.1/product/8]]>",
                "http://127.0.0.1/product/9?ref=a&amp;b=c"), Catalogue.MAX_URLS);
        assertThat(s.catalogue().productIds()).containsExactly(7, 8, 9);
        assertThat(s.catalogue().categories()).containsExactly("lamps");
        assertThat(s.urls()).isEqualTo(6);
        assertThat(s.skipped()).isEqualTo(2);
        assertThat(s.warnings()).containsExactly("skipped 2 <loc> entries that are not usable URLs (first: 'ht!tp:/not a url')");
        assertThat(s.unusable(true)).isNull();
    }

    @Test
    void theSitemapProtocolsUrlLimitBoundsTheRead() {
        String[] locs = new String[60];
        for (int i = 0; i < locs.length; i++) {
            locs[i] = "http://127.0.0.1/product/" + (i + 1);
        }
        Catalogue.Sitemap s = Catalogue.read(urlset(locs), 50);
        assertThat(s.urls()).isEqualTo(50);
        assertThat(s.catalogue().productIds()).hasSize(50).endsWith(50);
        assertThat(s.warnings()).containsExactly(
                "the sitemap lists more than 50 URLs, the sitemap protocol's limit for one file: read the first 50");
    }

    @Test
    void aShopWhoseUrlsAreNotTheStorefrontsSaysSo() {
        Catalogue.Sitemap s = Catalogue.read(urlset("https://127.0.0.1/products/blue-mug", "https://127.0.0.1/collections/mugs"),
                Catalogue.MAX_URLS);
        assertThat(s.catalogue().productIds()).isEmpty();
        assertThat(s.unusable(false)).isEqualTo("the sitemap lists 2 URLs but no /product/{id} URL: this shop's URLs"
                + " do not look like the reference storefront's, which the load simulation drives");
        Catalogue.Sitemap productsOnly = Catalogue.read(urlset("http://127.0.0.1/product/1"), Catalogue.MAX_URLS);
        assertThat(productsOnly.unusable(false)).isNull();
        assertThat(productsOnly.unusable(true)).contains("no /category/{slug} URL (the browse journey needs one)");
        assertThat(Catalogue.read("<sitemapindex><sitemap><loc>http://127.0.0.1/s1.xml</loc></sitemap></sitemapindex>", 10)
                .catalogue().productIds()).isEmpty();
        assertThat(Catalogue.read("<sitemapindex></sitemapindex>", 10).warnings())
                .containsExactly("it is a sitemap index: Headroom reads the URLs of one sitemap, not an index");
        assertThat(Catalogue.read("<html>Welcome</html>", 10).warnings())
                .containsExactly("it is not a sitemap (no <urlset> and no <loc>)");
    }

    @Test
    void anEndlessSitemapIsReadOnlyUpToTheByteCapAndInBoundedTime() throws Exception {
        AtomicLong sent = new AtomicLong();
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread endless = new Thread(() -> {
                try (Socket s = listener.accept(); OutputStream out = s.getOutputStream()) {
                    s.getInputStream().read(new byte[4096]); // the request
                    out.write("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<urlset>".getBytes(StandardCharsets.US_ASCII));
                    Instant stop = Instant.now().plusSeconds(30);
                    for (int i = 1; Instant.now().isBefore(stop) && sent.get() < 200_000_000L; i++) { // bounded: 30 s, 200 MB
                        byte[] url = ("<url><loc>http://127.0.0.1/product/" + i + "</loc></url>\n").getBytes(StandardCharsets.US_ASCII);
                        out.write(url);
                        sent.addAndGet(url.length);
                    }
                } catch (Exception closedByTheReader) {
                    // the reader stopped at its cap and closed the connection: what the test wants
                }
            }, "endless-sitemap");
            endless.setDaemon(true);
            endless.start();
            Instant started = Instant.now();
            Catalogue.Fetched fetched = Catalogue.fetch("http://127.0.0.1:" + listener.getLocalPort(), LOOPBACK,
                    1024 * 1024, Catalogue.MAX_URLS, Duration.ofSeconds(20));
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(10));
            assertThat(fetched).isInstanceOf(Catalogue.Found.class);
            Catalogue.Sitemap s = ((Catalogue.Found) fetched).sitemap();
            assertThat(s.warnings()).contains("the sitemap is larger than 1 MB, the sitemap protocol's limit: read the first 1 MB");
            assertThat(s.urls()).isBetween(15_000, 25_000); // 1 MiB of ~52-byte entries
            assertThat(s.catalogue().productIds()).hasSize(Catalogue.MAX_PRODUCTS).startsWith(1, 2, 3);
            endless.join(5000);
            assertThat(sent.get()).as("bytes the endless server got out before the reader hung up").isLessThan(100_000_000L);
        }
    }

    @Test
    void aGzippedSitemapIsRead() throws Exception {
        try (MockWebServer server = server()) {
            String xml = urlset("http://127.0.0.1/product/3", "http://127.0.0.1/category/desks");
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(xml.getBytes(StandardCharsets.UTF_8));
            }
            server.enqueue(new MockResponse().setHeader("Content-Type", "application/x-gzip").setBody(new Buffer().write(gz.toByteArray())));
            server.enqueue(new MockResponse().setHeader("Content-Encoding", "gzip").setBody(new Buffer().write(gz.toByteArray())));
            for (int i = 0; i < 2; i++) {
                Catalogue.Fetched fetched = Catalogue.fetch(base(server), LOOPBACK);
                assertThat(fetched).isInstanceOf(Catalogue.Found.class);
                Catalogue c = ((Catalogue.Found) fetched).sitemap().catalogue();
                assertThat(c.productIds()).containsExactly(3);
                assertThat(c.categories()).containsExactly("desks");
            }
        }
    }

    @Test
    void aRedirectOffTheAllowlistIsNotFollowedAndTheShopCountsAsAnswering() throws Exception {
        try (MockWebServer server = server()) {
            server.enqueue(new MockResponse().setResponseCode(302).setHeader("Location", "http://127.0.0.2:9/sitemap.xml"));
            Catalogue.Fetched fetched = Catalogue.fetch(base(server), LOOPBACK);
            assertThat(fetched).isEqualTo(new Catalogue.NotRead(true, base(server) + "/sitemap.xml: not sent: host"
                    + " '127.0.0.2' is not on the allowlist [127.0.0.1]; a redirect from " + base(server) + "/sitemap.xml pointed there"));
            assertThat(server.getRequestCount()).isEqualTo(1);
        }
    }

    @Test
    void anErrorStatusIsAnAnswerAndSilenceIsUnreachable() throws Exception {
        try (MockWebServer server = server()) {
            server.enqueue(new MockResponse().setResponseCode(404).setBody("no sitemap here"));
            assertThat(Catalogue.fetch(base(server), LOOPBACK))
                    .isEqualTo(new Catalogue.NotRead(true, base(server) + "/sitemap.xml answered 404 Client Error"));
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Catalogue.Fetched silent = Catalogue.fetch("http://127.0.0.1:" + closedPort, LOOPBACK);
        assertThat(silent).isInstanceOf(Catalogue.NotRead.class);
        assertThat(((Catalogue.NotRead) silent).answered()).isFalse();
        assertThat(((Catalogue.NotRead) silent).message()).startsWith("http://127.0.0.1:" + closedPort + "/sitemap.xml: ");
    }
}
