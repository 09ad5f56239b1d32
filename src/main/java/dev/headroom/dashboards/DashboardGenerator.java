package dev.headroom.dashboards;

import static dev.headroom.dashboards.Grafana.anyOf;
import static dev.headroom.dashboards.Grafana.quote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.config.ConfigException;
import dev.headroom.dashboards.Grafana.Board;
import dev.headroom.dashboards.Grafana.Panel;
import dev.headroom.slo.Slo;
import dev.headroom.report.GeneratedFiles;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./headroom dashboards generate} writes: Grafana dashboards for one shop, from its
 * monitor's checks and its SLO specs, each file {@code <shop>-<dashboard>.json} with the stable uid
 * {@code <shop>-<dashboard>} ({@link Grafana#uid}) and a {@code datasource} variable every panel and
 * target reads through:
 *
 * <ul>
 *   <li>{@code slos}: per SLO, the error budget left over its period and the burn rate, from the
 *       series the generated SLO rules record under Sloth's names (written when there are SLOs);
 *   <li>{@code journeys}: every journey step by step (success ratio, degraded share, p50/p95/p99 of
 *       each step) and the probes, from the monitor's counters and histograms;
 *   <li>{@code crawl}: each crawl check's findings by class, what fails it, its pages and runs
 *       (written when the monitor crawls);
 *   <li>{@code load}: the live load test, by {@code journey/step} group: rate, error ratio, p95 and
 *       p99 against its target rate.
 * </ul>
 *
 * A panel that may rightly show nothing says so in its description ("Empty when ..."); every other
 * panel has data whenever what it reads is scraped (counters that never moved show zeros). The
 * output depends only on the inputs, so CI can compare it byte for byte with the checked-in files
 * ({@link GeneratedFiles} writes and compares the files).
 */
public final class DashboardGenerator {
    /** The runs that count for a success ratio: maintenance runs are left out, as the SLOs do. */
    static final String COUNTED = "passed|degraded|failed|error";
    static final String GOOD = "passed|degraded";
    private static final String EMPTY_WITHOUT_LOAD = "Empty when no load test is running (an injector's /metrics is"
            + " scraped only while it runs).";

    private DashboardGenerator() {
    }

    /**
     * The dashboards of {@code inputs}, in a fixed order, each clean of {@link DashboardLint}'s rules.
     *
     * @throws ConfigException if a dashboard would break a rule (a name holding {@code $x})
     */
    public static List<GeneratedFiles.File> generate(DashboardInputs inputs) {
        List<ObjectNode> boards = new ArrayList<>();
        if (!inputs.slos().isEmpty()) {
            boards.add(slos(inputs));
        }
        boards.add(journeys(inputs));
        if (!inputs.crawls().isEmpty()) {
            boards.add(crawl(inputs));
        }
        boards.add(load(inputs));
        // Origins and redundancy (issue #14): add origins(inputs) here once the monitor exports
        // headroom_origin_up, headroom_origin_redundancy and probe_ssl_earliest_cert_expiry on main.
        List<GeneratedFiles.File> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode b : boards) {
            String name = b.get("uid").asText() + ".json";
            DashboardLint.lint(name, b).forEach(p -> problems.add(p.toString()));
            files.add(new GeneratedFiles.File(name, Grafana.render(b)));
        }
        if (!problems.isEmpty()) {
            // Only names can bring this about: a check or step name with "$x" in it, which Grafana
            // would replace in titles and queries alike.
            throw new ConfigException("the dashboards would not pass their lint (is there a '$' in a check or step"
                    + " name?):\n  " + String.join("\n  ", problems));
        }
        return List.copyOf(files);
    }

    // The overview: each SLO's budget and burn rate.

    static ObjectNode slos(DashboardInputs in) {
        Board b = new Board(Grafana.uid(in.shop(), "slos"), "Headroom / " + in.shop() + " / SLOs",
                "Each SLO's error budget left over its period and how fast it burns, from the series the rules of"
                        + " ./headroom slo generate record (Sloth's names: slo:period_error_budget_remaining:ratio,"
                        + " slo:current_burn_rate:ratio). A burn rate of 1 spends the budget in exactly the period.");
        for (Slo slo : in.slos()) {
            String sel = "{sloth_id=" + quote(slo.id()) + "}";
            String what = slo.objective().stripTrailingZeros().toPlainString() + "% over " + slo.periodDays() + " days"
                    + (slo.description().isBlank() ? "" : ": " + slo.description().strip());
            b.row(slo.id() + " (" + slo.objective().stripTrailingZeros().toPlainString() + "%)");
            b.add(Panel.stat(slo.name() + ": error budget left", "Share of the error budget of " + what
                    + " still unspent (below 0: the SLO is missed for the period). Empty when the SLI had no events"
                    + " in the whole period (no traffic is not a breach).", "percentunit")
                    .query("slo:period_error_budget_remaining:ratio" + sel, "{{sloth_service}} {{sloth_slo}}")
                    .thresholds("red", 0, "orange", 0.25, "green"), 6, 6);
            b.add(Panel.stat(slo.name() + ": burn rate now", "Errors over the last 5 minutes as a multiple of the"
                    + " error budget (1: the budget lasts exactly the period; the page fires above 14.4 over 1 h and 5 m)."
                    + " Empty while the SLI has no events in the last 5 minutes.", "suffix:x")
                    .query("slo:current_burn_rate:ratio" + sel, "{{sloth_service}} {{sloth_slo}}")
                    .thresholds("green", 1, "orange", 6, "red"), 6, 6);
            b.add(Panel.timeseries(slo.name() + ": burn rate", "Current (5 m) and period burn rate. Empty while the"
                    + " SLI has no events.", "suffix:x").min(0)
                    .query("slo:current_burn_rate:ratio" + sel, "now (5m)")
                    .query("slo:period_burn_rate:ratio" + sel, "period (" + slo.periodDays() + "d)"), 12, 6);
        }
        return b.build();
    }

    // The journeys step by step, and the probes.

    static ObjectNode journeys(DashboardInputs in) {
        Board b = new Board(Grafana.uid(in.shop(), "journeys"), "Headroom / " + in.shop() + " / Journeys",
                "What the monitor's scripted customers see: each journey's success ratio and each of its steps"
                        + " (success, degraded share, p50/p95/p99), and the HTTP probes. Counts are the monitor's own"
                        + " counters since it started (a restart sets them back to 0); rates are over the time picked.");
        List<String> checks = new ArrayList<>();
        in.journeys().forEach(j -> checks.add(j.check()));
        checks.addAll(in.probes());
        checks.addAll(in.crawls());
        if (!checks.isEmpty()) {
            b.row("Checks");
            b.add(Panel.stat("Check state", "UP or DOWN after the check's thresholds (failuresBeforeDown,"
                    + " successesBeforeUp); degraded counts as up. Empty for a check before its first run.", null)
                    .query("headroom_check_up{check=~" + quote(anyOf(checks)) + "}", "{{check}}")
                    .thresholds("red", 1, "green").states(0, "DOWN", "red", 1, "UP", "green"), 24, 4);
        }
        for (DashboardInputs.Journey j : in.journeys()) {
            String runs = "headroom_check_runs_total{check=" + quote(j.check()) + ",kind=\"journey\"";
            String steps = "headroom_journey_step_duration_seconds_count{journey=" + quote(j.check());
            b.row("Journey: " + j.check());
            b.add(Panel.stat(j.check() + ": success ratio", "Runs that passed (or were only degraded) of all runs"
                    + " since the monitor started, maintenance left out: what the checks' SLO counts.", "percentunit")
                    .query(ratio(runs + ",outcome=~\"" + GOOD + "\"}", runs + ",outcome=~\"" + COUNTED + "\"}", ""), "success")
                    .min(0).max(1).thresholds("red", 0.99, "orange", 0.999, "green"), 6, 6);
            b.add(Panel.stat(j.check() + ": runs by outcome", "The monitor's runs of the journey since it started, by"
                    + " outcome (every outcome shows, at 0 until it happens).", "short")
                    .query("sum by (outcome) (" + runs + "})", "{{outcome}}"), 8, 6);
            b.add(Panel.timeseries(j.check() + ": success ratio over time", "Passed (or degraded) runs of all runs"
                    + " per rate interval.", "percentunit").min(0).max(1)
                    .query("sum(rate(" + runs + ",outcome=~\"" + GOOD + "\"}[$__rate_interval]))\n/\nsum(rate(" + runs
                            + ",outcome=~\"" + COUNTED + "\"}[$__rate_interval]))", "success"), 10, 6);
            b.add(Panel.bars(j.check() + ": success ratio by step", "Each step's runs that passed (or were degraded)"
                    + " of its runs since the monitor started; a step after a failed one is skipped and not counted.",
                    "percentunit").min(0).max(1).thresholds("red", 0.99, "orange", 0.999, "green")
                    .query(ratio(steps + ",outcome=~\"" + GOOD + "\"}", steps + ",outcome=~\"" + COUNTED + "\"}", "step"),
                            "{{step}}"), 12, stepsHeight(j));
            b.add(Panel.bars(j.check() + ": degraded share by step", "Each step's runs that were degraded (over its"
                    + " budget's degraded time, or passed on a retry) of its runs since the monitor started.",
                    "percentunit").min(0).max(1).thresholds("green", 0.01, "orange", 0.1, "red")
                    .query(ratio(steps + ",outcome=\"degraded\"}", steps + ",outcome=~\"" + COUNTED + "\"}", "step"),
                            "{{step}}"), 12, stepsHeight(j));
            for (DashboardInputs.Step step : j.steps()) {
                String buckets = "headroom_journey_step_duration_seconds_bucket{journey=" + quote(j.check()) + ",step="
                        + quote(step.name()) + "}";
                Panel p = Panel.timeseries(j.check() + " / " + step.name(), "The step's time, p50, p95 and p99 over the"
                        + " rate interval, from the monitor's histogram (buckets 50 ms to 30 s). Empty until the step has"
                        + " run once (a step after a failed one is skipped)" + (step.condition() == null ? "."
                        : "; it runs only if " + step.condition() + "."), "s").min(0);
                for (String q : List.of("0.5", "0.95", "0.99")) {
                    p.query("histogram_quantile(" + q + ", sum by (le) (rate(" + buckets + "[$__rate_interval])))",
                            "p" + q.substring(2) + (q.length() == 3 ? "0" : ""));
                }
                b.add(p, 8, 6);
            }
        }
        if (!in.probes().isEmpty()) {
            String runs = "headroom_check_runs_total{check=~" + quote(anyOf(in.probes())) + ",kind=\"probe\"";
            b.row("Probes");
            b.add(Panel.stat("Probes: success ratio", "Each probe's runs that passed (or were degraded) of all its"
                    + " runs since the monitor started, maintenance left out.", "percentunit").min(0).max(1)
                    .thresholds("red", 0.99, "orange", 0.999, "green")
                    .query(ratio(runs + ",outcome=~\"" + GOOD + "\"}", runs + ",outcome=~\"" + COUNTED + "\"}", "check"),
                            "{{check}}"), 8, 6);
            b.add(Panel.stat("Probes: runs by outcome", "Each probe's runs since the monitor started, by outcome.",
                    "short").query("sum by (check, outcome) (" + runs + "})", "{{check}} {{outcome}}"), 8, 6);
            b.add(Panel.timeseries("Probes: time of the last run", "Each probe's last run, in all (as blackbox_exporter's"
                    + " probe_duration_seconds).", "s").min(0)
                    .query("probe_duration_seconds{check=~" + quote(anyOf(in.probes())) + "}", "{{check}}"),
                    8, 6);
        }
        return b.build();
    }

    // Crawl health.

    static ObjectNode crawl(DashboardInputs in) {
        Board b = new Board(Grafana.uid(in.shop(), "crawl"), "Headroom / " + in.shop() + " / Crawl",
                "The monitor's crawls of the site: findings by class after the last complete crawl, those that fail"
                        + " it, the URLs checked and the crawls' results. Which pages carry the broken links is in"
                        + " each crawl's report (report.json, summary.md): the metrics hold no URLs, so that their"
                        + " series do not grow with the site.");
        for (String c : in.crawls()) {
            String sel = "{check=" + quote(c) + "}";
            b.row("Crawl: " + c);
            b.add(Panel.bars(c + ": findings by class", "Findings of the last complete crawl, by class (0 for a"
                    + " class it did not find).", "short").thresholds("green", 1, "orange")
                    .query("sum by (class) (headroom_crawl_findings" + sel + ")", "{{class}}"), 8, 10);
            b.add(Panel.bars(c + ": findings that fail the crawl", "The findings of classes whose severity is fail"
                    + " (HeadroomCrawlFindings tickets them).", "short").thresholds("green", 1, "red")
                    .query("sum by (class) (headroom_crawl_failing_findings" + sel + ")", "{{class}}"), 8, 10);
            b.add(Panel.stat(c + ": since the last complete crawl", "Time since the last complete crawl ended"
                    + " (HeadroomCrawlStale tickets it after 3 h). Empty until the first complete crawl.", "s")
                    .thresholds("green", 3 * 3600, "red")
                    .query("time() - (max(headroom_crawl_last_complete_timestamp_seconds" + sel + ") > 0)", "since"), 8, 5);
            b.add(Panel.stat(c + ": last crawl", "URLs the last crawl checked (pages, assets, external links) and"
                    + " how long it took.", "short")
                    .query("max(headroom_crawl_pages" + sel + ")", "URLs"), 4, 5);
            b.add(Panel.stat(c + ": last crawl's time", "Wall time of the last crawl.", "s")
                    .query("max(headroom_crawl_duration_seconds" + sel + ")", "time"), 4, 5);
            b.add(Panel.timeseries(c + ": URLs checked by outcome", "URLs checked per second by their worst finding"
                    + " (ok, not_modified, broken_link, ...). Zero between crawls.", "reqps").min(0)
                    .query("sum by (outcome) (rate(headroom_crawl_pages_checked_total" + sel + "[$__rate_interval]))",
                            "{{outcome}}"), 12, 6);
            b.add(Panel.stat(c + ": crawls by result", "Crawls since the monitor started: complete, incomplete (time"
                    + " or page limit), unreachable (the start URL failed).", "short")
                    .query("sum by (result) (headroom_crawl_runs_total" + sel + ")", "{{result}}"), 12, 6);
        }
        return b.build();
    }

    // The live load test.

    static ObjectNode load(DashboardInputs in) {
        Board b = new Board(Grafana.uid(in.shop(), "load"), "Headroom / " + in.shop() + " / Load test",
                "A running ./headroom load: the request rate against its target, by journey and by journey/step"
                        + " group, the error ratio and p95/p99 latency as the injectors see them (every shard summed)."
                        + " Empty when no load test is running.");
        b.variable(Grafana.labelValuesVariable("group", "Group (journey/step)", "headroom_load_requests_total", "group"));
        String requests = "headroom_load_requests_total{group=~\"$group\"";
        String rate = "rate(" + requests + "}[$__rate_interval])";
        b.row("Traffic");
        b.add(Panel.stat("Request rate", "Requests per second sent, against the rate the current stage aims at. "
                + EMPTY_WITHOUT_LOAD, "reqps")
                .query("sum(rate(headroom_load_requests_total[$__rate_interval]))", "sent")
                .query("sum(headroom_load_target_rps)", "target"), 8, 5);
        b.add(Panel.stat("Stage", "The injection stage (0-based) and its multiple of the modelled peak. "
                + EMPTY_WITHOUT_LOAD, "none")
                .query("max(headroom_load_stage)", "stage")
                .query("max(headroom_load_stage_multiplier)", "x peak"), 8, 5);
        b.add(Panel.stat("SLOs breached", "1 while an SLO of the load test is breached over the live window; the run"
                + " aborts when one stays breached. " + EMPTY_WITHOUT_LOAD + " Empty when the test has no SLOs.", null)
                .thresholds("green", 1, "red").states(0, "ok", "green", 1, "breached", "red")
                .query("max by (slo) (headroom_load_slo_breached)", "{{slo}}"), 8, 5);
        b.add(Panel.timeseries("Requests per second by journey", "Every step of a journey summed. " + EMPTY_WITHOUT_LOAD,
                "reqps").min(0)
                .query("sum by (journey) (label_replace(" + rate + ", \"journey\", \"$1\", \"group\", \"([^/]*)(/.*)?\"))",
                        "{{journey}}"), 12, 8);
        b.add(Panel.timeseries("Requests per second by group", "By journey/step group. " + EMPTY_WITHOUT_LOAD, "reqps")
                .min(0).query("sum by (group) (" + rate + ")", "{{group}}"), 12, 8);
        b.row("Journeys under load");
        String runs = "headroom_load_journey_runs_total";
        b.add(Panel.stat("Journey success ratio under load", "Each journey's runs by the virtual customers that passed"
                + " (or were only degraded) of all its finished runs since the injectors started, as the monitor"
                + " counts its own. " + EMPTY_WITHOUT_LOAD, "percentunit").min(0).max(1)
                .thresholds("red", 0.99, "orange", 0.999, "green")
                .query(ratio(runs + "{status=~\"PASSED|DEGRADED\"}", runs + "{status=~\"PASSED|DEGRADED|FAILED|ERROR\"}",
                        "journey"), "{{journey}}"), 8, 8);
        b.add(Panel.timeseries("Journey runs per second by verdict", "Finished runs of the virtual customers' journeys."
                + " " + EMPTY_WITHOUT_LOAD, "ops").min(0)
                .query("sum by (journey, status) (rate(" + runs + "[$__rate_interval]))", "{{journey}} {{status}}"), 8, 8);
        String steps = "headroom_load_journey_steps_total";
        b.add(Panel.bars("Failed steps under load", "Steps of finished runs that failed (or errored), by journey and"
                + " step, since the injectors started; 0 for a step that never failed. " + EMPTY_WITHOUT_LOAD, "short")
                .thresholds("green", 1, "red")
                .query("sum by (journey, step) (" + steps + "{status=~\"FAILED|ERROR\"})\nor\n0 * sum by (journey, step) ("
                        + steps + ")", "{{journey}} / {{step}}"), 8, 8);
        b.row("Errors and latency");
        b.add(Panel.timeseries("Error ratio by group", "Requests that failed (outcome ko: an error status, a failed"
                + " check, a timeout) of all requests, by group; 0 when none failed. " + EMPTY_WITHOUT_LOAD,
                "percentunit").min(0)
                .query("(\n  sum by (group) (rate(" + requests + ",outcome=\"ko\"}[$__rate_interval]))\n  or\n  0 * sum by (group) ("
                        + rate + ")\n)\n/\nsum by (group) (" + rate + ")", "{{group}}"), 8, 8);
        for (String q : List.of("0.95", "0.99")) {
            b.add(Panel.timeseries("Latency p" + q.substring(2) + " by group", "The injectors' latency histogram"
                    + " (buckets 5 ms to 10 s), every outcome. " + EMPTY_WITHOUT_LOAD, "s").min(0)
                    .query("histogram_quantile(" + q + ", sum by (group, le) (rate(headroom_load_latency_seconds_bucket"
                            + "{group=~\"$group\"}[$__rate_interval])))", "{{group}}"), 8, 8);
        }
        return b.build();
    }

    /**
     * {@code good / total}, summed by {@code by} (none: in all), a good count without a series yet
     * counting as 0.
     */
    private static String ratio(String good, String total, String by) {
        String sum = by.isEmpty() ? "sum(" : "sum by (" + by + ") (";
        return "(\n  " + sum + good + ")\n  or\n  0 * " + sum + total + ")\n)\n/\n" + sum + total + ")";
    }

    private static int stepsHeight(DashboardInputs.Journey j) {
        return Math.max(6, 2 + j.steps().size());
    }
}
