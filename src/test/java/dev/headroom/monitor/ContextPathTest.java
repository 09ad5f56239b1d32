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
import java.util.ArrayList;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A shop under a context path ({@code http://host/shop/}): every path of every kind of check goes
 * under it, as journey URLs always did, never to the host's root.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextPathTest {
    @TempDir
    Path dir;

    private final MockWebServer host = new MockWebServer();
    private final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        host.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getPath();
                paths.add(path);
                return switch (path) {
                    case "/shop/" -> page("Home", "<a href=\"catalog\">Catalog</a> <a href=\"/shop/health\">health</a>");
                    case "/shop/catalog" -> page("Catalog", "<a href=\"/shop/\">home</a>");
                    case "/shop/health" -> new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"status\":\"up\"}");
                    default -> new MockResponse().setResponseCode(404).setBody("nothing here, the shop is under /shop/");
                };
            }
        });
        host.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private static MockResponse page(String title, String body) {
        return new MockResponse().setHeader("Content-Type", "text/html; charset=utf-8")
                .setBody("<!doctype html><html><head><title>" + title + "</title></head><body>" + body + "</body></html>");
    }

    @AfterEach
    void stop() throws IOException {
        host.shutdown();
    }

    @ParameterizedTest(name = "target {0}")
    @ValueSource(strings = {"/shop/", "/shop"})
    void probePathsAndCrawlStartsGoUnderTheTargetsPathAsJourneyUrlsDo(String contextPath) throws Exception {
        String target = "http://127.0.0.1:" + host.getPort() + contextPath;
        Files.writeString(dir.resolve("catalog.yaml"), """
                name: catalog
                steps:
                  - name: the catalog
                    request: {url: /catalog}
                    assert: [{text: Catalog}]
                """);
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                target: %s
                checks:
                  - {name: catalog, probe: /catalog, bodyMatches: '<title>Catalog</title>'}
                  - {name: health, probe: health, expectStatus: [200]}
                  - {name: home, probe: /}
                  - {name: site, crawl: /}
                  - {name: journey, journey: catalog.yaml}
                """.formatted(target));
        MonitorPlan plan = MonitorPlan.load(file, null, Map.of());
        String shop = "http://127.0.0.1:" + host.getPort() + "/shop/";
        assertThat(plan.checks()).extracting(Check::url)
                .containsExactly(shop + "catalog", shop + "health", shop, shop, target);

        List<RunRecord> runs;
        try (HttpChecker checker = plan.checkerBuilder().build();
                Monitor monitor = new Monitor(plan, checker, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                        Clock.systemUTC(), line -> { })) {
            runs = monitor.runAllOnce();
        }

        assertThat(runs).allSatisfy(r -> assertThat(r.status()).as(r.check() + ": " + r.message()).isEqualTo(Status.PASSED));
        List<String> outsideTheShop = new ArrayList<>(paths.stream().filter(p -> !p.startsWith("/shop/")).toList());
        assertThat(outsideTheShop).as("robots.txt and the sitemap live at the root of a host; nothing else")
                .containsOnly("/robots.txt", "/sitemap.xml", "/sitemap.xml.gz");
        assertThat(paths).contains("/shop/catalog", "/shop/health", "/shop/");
    }
}
