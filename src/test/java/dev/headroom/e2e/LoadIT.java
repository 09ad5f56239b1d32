package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.headroom.load.InjectorRuntime;
import dev.headroom.load.LoadResults;
import dev.headroom.load.Recorder;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom load} end to end: the jar forks Gatling, which runs the shop's own journey files
 * (the shipped {@code monitors/} journeys against the reference storefront, the classic shop's
 * against {@link ClassicJavaShop}, small ones of its own against a tiny server) on loopback. Every
 * run is a few seconds at a few requests per second.
 */
class LoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(120);
    /** Every request group is {@code journey/step}, here of the two shipped journeys. */
    private static final String SHIPPED_GROUP = "(browse-and-search|checkout)/[^/].*";

    /**
     * The runs here are seconds long at a few requests per second, so most of each test is two JVMs
     * starting (headroom's, then Gatling's: Scala, Pekko, the simulation). C1 alone starts them in
     * about half the time on 2 busy cores and changes nothing a test checks; JAVA_TOOL_OPTIONS
     * reaches the injector, which inherits the environment.
     */
    private static final Map<String, String> QUICK_JVMS = Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1");

    private static HeadroomProcess headroom(String... args) throws java.io.IOException {
        return HeadroomProcess.start(QUICK_JVMS, args);
    }

    /** A file of the repository's {@code monitors/} folder, absolute (the load.yaml is in a temp dir). */
    private static String monitors(String file) {
        Path p = Path.of("monitors", file).toAbsolutePath().normalize();
        assertThat(p).isRegularFile();
        return p.toString();
    }

    /** The {@code journeys:} section of the shipped browse-and-search and checkout journeys, with these shares. */
    private static String shippedJourneys(double browse, double checkout) {
        StringBuilder sb = new StringBuilder("journeys:\n");
        if (browse > 0) {
            sb.append("  - journey: ").append(monitors("browse-and-search.yaml")).append('\n')
                    .append("    share: ").append(browse).append('\n');
        }
        if (checkout > 0) {
            sb.append("  - journey: ").append(monitors("checkout.yaml")).append('\n')
                    .append("    envFile: ").append(monitors("reference-storefront.env")).append('\n')
                    .append("    data: {file: ").append(monitors("shoppers.csv")).append(", order: circular}\n")
                    .append("    share: ").append(checkout).append('\n');
        }
        return sb.toString();
    }

    /** load.yaml: {@code journeys}, a small profile, stages 1x and 2x of {@code hold}, a quick abort, {@code slos}. */
    private static Path config(Path dir, String journeys, String hold, String slos) throws Exception {
        return Files.writeString(dir.resolve("load.yaml"), journeys + """
                profile:
                  peakRps: 4
                  thinkTime: 100ms
                stages:
                  multipliers: [1, 2]
                  ramp: 1s
                  hold: %s
                abort:
                  window: 2s
                  after: 2s
                slos:
                %s
                """.formatted(hold, slos));
    }

    private static List<String> groups(JsonNode report) {
        List<String> groups = new ArrayList<>();
        report.at("/data/groups").forEach(g -> groups.add(g.get("group").asText()));
        return groups;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static JsonNode journeyCase(JsonNode report, String name) {
        for (JsonNode c : report.get("cases")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case '" + name + "' in " + report.get("cases"));
    }

    private static String shopMetrics(RunningStorefront shop) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(shop.baseUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Sums the {@code _count} samples of the storefront's request timer whose labels include all of {@code labels}. */
    private static double count(String metrics, String... labels) {
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aShortRunOfTheShippedJourneysWritesEveryResultAndServesLiveMetrics(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = config(dir, shippedJourneys(0.6, 0.4), "4s", """
                  - group: all
                    p95: 5s
                    errorRate: 0.05
                  - group: browse-and-search/open a product
                    p99: 5s
                  - group: checkout
                    p95: 5s
                """);
            Path out = dir.resolve("out");
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--multiplier", "2", "--out", out.toString())) {
                String line = p.awaitLine(l -> l.contains("live metrics at "), LIMIT);
                String url = line.substring(line.indexOf("http://"));
                assertThat(url).startsWith("http://127.0.0.1:");
                String metrics = scrapeUntil(url, "headroom_load_requests_total{group=\"browse-and-search/",
                        Duration.ofSeconds(20));
                assertThat(metrics).contains("headroom_load_latency_seconds_bucket{group=\"browse-and-search/")
                        .contains("headroom_load_stage{shard=\"1/1\"}");
                // finished runs count live too, by journey and verdict, and their steps by step (a cold
                // injector's first runs may be DEGRADED: over the step budget, passed all the same)
                String runs = scrapeUntil(url, "headroom_load_journey_runs_total{journey=\"browse-and-search\"",
                        Duration.ofSeconds(20));
                assertThat(runs).containsPattern("headroom_load_journey_steps_total\\{journey=\"browse-and-search\","
                        + "step=\"home page\",status=\"(PASSED|DEGRADED)\",shard=\"1/1\"} [1-9]");
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                assertThat(p.output()).contains("PASSED").contains("Gatling's HTML report")
                        .containsPattern("journey browse-and-search +60\\.0% +4 requests")
                        .containsPattern("journey checkout +40\\.0% +13 requests");
            }
            for (String f : List.of("report.json", "junit.xml", "summary.md", "results.json", "run.json",
                    "journey-samples.json")) {
                assertThat(out.resolve(f)).isRegularFile();
            }
            try (Stream<Path> dirs = Files.list(out.resolve("gatling"))) {
                assertThat(dirs.anyMatch(d -> Files.exists(d.resolve("index.html")))).isTrue();
            }
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.get("tool").asText()).isEqualTo("load");
            assertThat(report.get("passed").asBoolean()).isTrue();
            long requests = report.at("/summary/requests").asLong();
            assertThat(requests).isGreaterThan(10);
            long inHistograms = 0;
            for (JsonNode g : report.at("/data/groups")) {
                inHistograms += Recorder.decode(g.get("histogram").asText()).getTotalCount();
            }
            assertThat(inHistograms).isEqualTo(requests);
            assertThat(groups(report)).isNotEmpty().allMatch(g -> g.matches(SHIPPED_GROUP))
                    .contains("browse-and-search/home page", "browse-and-search/open a product")
                    .doesNotContain("browse-and-search/look at it for a moment"); // a think step sends nothing
            JsonNode browse = journeyCase(report, "browse-and-search under load");
            assertThat(browse.get("status").asText()).isEqualTo("PASSED");
            assertThat(browse.get("message").asText()).matches("[1-9]\\d* runs: \\d+ passed, \\d+ degraded, 0 failed");
            // the runs' verdicts: every browse run's home page step counted once per run
            LoadResults results = LoadResults.read(out.resolve("results.json"));
            long browseRuns = sum(results.statuses("browse-and-search", ""));
            assertThat(browseRuns).isPositive().isEqualTo(sum(results.statuses("browse-and-search", "home page")));
            assertThat(browse.get("message").asText()).startsWith(browseRuns + " runs: ");
            JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
            assertThat(run.toString()).contains(monitors("browse-and-search.yaml")).contains(monitors("shoppers.csv"))
                    .doesNotContain("productIds");
            assertThat(JSON.readTree(out.resolve("journey-samples.json").toFile()).toString()).contains("browse-and-search");
            String junit = Files.readString(out.resolve("junit.xml"));
            assertThat(junit).contains("<testcase classname=\"slo\" name=\"all p95&lt;=5s errors&lt;=5.00%\"")
                    .contains("<testcase classname=\"slo\" name=\"browse-and-search/open a product p99&lt;=5s\"")
                    .contains("<testcase classname=\"slo\" name=\"checkout p95&lt;=5s\"")
                    .contains("name=\"browse-and-search under load\"").doesNotContain("<failure");
            assertThat(Files.readString(out.resolve("summary.md"))).contains("**PASSED**");
        }
    }

    @Test
    void aClosedModelOfCheckoutsPlacesRealOrdersAndCancelsThem(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), shippedJourneys(0, 1) + """
                    profile:
                      peakRps: 20
                      thinkTime: 50ms
                    stages:
                      multipliers: [1]
                      ramp: 1s
                      hold: 4s
                    slos:
                      - group: checkout/place the order
                        errorRate: 0.5
                    """);
            Path out = dir.resolve("out");
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--closed", "--multiplier", "1", "--out", out.toString())) {
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                assertThat(p.output()).containsPattern("stage +1x: +20\\.00 rps \\(1\\.54 journeys/s, 2 users closed\\)");
            }
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(groups(report)).allMatch(g -> g.startsWith("checkout/"))
                    .contains("checkout/sign in", "checkout/add to cart", "checkout/place the order", "checkout/cancel the order");
            JsonNode checkout = journeyCase(report, "checkout under load");
            assertThat(checkout.get("status").asText()).isEqualTo("PASSED");
            long passedRuns = Long.parseLong(checkout.get("message").asText().replaceAll("^\\d+ runs: (\\d+) passed.*", "$1"));
            assertThat(passedRuns).as(checkout.toString()).isPositive();
            LoadResults results = LoadResults.read(out.resolve("results.json"));
            long placed = results.statuses("checkout", "place the order").getOrDefault("PASSED", 0L);
            long cancelled = results.statuses("checkout", "cancel the order").getOrDefault("PASSED", 0L);
            assertThat(placed).isGreaterThanOrEqualTo(passedRuns);
            // the shop's own metrics: orders placed (303 to the order page) and cancelled
            String shopMetrics = shopMetrics(shop);
            double shopPlaced = count(shopMetrics, "route=\"/checkout\"", "method=\"POST\"", "status=\"303\"");
            double shopCancelled = count(shopMetrics, "route=\"/orders/{number}/cancel\"", "method=\"POST\"", "status=\"303\"");
            assertThat(shopPlaced).as("orders placed, counted by the shop").isGreaterThan(0).isEqualTo((double) placed);
            assertThat(shopCancelled).as("orders cancelled, counted by the shop").isGreaterThan(0).isEqualTo((double) cancelled);
        }
    }

    @Test
    void aBreachedSloOnAJourneyStepFailsTheRunAndStopsItEarly(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).fault("slow-route=search:1200").build().start()) {
            Path cfg = config(dir, shippedJourneys(1, 0), "30s", """
                  - group: browse-and-search/search for it by name
                    p95: 300ms
                  - group: browse-and-search/home page
                    p95: 5s
                """);
            Path out = dir.resolve("out");
            Instant started = Instant.now();
            int code;
            String output;
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "8", "--out", out.toString())) {
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            String slo = "browse-and-search/search for it by name p95<=300ms";
            assertThat(code).as(output).isEqualTo(1);
            assertThat(output).contains("stopping the injector early: SLO '" + slo + "' breached for");
            // planned: 1x and 2x of 8 rps, 2 x 31 s; stopped well before
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(55));
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/summary/stopped early").asBoolean()).isTrue();
            assertThat(report.at("/data/abortReasons/0").asText()).contains(slo);
            String junit = Files.readString(out.resolve("junit.xml"));
            assertThat(junit).contains("<failure message=\"stopped early: SLO")
                    .containsPattern("name=\"browse-and-search/search for it by name p95&lt;=300ms\"[^>]*>\\s*<failure message=\"p95 1\\d{3}ms")
                    .containsPattern("name=\"browse-and-search/home page p95&lt;=5s\"[^>]*>\\s*<system-out>");
            // the search step is slow but under its failed budget (3 s): no run failed, the SLO judged the latency
            JsonNode browse = journeyCase(report, "browse-and-search under load");
            assertThat(browse.get("status").asText()).as(browse.toString()).isEqualTo("PASSED");
            assertThat(browse.get("message").asText()).matches("[1-9]\\d* runs: \\d+ passed, \\d+ degraded, 0 failed");
        }
    }

    @Test
    void twoShardsMergeExactlyIntoTheTotals(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = config(dir, shippedJourneys(0.7, 0.3), "2s", """
                  - group: all
                    errorRate: 0.05
                  - group: checkout
                    p95: 5s
                """);
            Path out1 = dir.resolve("shard1");
            Path out2 = dir.resolve("shard2");
            try (HeadroomProcess a = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "6", "--shard", "1/2", "--out", out1.toString());
                 HeadroomProcess b = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "6", "--shard", "2/2", "--out", out2.toString())) {
                assertThat(a.awaitExit(LIMIT)).as(a.output()).isZero();
                assertThat(b.awaitExit(LIMIT)).as(b.output()).isZero();
                assertThat(a.output()).contains("stage     1x:     3.00 rps");
            }
            Path merged = dir.resolve("merged");
            try (HeadroomProcess m = headroom("load", "merge", out1.toString(), out2.resolve("report.json").toString(),
                    "--config", cfg.toString(), "--out", merged.toString())) {
                assertThat(m.awaitExit(LIMIT)).as(m.output()).isZero();
                assertThat(m.output()).contains("shards 1/2, 2/2");
            }
            LoadResults r1 = LoadResults.read(out1);
            LoadResults r2 = LoadResults.read(out2);
            LoadResults all = LoadResults.read(merged);
            assertThat(all.shards()).containsExactly("1/2", "2/2");
            assertThat(all.totalRequests()).isEqualTo(r1.totalRequests() + r2.totalRequests()).isGreaterThan(10);
            Map<Recorder.Key, Histogram> expected = r1.histograms();
            r2.histograms().forEach((k, h) -> expected.merge(k, h, (x, y) -> {
                x.add(y);
                return x;
            }));
            assertThat(all.histograms()).isEqualTo(expected);
            assertThat(all.histograms().keySet()).extracting(Recorder.Key::group).allMatch(g -> g.matches(SHIPPED_GROUP));
            // the journeys' verdicts add up too
            Map<String, Long> runs = new TreeMap<>(r1.statuses("browse-and-search", ""));
            r2.statuses("browse-and-search", "").forEach((s, n) -> runs.merge(s, n, Long::sum));
            assertThat(all.statuses("browse-and-search", "")).isEqualTo(runs).isNotEmpty();
            JsonNode report = JSON.readTree(merged.resolve("report.json").toFile());
            assertThat(report.at("/summary/requests").asLong()).isEqualTo(all.totalRequests());
            assertThat(Files.readString(merged.resolve("junit.xml"))).contains("classname=\"slo\"")
                    .contains("name=\"browse-and-search under load\"");
        }
    }

    @Test
    void theClassicJavaShopsCheckoutJourneyPlacesRealOrdersAtFiveTimesItsPeak(@TempDir Path dir) throws Exception {
        Path classic = Path.of("src/test/resources/shops/classic").toAbsolutePath();
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), """
                    journeys:
                      - journey: %s
                        envFile: %s
                    profile:
                      peakRps: 2
                      thinkTime: 50ms
                    stages:
                      multipliers: [1]
                      ramp: 1s
                      hold: 2s
                    slos:
                      - group: classic-checkout
                        p95: 5s
                        errorRate: 0.1
                      - group: classic-checkout/confirm
                        p95: 5s
                    """.formatted(classic.resolve("checkout.yaml"), classic.resolve("classic-shop.env")));
            Path out = dir.resolve("out");
            String output;
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--multiplier", "5", "--out", out.toString())) {
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                output = p.output();
            }
            assertThat(output).containsPattern("journey classic-checkout +100\\.0% +12 requests")
                    .contains("stage     1x:     2.00 rps").contains("stage     5x:    10.00 rps").contains("PASSED");
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(groups(report)).allMatch(g -> g.startsWith("classic-checkout/"))
                    .contains("classic-checkout/sign on", "classic-checkout/add it to the cart", "classic-checkout/confirm");
            LoadResults results = LoadResults.read(out.resolve("results.json"));
            long confirmed = results.statuses("classic-checkout", "confirm").getOrDefault("PASSED", 0L);
            // counted on the shop's side: every confirm the journey judged passed is an order the shop holds
            assertThat(shop.ordersPlaced()).as(output).isPositive().isEqualTo((int) confirmed);
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).hasSize(shop.ordersPlaced()).doesNotHaveDuplicates();
            assertThat(shop.stockOf("EST-1")).isEqualTo(ClassicJavaShop.DEFAULT_STOCK - shop.ordersPlaced());
            // every request went under the context path, with the session in the URL
            assertThat(shop.accessLog()).isNotEmpty().allMatch(l -> l.contains(" " + ClassicJavaShop.CONTEXT_PATH + "/"), "under /shop/")
                    .anyMatch(l -> l.contains(";jsessionid="));
            JsonNode checkout = journeyCase(report, "classic-checkout under load");
            assertThat(checkout.get("status").asText()).isEqualTo("PASSED");
            assertThat(checkout.get("message").asText()).matches("[1-9]\\d* runs: \\d+ passed, \\d+ degraded, 0 failed");
        }
    }

    // ---- redirects: followed through the allowlist, never to a host off it

    /** A request as a tiny loopback server saw it. */
    private record Seen(String method, String path, String body) {
    }

    /** A loopback HTTP server that answers every request with {@code handler} and remembers every request it got. */
    private static final class TinyServer implements AutoCloseable {
        final HttpServer server;
        final List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        interface Handler {
            void handle(HttpExchange exchange, String base) throws java.io.IOException;
        }

        TinyServer(String host, Handler handler) throws java.io.IOException {
            server = HttpServer.create(new InetSocketAddress(host, 0), 64);
            server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                try (exchange) {
                    String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    String path = exchange.getRequestURI().getRawPath();
                    seen.add(new Seen(exchange.getRequestMethod(), path, body));
                    handler.handle(exchange, base());
                }
            });
            server.start();
        }

        String base() {
            return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        }

        /** Requests of {@code method} to {@code path}, or under it if it ends with a slash. */
        long count(String method, String path) {
            return seen.stream().filter(r -> r.method().equals(method)
                    && (path.endsWith("/") ? r.path().startsWith(path) : r.path().equals(path))).count();
        }

        static void send(HttpExchange exchange, int status, String html) throws java.io.IOException {
            byte[] bytes = html.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }

        static void redirect(HttpExchange exchange, int status, String location) throws java.io.IOException {
            exchange.getResponseHeaders().set("Location", location);
            exchange.sendResponseHeaders(status, -1);
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    /** A load.yaml of one journey (written next to it as {@code journey.yaml}) at 4 rps for 4 s, allowlist 127.0.0.1. */
    private static Path shortRun(Path dir, String journey) throws Exception {
        Path file = Files.writeString(dir.resolve("journey.yaml"), journey);
        return Files.writeString(dir.resolve("load.yaml"), """
                allowlist: [127.0.0.1]
                journeys:
                  - journey: %s
                profile:
                  peakRps: 4
                  thinkTime: 0s
                stages:
                  multipliers: [1]
                  ramp: 1s
                  hold: 3s
                """.formatted(file));
    }

    @Test
    void aRedirectToAHostOffTheAllowlistIsNeverSentAndCountsAsARefusedRequest(@TempDir Path dir) throws Exception {
        try (TinyServer elsewhere = new TinyServer("127.0.0.2", (ex, base) -> TinyServer.send(ex, 200, "elsewhere"));
             TinyServer shop = new TinyServer("127.0.0.1", (ex, base) -> {
                 if (ex.getRequestURI().getRawPath().equals("/")) {
                     TinyServer.send(ex, 200, "<h1>Shop</h1>"); // headroom's "does the target answer" check
                 } else {
                     TinyServer.redirect(ex, 302, elsewhere.base() + ex.getRequestURI().getRawPath());
                 }
             })) {
            Path cfg = shortRun(dir, """
                    name: redirected
                    steps:
                      - name: open a product
                        request: {url: /product/1}
                    """);
            Path out = dir.resolve("out");
            int code;
            String output;
            String metrics;
            try (HeadroomProcess p = headroom("load", "--target", shop.base(), "--config", cfg.toString(),
                    "--multiplier", "1", "--out", out.toString())) {
                String line = p.awaitLine(l -> l.contains("live metrics at "), LIMIT);
                metrics = scrapeUntil(line.substring(line.indexOf("http://")),
                        "headroom_load_refused_total{group=\"redirected/open a product\",shard=\"1/1\"}", Duration.ofSeconds(30));
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            assertThat(elsewhere.seen).as("requests that reached 127.0.0.2").isEmpty();
            long redirected = shop.count("GET", "/product/1");
            assertThat(redirected).as("product pages the shop redirected").isGreaterThan(5);
            assertThat(metrics).containsPattern("headroom_load_requests_total\\{group=\"redirected/open a product\","
                    + "outcome=\"ko\",shard=\"1/1\"} [1-9]");
            assertThat(code).as(output).isEqualTo(1);
            assertThat(output).as("the first refusal is printed as it happens, naming the host")
                    .contains("headroom: redirected/open a product: not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1]");

            LoadResults results = LoadResults.read(out.resolve("results.json"));
            assertThat(results.totalRequests()).isEqualTo(redirected);
            assertThat(results.failedRequests()).isEqualTo(redirected);
            assertThat(results.refusedRequests()).isEqualTo(redirected);
            assertThat(results.failures()).singleElement().satisfies(f -> {
                assertThat(f.group()).isEqualTo("redirected/open a product");
                assertThat(f.message()).isEqualTo("not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1]");
                assertThat(f.refused()).isTrue();
                assertThat(f.count()).isEqualTo(redirected);
            });
            assertThat(results.statuses("redirected", "")).containsOnlyKeys("FAILED");
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/summary/refused redirects").asLong()).isEqualTo(redirected);
            assertThat(journeyCase(report, "redirected under load").get("status").asText()).isEqualTo("FAILED");
            assertThat(Files.readString(out.resolve("junit.xml")))
                    .contains("name=\"every request stayed on the allowlist\"")
                    .contains("<failure message=\"" + redirected + " requests failed: a redirect pointed off the allowlist")
                    .containsPattern("name=\"redirected under load\"[^>]*>\\s*<failure message=\"" + redirected + " runs: 0 passed");
        }
    }

    @Test
    void redirectsOnTheAllowlistAreFollowedAndTheStepsChecksApplyToTheFinalPage(@TempDir Path dir) throws Exception {
        // Every page answers through a redirect: 301 relative, 307 of a POST (same method and body),
        // then 303 (absolute) to GET, as the reference storefront answers its forms.
        TinyServer.Handler shopPages = (ex, base) -> {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.equals("/")) {
                TinyServer.send(ex, 200, "<h1>Shop</h1>");
            } else if (path.startsWith("/product/")) {
                TinyServer.redirect(ex, 301, "/p/" + path.substring("/product/".length()));
            } else if (path.startsWith("/p/")) {
                TinyServer.send(ex, 200, "<h1 id=\"product-name\">P</h1><form class=\"add-to-cart\" method=\"post\""
                        + " action=\"/cart/add\"><input type=\"hidden\" name=\"_csrf\" value=\"tok-1\">"
                        + "<input type=\"hidden\" name=\"productId\" value=\"7\"><input name=\"qty\" value=\"1\">"
                        + "<button type=\"submit\">Add</button></form>");
            } else if (path.equals("/cart/add") && method.equals("POST")) {
                TinyServer.redirect(ex, 307, "/cart/add-now");
            } else if (path.equals("/cart/add-now") && method.equals("POST")) {
                TinyServer.redirect(ex, 303, base + "/cart");
            } else if (path.equals("/cart") && method.equals("GET")) {
                TinyServer.send(ex, 200, "<h1>Cart</h1><table><tr class=\"cart-line\"><td>P</td></tr></table>");
            } else {
                TinyServer.send(ex, 404, "not found");
            }
        };
        try (TinyServer shop = new TinyServer("127.0.0.1", shopPages)) {
            Path cfg = shortRun(dir, """
                    name: redirects
                    steps:
                      - name: open a product
                        request: {url: /product/7}
                        assert:
                          - selector: "#product-name"
                      - name: add to cart
                        submit:
                          form: form.add-to-cart
                          fields: {qty: "2"}
                        assert:
                          - selector: "tr.cart-line"
                    """);
            Path out = dir.resolve("out");
            int code;
            String output;
            try (HeadroomProcess p = headroom("load", "--target", shop.base(), "--config", cfg.toString(),
                    "--multiplier", "1", "--out", out.toString())) {
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            assertThat(code).as(output).isZero();
            long products = shop.count("GET", "/product/");
            long carts = shop.count("POST", "/cart/add");
            assertThat(products).as("products").isGreaterThan(3);
            assertThat(shop.count("GET", "/p/")).isEqualTo(products);
            assertThat(carts).as("every run went on to its cart").isEqualTo(products);
            // 307 kept the method and the body; 303 turned it into a GET without one
            List<Seen> replayed = shop.seen.stream().filter(r -> r.path().equals("/cart/add-now")).toList();
            assertThat(replayed).hasSize((int) carts).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.body()).isEqualTo("_csrf=tok-1&productId=7&qty=2");
            });
            assertThat(shop.seen.stream().filter(r -> r.path().equals("/cart"))).hasSize((int) carts)
                    .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));

            LoadResults results = LoadResults.read(out.resolve("results.json"));
            assertThat(results.failedRequests()).as(output).isZero();
            assertThat(results.failures()).isEmpty();
            assertThat(results.refusedRequests()).isZero();
            // one recorded request per step, its redirects included
            Map<String, Long> byGroup = new TreeMap<>();
            results.groups().forEach(g -> byGroup.merge(g.group(), g.count(), Long::sum));
            assertThat(byGroup).containsExactly(Map.entry("redirects/add to cart", carts),
                    Map.entry("redirects/open a product", products));
            assertThat(results.statuses("redirects", "")).containsExactly(Map.entry("PASSED", products));
        }
    }

    // ---- stopping: SIGTERM and a vanished parent stop the injector too

    private static String longRun() {
        return shippedJourneys(1, 0) + """
                profile:
                  peakRps: 4
                  thinkTime: 100ms
                stages:
                  multipliers: [1]
                  ramp: 1s
                  hold: 60s
                """;
    }

    @Test
    void sigtermStopsTheRunAndItsInjectorWithinSecondsAndWritesWhatWasRecorded(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(50).build().start()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), longRun());
            Path out = dir.resolve("out");
            List<ProcessHandle> injector;
            int code;
            Duration stopping;
            String output;
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--multiplier", "1", "--out", out.toString())) {
                String line = p.awaitLine(l -> l.contains("live metrics at "), LIMIT);
                scrapeUntil(line.substring(line.indexOf("http://")), "outcome=\"ok\"", Duration.ofSeconds(30));
                injector = p.descendants();
                assertThat(injector).as("the Gatling JVM").isNotEmpty()
                        .anySatisfy(h -> assertThat(h.info().commandLine().orElse(""))
                                .contains("-Dheadroom.load.settings=" + out.resolve("run.json")));
                Instant signalled = Instant.now();
                p.terminate();
                code = p.awaitExit(Duration.ofSeconds(30));
                stopping = Duration.between(signalled, Instant.now());
                output = p.output();
            }
            assertThat(stopping).as(output).isLessThan(Duration.ofSeconds(10));
            assertThat(injector).as("Gatling JVMs left running").noneMatch(ProcessHandle::isAlive);
            assertThat(code).as(output).isEqualTo(130);
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/summary/stopped early").asBoolean()).isTrue();
            assertThat(report.at("/summary/requests").asLong()).isGreaterThan(0);
            assertThat(report.at("/data/abortReasons").toString()).contains("stopped by a signal (SIGTERM or Ctrl-C)");
            assertThat(LoadResults.read(out.resolve("results.json")).aborted()).isTrue();
        }
    }

    @Test
    void theInjectorStopsByItselfWhenTheHeadroomProcessIsKilled(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(50).build().start()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), longRun());
            Path out = dir.resolve("out");
            List<ProcessHandle> injector;
            try (HeadroomProcess p = headroom("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--multiplier", "1", "--out", out.toString())) {
                p.awaitLine(l -> l.contains("live metrics at "), LIMIT);
                injector = p.descendants();
                assertThat(injector).as("the Gatling JVM").isNotEmpty();
                p.signal("KILL"); // nothing of headroom runs after this: the injector must notice alone
                p.awaitExit(Duration.ofSeconds(10));
            }
            Instant deadline = Instant.now().plusSeconds(15);
            while (injector.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }
            List<ProcessHandle> left = injector.stream().filter(ProcessHandle::isAlive).toList();
            left.forEach(ProcessHandle::destroyForcibly); // ours, by pid: never leave one behind
            assertThat(left).as("Gatling JVMs still running 15 s after headroom was killed").isEmpty();
            assertThat(LoadResults.read(out.resolve("results.json")).abortReasons())
                    .containsExactly(InjectorRuntime.STOPPED_REASON);
        }
    }

    private static String scrapeUntil(String url, String marker, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(timeout);
        String body = "";
        while (Instant.now().isBefore(deadline)) {
            try {
                body = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.io.IOException e) { // the run ended and its endpoint with it: say what was last seen
                throw new AssertionError("no " + marker + " in " + url + " before it closed (" + e + "):\n" + body, e);
            }
            if (body.contains(marker)) {
                return body;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no " + marker + " in " + url + " within " + timeout + ":\n" + body);
    }
}
