package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The crawl's allowlist: a shop on 127.0.0.1 links to, redirects to and lists in its sitemap pages
 * of a second server on 127.0.0.2, which stands for a host that is not on the allowlist and counts
 * every request that reaches it.
 */
@Timeout(30)
class AllowlistCrawlTest {
    private final MockWebServer shop = new MockWebServer();
    private final MockWebServer other = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        other.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return headless(request, switch (request.getPath()) {
                    case "/missing" -> new MockResponse().setResponseCode(404);
                    case "/logo.png" -> new MockResponse().setHeader("Content-Type", "image/png").setBody("png");
                    default -> html("<title>Other</title><p>another site</p>");
                });
            }
        });
        other.start(InetAddress.getByName("127.0.0.2"), 0);
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return headless(request, switch (request.getPath()) {
                    case "/" -> html("<title>Shop</title><h1>Shop</h1><a href='/about'>about</a>"
                            + "<a href='" + other.url("/partner") + "'>partner</a>"
                            + "<a href='" + other.url("/missing") + "'>gone partner page</a>"
                            + "<img src='" + other.url("/logo.png") + "' alt=''>"
                            + "<a href='/out'>out</a>");
                    case "/about" -> html("<title>About</title><p>about us</p><a href='" + other.url("/partner") + "'>again</a>");
                    case "/out" -> new MockResponse().setResponseCode(302).setHeader("Location", other.url("/landing"));
                    case "/sitemap.xml" -> new MockResponse().setHeader("Content-Type", "application/xml")
                            .setBody("<urlset><url><loc>" + shop.url("/about") + "</loc></url><url><loc>"
                                    + other.url("/from-sitemap") + "</loc></url></urlset>");
                    default -> new MockResponse().setResponseCode(404);
                });
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        shop.shutdown();
        other.shutdown();
    }

    /** MockWebServer writes a body even to a HEAD, which garbles the next response on the connection. */
    private static MockResponse headless(RecordedRequest request, MockResponse response) {
        return "HEAD".equals(request.getMethod()) ? response.setBody("") : response;
    }

    private static MockResponse html(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8").setBody(body);
    }

    private CrawlOptions.Builder options() {
        return CrawlOptions.builder(shop.url("/").toString()).retries(0).maxTime(Duration.ofSeconds(20));
    }

    private String otherHost() {
        return other.url("/").host();
    }

    @Test
    void linksRedirectsAndSitemapEntriesToAHostOffTheAllowlistAreNeverRequestedAndListedAsNotChecked() {
        CrawlResult r = Crawler.crawl(options().build());

        assertThat(other.getRequestCount()).isZero();
        NotChecked off = r.notChecked(NotChecked.Reason.NOT_ALLOWED);
        assertThat(off.count()).isEqualTo(5); // partner, missing, logo, the redirect's landing, the sitemap entry
        assertThat(off.hosts()).containsExactly(Map.entry(otherHost(), 5L));
        assertThat(off.examples()).extracting(NotChecked.Example::url).containsExactly(
                other.url("/from-sitemap").toString(), other.url("/landing").toString(), other.url("/logo.png").toString(),
                other.url("/missing").toString(), other.url("/partner").toString());
        assertThat(off.examples()).filteredOn(e -> e.url().endsWith("/landing"))
                .extracting(NotChecked.Example::linkedFrom).containsExactly(shop.url("/out").toString());
        assertThat(r.stats().skippedNotAllowed()).isEqualTo(5);
        // not findings: nothing was learnt about them, and the shop itself is fine
        assertThat(r.findings()).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(r.pages()).extracting(CrawledPage::url).noneMatch(u -> u.contains(otherHost()));
        CrawledPage out = r.page(shop.url("/out").toString()).orElseThrow();
        assertThat(out.status()).isEqualTo(302);
        assertThat(out.outcome()).isEqualTo("not_allowed");
    }

    @Test
    void theReportSaysHowManyWereNotCheckedAndHowToAllowTheirHost() {
        Report report = Crawler.crawl(options().build()).toReport();

        assertThat(report.summary()).containsEntry("not checked: not on the allowlist", 5L);
        CheckCase host = report.cases().stream().filter(c -> c.suite().equals("not-checked")).findFirst().orElseThrow();
        assertThat(host.name()).isEqualTo(otherHost());
        assertThat(host.status()).isEqualTo(Status.SKIPPED);
        assertThat(host.message()).contains("5 URLs").contains("--allow " + otherHost());
        assertThat(host.details()).contains(other.url("/partner").toString());
        assertThat(report.status()).isEqualTo(Status.PASSED);
    }

    @Test
    void withTheHostAllowedItsLinksAreCheckedButNotCrawled() {
        CrawlResult r = Crawler.crawl(options().allow(otherHost()).build());

        assertThat(other.getRequestCount()).isPositive();
        assertThat(r.notChecked()).isEmpty();
        assertThat(r.findings(Finding.Kind.BROKEN)).extracting(Finding::url).containsExactly(other.url("/missing").toString());
        assertThat(r.page(other.url("/partner").toString())).get().extracting(CrawledPage::type, CrawledPage::status)
                .containsExactly(CrawledPage.Type.EXTERNAL, 200);
        assertThat(r.page(other.url("/landing").toString())).isEmpty(); // a redirect is followed, not a URL of its own
        assertThat(r.page(shop.url("/out").toString())).get().extracting(CrawledPage::status, CrawledPage::outcome)
                .containsExactly(200, "ok");
    }

    @Test
    void anIncludePatternMatchingAnotherHostDoesNotAllowIt() {
        CrawlResult r = Crawler.crawl(options().include("^http://").build()); // every http URL is in scope

        assertThat(other.getRequestCount()).isZero();
        assertThat(r.notChecked(NotChecked.Reason.NOT_ALLOWED).count()).isEqualTo(5);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void aSharedCheckerThatRefusesAHostTheCrawlAllowsLeavesItNotCheckedRatherThanBroken() {
        CrawlOptions options = options().allow(otherHost()).build();
        CrawlResult r;
        try (HttpChecker loopbackOnly = HttpChecker.builder().build()) {
            r = new Crawler(options, loopbackOnly).crawl();
        }

        assertThat(other.getRequestCount()).isZero();
        assertThat(r.findings()).isEmpty();
        assertThat(r.notChecked(NotChecked.Reason.NOT_ALLOWED).count()).isEqualTo(5);
        assertThat(r.pages()).extracting(CrawledPage::url).noneMatch(u -> u.contains(otherHost()));
        assertThat(r.stats().requested()).isEqualTo(r.pages().size());
    }

    @Test
    void theAllowlistIsLoopbackTheStartHostsAndTheHostsGiven() {
        CrawlOptions options = CrawlOptions.builder("http://shop.test:8080/", "https://[::1]:8443/")
                .allow("cdn.test", "*.images.test").build();

        assertThat(options.allowlist().patterns())
                .containsExactly("127.0.0.1", "localhost", "::1", "shop.test", "cdn.test", "*.images.test");
        assertThat(List.of("a.images.test", "shop.test", "localhost")).allMatch(options.allowlist()::isAllowedHost);
        assertThat(options.allowlist().isAllowedHost("127.0.0.2")).isFalse();
    }
}
