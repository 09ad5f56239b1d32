package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Soft 404s: a 200 page that says "not found", and not a product or order that merely has 404 in its name. */
@Timeout(30)
class Soft404Test {
    /** Path to title and h1 of the page. */
    private static final Map<String, String[]> PAGES = Map.of(
            "/lamp", new String[] {"Model 404 lamp | Acme", "Model 404 lamp"},
            "/order", new String[] {"Your order | Acme", "Order #1404"},
            "/room", new String[] {"Room 404 – Grand Hotel", "Room 404"},
            "/gone", new String[] {"404 | Acme", "Sorry, we looked everywhere"},
            "/missing", new String[] {"Acme", "Error 404"});

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                if (path.equals("/")) {
                    StringBuilder links = new StringBuilder("<title>Acme</title><h1>Acme</h1>");
                    PAGES.keySet().stream().sorted().forEach(p -> links.append("<a href='").append(p).append("'>x</a>"));
                    return html(links.toString());
                }
                String[] page = PAGES.get(path);
                if (page == null) {
                    return new MockResponse().setResponseCode(404);
                }
                return html("<title>" + page[0] + "</title><h1>" + page[1] + "</h1><p>content</p>");
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

    private static boolean soft404(String titleOrH1) {
        return CrawlOptions.DEFAULT_SOFT_404.stream().anyMatch(p -> p.matcher(titleOrH1).find());
    }

    @ParameterizedTest(name = "\"{0}\" is not a soft 404")
    @ValueSource(strings = {"Model 404 lamp", "Order #1404", "Room 404 – Grand Hotel", "Lamp 404", "404 Lamp",
        "v404.2 release notes", "Error-free 1404 guide", "Flight AB-404 to Lisbon"})
    void aTitleWith404InANameOrNumberIsNotASoft404(String title) {
        assertThat(soft404(title)).isFalse();
    }

    @ParameterizedTest(name = "\"{0}\" is a soft 404")
    @ValueSource(strings = {"Page not found", "Not Found", "This page does not exist", "No longer available", "404",
        "404 | Acme", "Acme - 404", "Acme – 404", "Error 404", "404 error", "HTTP 404", "Oops! 404", "404 Not Found",
        "404 - Page not found", "404 page"})
    void aTitleSayingNotFoundOr404AsAnErrorIsASoft404(String title) {
        assertThat(soft404(title)).isTrue();
    }

    @Test
    void theCrawlReportsOnlyThePagesThatSayNotFoundAsSoft404s() {
        String base = server.url("/").toString();
        CrawlResult r = Crawler.crawl(CrawlOptions.builder(base).sitemap(false).retries(0)
                .maxTime(Duration.ofSeconds(20)).build());

        assertThat(r.findings(Finding.Kind.SOFT_404)).extracting(Finding::url)
                .containsExactly(base + "gone", base + "missing");
        assertThat(r.findings(Finding.Kind.SOFT_404)).allSatisfy(f -> assertThat(f.failing()).isTrue());
        assertThat(r.page(base + "lamp")).get().extracting(CrawledPage::outcome).isEqualTo("ok");
        assertThat(r.page(base + "order")).get().extracting(CrawledPage::outcome).isEqualTo("ok");
        assertThat(r.page(base + "room")).get().extracting(CrawledPage::outcome).isEqualTo("ok");
    }
}
