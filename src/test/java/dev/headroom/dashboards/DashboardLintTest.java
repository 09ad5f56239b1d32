package dev.headroom.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.dashboards.DashboardLint.Problem;
import dev.headroom.dashboards.DashboardLint.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each lint rule on a fixture that breaks it, and every shipped dashboard clean of them all. */
class DashboardLintTest {
    /** A small dashboard that passes every rule: a row, a stat and a time series reading $datasource. */
    static final String CLEAN = """
            {
              "uid": "fixture", "title": "Fixture", "schemaVersion": 39,
              "templating": {"list": [
                {"name": "datasource", "type": "datasource", "query": "prometheus"},
                {"name": "check", "type": "query", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                 "query": "label_values(headroom_check_up, check)"}
              ]},
              "annotations": {"list": []},
              "panels": [
                {"id": 1, "type": "row", "title": "Checks", "collapsed": false, "panels": [],
                 "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0}},
                {"id": 2, "type": "stat", "title": "Runs", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                 "gridPos": {"h": 6, "w": 12, "x": 0, "y": 1},
                 "fieldConfig": {"defaults": {"unit": "short"}, "overrides": []},
                 "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "$datasource"},
                              "expr": "sum by (check) (headroom_check_runs_total{check=~\\"$check\\"})",
                              "legendFormat": "{{check}}"}]},
                {"id": 3, "type": "timeseries", "title": "Step p95 of ${check}",
                 "datasource": {"type": "prometheus", "uid": "${datasource}"},
                 "gridPos": {"h": 6, "w": 12, "x": 12, "y": 1},
                 "fieldConfig": {"defaults": {"unit": "s"}, "overrides": []},
                 "targets": [{"refId": "A", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                              "expr": "histogram_quantile(0.95, sum by (le) (rate(headroom_journey_step_duration_seconds_bucket{journey=~\\"$check\\"}[$__rate_interval])))"},
                             {"refId": "B", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                              "expr": "label_replace(up, \\"x\\", \\"$1\\", \\"job\\", \\"(.*)\\")"}]},
                {"id": 4, "type": "stat", "title": "State", "datasource": {"type": "prometheus", "uid": "${datasource}"},
                 "gridPos": {"h": 6, "w": 24, "x": 0, "y": 7},
                 "fieldConfig": {"defaults": {"mappings": [{"type": "value", "options": {"1": {"text": "UP"}}}]},
                                 "overrides": []},
                 "targets": [{"refId": "A", "expr": "headroom_check_up"}]}
              ]
            }
            """;

    private static ObjectNode clean() {
        return (ObjectNode) DashboardFiles.parse(CLEAN);
    }

    private static ObjectNode panel(ObjectNode board, int index) {
        return (ObjectNode) board.get("panels").get(index);
    }

    private static List<Problem> lint(JsonNode board) {
        return DashboardLint.lint("fixture.json", board);
    }

    /** The one problem a broken fixture has: of {@code rule}, naming the dashboard and the panel. */
    private static Problem onlyProblem(JsonNode board, Rule rule, String panel) {
        List<Problem> problems = lint(board);
        assertThat(problems).as(problems.toString()).hasSize(1);
        Problem p = problems.get(0);
        assertThat(p.rule()).isEqualTo(rule);
        assertThat(p.toString()).startsWith("fixture.json: " + panel + ": " + rule.id() + ": ");
        return p;
    }

    @Test
    void theCleanFixturePassesEveryRule() {
        assertThat(lint(clean())).isEmpty();
    }

