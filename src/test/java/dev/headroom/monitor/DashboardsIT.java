package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.http.HttpChecker;
import dev.headroom.load.PrometheusText;
import dev.headroom.load.Recorder;
import dev.headroom.serve.LocalServer;
import dev.headroom.shop.ShopFile;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import dev.headroom.testing.MonitoringServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shipped dashboard (dashboards/grafana/*.json and generated/*.json) against a real
 * Prometheus (Debian's) that scrapes a real monitor, the reference storefront and an injector's
 * metrics page, and evaluates the generated SLO rules. The monitor runs the shop file's checks
 * (monitors/headroom.yaml: the shipped journeys, probes and crawl) a known number of times, {@value
 * #CLEAN_ROUNDS} rounds on a healthy shop and {@value #FAULTY_ROUNDS} with every checkout answering
 * 503; then every target of every panel must return data (unless the panel says it may be empty),
 * and the journey panels must show the monitor's own counts.
 */
class DashboardsIT {
    static final int CLEAN_ROUNDS = 3;
    static final int FAULTY_ROUNDS = 2;
    private static final Path DASHBOARDS = Path.of("dashboards").toAbsolutePath();
    private static final Path GENERATED = DASHBOARDS.resolve("grafana/generated");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** How a panel says it may rightly show nothing: "Empty when no load test is running." */
    private static final Pattern MAY_BE_EMPTY = Pattern.compile("(?i)\\bempty (when|while|until)\\b");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*([A-Za-z_][A-Za-z0-9_]*)\\)");

    @TempDir
    static Path dir;

    private static RunningStorefront shop;
    private static HttpChecker checker;
    private static Monitor monitor;
    private static LocalServer monitorServer;
    private static LocalServer injectorServer;
    private static MonitoringServer prometheusServer;
    private static String prometheus;
    /** The monitor's own /metrics after the known runs. */
    private static PrometheusSamples monitorSays;

    @BeforeAll
    static void runTheChecksAKnownNumberOfTimesUnderPrometheus() throws Exception {
        shop = Storefront.builder().port(0).products(60).build().start();
        // The shop file's checks, as the checked-in dashboards were generated from; no maintenance
        // window (a run at 03:00 must not count as maintenance).
        MonitorPlan shipped = ShopFile.load(Path.of("monitors/headroom.yaml")).monitorPlan(shop.baseUrl(), System.getenv());
        MonitorPlan plan = new MonitorPlan(shipped.source(), 0, shipped.historySize(), shipped.allowlist(), shipped.checks(),
                List.of(), shipped.location(), shipped.origins());
        checker = plan.checkerBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        monitor = new Monitor(plan, checker, registry, Clock.systemUTC(), line -> { });
        monitorServer = StatusPage.serve(0, monitor, registry, checker.redactor(),
                () -> new LocalServer.Response(200, "text/plain", "ok"));

        // A running load test's metrics page, rendered by the injector's own renderer; groups are journey/step.
        Recorder recorder = new Recorder();
        injectorServer = LocalServer.builder().port(0).get("/metrics", LocalServer.PROMETHEUS_TEXT, () -> {
            recorder.record("browse-and-search/home page", true, 12);
            recorder.record("browse-and-search/search for it by name", false, 900);
            recorder.record("checkout/place the order", true, 240);
            recorder.recordStep("checkout", "place the order", "PASSED");
            recorder.recordStep("checkout", "", "PASSED");
            recorder.recordStep("browse-and-search", "search for it by name", "FAILED");
            recorder.recordStep("browse-and-search", "", "FAILED");
            return PrometheusText.render(recorder,
                    new PrometheusText.State("1/1", 1, 5, 125, false, Map.of("all p95<=800ms", false)));
        }).start();

        prometheusServer = MonitoringServer.prometheus(dir, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: [%s]
                scrape_configs:
                  - {job_name: shop, static_configs: [{targets: ['127.0.0.1:%d']}]}
                  - {job_name: headroom-monitor, static_configs: [{targets: ['127.0.0.1:%d']}]}
                  - {job_name: headroom-load, static_configs: [{targets: ['127.0.0.1:%d']}]}
                """.formatted(DASHBOARDS.resolve("prometheus/generated/*-slos.yml"), shop.port(), monitorServer.port(),
                injectorServer.port()));
        prometheus = prometheusServer.url();

        await(Duration.ofSeconds(30), "Prometheus scraping the shop, the monitor and the injector", () -> size("up == 1") == 3);
        // Each round is scraped before the next begins, so that the rates over them are never 0.
        for (int i = 0; i < CLEAN_ROUNDS; i++) {
            round();
        }
        shop.faults().set(Fault.ERROR_RATE, "1");
        try {
            for (int i = 0; i < FAULTY_ROUNDS; i++) {
                round();
            }
        } finally {
            shop.faults().clear(Fault.ERROR_RATE);
        }
        monitorSays = new PrometheusSamples(get("http://127.0.0.1:" + monitorServer.port() + "/metrics"));
        try {
            await(Duration.ofSeconds(30), "the SLO rules recorded a burn rate and a budget for every SLO",
                    () -> size("slo:current_burn_rate:ratio") >= 5 && size("slo:period_error_budget_remaining:ratio") >= 5);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; burn rates: " + query("slo:current_burn_rate:ratio").at("/data/result")
                    + "; budgets: " + query("slo:period_error_budget_remaining:ratio").at("/data/result")
                    + "; 5m errors: " + query("slo:sli_error:ratio_rate5m").at("/data/result"), e);
        }
        await(Duration.ofSeconds(30), "the injector scraped twice", () -> size("rate(headroom_load_requests_total[1m]) > 0") >= 3);
    }

    /** Runs every check once, then waits until Prometheus has scraped the runs. */
    private static void round() throws Exception {
        monitor.runAllOnce();
        double runs = new PrometheusSamples(get("http://127.0.0.1:" + monitorServer.port() + "/metrics"))
                .all("headroom_check_runs_total").stream().mapToDouble(PrometheusSamples.Sample::value).sum();
        await(Duration.ofSeconds(10), "Prometheus scraped the monitor's " + runs + " runs",
                () -> value("sum(headroom_check_runs_total)") == runs);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable c : new AutoCloseable[] {prometheusServer, injectorServer, monitorServer, monitor, checker, shop}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what is left; the verdict is in
            }
        }
    }

    @Test
    void theMonitorRanTheKnownRunsWithTheKnownPassesAndFailures() {
        int all = CLEAN_ROUNDS + FAULTY_ROUNDS;
        assertThat(good("checkout")).as("checkout passed on a healthy shop").isEqualTo(CLEAN_ROUNDS);
        assertThat(bad("checkout")).as("checkout failed while every checkout answered 503").isEqualTo(FAULTY_ROUNDS);
        assertThat(good("browse-and-search")).as("browse-and-search never goes to checkout").isEqualTo(all);
        assertThat(good("home") + bad("home")).isEqualTo(all);
        assertThat(good("home")).isEqualTo(all);
    }

    @Test
    void everyPanelOfEveryDashboardReturnsDataFromPrometheus() throws Exception {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (Path file : dashboards()) {
            JsonNode board = JSON.readTree(file.toFile());
            Map<String, String> variables = variables(board);
            for (JsonNode panel : panels(board)) {
                String title = panel.path("title").asText();
                String description = panel.path("description").asText();
                boolean mayBeEmpty = MAY_BE_EMPTY.matcher(description).find();
                for (JsonNode target : panel.path("targets")) {
                    String expr = substitute(target.path("expr").asText(), variables);
                    String where = DASHBOARDS.relativize(file) + " panel " + panel.path("id").asText() + " \"" + title
                            + "\" target " + target.path("refId").asText();
                    queries++;
                    JsonNode answer = query(expr);
                    if (!answer.path("status").asText().equals("success")) {
                        problems.add(where + ": " + answer.path("error").asText() + ": " + expr);
                    } else if (answer.at("/data/result").isEmpty()
                            && (!mayBeEmpty || file.startsWith(GENERATED) && !description.contains("runs only if"))) {
                        // The generated dashboards' "may be empty" panels have data here too: this
                        // setup has every condition they wait for (traffic, a complete crawl, a load
                        // test), all but a step's own (inventory's second winning order: a race the
                        // shop never loses unless it oversells).
                        problems.add(where + ": no data" + (mayBeEmpty ? " (it may be empty, but not here)" : "")
                                + ": " + expr);
                    }
                }
            }
        }
        assertThat(queries).as("queries in " + dashboards()).isGreaterThan(150);
        assertThat(problems).isEmpty();
    }

    @Test
    void theJourneyPanelsShowTheMonitorsOwnCountsAndRatios() throws Exception {
        JsonNode board = JSON.readTree(GENERATED.resolve("reference-storefront-journeys.json").toFile());
        List<String> journeys = List.of("browse-and-search", "checkout", "inventory");
        for (String journey : journeys) {
            Map<String, Double> byOutcome = byLabel(panel(board, journey + ": runs by outcome"), "outcome");
            Map<String, Double> expected = new TreeMap<>();
            for (String outcome : CheckMeters.OUTCOMES) {
                expected.put(outcome, monitorSays.value("headroom_check_runs_total", "check", journey, "kind", "journey",
                        "outcome", outcome));
            }
            assertThat(byOutcome).as(journey + ": runs by outcome (every outcome, zeros too)").isEqualTo(expected);

            double ratio = single(panel(board, journey + ": success ratio"));
            assertThat(ratio).as(journey + ": success ratio").isCloseTo(good(journey) / (good(journey) + bad(journey)),
                    within(1e-9));

            Map<String, Double> steps = byLabel(panel(board, journey + ": success ratio by step"), "step");
            Map<String, Double> stepsExpected = new TreeMap<>();
            Map<String, Double> stepsGood = new TreeMap<>();
            for (PrometheusSamples.Sample s : monitorSays.all("headroom_journey_step_duration_seconds_count")) {
                if (s.labels().get("journey").equals(journey) && !s.labels().get("outcome").equals("skipped")) {
                    stepsExpected.merge(s.labels().get("step"), s.value(), Double::sum);
                    if (s.labels().get("outcome").matches("passed|degraded")) {
                        stepsGood.merge(s.labels().get("step"), s.value(), Double::sum);
                    }
                }
            }
            stepsExpected.replaceAll((step, all) -> stepsGood.getOrDefault(step, 0.0) / all);
            assertThat(steps).as(journey + ": success ratio by step").hasSameSizeAs(stepsExpected);
            stepsExpected.forEach((step, r) -> assertThat(steps.get(step)).as(journey + " / " + step).isCloseTo(r, within(1e-9)));
        }
        // What the runs were: checkout passed the clean rounds and failed the faulty ones.
        assertThat(single(panel(board, "checkout: success ratio")))
                .isCloseTo((double) CLEAN_ROUNDS / (CLEAN_ROUNDS + FAULTY_ROUNDS), within(1e-9));
        Map<String, Double> checkout = byLabel(panel(board, "checkout: runs by outcome"), "outcome");
        assertThat(checkout.get("passed") + checkout.get("degraded")).isEqualTo(CLEAN_ROUNDS);
        assertThat(checkout.get("failed") + checkout.get("error")).isEqualTo(FAULTY_ROUNDS);
        assertThat(checkout.get("maintenance")).isZero();

        Map<String, Double> probes = byLabel(panel(board, "Probes: success ratio"), "check");
        assertThat(probes).containsOnlyKeys("home", "health");
        probes.forEach((probe, r) -> assertThat(r).as(probe).isCloseTo(good(probe) / (good(probe) + bad(probe)), within(1e-9)));
    }

    @Test
    void theLoadTestPanelsShowTheInjectorsVerdictsAJourneyThatNeverPassedAtZero() throws Exception {
        JsonNode board = JSON.readTree(GENERATED.resolve("reference-storefront-load.json").toFile());

        // Every scrape of the injector's page counts one passed checkout and one failed browse-and-search.
        assertThat(byLabel(panel(board, "Journey success ratio under load"), "journey"))
                .isEqualTo(Map.of("checkout", 1.0, "browse-and-search", 0.0));
        JsonNode failed = query(panel(board, "Failed steps under load").at("/targets/0/expr").asText()).at("/data/result");
        Map<String, Double> byStep = new TreeMap<>();
        failed.forEach(r -> byStep.put(r.at("/metric/journey").asText() + " / " + r.at("/metric/step").asText(),
                Double.parseDouble(r.at("/value/1").asText())));
        assertThat(byStep).containsOnlyKeys("browse-and-search / search for it by name", "checkout / place the order");
        assertThat(byStep.get("checkout / place the order")).isZero();
        assertThat(byStep.get("browse-and-search / search for it by name")).isPositive();
    }

    // The monitor's own counts, from its /metrics.

    private static double good(String check) {
        return count(check, "passed|degraded");
    }

    private static double bad(String check) {
        return count(check, "failed|error");
    }

    private static double count(String check, String outcomes) {
        return monitorSays.all("headroom_check_runs_total").stream()
                .filter(s -> s.labels().get("check").equals(check) && s.labels().get("outcome").matches(outcomes))
                .mapToDouble(PrometheusSamples.Sample::value).sum();
    }

    // Dashboards.

    private static List<Path> dashboards() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path d : List.of(DASHBOARDS.resolve("grafana"), GENERATED)) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    private static List<JsonNode> panels(JsonNode board) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode p : board.path("panels")) {
            out.add(p);
            p.path("panels").forEach(out::add);
        }
        return out;
    }

    private static JsonNode panel(JsonNode board, String title) {
        return panels(board).stream().filter(p -> p.path("title").asText().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no panel \"" + title + "\""));
    }

    /**
     * What each variable stands for in the queries: its All value where it has one, else the first
     * value Prometheus has for its {@code label_values(metric, label)}.
     */
    private static Map<String, String> variables(JsonNode board) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("__rate_interval", "1m");
        values.put("__interval", "15s");
        values.put("__range", "5m");
        for (JsonNode v : board.path("templating").path("list")) {
            String name = v.path("name").asText();
            if (v.path("type").asText().equals("datasource")) {
                continue;
            }
            if (v.path("includeAll").asBoolean() && v.hasNonNull("allValue")) {
                values.put(name, v.get("allValue").asText());
                continue;
            }
            Matcher m = LABEL_VALUES.matcher(substitute(v.path("query").asText(), values));
            assertThat(m.matches()).as("variable " + name + ": label_values(metric, label)").isTrue();
            JsonNode found = JSON.readTree(get(prometheus + "/api/v1/label/" + m.group(2) + "/values?match[]="
                    + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8))).path("data");
            assertThat(found).as("values of variable " + name).isNotEmpty();
            values.put(name, found.get(0).asText());
        }
        return values;
    }

    private static String substitute(String text, Map<String, String> values) {
        List<String> names = new ArrayList<>(values.keySet());
        names.sort(Comparator.comparing(String::length).reversed());
        String out = text;
        for (String n : names) {
            out = out.replace("${" + n + "}", values.get(n)).replace("[[" + n + "]]", values.get(n))
                    .replace("$" + n, values.get(n));
        }
        return out;
    }

    // Prometheus.

    /** A panel's one target's series, by the value of {@code label}. */
    private static Map<String, Double> byLabel(JsonNode panel, String label) throws IOException {
        assertThat(panel.path("targets")).hasSize(1);
        JsonNode result = query(panel.at("/targets/0/expr").asText()).at("/data/result");
        Map<String, Double> out = new TreeMap<>();
        for (JsonNode series : result) {
            out.put(series.at("/metric/" + label).asText(), Double.parseDouble(series.at("/value/1").asText()));
        }
        return out;
    }

    private static double single(JsonNode panel) throws IOException {
        JsonNode result = query(panel.at("/targets/0/expr").asText()).at("/data/result");
        assertThat(result).as(panel.path("title").asText()).hasSize(1);
        return Double.parseDouble(result.at("/0/value/1").asText());
    }

    private static JsonNode query(String expr) throws IOException {
        return JSON.readTree(get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
    }

    private static int size(String expr) {
        try {
            return query(expr).at("/data/result").size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static double value(String expr) {
        try {
            JsonNode r = query(expr).at("/data/result");
            return r.isEmpty() ? Double.NaN : Double.parseDouble(r.at("/0/value/1").asText());
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; logs in " + dir);
            }
            Thread.sleep(200);
        }
    }

    private static String get(String url) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
