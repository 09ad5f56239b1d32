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
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom load} end to end: the jar forks Gatling against the reference storefront on
 * loopback. Every run is a few seconds at a few requests per second.
 */
class LoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(120);

    private static Path config(Path dir, String hold, String slos) throws Exception {
        return Files.writeString(dir.resolve("load.yaml"), """
                profile:
                  peakRps: 4
                  thinkTime: 100ms
                  mix: {browse: 0.4, search: 0.2, product: 0.2, cart: 0.1, checkout: 0.1}
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

    @Test
    void aShortRunWritesEveryResultAndServesLiveMetrics(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = config(dir, "3s", """
                  - group: all
                    p95: 5s
                    errorRate: 0.05
                  - group: product
                    p99: 5s
                """);
            Path out = dir.resolve("out");
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--multiplier", "2", "--out", out.toString())) {
                String line = p.awaitLine(l -> l.contains("live metrics at "), LIMIT);
                String url = line.substring(line.indexOf("http://"));
                assertThat(url).startsWith("http://127.0.0.1:");
                String metrics = scrapeUntil(url, "headroom_load_requests_total{group=", Duration.ofSeconds(20));
                assertThat(metrics).contains("headroom_load_latency_seconds_bucket{").contains("headroom_load_stage{shard=\"1/1\"}");
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                assertThat(p.output()).contains("PASSED").contains("Gatling's HTML report");
            }
            for (String f : List.of("report.json", "junit.xml", "summary.md", "results.json", "run.json")) {
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
            String junit = Files.readString(out.resolve("junit.xml"));
            assertThat(junit).contains("<testcase classname=\"slo\" name=\"all p95&lt;=5s errors&lt;=5.00%\"")
                    .contains("<testcase classname=\"slo\" name=\"product p99&lt;=5s\"").doesNotContain("<failure");
            assertThat(Files.readString(out.resolve("summary.md"))).contains("**PASSED**");
        }
    }

    @Test
    void aClosedModelOfCheckoutsPlacesRealOrdersAndCancelsThem(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), """
                    profile:
                      peakRps: 4
                      thinkTime: 50ms
                      mix: {checkout: 1.0}
                    stages:
                      multipliers: [1]
                      ramp: 1s
                      hold: 6s
                    """);
            Path out = dir.resolve("out");
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--closed", "--multiplier", "1", "--out", out.toString())) {
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                assertThat(p.output()).contains("users closed");
            }
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            List<String> groups = new java.util.ArrayList<>();
            report.at("/data/groups").forEach(g -> groups.add(g.get("group").asText()));
            assertThat(groups).contains("signin", "cart", "checkout", "order");
            // the shop's own metrics: orders placed (303 to the order page) and cancelled
            String shopMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(shop.baseUrl() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(count(shopMetrics, "route=\"/checkout\"", "method=\"POST\"", "status=\"303\""))
                    .as("orders placed").isGreaterThan(0);
            assertThat(count(shopMetrics, "route=\"/orders/{number}/cancel\"", "method=\"POST\"", "status=\"303\""))
                    .as("orders cancelled").isGreaterThan(0);
        }
    }

    /** Sums the {@code _count} samples of the storefront's request timer whose labels include all of {@code labels}. */
    private static double count(String metrics, String... labels) {
        return metrics.lines().filter(l -> l.startsWith("http_server_requests_seconds_count{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aCatalogueFromTheCrawlerFeedsTheRunInsteadOfTheSitemap(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = config(dir, "2s", "  - group: all\n    errorRate: 0.05\n");
            Path catalogue = Files.writeString(dir.resolve("catalogue.csv"), "type,url\n"
                    + "product," + shop.baseUrl() + "/product/3\nproduct," + shop.baseUrl() + "/product/5\n"
                    + "category," + shop.baseUrl() + "/category/kitchen\nsearch," + shop.baseUrl() + "/search?q=mug\n");
            Path out = dir.resolve("out");
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--catalogue", catalogue.toString(), "--multiplier", "1", "--out", out.toString())) {
                assertThat(p.awaitExit(LIMIT)).as(p.output()).isZero();
                assertThat(p.output()).contains("Catalogue from " + catalogue + ": 2 products, 1 categories, 1 search terms");
            }
            JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
            assertThat(run.get("productIds").toString()).isEqualTo("[3,5]");
            assertThat(run.get("categories").toString()).isEqualTo("[\"kitchen\"]");
            assertThat(run.get("searchTerms").toString()).isEqualTo("[\"mug\"]");
            String shopMetrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(shop.baseUrl() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(count(shopMetrics, "route=\"/sitemap.xml\"")).as("the sitemap was not read").isZero();
        }
    }

    @Test
    void aBreachedSloFailsTheRunAndStopsItEarly(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).fault("slow-route=search:1200").build().start()) {
            Path cfg = config(dir, "30s", """
                  - group: search
                    p95: 300ms
                """);
            Path out = dir.resolve("out");
            Instant started = Instant.now();
            int code;
            String output;
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "6", "--out", out.toString())) {
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            assertThat(code).as(output).isEqualTo(1);
            assertThat(output).contains("stopping the injector early: SLO 'search p95<=300ms' breached for");
            // planned: 10x... here 1x and 2x of 6 rps, 2 x 31 s; stopped well before
            assertThat(Duration.between(started, Instant.now())).isLessThan(Duration.ofSeconds(55));
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/summary/stopped early").asBoolean()).isTrue();
            assertThat(report.at("/data/abortReasons/0").asText()).contains("search p95<=300ms");
            assertThat(Files.readString(out.resolve("junit.xml"))).contains("<failure message=\"stopped early: SLO")
                    .contains("<failure message=\"p95 1");
        }
    }

    @Test
    void twoShardsMergeExactlyIntoTheTotals(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start()) {
            Path cfg = config(dir, "3s", """
                  - group: all
                    errorRate: 0.05
                """);
            Path out1 = dir.resolve("shard1");
            Path out2 = dir.resolve("shard2");
            try (HeadroomProcess a = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "6", "--shard", "1/2", "--out", out1.toString());
                 HeadroomProcess b = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
                    "--peak-rps", "6", "--shard", "2/2", "--out", out2.toString())) {
                assertThat(a.awaitExit(LIMIT)).as(a.output()).isZero();
                assertThat(b.awaitExit(LIMIT)).as(b.output()).isZero();
                assertThat(a.output()).contains("stage     1x:     3.00 rps");
            }
            Path merged = dir.resolve("merged");
            try (HeadroomProcess m = HeadroomProcess.start("load", "merge", out1.toString(), out2.resolve("report.json").toString(),
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
            JsonNode report = JSON.readTree(merged.resolve("report.json").toFile());
            assertThat(report.at("/summary/requests").asLong()).isEqualTo(all.totalRequests());
            assertThat(Files.readString(merged.resolve("junit.xml"))).contains("classname=\"slo\"");
        }
    }

    // ---- redirects: followed through the allowlist, never to a host off it

    /** A request as a tiny loopback server saw it. */
    private record Seen(String method, String path, String body) {
    }

    /**
     * A loopback HTTP server that serves {@code /sitemap.xml} (products 1..3, category c), answers
     * everything else with {@code handler}, and remembers every request it got.
     */
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
                    if (path.equals("/sitemap.xml")) {
                        String b = base();
                        send(exchange, 200, "<urlset><url><loc>" + b + "/category/c</loc></url><url><loc>" + b
                                + "/product/1</loc></url><url><loc>" + b + "/product/2</loc></url><url><loc>" + b
                                + "/product/3</loc></url></urlset>");
                    } else {
                        handler.handle(exchange, base());
                    }
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

    private static Path shortRun(Path dir, String mix) throws Exception {
        return Files.writeString(dir.resolve("load.yaml"), """
                allowlist: [127.0.0.1]
                profile:
                  peakRps: 4
                  thinkTime: 0s
                  mix: %s
                stages:
                  multipliers: [1]
                  ramp: 1s
                  hold: 4s
                """.formatted(mix));
    }

    @Test
    void aRedirectToAHostOffTheAllowlistIsNeverSentAndCountsAsAFailedRequest(@TempDir Path dir) throws Exception {
        try (TinyServer elsewhere = new TinyServer("127.0.0.2", (ex, base) -> TinyServer.send(ex, 200, "elsewhere"));
             TinyServer shop = new TinyServer("127.0.0.1",
                     (ex, base) -> TinyServer.redirect(ex, 302, elsewhere.base() + ex.getRequestURI().getRawPath()))) {
            Path out = dir.resolve("out");
            int code;
            String output;
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.base(), "--config",
                    shortRun(dir, "{product: 1.0}").toString(), "--multiplier", "1", "--out", out.toString())) {
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            String refusal = "not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1]";
            assertThat(elsewhere.seen).as("requests that reached 127.0.0.2").isEmpty();
            long redirected = shop.count("GET", "/product/");
            assertThat(redirected).as("product pages the shop redirected").isGreaterThan(5);
            assertThat(code).as(output).isEqualTo(1);
            assertThat(output).contains("headroom: product: " + refusal).contains(redirected + "  product    " + refusal)
                    .as("Gatling's own console counts them as KO with the reason")
                    .contains("redirect, but actually found not sent: host '127.0.0.2'");

            LoadResults results = LoadResults.read(out.resolve("results.json"));
            assertThat(results.totalRequests()).isEqualTo(redirected);
            assertThat(results.failedRequests()).isEqualTo(redirected);
            assertThat(results.failures()).containsExactly(new LoadResults.Failure("product", refusal, true, redirected));
            JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
            assertThat(report.at("/summary/refused redirects").asLong()).isEqualTo(redirected);
            assertThat(Files.readString(out.resolve("junit.xml")))
                    .contains("name=\"every request stayed on the allowlist\"")
                    .contains("<failure message=\"" + redirected + " requests failed: a redirect pointed off the allowlist");
        }
    }

    @Test
    void redirectsOnTheAllowlistAreFollowedAndThePageChecksApplyToTheFinalPage(@TempDir Path dir) throws Exception {
        // Every page answers through a redirect: 301 relative, 302 absolute, 307 of a POST (same method
        // and body), then 303 to GET, as the reference storefront answers its forms.
        TinyServer.Handler shopPages = (ex, base) -> {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            if (path.startsWith("/product/")) {
                TinyServer.redirect(ex, 301, "/p/" + path.substring("/product/".length()));
            } else if (path.startsWith("/p/")) {
                TinyServer.send(ex, 200, "<h1 id=\"product-name\">P</h1><form class=\"add-to-cart\">"
                        + "<input name=\"_csrf\" value=\"tok-1\"></form>");
            } else if (path.equals("/cart/add") && method.equals("POST")) {
                TinyServer.redirect(ex, 307, "/cart/add-now");
            } else if (path.equals("/cart/add-now") && method.equals("POST")) {
                TinyServer.redirect(ex, 303, base + "/cart");
            } else if (path.equals("/cart") && method.equals("GET")) {
                TinyServer.send(ex, 200, "<h1>Cart</h1>");
            } else {
                TinyServer.send(ex, 404, "not found");
            }
        };
        try (TinyServer shop = new TinyServer("127.0.0.1", shopPages)) {
            Path out = dir.resolve("out");
            int code;
            String output;
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.base(), "--config",
                    shortRun(dir, "{product: 0.5, cart: 0.5}").toString(), "--multiplier", "1", "--out", out.toString())) {
                code = p.awaitExit(LIMIT);
                output = p.output();
            }
            assertThat(code).as(output).isZero();
            long products = shop.count("GET", "/product/");
            long carts = shop.count("POST", "/cart/add");
            assertThat(shop.count("GET", "/p/")).isEqualTo(products);
            assertThat(carts).as("carts").isGreaterThan(0);
            // 307 kept the method and the body; 303 turned it into a GET without one
            List<Seen> replayed = shop.seen.stream().filter(r -> r.path().equals("/cart/add-now")).toList();
            assertThat(replayed).hasSize((int) carts).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.body()).startsWith("_csrf=tok-1&productId=").endsWith("&qty=1");
            });
            assertThat(shop.seen.stream().filter(r -> r.path().equals("/cart"))).hasSize((int) carts)
                    .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));

            LoadResults results = LoadResults.read(out.resolve("results.json"));
            assertThat(results.failedRequests()).as(output).isZero();
            assertThat(results.failures()).isEmpty();
            // one recorded request per chain: every product page (alone or before a cart) and every cart
            Map<String, Long> byGroup = new java.util.TreeMap<>();
            results.groups().forEach(g -> byGroup.merge(g.group(), g.count(), Long::sum));
            assertThat(byGroup).containsExactly(Map.entry("cart", carts), Map.entry("product", products));
        }
    }

    // ---- stopping: SIGTERM and a vanished parent stop the injector too

    private static final String LONG_RUN = """
            profile:
              peakRps: 4
              thinkTime: 100ms
              mix: {browse: 0.5, product: 0.5}
            stages:
              multipliers: [1]
              ramp: 1s
              hold: 60s
            """;

    @Test
    void sigtermStopsTheRunAndItsInjectorWithinSecondsAndWritesWhatWasRecorded(@TempDir Path dir) throws Exception {
        try (RunningStorefront shop = Storefront.builder().port(0).products(50).build().start()) {
            Path cfg = Files.writeString(dir.resolve("load.yaml"), LONG_RUN);
            Path out = dir.resolve("out");
            List<ProcessHandle> injector;
            int code;
            Duration stopping;
            String output;
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
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
            Path cfg = Files.writeString(dir.resolve("load.yaml"), LONG_RUN);
            Path out = dir.resolve("out");
            List<ProcessHandle> injector;
            try (HeadroomProcess p = HeadroomProcess.start("load", "--target", shop.baseUrl(), "--config", cfg.toString(),
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
            body = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains(marker)) {
                return body;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("no " + marker + " in " + url + " within " + timeout + ":\n" + body);
    }
}
