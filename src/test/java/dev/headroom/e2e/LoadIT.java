package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.load.LoadResults;
import dev.headroom.load.Recorder;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
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
