package dev.headroom.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigLoader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloSpecsTest {
    private static final Path RESOURCES = Path.of("src/test/resources/slo");

    @Test
    void slothsOwnGettingStartedSpecLoadsUnchanged() {
        List<Slo> slos = SloSpecs.read(RESOURCES.resolve("getting-started.sloth.yaml"));

        assertThat(slos).hasSize(1);
        Slo slo = slos.get(0);
        assertThat(slo.id()).isEqualTo("myservice-requests-availability");
        assertThat(slo.objective()).isEqualByComparingTo("99.9");
        assertThat(slo.errorBudget()).isEqualByComparingTo("0.001");
        assertThat(slo.periodDays()).isEqualTo(30);
        assertThat(slo.labels()).containsExactly(Map.entry("owner", "myteam"), Map.entry("repo", "myorg/myservice"),
                Map.entry("tier", "2"));
        assertThat(slo.sli()).isInstanceOf(Slo.Events.class);
        assertThat(((Slo.Events) slo.sli()).errorQuery()).contains("code=~\"(5..|429)\"}[{{.window}}]");
        assertThat(slo.alerting().name()).isEqualTo("MyServiceHighErrorRate");
        assertThat(slo.alerting().page().labels()).containsEntry("severity", "pageteam").containsEntry("routing_key", "myteam");
        assertThat(slo.alerting().ticket().labels()).containsEntry("slack_channel", "#alerts-myteam");
        assertThat(slo.minEvents()).isEqualTo(Slo.DEFAULT_MIN_EVENTS);
        assertThat(slo.spec()).isEqualTo("prometheus/v1");
    }

    @Test
    void openSloDocumentsOfOneFileResolveTheirIndicatorRefsAndSkipOtherKinds() {
        List<Slo> slos = SloSpecs.read(RESOURCES.resolve("checkout.openslo.yaml"));

        assertThat(slos).extracting(Slo::id).containsExactly("shop-orders", "shop-payments");
        Slo orders = slos.get(0);
        assertThat(orders.objective()).isEqualByComparingTo("99.5");
        assertThat(orders.periodDays()).isEqualTo(28);
        assertThat(((Slo.Events) orders.sli()).errorQuery()).as("errors are total - good, good 0 when it has no series")
                .isEqualTo("""
                        (sum(rate(orders_total[{{.window}}])))
                        -
                        (
                          (sum(rate(orders_total{result="ok"}[{{.window}}])))
                          or
                          0 * (sum(rate(orders_total[{{.window}}])))
                        )""");
        assertThat(orders.sli().totalQuery()).isEqualTo("sum(rate(orders_total[{{.window}}]))");
        assertThat(orders.alerting().name()).isEqualTo("ShopOrdersErrorBudgetBurn");
        Slo payments = slos.get(1);
        assertThat(payments.objective()).isEqualByComparingTo("99.9");
        assertThat(payments.sli()).isEqualTo(new Slo.Events("sum(rate(payments_total{result=\"error\"}[{{.window}}]))",
                "sum(rate(payments_total[{{.window}}]))"));
        assertThat(payments.alerting().page().labels()).containsEntry("team", "payments");
    }

    @Test
    void headroomsShortFormMakesTheMonitorsSlisFromItsOwnMetrics() {
        List<HeadroomSlo> entries = ConfigLoader.load("shop.yaml", """
                - {name: checkout, objective: 99, sli: {journey: checkout}}
                - {name: home, objective: 99.5, sli: {probe: home}, minEvents: 30, absentFor: 15m}
                - name: fast-order
                  objective: 95
                  sli: {latency: {journey: checkout, step: "place the order", under: 1s}}
                - name: api
                  objective: 99.9
                  sli: {events: {errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))'}}
                """, HeadroomSloList.class).slos();

        List<Slo> slos = SloSpecs.fromHeadroom("shop", Map.of("team", "web"), entries);

        assertThat(slos).extracting(Slo::id).containsExactly("shop-checkout", "shop-home", "shop-fast-order", "shop-api");
        Slo.Events journey = (Slo.Events) slos.get(0).sli();
        assertThat(journey.errorQuery()).isEqualTo(
                "sum(rate(headroom_check_runs_total{check=\"checkout\",kind=\"journey\",outcome=~\"failed|error\"}[{{.window}}]))");
        assertThat(journey.totalQuery()).isEqualTo(
                "sum(rate(headroom_check_runs_total{check=\"checkout\",kind=\"journey\",outcome=~\"passed|degraded|failed|error\"}[{{.window}}]))");
        assertThat(((Slo.Events) slos.get(1).sli()).totalQuery()).contains("check=\"home\",kind=\"probe\"");
        assertThat(slos.get(1).minEvents()).isEqualTo(30);
        assertThat(slos.get(1).absentFor()).isEqualTo(Duration.ofMinutes(15));
        Slo.Events latency = (Slo.Events) slos.get(2).sli();
        assertThat(latency.errorQuery()).contains("headroom_journey_step_duration_seconds_count{journey=\"checkout\",step=\"place the order\"}")
                .contains("headroom_journey_step_duration_seconds_bucket{journey=\"checkout\",step=\"place the order\",le=~\"1|1.0\"}");
        assertThat(slos.get(3).testSeries()).as("the shop's own metrics: no series to test with").isNull();
        assertThat(slos).allSatisfy(s -> assertThat(s.labels()).containsEntry("team", "web"));
        assertThat(slos.get(0).alerting().name()).isEqualTo("ShopCheckoutErrorBudgetBurn");
    }

    /** What a shop file's {@code slos:} is, for the test: a list of entries. */
    record HeadroomSloList(List<HeadroomSlo> slos) {
        @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
        HeadroomSloList {
        }
    }

    @Test
    void anObjectiveOutsideZeroToHundredIsRefusedWithFileLineAndField() {
        assertThatThrownBy(() -> SloSpecs.read("bad.yaml", """
                version: prometheus/v1
                service: shop
                slos:
                  - name: a
                    objective: 100
                    sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                    alerting: {name: A}
                  - name: b
                    objective: 0
                    sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                    alerting: {name: B}
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.yaml:5:16: slos[0].objective: must be a percentage between 0 and 100 (exclusive), got 100")
                .hasMessageContaining("bad.yaml:9:16: slos[1].objective: must be a percentage between 0 and 100 (exclusive), got 0");
    }

    @Test
    void anOpenSloTargetOutsideZeroToOneIsRefusedInTheRightDocument() {
        assertThatThrownBy(() -> SloSpecs.read("bad.openslo.yaml", """
                apiVersion: openslo/v1
                kind: Service
                metadata: {name: shop}
                ---
                apiVersion: openslo/v1
                kind: SLO
                metadata: {name: orders}
                spec:
                  service: shop
                  indicatorRef: x
                  objectives:
                    - target: 99.5
                """))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("bad.openslo.yaml:12:15: spec.objectives[0].target: must be between 0 and 1 (exclusive), got 99.5");
    }

    @Test
    void unknownSliKindsAreRefusedNamingWhatIsSupported() {
        assertThatThrownBy(() -> SloSpecs.read("plugin.yaml", """
                version: prometheus/v1
                service: shop
                slos:
                  - name: a
                    objective: 99
                    sli: {plugin: {id: sloth-common/kubernetes/apiserver/availability}}
                    alerting: {name: A}
                """)).hasMessageContaining("plugin.yaml:6:19: slos[0].sli.plugin: SLI plugins are not supported; "
                        + "supported SLIs: events (error_query, total_query), raw (error_ratio_query)");
        assertThatThrownBy(() -> SloSpecs.read("threshold.yaml", """
                apiVersion: openslo/v1
                kind: SLO
                metadata: {name: slow}
                spec:
                  service: shop
                  indicator:
                    metadata: {name: latency}
                    spec:
                      thresholdMetric: {metricSource: {spec: {query: x}}}
                  objectives: [{target: 0.9}]
                """)).hasMessageContaining("threshold.yaml:9:24: spec.indicator.spec.thresholdMetric: thresholdMetric SLIs "
                        + "are not supported; supported: ratioMetric (good or bad, and total)");
        assertThatThrownBy(() -> ConfigLoader.load("shop.yaml", """
                name: a
                objective: 99
                sli: {crawl: site}
                """, HeadroomSlo.class)).hasMessageContaining("shop.yaml:3:7: sli.crawl: unknown field 'crawl' (known fields: "
                        + "events, journey, latency, probe)");
    }

    @Test
    void aLatencyThresholdMustBeABucketOfTheStepHistogram() {
        assertThatThrownBy(() -> ConfigLoader.load("shop.yaml", """
                name: a
                objective: 99
                sli: {latency: {journey: checkout, step: pay, under: 700ms}}
                """, HeadroomSlo.class)).hasMessageContaining("shop.yaml:3:54: sli.latency.under: must be one of the step "
                        + "histogram's buckets: [50ms, 100ms, 250ms, 500ms, 1s, 2.5s, 5s, 10s, 30s]");
    }

    @Test
    void queriesWithoutTheWindowPlaceholderAndUnknownSpecsAreRefused() {
        assertThatThrownBy(() -> SloSpecs.read("nowindow.yaml", """
                version: prometheus/v1
                service: shop
                slos:
                  - name: a
                    objective: 99
                    sli: {raw: {error_ratio_query: 'rate(e[5m])'}}
                    alerting: {name: A}
                """)).hasMessageContaining("slos[0].sli.raw.error_ratio_query: must contain {{.window}}");
        assertThatThrownBy(() -> SloSpecs.read("v2.yaml", "version: prometheus/v2\nservice: x\n"))
                .hasMessageContaining("v2.yaml:1:10: version: unsupported version \"prometheus/v2\"; supported: version: "
                        + "prometheus/v1 (Sloth), apiVersion: openslo/v1, version: headroom/v1");
    }

    @Test
    void theBudgetIsExactDecimalArithmetic() {
        Slo slo = SloSpecs.read(RESOURCES.resolve("getting-started.sloth.yaml")).get(0);
        assertThat(slo.objectiveRatio()).isEqualTo(new BigDecimal("0.999"));
        assertThat(slo.errorBudget()).isEqualTo(new BigDecimal("0.001"));
    }
}
