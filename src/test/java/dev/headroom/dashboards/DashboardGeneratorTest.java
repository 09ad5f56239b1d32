package dev.headroom.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.dashboards.DashboardInputs.Journey;
import dev.headroom.dashboards.DashboardInputs.Step;
import dev.headroom.slo.Slo;
import dev.headroom.slo.SloSpecs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DashboardGeneratorTest {
    static final List<Slo> SLOS = SloSpecs.read("acme.headroom.yaml", """
            version: headroom/v1
            service: acme
            slos:
              - {name: buy, objective: 99, sli: {journey: buy}}
              - {name: home, objective: 99.5, sli: {probe: home}}
            """);
    static final DashboardInputs ACME = new DashboardInputs("Acme Outfitters",
            List.of(new Journey("buy", List.of(new Step("open \"the\" shop", null), new Step("pay", null),
                    new Step("cancel", "order is defined")))),
            List.of("home", "health.v2"), List.of("site"), SLOS);

    private static Map<String, JsonNode> boards(DashboardInputs inputs) {
        Map<String, JsonNode> out = new TreeMap<>();
        DashboardGenerator.generate(inputs).forEach(f -> out.put(f.name(), DashboardFiles.parse(f.content())));
        return out;
    }

    private static List<JsonNode> panels(JsonNode board) {
        List<JsonNode> out = new ArrayList<>();
        board.path("panels").forEach(out::add);
        return out;
    }

    private static List<String> exprs(JsonNode panel) {
        List<String> out = new ArrayList<>();
        panel.path("targets").forEach(t -> out.add(t.path("expr").asText()));
        return out;
    }

    private static JsonNode panel(JsonNode board, String title) {
        return panels(board).stream().filter(p -> p.path("title").asText().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void uidsComeFromTheShopAndDashboardNamesAndStayWhenTheChecksChange() {
        Map<String, JsonNode> boards = boards(ACME);
        assertThat(boards.keySet()).containsExactly("acme-outfitters-crawl.json", "acme-outfitters-journeys.json",
                "acme-outfitters-load.json", "acme-outfitters-slos.json");
        boards.forEach((file, board) -> assertThat(board.path("uid").asText() + ".json").isEqualTo(file));

        DashboardInputs fewer = new DashboardInputs("Acme Outfitters", List.of(), List.of("home"), List.of(), SLOS);
        assertThat(boards(fewer).keySet()).as("no crawl check, no crawl dashboard; the others keep their uids")
                .containsExactly("acme-outfitters-journeys.json", "acme-outfitters-load.json", "acme-outfitters-slos.json");
    }

    @Test
    void aLongShopNameStillGivesAUidOfAtMostFortyCharactersThatTellsShopsApart() {
        String a = Grafana.uid("the very long name of a shop that sells outdoor clothing", "journeys");
        String b = Grafana.uid("the very long name of a shop that sells outdoor clothing too", "journeys");

        assertThat(a).hasSizeLessThanOrEqualTo(40).startsWith("the-very-long-name-of-a-shop-th").matches("[a-z0-9-]+");
        assertThat(b).hasSizeLessThanOrEqualTo(40).isNotEqualTo(a);
        assertThat(Grafana.uid("the very long name of a shop that sells outdoor clothing", "journeys")).isEqualTo(a);
    }

    @Test
    void generatedDashboardsPassTheLintAndGrafanasSchemaWhateverTheNamesHold() {
        boards(ACME).forEach((file, board) -> {
            assertThat(DashboardLint.lint(file, board)).as(file).isEmpty();
            assertThat(DashboardSchemaTest.violations(file, board)).as(file).isEmpty();
            assertThat(board.at("/templating/list/0/name").asText()).isEqualTo("datasource");
            assertThat(board.path("schemaVersion").asInt()).isEqualTo(39);
        });
    }

    @Test
    void eachJourneyStepHasItsOwnPanelWithP50P95AndP99FromTheMonitorsHistogram() {
        JsonNode journeys = boards(ACME).get("acme-outfitters-journeys.json");
        List<String> titles = panels(journeys).stream().map(p -> p.path("title").asText()).toList();

        assertThat(titles).containsSubsequence("Journey: buy", "buy: success ratio", "buy: runs by outcome",
                "buy: success ratio by step", "buy: degraded share by step", "buy / open \"the\" shop", "buy / pay",
                "buy / cancel", "Probes", "Probes: success ratio");
        JsonNode step = panel(journeys, "buy / open \"the\" shop");
        assertThat(exprs(step)).containsExactly(
                "histogram_quantile(0.5, sum by (le) (rate(headroom_journey_step_duration_seconds_bucket{journey=\"buy\","
                        + "step=\"open \\\"the\\\" shop\"}[$__rate_interval])))",
                "histogram_quantile(0.95, sum by (le) (rate(headroom_journey_step_duration_seconds_bucket{journey=\"buy\","
                        + "step=\"open \\\"the\\\" shop\"}[$__rate_interval])))",
                "histogram_quantile(0.99, sum by (le) (rate(headroom_journey_step_duration_seconds_bucket{journey=\"buy\","
                        + "step=\"open \\\"the\\\" shop\"}[$__rate_interval])))");
        assertThat(step.path("targets")).extracting(t -> t.path("legendFormat").asText()).containsExactly("p50", "p95", "p99");
        assertThat(step.at("/fieldConfig/defaults/unit").asText()).isEqualTo("s");
        assertThat(panel(journeys, "buy / cancel").path("description").asText()).endsWith("it runs only if order is defined.");
        assertThat(exprs(panel(journeys, "Probes: success ratio")).get(0)).contains("check=~\"home|health\\\\.v2\"");
    }

    @Test
    void theSuccessRatioCountsAJourneyThatNeverPassedAsZeroNotAsNoData() {
        JsonNode journeys = boards(ACME).get("acme-outfitters-journeys.json");

        assertThat(exprs(panel(journeys, "buy: success ratio"))).containsExactly("""
                (
                  sum(headroom_check_runs_total{check="buy",kind="journey",outcome=~"passed|degraded"})
                  or
                  0 * sum(headroom_check_runs_total{check="buy",kind="journey",outcome=~"passed|degraded|failed|error"})
                )
                /
                sum(headroom_check_runs_total{check="buy",kind="journey",outcome=~"passed|degraded|failed|error"})""");
    }

    @Test
    void theOverviewShowsEachSlosBudgetLeftAndBurnRateFromSlothsSeries() {
        JsonNode slos = boards(ACME).get("acme-outfitters-slos.json");

        assertThat(exprs(panel(slos, "buy: error budget left"))).containsExactly(
                "slo:period_error_budget_remaining:ratio{sloth_id=\"acme-buy\"}");
        assertThat(exprs(panel(slos, "home: burn rate"))).containsExactly("slo:current_burn_rate:ratio{sloth_id=\"acme-home\"}",
                "slo:period_burn_rate:ratio{sloth_id=\"acme-home\"}");
        assertThat(panel(slos, "buy: error budget left").at("/fieldConfig/defaults/unit").asText()).isEqualTo("percentunit");
        assertThat(panels(slos)).filteredOn(p -> p.path("type").asText().equals("row")).extracting(p -> p.path("title").asText())
                .containsExactly("acme-buy (99%)", "acme-home (99.5%)");

        DashboardInputs none = new DashboardInputs("acme", List.of(), List.of(), List.of(), List.of());
        assertThat(boards(none).keySet()).as("no SLOs, no overview").containsExactly("acme-journeys.json", "acme-load.json");
    }

    @Test
    void theLoadTestDashboardReadsTheInjectorsJourneyStepGroupsAndSaysItIsEmptyWithoutALoadTest() {
        JsonNode load = boards(ACME).get("acme-outfitters-load.json");

        assertThat(load.at("/templating/list/1/name").asText()).isEqualTo("group");
        assertThat(exprs(panel(load, "Requests per second by journey")).get(0)).contains("label_replace(")
                .contains("\"group\", \"([^/]*)(/.*)?\"");
        assertThat(exprs(panel(load, "Latency p99 by group"))).containsExactly("histogram_quantile(0.99, sum by (group, le)"
                + " (rate(headroom_load_latency_seconds_bucket{group=~\"$group\"}[$__rate_interval])))");
        assertThat(exprs(panel(load, "Error ratio by group")).get(0)).contains("or\n  0 * sum by (group)");
        assertThat(exprs(panel(load, "Journey success ratio under load")).get(0))
                .contains("sum by (journey) (headroom_load_journey_runs_total{status=~\"PASSED|DEGRADED\"})");
        panels(load).stream().filter(p -> p.has("targets"))
                .forEach(p -> assertThat(p.path("description").asText()).as(p.path("title").asText())
                        .contains("Empty when no load test is running"));
    }

    @Test
    void aStepNameThatGrafanaWouldReadAsAVariableIsRefusedNotWrittenIntoABrokenDashboard() {
        DashboardInputs dollar = new DashboardInputs("acme", List.of(new Journey("buy", List.of(new Step("pay $total", null)))),
                List.of(), List.of(), List.of());

        assertThatThrownBy(() -> DashboardGenerator.generate(dollar)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is there a '$' in a check or step name?")
                .hasMessageContaining("acme-journeys.json: panel 9 \"buy / pay $total\": variables-declared: uses $total");
    }

    @Test
    void theSameInputsGiveTheSameBytes() {
        assertThat(DashboardGenerator.generate(ACME)).isEqualTo(DashboardGenerator.generate(ACME));
    }
}