    @Test
    void everyShippedDashboardPassesEveryRule() {
        List<String> problems = new ArrayList<>();
        for (Path f : DashboardFiles.all()) {
            DashboardLint.lint(f.toString(), DashboardFiles.read(f)).forEach(p -> problems.add(p.toString()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void twoPanelsWithOneIdBreakUniquePanelIds() {
        ObjectNode board = clean();
        panel(board, 3).put("id", 2);

        Problem p = onlyProblem(board, Rule.UNIQUE_PANEL_IDS, "panel 2 \"State\"");
        assertThat(p.message()).isEqualTo("has the id of panel 2 \"Runs\"");
    }

    @Test
    void aPanelInsideACollapsedRowCountsForUniqueIdsToo() {
        ObjectNode board = clean();
        ObjectNode row = panel(board, 0).put("collapsed", true);
        ((ArrayNode) row.get("panels")).add(panel(board, 3).deepCopy().put("id", 1).put("title", "Hidden"));

        Problem p = onlyProblem(board, Rule.UNIQUE_PANEL_IDS, "panel 1 \"Hidden\"");
        assertThat(p.message()).isEqualTo("has the id of panel 1 \"Checks\"");
    }

    @Test
    void overlappingRectanglesBreakGrid() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 2).get("gridPos")).put("x", 8);

        Problem p = onlyProblem(board, Rule.GRID, "panel 3 \"Step p95 of ${check}\"");
        assertThat(p.message()).startsWith("overlaps panel 2 \"Runs\" (x 8, y 1, w 12, h 6");
    }

    @Test
    void aPanelPastTheTwentyFourColumnsOrWithoutAPositionBreaksGrid() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 3).get("gridPos")).put("w", 25);
        assertThat(onlyProblem(board, Rule.GRID, "panel 4 \"State\"").message()).startsWith("ends at column 25");

        panel(board, 3).remove("gridPos");
        assertThat(onlyProblem(board, Rule.GRID, "panel 4 \"State\"").message()).startsWith("has no gridPos");
    }

    @Test
    void aVariableNotInTemplatingBreaksVariablesDeclared() {
        ObjectNode board = clean();
        ObjectNode target = (ObjectNode) panel(board, 1).get("targets").get(0);
        target.put("expr", target.get("expr").asText().replace("$check", "${route:regex}"));

        Problem p = onlyProblem(board, Rule.VARIABLES_DECLARED, "panel 2 \"Runs\"");
        assertThat(p.message()).isEqualTo("uses $route, which is not declared in templating.list");
    }

    @Test
    void aTitleOrLegendVariableMustBeDeclaredTooButGrafanasOwnAndRegexGroupsNeedNot() {
        ObjectNode board = clean();
        ((ArrayNode) board.get("templating").get("list")).remove(1);

        List<Problem> problems = lint(board);
        // $check in panel 2's expr, panel 3's title and expr; $__rate_interval and $1 are fine
        assertThat(problems).extracting(Problem::rule).containsOnly(Rule.VARIABLES_DECLARED);
        assertThat(problems).extracting(Problem::panel).containsExactly("panel 2 \"Runs\"", "panel 3 \"Step p95 of ${check}\"",
                "panel 3 \"Step p95 of ${check}\"");
        assertThat(problems).allMatch(p -> p.message().equals("uses $check, which is not declared in templating.list"));
    }

    @Test
    void aHardCodedDatasourceUidBreaksDatasourceVariable() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 2).get("datasource")).put("uid", "P1809F7CD0C75ACF3");

        Problem p = onlyProblem(board, Rule.DATASOURCE_VARIABLE, "panel 3 \"Step p95 of ${check}\"");
        assertThat(p.message()).isEqualTo("hard-codes datasource \"P1809F7CD0C75ACF3\": use the datasource variable,"
                + " \"${datasource}\"");
    }

    @Test
    void aTargetWithAHardCodedDatasourceOrAPanelWithNoneBreaksDatasourceVariable() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 1).get("targets").get(0)).putObject("datasource").put("uid", "prometheus-prod");
        assertThat(onlyProblem(board, Rule.DATASOURCE_VARIABLE, "panel 2 \"Runs\"").message())
                .startsWith("target A: hard-codes datasource \"prometheus-prod\"");

        board = clean();
        panel(board, 3).remove("datasource");
        assertThat(onlyProblem(board, Rule.DATASOURCE_VARIABLE, "panel 4 \"State\"").message())
                .startsWith("has no datasource (it would read the instance's default)");
    }

    @Test
    void aDatasourceVariableThatIsNotOfTypeDatasourceBreaksDatasourceVariable() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 1).get("datasource")).put("uid", "${check}");

        assertThat(onlyProblem(board, Rule.DATASOURCE_VARIABLE, "panel 2 \"Runs\"").message())
                .isEqualTo("reads datasource $check, which is not a variable of type datasource in templating.list");
    }

    @Test
    void aQueryVariableWithAHardCodedDatasourceBreaksDatasourceVariable() {
        ObjectNode board = clean();
        ((ObjectNode) board.get("templating").get("list").get(1)).putObject("datasource").put("uid", "abc");

        assertThat(onlyProblem(board, Rule.DATASOURCE_VARIABLE, "variable check").message())
                .startsWith("hard-codes datasource \"abc\"");
    }

    @Test
    void aPanelWithoutATitleBreaksTitle() {
        ObjectNode board = clean();
        panel(board, 1).put("title", " ");

        assertThat(onlyProblem(board, Rule.TITLE, "panel 2 \" \"").message()).isEqualTo("has no title");
    }

    @Test
    void aQuantityWithoutAUnitBreaksUnitButAStateShownAsWordsNeedsNone() {
        ObjectNode board = clean();
        ((ObjectNode) panel(board, 2).get("fieldConfig").get("defaults")).remove("unit");

        assertThat(onlyProblem(board, Rule.UNIT, "panel 3 \"Step p95 of ${check}\"").message())
                .startsWith("a timeseries panel shows a quantity: set fieldConfig.defaults.unit");
        // panel 4, "State", has mappings and no unit: not a problem
        assertThat(lint(board)).extracting(Problem::panel).doesNotContain("panel 4 \"State\"");
    }
}
