package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.http.HttpChecker;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code location:} (or {@code --location}) labels every series the monitor exports, the crawler's and the origins' too. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MonitorLocationTest {
    @TempDir
    Path dir;

    @Test
    void everySeriesCarriesTheLocationAndAReloadCannotChangeIt() throws Exception {
        try (MockWebServer shop = new MockWebServer()) {
            shop.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return new MockResponse().setHeader("Content-Type", "text/html").setBody("<title>t</title><a href=/a>a</a>");
                }
            });
            shop.start(InetAddress.getByName("127.0.0.1"), 0);
            String config = """
                    target: %s
                    location: eu-west
                    checks:
                      - {name: home, probe: /}
                      - {name: site, crawl: /, maxPages: 5}
                    origins:
                      list: [{name: a, url: '%s'}]
                    """.formatted(shop.url("/"), shop.url("/"));
            Path yaml = Files.writeString(dir.resolve("monitor.yaml"), config);
            MonitorPlan plan = MonitorPlan.load(yaml, null, Map.of());
            assertThat(plan.location()).isEqualTo("eu-west");
            assertThat(plan.withLocation("us-east").location()).as("--location wins").isEqualTo("us-east");
            assertThat(plan.withLocation(null).location()).isEqualTo("eu-west");
            assertThatThrownBy(() -> plan.withLocation("US East")).hasMessageContaining("--location");

            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (HttpChecker checker = plan.checkerBuilder().build();
                    Monitor monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { })) {
                monitor.runAllOnce();
                PrometheusSamples m = new PrometheusSamples(registry.scrape());
                assertThat(m.all()).hasSizeGreaterThan(50)
                        .allSatisfy(s -> assertThat(s.labels()).as(s.name()).containsEntry("location", "eu-west"));
                assertThat(m.all()).extracting(PrometheusSamples.Sample::name)
                        .contains("probe_success", "headroom_check_up", "headroom_crawl_pages", "headroom_origin_up",
                                "headroom_origin_redundancy", "probe_http_status_code");
                assertThat(m.value("probe_success", "check", "home", "location", "eu-west")).isEqualTo(1);

                Files.writeString(yaml, config.replace("eu-west", "us-east"));
                assertThatThrownBy(() -> monitor.reload(MonitorPlan.load(yaml, null, Map.of())))
                        .hasMessageContaining("cannot change the location");
            }
        }
    }
}
