package dev.headroom.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.headroom.e2e.HeadroomProcess;
import dev.headroom.http.HttpChecker;
import dev.headroom.load.PrometheusText;
import dev.headroom.load.Recorder;
import dev.headroom.serve.LocalServer;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import dev.headroom.testing.MonitoringServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboards, rules and routing (dashboards/) against the real thing: Debian's
 * Prometheus scrapes the reference storefront, two Headroom monitors in two locations (one in this JVM, one
 * a {@code headroom monitor --location us} process of the built jar) and a load injector's metrics
 * page; its rule engine evaluates {@code headroom-rules.yml} and the generated SLO rules ({@code generated/*-slos.yml}); Debian's Alertmanager routes with
 * {@code alertmanager.yml} to webhooks this test serves (the shipped file's receivers, moved to
 * this test's port). All on 127.0.0.1.
 */
class AlertingIT {
    private static final Path DASHBOARDS = Path.of("dashboards").toAbsolutePath();
    private static final Path MONITORS = Path.of("monitors").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;

    private static RunningStorefront shop;
    private static HttpChecker checker;
    private static Monitor monitor;
    private static LocalServer monitorServer;
    private static HeadroomProcess usMonitor;
    private static HttpServer stub;
    private static final okhttp3.mockwebserver.MockWebServer secure = new okhttp3.mockwebserver.MockWebServer();
    private static final HeldCertificate CERTIFICATE = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
            .duration(30, TimeUnit.DAYS).build();
    private static LocalServer injectorServer;
    private static HttpServer receiver;
    private static final List<Notification> notifications = new CopyOnWriteArrayList<>();
    private static MonitoringServer alertmanagerServer;
    private static MonitoringServer prometheusServer;
    private static String prometheus;

    /** One webhook call from Alertmanager: the receiver path and its JSON body. */
    record Notification(String receiver, JsonNode body) {
    }

    @BeforeAll
    static void startEverything() throws Exception {
        for (String tool : List.of("promtool", "amtool")) {
            assertThat(Path.of("/usr/bin", tool)).as(tool + " (apt-get install prometheus prometheus-alertmanager; .ci/run installs them)")
                    .exists();
        }
        shop = Storefront.builder().port(0).products(60).build().start();
        // An HTTPS page (a test CA's certificate) so that the certificate series exist, and a stub
        // whose /outage always fails and whose /blip-eu fails for the eu monitor only.
        HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(CERTIFICATE.certificate()).build();
        checker = HttpChecker.builder().tls(trust.sslSocketFactory(), trust.trustManager()).build();
        secure.useHttps(new HandshakeCertificates.Builder().heldCertificate(CERTIFICATE).build().sslSocketFactory(), false);
        secure.setDispatcher(new okhttp3.mockwebserver.Dispatcher() {
            @Override
            public okhttp3.mockwebserver.MockResponse dispatch(okhttp3.mockwebserver.RecordedRequest request) {
                return new okhttp3.mockwebserver.MockResponse().setBody("secure");
            }
        });
        secure.start(java.net.InetAddress.getByName("localhost"), 0);
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.sendResponseHeaders(path.equals("/outage") || path.equals("/blip-eu") ? 503 : 200, -1);
            exchange.close();
        });
        stub.start();
        String stubUrl = "http://127.0.0.1:" + stub.getAddress().getPort();

        // Two monitors in two locations, one Prometheus: eu with a journey, probes, a small crawl and the
        // shop as an origin, so every synthetic series exists; us with the probes only.
        Path monitorYaml = Files.writeString(dir.resolve("monitor.yaml"), """
                target: %s
                location: eu
                defaults: {interval: 2s, jitter: 200ms, timeout: 20s, failuresBeforeDown: 1}
                checks:
                  - {name: checkout, journey: %s/checkout.yaml, envFile: %s/reference-storefront.env}
                  - {name: home, probe: /, timeout: 2s}
                  - {name: site, crawl: /, interval: 1h, maxPages: 2000}
                  - {name: tls, probe: '%s'}
                  - {name: outage, probe: '%s/outage'}
                  - {name: blip, probe: '%s/blip-eu'}
                origins:
                  healthPath: /health
                  list: [{name: shop, url: '%s'}]
                """.formatted(shop.baseUrl(), MONITORS, MONITORS, secure.url("/"), stubUrl, stubUrl, shop.baseUrl()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        monitor = new Monitor(MonitorPlan.load(monitorYaml, null, Map.of()), checker, registry, Clock.systemUTC(), line -> { });
        monitorServer = StatusPage.serve(0, monitor, registry, checker.redactor(),
                () -> new LocalServer.Response(200, "text/plain", "ok"));
        monitor.start();
        Path usYaml = Files.writeString(dir.resolve("monitor-us.yaml"), """
                target: %s
                defaults: {interval: 2s, jitter: 200ms, timeout: 5s, failuresBeforeDown: 1}
                checks:
                  - {name: home, probe: /}
                  - {name: outage, probe: '%s/outage'}
                  - {name: blip, probe: '%s/blip-us'}
                """.formatted(shop.baseUrl(), stubUrl, stubUrl));
        // the second monitor is its own process, as in production: ./headroom monitor --location us
        usMonitor = HeadroomProcess.start("monitor", "--config", usYaml.toString(), "--location", "us", "--port", "0");
        Matcher usPage = Pattern.compile("status page http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(usMonitor.awaitLine(l -> l.contains("status page http://"), Duration.ofSeconds(60)));
        assertThat(usPage.find()).as(usMonitor.output()).isTrue();
        int usPort = Integer.parseInt(usPage.group(1));

        // A load injector's live metrics, rendered by the injector's own renderer from a recorder.
        Recorder recorder = new Recorder();
        injectorServer = LocalServer.builder().port(0).get("/metrics", LocalServer.PROMETHEUS_TEXT, () -> {
            recorder.record("home", true, 12);
            recorder.record("search", false, 900);
            return PrometheusText.render(recorder.snapshot(),
                    new PrometheusText.State("1/1", 1, 5, 125, false, Map.of("all p95<=500ms", false)));
        }).start();

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            notifications.add(new Notification(exchange.getRequestURI().getPath(), JSON.readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();

        String routing = Files.readString(DASHBOARDS.resolve("alertmanager/alertmanager.yml"))
                .replace("http://127.0.0.1:9095/", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/");
        alertmanagerServer = MonitoringServer.alertmanager(dir, routing);
        prometheusServer = MonitoringServer.prometheus(dir, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: [%s, %s]
                alerting:
                  alertmanagers: [{static_configs: [{targets: ['127.0.0.1:%d']}]}]
                scrape_configs:
                  - {job_name: shop, static_configs: [{targets: ['127.0.0.1:%d']}]}
                  - {job_name: headroom-monitor, static_configs: [{targets: ['127.0.0.1:%d', '127.0.0.1:%d']}]}
                  - {job_name: headroom-load, static_configs: [{targets: ['127.0.0.1:%d']}]}
                """.formatted(DASHBOARDS.resolve("prometheus/headroom-rules.yml"),
                DASHBOARDS.resolve("prometheus/generated/*-slos.yml"), alertmanagerServer.port(), shop.port(),
                monitorServer.port(), usPort, injectorServer.port()));
        prometheus = prometheusServer.url();
    }

    @AfterAll
    static void stopEverything() {
        if (receiver != null) {
            receiver.stop(0);
        }
        if (stub != null) {
            stub.stop(0);
        }
        for (AutoCloseable c : new AutoCloseable[] {prometheusServer, alertmanagerServer, injectorServer, monitorServer, monitor, checker, usMonitor, secure, shop}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing what is left; the test's verdict is already in
            }
        }
    }

    @Test
    void theShippedRulesAndRoutingPassPrometheusOwnChecksAndUnitTests() throws Exception {
        assertThat(run(DASHBOARDS, "promtool", "check", "rules", "prometheus/headroom-rules.yml",
                "prometheus/generated/storefront-slos.yml", "prometheus/generated/monitor-slos.yml")).contains("SUCCESS");
        assertThat(run(DASHBOARDS.resolve("prometheus"), "promtool", "test", "rules", "headroom-rules.test.yml"))
                .contains("SUCCESS");
        assertThat(run(DASHBOARDS, "amtool", "check-config", "alertmanager/alertmanager.yml")).contains("SUCCESS");
    }

    @Test
    void everyDashboardQueryAndRuleIsValidPromqlOverSeriesThatReallyExist() throws Exception {
        // Wait until every kind of series is in: the shop, the monitor's checks and crawl, the injector.
        await(Duration.ofSeconds(30), "the shop, the two monitors and the injector scraped", () -> nonEmpty("up == 1", 4));
        await(Duration.ofSeconds(30), "an HTTPS probe run", () -> nonEmpty("probe_ssl_earliest_cert_expiry", 1));
        await(Duration.ofSeconds(60), "a journey run recorded", () -> nonEmpty("headroom_journey_step_duration_seconds_count", 1));
        await(Duration.ofSeconds(60), "a complete crawl", () -> nonEmpty("headroom_crawl_last_complete_timestamp_seconds > 0", 1));
        Set<String> scraped = new TreeSet<>();
        JSON.readTree(get(prometheus + "/api/v1/label/__name__/values")).get("data").forEach(n -> scraped.add(n.asText()));
        Set<String> recorded = new TreeSet<>();
        JsonNode groups = JSON.readTree(get(prometheus + "/api/v1/rules")).at("/data/groups");
        assertThat(groups).as("rule groups loaded from headroom-rules.yml and generated/*-slos.yml").hasSizeGreaterThanOrEqualTo(4);
        List<String> ruleExprs = new ArrayList<>();
        for (JsonNode g : groups) {
            for (JsonNode r : g.get("rules")) {
                ruleExprs.add(r.get("query").asText());
                if (r.get("type").asText().equals("recording")) {
                    recorded.add(r.get("name").asText());
                }
                assertThat(r.get("health").asText()).as(r.get("name").asText() + ": " + r.path("lastError").asText()).isNotEqualTo("err");
            }
        }
        List<String> problems = new ArrayList<>();
        for (String expr : ruleExprs) {
            unknownMetrics(expr, scraped, recorded).forEach(m -> problems.add("rule uses " + m + " (not exported): " + expr));
        }
        try (var files = Files.list(DASHBOARDS.resolve("grafana"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode board = JSON.readTree(file.toFile());
                assertThat(board.path("uid").asText()).as(file + ": uid").isNotBlank();
                int queries = 0;
                for (JsonNode panel : board.get("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        String expr = target.get("expr").asText()
                                .replace("$__rate_interval", "1m").replace("$job", "shop")
                                .replace("$route", ".*").replace("$check", ".*");
                        queries++;
                        JsonNode answer = JSON.readTree(get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
                        if (!answer.path("status").asText().equals("success")) {
                            problems.add(file.getFileName() + " \"" + panel.get("title").asText() + "\": " + answer.path("error").asText());
                        }
                        unknownMetrics(expr, scraped, recorded).forEach(m -> problems.add(file.getFileName() + " \""
                                + panel.get("title").asText() + "\" uses " + m + ", which nothing exports"));
                    }
                }
                assertThat(queries).as(file + ": queries").isGreaterThan(5);
            }
        }
        assertThat(problems).as("scraped: " + scraped).isEmpty();
    }

    @Test
    void aShopFailingHalfItsCheckoutsPagesOnCallThroughAlertmanager() throws Exception {
        shop.faults().set(Fault.ERROR_RATE, "0.5");
        try {
            // Customers keep coming (bounded: two minutes at most): half the checkouts get a 503.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && page("StorefrontErrorBudgetBurn").isEmpty()) {
                status(shop.baseUrl() + "/checkout");
                status(shop.baseUrl() + "/");
                Thread.sleep(50);
            }
        } finally {
            shop.faults().clear(Fault.ERROR_RATE);
        }
        List<Notification> pages = page("StorefrontErrorBudgetBurn");
        assertThat(pages).as("on-call paged; notifications: " + notifications).isNotEmpty();
        JsonNode body = pages.get(0).body();
        assertThat(body.get("receiver").asText()).isEqualTo("oncall");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        JsonNode alert = body.get("alerts").get(0);
        assertThat(alert.at("/labels/job").asText()).isEqualTo("shop");
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("page");
        assertThat(alert.at("/labels/slo").asText()).isEqualTo("availability");
        assertThat(alert.at("/annotations/summary").asText()).startsWith("shop: customers are getting errors (");
        assertThat(alert.at("/annotations/runbook_url").asText()).isEqualTo("dashboards/README.md#storefronterrorbudgetburn");
        // Routed by severity: the page went to on-call, not to the ticket queue.
        assertThat(notifications).filteredOn(n -> n.receiver().equals("/tickets"))
                .noneMatch(n -> n.body().toString().contains("StorefrontErrorBudgetBurn"));
    }

    @Test
    void twoMonitorsPageOnceForAnOutageBothLocationsSeeAndNotForOneLocationsBlip() throws Exception {
        await(Duration.ofSeconds(120), "a page for the outage", () -> !page("HeadroomCheckDown", "outage").isEmpty());
        List<Notification> pages = page("HeadroomCheckDown", "outage");
        JsonNode alerts = pages.get(0).body().get("alerts");
        assertThat(alerts).as("one alert for both locations").hasSize(1);
        assertThat(alerts.get(0).at("/labels/location").isMissingNode()).isTrue();
        assertThat(alerts.get(0).at("/labels/severity").asText()).isEqualTo("page");
        // the blip was real: eu sees it DOWN, us UP; and it paged nobody
        await(Duration.ofSeconds(10), "blip DOWN from eu", () -> nonEmpty("headroom_check_up{check=\"blip\",location=\"eu\"} == 0", 1));
        await(Duration.ofSeconds(10), "blip UP from us", () -> nonEmpty("headroom_check_up{check=\"blip\",location=\"us\"} == 1", 1));
        assertThat(page("HeadroomCheckDown", "blip")).as("one location's failure pages nobody").isEmpty();
        assertThat(notifications).as("nor anything else about it")
                .noneMatch(n -> n.body().at("/commonLabels/check").asText().equals("blip"));
    }

    private static List<Notification> page(String alertname, String check) {
        return page(alertname).stream().filter(n -> n.body().at("/commonLabels/check").asText().equals(check)).toList();
    }

    private static List<Notification> page(String alertname) {
        return notifications.stream().filter(n -> n.receiver().equals("/oncall"))
                .filter(n -> n.body().at("/commonLabels/alertname").asText().equals(alertname)).toList();
    }

    // Metric names an expression reads: what is left once strings, label matchers, ranges,
    // grouping clauses, functions, keywords and numbers are taken out.
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset");

    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"[^\"]*\"", "").replaceAll("\\{[^}]*}", "").replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(s);
        while (m.find()) {
            String name = m.group();
            boolean function = s.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(s.charAt(m.start() - 1));
            if (!function && !number && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<String> unknownMetrics(String expr, Set<String> scraped, Set<String> recorded) {
        return metricNames(expr).stream().filter(n -> !scraped.contains(n) && !recorded.contains(n)).toList();
    }

    private static boolean nonEmpty(String query, int atLeast) {
        try {
            JsonNode answer = JSON.readTree(get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
            return answer.at("/data/result").size() >= atLeast;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(Path workDir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; metric names in Prometheus: " + names() + "; logs in " + dir);
            }
            Thread.sleep(200);
        }
    }

    private static String names() {
        try {
            return get(prometheus + "/api/v1/label/__name__/values");
        } catch (IOException e) {
            return "(Prometheus unreachable: " + e + ")";
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

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
