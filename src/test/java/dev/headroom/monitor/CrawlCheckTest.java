package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A crawl check crawls as {@code headroom crawl} does with the same options: what reaches the site says so. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CrawlCheckTest {
    @TempDir
    Path dir;

    private final MockWebServer site = new MockWebServer();
    /** Another origin, on the allowlist: only the crawler's own options keep it from being checked. */
    private final MockWebServer external = new MockWebServer();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        external.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().setBody("elsewhere");
            }
        });
        external.start(InetAddress.getByName("127.0.0.3"), 0);
        String ext = "http://127.0.0.3:" + external.getPort() + "/partner";
        site.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                paths.add(request.getPath());
                return switch (request.getPath()) {
                    case "/robots.txt" -> new MockResponse().setBody("User-agent: *\nDisallow: /site/hidden\n");
                    case "/site/" -> page("<a href=\"/site/private/orders\">orders</a> <a href=\"/site/hidden\">hidden</a>"
                            + " <a href=\"/site/oops\">oops</a> <a href=\"" + ext + "\">partner</a>");
                    case "/site/oops" -> page("<p>Oops, the shop broke: order service unavailable</p>");
                    default -> page("<p>fine</p>");
                };
            }
        });
        site.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse page(String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><html><head><title>Shop</title></head><body>" + body + "</body></html>");
    }

    @AfterEach
    void stop() throws IOException {
        site.shutdown();
        external.shutdown();
    }

    private RunRecord crawlOnce(String options) throws Exception {
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                target: http://127.0.0.1:%d/site/
                allowlist: [127.0.0.1, 127.0.0.3]
                checks:
                  - {name: site, crawl: /, sitemap: false%s}
                """.formatted(site.getPort(), options));
        MonitorPlan plan = MonitorPlan.load(file, null, Map.of());
        try (HttpChecker checker = plan.checkerBuilder().build();
                Monitor monitor = new Monitor(plan, checker, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.systemUTC(), line -> { })) {
            return monitor.runAllOnce().get(0);
        }
    }

    @Test
    void excludeExternalRobotsAndErrorSignaturesShapeTheCrawl() throws Exception {
        RunRecord run = crawlOnce(", exclude: ['/private/'], external: false, robots: false,"
                + " errorSignatures: ['Oops, the shop broke']");

        assertThat(paths).as("excluded").doesNotContain("/site/private/orders");
        assertThat(paths).as("robots.txt not honoured").contains("/site/hidden");
        assertThat(external.getRequestCount()).as("external links not checked").isZero();
        assertThat(run.status()).isEqualTo(Status.FAILED);
        assertThat(run.failure().request()).isEqualTo("GET http://127.0.0.1:" + site.getPort() + "/site/oops");
        assertThat(run.failure().message()).startsWith("error_leak: ");
    }

    @Test
    void withoutThemTheCrawlersDefaultsHold() throws Exception {
        RunRecord run = crawlOnce("");

        assertThat(paths).contains("/site/private/orders", "/robots.txt").doesNotContain("/site/hidden");
        assertThat(external.getRequestCount()).as("the external link is checked").isEqualTo(1);
        assertThat(run.status()).as(run.message()).isEqualTo(Status.PASSED);
    }
}
