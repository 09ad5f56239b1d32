package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.failover.StubOrigin;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Json;
import dev.headroom.shop.ShopFile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A load balancer's origins, each probed directly: {@code headroom_origin_up} and the group's
 * redundancy state read back after rounds in which known origins are down (stub origins on
 * loopback whose {@code /health} answers 503 while their marker file exists).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginsTest {
    static final List<String> STATES = List.of("full", "degraded", "single_point_of_failure", "down");

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private PrometheusMeterRegistry registry;
    private Monitor monitor;

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private StubOrigin origin(String name) {
        StubOrigin o = new StubOrigin(dir.resolve(name + ".down"));
        open.add(o);
        return o;
    }

    private void start(MonitorPlan plan) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpChecker checker = plan.checkerBuilder().build();
        open.add(checker);
        monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { });
        open.add(monitor);
    }

    private static void down(StubOrigin o) throws IOException {
        Files.writeString(o.downMarker(), "down");
    }

    private static void up(StubOrigin o) throws IOException {
        Files.deleteIfExists(o.downMarker());
    }

    /** The group's state on /metrics, checking that exactly one state is 1 and the others 0. */
    private String redundancy(String group) {
        PrometheusSamples m = new PrometheusSamples(registry.scrape());
        String current = null;
        for (String state : STATES) {
            double v = m.value("headroom_origin_redundancy", "group", group, "state", state);
            assertThat(v).as(state).isIn(0.0, 1.0);
            if (v == 1) {
                assertThat(current).as("two states at once").isNull();
                current = state;
            }
        }
        return current;
    }

    private double up(String group, String origin) {
        return new PrometheusSamples(registry.scrape()).value("headroom_origin_up", "group", group, "origin", origin,
                "check", "origin." + group + "." + origin);
    }

    @Test
    void threeOriginsGoFromFullToDegradedToASinglePointOfFailureToDownAndBack() throws Exception {
        StubOrigin lb = origin("lb");
        StubOrigin a = origin("a");
        StubOrigin b = origin("b");
        StubOrigin c = origin("c");
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                checks: []
                origins:
                  entry: %s
                  healthPath: /health
                  list:
                    - {name: a, url: '%s'}
                    - {name: b, url: '%s'}
                    - {name: c, url: '%s'}
                """.formatted(lb.url(), a.url(), b.url(), c.url()));
        assertThat(ShopFile.isShopFile(file)).as("a monitor.yaml with origins is not a shop file").isFalse();
        MonitorPlan plan = MonitorPlan.load(file, null, Map.of());
        assertThat(plan.checks()).extracting(Check::name)
                .containsExactly("entry.default", "origin.default.a", "origin.default.b", "origin.default.c");
        assertThat(plan.checks().get(1).url()).isEqualTo(a.url() + "/health");
        start(plan);

        assertThat(redundancy("default")).as("every state is exported, none is current before the first round").isNull();
        assertThat(up("default", "a")).isNaN();

        monitor.runAllOnce();
        assertThat(redundancy("default")).isEqualTo("full");
        assertThat(up("default", "a")).isEqualTo(1);

        down(a);
        monitor.runAllOnce();
        assertThat(redundancy("default")).isEqualTo("degraded");
        assertThat(up("default", "a")).isZero();
        assertThat(up("default", "b")).isEqualTo(1);

        down(b);
        monitor.runAllOnce();
        assertThat(redundancy("default")).isEqualTo("single_point_of_failure");
        assertThat(up("default", "b")).isZero();
        assertThat(up("default", "c")).isEqualTo(1);
        PrometheusSamples m = new PrometheusSamples(registry.scrape());
        assertThat(m.value("probe_success", "check", "entry.default")).as("the load balancer hides it").isEqualTo(1);
        assertThat(m.value("probe_http_status_code", "check", "origin.default.a")).as("probed directly").isEqualTo(503);

        down(c);
        monitor.runAllOnce();
        assertThat(redundancy("default")).isEqualTo("down");

        up(a);
        up(b);
        up(c);
        monitor.runAllOnce();
        assertThat(redundancy("default")).isEqualTo("full");
        assertThat(up("default", "a")).isEqualTo(1);

        JsonNode status = Json.DATA.readTree(StatusPage.statusJson(monitor, dev.headroom.http.Redactor.defaults()));
        JsonNode group = status.at("/origins/0");
        assertThat(group.get("group").asText()).isEqualTo("default");
        assertThat(group.get("redundancy").asText()).isEqualTo("full");
        assertThat(group.get("origins")).hasSize(3);
        assertThat(group.at("/origins/0/up").asBoolean()).isTrue();
    }

    @Test
    void groupsHaveTheirOwnStateAndTwoOriginsWithOneDownAreASinglePointOfFailure() throws Exception {
        StubOrigin lb = origin("lb");
        StubOrigin a = origin("a");
        StubOrigin b = origin("b");
        StubOrigin solo = origin("solo");
        Path file = Files.writeString(dir.resolve("monitor.yaml"), """
                target: %s
                checks: [{name: home, probe: /}]
                origins:
                  failuresBeforeDown: 2
                  groups:
                    - name: eu
                      list: [{name: a, url: '%s'}, {name: b, url: '%s'}]
                    - name: us
                      entry: %s
                      list: [{name: solo, url: '%s'}]
                """.formatted(lb.url(), a.url(), b.url(), lb.url(), solo.url()));
        start(MonitorPlan.load(file, null, Map.of()));

        monitor.runAllOnce();
        assertThat(redundancy("eu")).isEqualTo("full");
        assertThat(redundancy("us")).as("one origin is all it has").isEqualTo("single_point_of_failure");

        down(b);
        monitor.runAllOnce();
        assertThat(redundancy("eu")).as("one failure of the two it takes to be DOWN").isEqualTo("full");
        monitor.runAllOnce();
        assertThat(redundancy("eu")).isEqualTo("single_point_of_failure");
        assertThat(up("eu", "b")).isZero();
        assertThat(redundancy("us")).isEqualTo("single_point_of_failure");

        // a reload without b: its series leave, and eu is down to a single origin by design
        Files.writeString(file, Files.readString(file).replace(", {name: b, url: '" + b.url() + "'}", ""));
        monitor.reload(MonitorPlan.load(file, null, Map.of()));
        assertThat(new PrometheusSamples(registry.scrape()).all("headroom_origin_up"))
                .extracting(s -> s.labels().get("origin")).containsExactlyInAnyOrder("a", "solo");
        assertThat(redundancy("eu")).isEqualTo("single_point_of_failure");
        assertThat(up("eu", "a")).as("a keeps its state across the reload").isEqualTo(1);
    }

    @Test
    void aShopFilesOriginsAreWatchedThroughItsMonitorPlan() throws Exception {
        StubOrigin a = origin("a");
        StubOrigin b = origin("b");
        Path file = Files.writeString(dir.resolve("headroom.yaml"), """
                shop: stubs
                target: %s
                monitor:
                  location: eu-west
                  checks: [{name: home, probe: /}]
                origins:
                  healthPath: /health
                  list: [{name: a, url: '%s'}, {name: b, url: '%s'}]
                """.formatted(a.url(), a.url(), b.url()));
        assertThat(ShopFile.isShopFile(file)).isTrue();
        MonitorPlan plan = ShopFile.load(file).monitorPlan(null, Map.of());
        assertThat(plan.location()).isEqualTo("eu-west");
        assertThat(plan.origins()).singleElement().satisfies(g -> {
            assertThat(g.entry()).isEqualTo(a.url());
            assertThat(g.origins()).extracting(MonitorPlan.Member::name).containsExactly("a", "b");
        });
        start(plan);
        down(b);
        monitor.runAllOnce();
        PrometheusSamples m = new PrometheusSamples(registry.scrape());
        assertThat(m.value("headroom_origin_redundancy", "group", "default", "state", "single_point_of_failure",
                "location", "eu-west")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no origin                  | 'origins: {entry: http://127.0.0.1:1}'                                              | origins.list
            list and groups            | 'origins: {entry: http://127.0.0.1:1, list: [{name: a, url: http://127.0.0.1:2}], groups: [{name: g, list: [{name: b, url: http://127.0.0.1:3}]}]}' | set 'groups' or 'list', not both
            duplicate origin           | 'origins: {entry: http://127.0.0.1:1, list: [{name: a, url: http://127.0.0.1:2}, {name: a, url: http://127.0.0.1:3}]}' | duplicate origin name 'a'
            origin name unfit          | 'origins: {entry: http://127.0.0.1:1, list: [{name: A B, url: http://127.0.0.1:2}]}' | origins.list[0].name
            origin url not a url       | 'origins: {entry: http://127.0.0.1:1, list: [{name: a, url: nowhere}]}'             | origins.list[0].url
            health path                | 'origins: {entry: http://127.0.0.1:1, healthPath: health, list: [{name: a, url: http://127.0.0.1:2}]}' | origins.healthPath
            origin off the allowlist   | 'origins: {entry: http://127.0.0.1:1, list: [{name: a, url: http://shop.example.com}]}' | allowlist
            a check of the same name   | 'checks: [{name: origin.default.a, probe: /}]\norigins: {entry: http://127.0.0.1:1, list: [{name: a, url: http://127.0.0.1:2}]}' | has the name of a check
            location unfit for a label | 'location: EU West'                                                                | location
            no entry and no target     | 'target: null\norigins: {list: [{name: a, url: http://127.0.0.1:2}]}'              | origins.entry
            """)
    void aMistakeInTheOriginsIsRefusedAtLoadWithItsField(String what, String yaml, String expected) throws IOException {
        String body = yaml.replace("\\n", "\n");
        Path file = Files.writeString(dir.resolve("monitor.yaml"), (body.contains("checks:") ? "" : "checks: [{name: x, probe: /}]\n")
                + (body.contains("target:") ? "" : "target: http://127.0.0.1:1/\n") + body);
        assertThatThrownBy(() -> MonitorPlan.load(file, null, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitor.yaml")
                .hasMessageContaining(expected);
    }
}
