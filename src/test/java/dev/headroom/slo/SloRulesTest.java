package dev.headroom.slo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SloRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FILTER = "{sloth_id=\"myservice-requests-availability\", sloth_service=\"myservice\", "
            + "sloth_slo=\"requests-availability\"}";

    private static JsonNode gettingStarted() throws Exception {
        List<Slo> slos = SloSpecs.read(Path.of("src/test/resources/slo/getting-started.sloth.yaml"));
        return YAML.readTree(SloRules.render(slos, List.of("test")));
    }

    private static List<String> names(JsonNode group, String field) {
        List<String> out = new ArrayList<>();
        group.get("rules").forEach(r -> out.add(r.path(field).asText()));
        return out;
    }

    @Test
    void groupsAndSeriesHaveSlothsExactNames() throws Exception {
        JsonNode groups = gettingStarted().get("groups");

        assertThat(groups).extracting(g -> g.get("name").asText()).containsExactly(
                "sloth-slo-sli-recordings-myservice-requests-availability",
                "sloth-slo-meta-recordings-myservice-requests-availability",
                "sloth-slo-alerts-myservice-requests-availability");
        assertThat(names(groups.get(0), "record")).containsExactly(
                "slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate1h",
                "slo:sli_error:ratio_rate2h", "slo:sli_error:ratio_rate6h", "slo:sli_error:ratio_rate1d",
                "slo:sli_error:ratio_rate3d", "slo:sli_error:ratio_rate30d",
                "slo:sli_events:count1h", "slo:sli_events:count6h", "slo:sli_events:count1d", "slo:sli_events:count3d");
        assertThat(names(groups.get(1), "record")).containsExactly("slo:objective:ratio", "slo:error_budget:ratio",
                "slo:time_period:days", "slo:current_burn_rate:ratio", "slo:period_burn_rate:ratio",
                "slo:period_error_budget_remaining:ratio", "sloth_slo_info");
        assertThat(names(groups.get(2), "alert")).containsExactly("MyServiceHighErrorRate", "MyServiceHighErrorRate",
                "MyServiceHighErrorRateSLIAbsent");
    }

    @Test
    void recordingRulesCarrySlothsLabelsAndTheSpecs() throws Exception {
        JsonNode rule = gettingStarted().at("/groups/0/rules/2");

        assertThat(YAML.convertValue(rule.get("labels"), Map.class)).isEqualTo(Map.of("owner", "myteam",
                "repo", "myorg/myservice", "tier", "2", "sloth_id", "myservice-requests-availability",
                "sloth_service", "myservice", "sloth_slo", "requests-availability", "sloth_window", "1h"));
        JsonNode info = gettingStarted().at("/groups/1/rules/6/labels");
        assertThat(info.get("sloth_objective").asText()).isEqualTo("99.9");
        assertThat(info.get("sloth_spec").asText()).isEqualTo("prometheus/v1");
    }

    @Test
    void theThirtyDayRatioIsComputedAsSlothDoesFromTheFiveMinuteOne() throws Exception {
        JsonNode rule = gettingStarted().at("/groups/0/rules/7");

        assertThat(rule.get("expr").asText()).isEqualTo("""
                sum_over_time(slo:sli_error:ratio_rate5m%s[30d])
                / ignoring (sloth_window)
                count_over_time(slo:sli_error:ratio_rate5m%s[30d])
                """.formatted(FILTER, FILTER));
    }

    @Test
    void metaRulesMatchSloths() throws Exception {
        JsonNode meta = gettingStarted().at("/groups/1/rules");

        assertThat(meta.get(0).get("expr").asText()).isEqualTo("vector(0.999)");
        assertThat(meta.get(1).get("expr").asText()).isEqualTo("vector(1-0.999)");
        assertThat(meta.get(2).get("expr").asText()).isEqualTo("vector(30)");
        assertThat(meta.get(3).get("expr").asText()).isEqualTo("slo:sli_error:ratio_rate5m" + FILTER
                + "\n/ on(sloth_id, sloth_slo, sloth_service) group_left\nslo:error_budget:ratio" + FILTER + "\n");
        assertThat(meta.get(4).get("expr").asText()).startsWith("slo:sli_error:ratio_rate30d" + FILTER);
        assertThat(meta.get(5).get("expr").asText()).isEqualTo("1 - slo:period_burn_rate:ratio" + FILTER);
    }

    @Test
    void noTrafficGivesNoSliSampleRatherThanNaN() throws Exception {
        String expr = gettingStarted().at("/groups/0/rules/0/expr").asText();

        assertThat(expr).isEqualTo("""
                (
                  (sum(rate(http_request_duration_seconds_count{job="myservice",code=~"(5..|429)"}[5m])))
                  or
                  0 * (sum(rate(http_request_duration_seconds_count{job="myservice"}[5m])))
                )
                /
                (
                  (sum(rate(http_request_duration_seconds_count{job="myservice"}[5m]))) > 0
                )
                """);
    }

    @Test
    void pageAndTicketAreSlothsMultiWindowAlertsWithAMinimumOfEvents() throws Exception {
        JsonNode alerts = gettingStarted().at("/groups/2/rules");
        JsonNode page = alerts.get(0);

        assertThat(page.get("expr").asText()).isEqualTo("""
                (
                    max(slo:sli_error:ratio_rate5m%1$s > (14.4 * 0.001)) without (sloth_window)
                    and
                    max(slo:sli_error:ratio_rate1h%1$s > (14.4 * 0.001)) without (sloth_window)
                    and
                    max(slo:sli_events:count1h%1$s >= 10) without (sloth_window)
                )
                or
                (
                    max(slo:sli_error:ratio_rate30m%1$s > (6 * 0.001)) without (sloth_window)
                    and
                    max(slo:sli_error:ratio_rate6h%1$s > (6 * 0.001)) without (sloth_window)
                    and
                    max(slo:sli_events:count6h%1$s >= 10) without (sloth_window)
                )
                """.formatted(FILTER));
        assertThat(YAML.convertValue(page.get("labels"), Map.class)).isEqualTo(Map.of("category", "availability",
                "routing_key", "myteam", "severity", "pageteam", "sloth_severity", "page"));
        assertThat(page.at("/annotations/summary").asText()).isEqualTo("High error rate on 'myservice' requests responses");
        assertThat(page.at("/annotations/title").asText())
                .isEqualTo("(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.");
        JsonNode ticket = alerts.get(1);
        assertThat(ticket.get("expr").asText()).contains("ratio_rate2h" + FILTER + " > (3 * 0.001)")
                .contains("ratio_rate1d" + FILTER + " > (3 * 0.001)").contains("ratio_rate6h" + FILTER + " > (1 * 0.001)")
                .contains("ratio_rate3d" + FILTER + " > (1 * 0.001)").contains("count3d" + FILTER + " >= 10");
        assertThat(ticket.at("/labels/severity").asText()).isEqualTo("slack");
        assertThat(ticket.at("/labels/sloth_severity").asText()).isEqualTo("ticket");
    }

    @Test
    void anAbsentSliMetricAlertsAfterAWhile() throws Exception {
        JsonNode absent = gettingStarted().at("/groups/2/rules/2");

        assertThat(absent.get("expr").asText()).isEqualTo("absent(sum(rate(http_request_duration_seconds_count{job=\"myservice\"}[5m])))");
        assertThat(absent.get("for").asText()).isEqualTo("10m");
        assertThat(absent.at("/labels/sloth_id").asText()).isEqualTo("myservice-requests-availability");
        assertThat(absent.at("/labels/sloth_severity").asText()).isEqualTo("ticket");
        assertThat(absent.at("/labels/severity").asText()).isEqualTo("slack");
    }

    @Test
    void aTwentyEightDayPeriodScalesTheBurnFactorsAndNamesTheWindowAsPrometheusDoes() {
        assertThat(SloRules.PAGE_QUICK.factor(28).toPlainString()).isEqualTo("13.44");
        assertThat(SloRules.PAGE_SLOW.factor(30).toPlainString()).isEqualTo("6");
        assertThat(SloRules.TICKET_QUICK.factor(30).toPlainString()).isEqualTo("3");
        assertThat(SloRules.TICKET_SLOW.factor(30).toPlainString()).isEqualTo("1");
        assertThat(SloRules.prom(java.time.Duration.ofDays(28))).isEqualTo("4w");
        assertThat(SloRules.prom(java.time.Duration.ofDays(30))).isEqualTo("30d");
        assertThat(SloRules.prom(java.time.Duration.ofMinutes(90))).isEqualTo("1h30m");
    }
}
