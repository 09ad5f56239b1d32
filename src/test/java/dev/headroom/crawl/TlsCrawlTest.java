package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import java.io.IOException;
import java.net.InetAddress;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Mixed content and https-to-http redirects, over real TLS: an https shop and a plain-http host, both on loopback. */
@Timeout(30)
class TlsCrawlTest {
    private static final HeldCertificate LOCALHOST = new HeldCertificate.Builder()
            .addSubjectAlternativeName("localhost")
            .build();

    private final MockWebServer secure = new MockWebServer();
    private final MockWebServer plain = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        HandshakeCertificates serverCerts = new HandshakeCertificates.Builder().heldCertificate(LOCALHOST).build();
        secure.useHttps(serverCerts.sslSocketFactory(), false);
        plain.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return headless(request, switch (request.getPath()) {
                    case "/pixel.png" -> new MockResponse().setHeader("Content-Type", "image/png").setBody("png");
                    case "/app.js" -> new MockResponse().setHeader("Content-Type", "text/javascript").setBody("1;");
                    default -> html("<title>Plain</title><p>plain http page</p>");
                });
            }
        });
        plain.start(InetAddress.getByName("127.0.0.1"), 0);
        secure.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return headless(request, switch (request.getPath()) {
                    case "/" -> html("<title>Shop</title><h1>Shop</h1>"
                            + "<img src='" + plain.url("/pixel.png") + "'><script src='" + plain.url("/app.js") + "'></script>"
                            + "<img src='/logo.png'><a href='/checkout'>checkout</a> <a href='" + plain.url("/about")
                            + "'>about (a link, not loaded by the page)</a>");
                    case "/checkout" -> new MockResponse().setResponseCode(301).setHeader("Location", plain.url("/checkout"));
                    case "/logo.png" -> new MockResponse().setHeader("Content-Type", "image/png").setBody("png");
                    default -> new MockResponse().setResponseCode(404);
                });
            }
        });
        secure.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        secure.shutdown();
        plain.shutdown();
    }

    /** MockWebServer writes a body even to a HEAD, which garbles the next response on the connection. */
    private static MockResponse headless(RecordedRequest request, MockResponse response) {
        return "HEAD".equals(request.getMethod()) ? response.setBody("") : response;
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    private CrawlOptions options() {
        return CrawlOptions.builder(secure.url("/").toString()).build();
    }

    @Test
    void anHttpsPageLoadingHttpAssetsAndALinkRedirectingToHttpAreReported() {
        HandshakeCertificates trustTheTestCertificate = new HandshakeCertificates.Builder()
                .addTrustedCertificate(LOCALHOST.certificate())
                .build();
        CrawlOptions options = options();
        CrawlResult r;
        try (HttpChecker checker = Crawler.checkerBuilder(options)
                .tls(trustTheTestCertificate.sslSocketFactory(), trustTheTestCertificate.trustManager())
                .build()) {
            r = new Crawler(options, checker).crawl();
        }

        assertThat(r.startUnreachable()).isFalse();
        assertThat(r.findings(Finding.Kind.MIXED_CONTENT)).extracting(Finding::url)
                .containsExactlyInAnyOrder(plain.url("/pixel.png").toString(), plain.url("/app.js").toString());
        assertThat(r.findings(Finding.Kind.MIXED_CONTENT)).allSatisfy(f -> {
            assertThat(f.linkedFrom()).containsExactly(secure.url("/").toString());
            assertThat(f.failing()).isFalse();
        });
        assertThat(r.findings(Finding.Kind.REDIRECT)).singleElement().satisfies(f -> {
            assertThat(f.url()).isEqualTo(secure.url("/checkout").toString());
            assertThat(f.detail()).contains("https to http").contains(plain.url("/checkout").toString());
            assertThat(f.linkedFrom()).containsExactly(secure.url("/").toString());
        });
        assertThat(r.findings(Finding.Kind.BROKEN)).isEmpty();
    }

    @Test
    void withoutTheTestCertificateTrustedTheCrawlRefusesTheServerInsteadOfTrustingIt() {
        CrawlResult r = Crawler.crawl(options());

        assertThat(r.startUnreachable()).isTrue();
        assertThat(r.findings(Finding.Kind.BROKEN)).singleElement()
                .satisfies(f -> assertThat(f.url()).isEqualTo(secure.url("/").toString()));
        assertThat(secure.getRequestCount()).isZero();
    }
}
