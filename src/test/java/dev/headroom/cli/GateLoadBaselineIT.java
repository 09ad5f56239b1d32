package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.report.Json;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gate's load stage against a baseline, end to end (Gatling forked, the reference storefront on
 * loopback): two clean runs make the baseline; a slow search of a few hundred milliseconds then fails
 * the gate as a load regression of the search group, on the figures of the load test's hold (its
 * ramp-up excluded), while a clean rerun against the same baseline passes. A baseline report from
 * before the hold figures is compared on whole runs instead, and its checks say so. Each load test is
 * 10 s at 40 rps of one journey, whose search step is a quarter of the requests: enough for a p95 of
 * the search group in the 7.5 s hold.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GateLoadBaselineIT {
    private static final String SEARCH = "browse-and-search/search for it by name";
    /** Far above the band of a fast route (250 ms over its median, below) and far below the step's 1 s budget. */
    private static final String SLOW_SEARCH = "search:400";

    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void aSlowSearchFailsTheLoadStageAsARegressionOnItsHoldWhileACleanRerunPasses() throws IOException {
        Path file = shopFile();
        Path baseline = dir.resolve("baseline");
        for (int i = 1; i <= 2; i++) {
            assertThat(gate(file, baseline.resolve("run" + i))).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        }

        shop.faults().set(Fault.SLOW_ROUTE, SLOW_SEARCH);
        int slow;
        try {
            slow = gate(file, dir.resolve("slow"), "--baseline", baseline.toString());
        } finally {
            shop.faults().clear(Fault.SLOW_ROUTE);
        }
        String slowOut = cli.out + "\n" + cli.err;
        int clean = gate(file, dir.resolve("clean"), "--baseline", baseline.toString());

        JsonNode base = report(baseline.resolve("run1"));
        JsonNode slowReport = report(dir.resolve("slow"));
        JsonNode cleanReport = report(dir.resolve("clean"));
        JsonNode base2 = report(baseline.resolve("run2"));
        System.out.printf("search p95, hold (whole run): baseline %s (%s) and %s (%s) ms, slowed %s (%s) ms, "
                + "clean rerun %s (%s) ms%n",
                p95(base, "loadHolds"), p95(base, "load"), p95(base2, "loadHolds"), p95(base2, "load"),
                p95(slowReport, "loadHolds"), p95(slowReport, "load"), p95(cleanReport, "loadHolds"), p95(cleanReport, "load"));

        // The holds leave the ramp-up out: fewer requests than the whole run, still enough for a p95.
        JsonNode whole = base.at("/data/load/" + SEARCH.replace("/", "~1"));
        JsonNode hold = base.at("/data/loadHolds/" + SEARCH.replace("/", "~1"));
        assertThat(hold.path("requests").asLong()).isBetween(50L, whole.path("requests").asLong() - 1);

        assertThat(slow).as(slowOut).isEqualTo(ExitCode.CHECKS_FAILED);
        List<JsonNode> failed = failedCases(slowReport);
        assertThat(failed).as("only the baseline comparison fails: the load test's own SLOs pass").isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("name").asText()).startsWith("baseline: ").endsWith(" within the baseline"))
                .allSatisfy(c -> assertThat(c.at("/attributes/figures").asText()).isEqualTo("hold"));
        JsonNode searchP95 = failed.stream()
                .filter(c -> c.path("name").asText().equals("baseline: " + SEARCH + " p95 within the baseline"))
                .findFirst().orElseThrow(() -> new AssertionError("no failed search p95 among " + failed));
        assertThat(searchP95.path("suite").asText()).isEqualTo("load");
        assertThat(searchP95.path("message").asText()).contains("a regression").contains("hold only, ramp-up excluded");
        assertThat(searchP95.at("/attributes/current").asDouble()).isGreaterThanOrEqualTo(400)
                .isGreaterThan(searchP95.at("/attributes/allowed").asDouble());
        JsonNode loadStage = stage(slowReport, "load");
        assertThat(loadStage.path("status").asText()).isEqualTo("FAILED");
        assertThat(loadStage.path("message").asText()).contains("a regression");

        assertThat(clean).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cleanReport.path("cases")).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("baseline: " + SEARCH + " p95 within the baseline");
            assertThat(c.path("status").asText()).isEqualTo("PASSED");
            assertThat(c.at("/attributes/figures").asText()).isEqualTo("hold");
        });
    }

    @Test
    void aBaselineFromBeforeHoldFiguresIsComparedOnWholeRunsAndTheChecksSaySo() throws IOException {
        Path file = shopFile();
        assertThat(gate(file, dir.resolve("new"))).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        ObjectNode older = (ObjectNode) report(dir.resolve("new"));
        ((ObjectNode) older.path("data")).remove("loadHolds");
        Path olderReport = Files.createDirectories(dir.resolve("older")).resolve("report.json");
        Json.REPORT.writeValue(olderReport.toFile(), older);

        int rerun = gate(file, dir.resolve("rerun"), "--baseline", olderReport.toString());

        assertThat(rerun).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(report(dir.resolve("rerun")).path("cases")).anySatisfy(c -> {
            assertThat(c.path("name").asText()).isEqualTo("baseline: " + SEARCH + " p95 within the baseline");
            assertThat(c.path("status").asText()).isEqualTo("PASSED");
            assertThat(c.path("message").asText())
                    .endsWith("(whole run, ramp-up included: the baseline reports predate hold-only figures)");
            assertThat(c.at("/attributes/figures").asText()).isEqualTo("whole run");
        });
    }

    private int gate(Path shopFile, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("gate", "--config", shopFile.toString(), "--stages", "load",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    /**
     * Browsing only, so a quarter of the requests are searches; no latency SLO, so only the baseline judges
     * latency. A 250 ms minimum allowance: a p99 of the few hundred requests of a 7.5 s hold on two shared
     * cores jitters by well over the default 100 ms (a clean rerun saw 189 ms against a baseline of 55).
     */
    private Path shopFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shop"));
        Files.copy(GateShopFiles.MONITORS.resolve("browse-and-search.yaml"), folder.resolve("browse-and-search.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        return Files.writeString(folder.resolve("headroom.yaml"), """
                shop: gate-load-baseline-shop
                target: %s
                journeys:
                  - {name: browse-and-search, journey: browse-and-search.yaml, share: 1}
                load:
                  limits: {maxDuration: 30s, maxRps: 50}
                  profile: {peakRps: 40, thinkTime: 50ms}
                  slos:
                    - {group: all, errorRate: 0.05}
                  abort: {window: 10s, after: 30s}
                  metricsPort: -1
                gate:
                  load: {multiplier: 1, duration: 10s}
                  tolerance: {minLatency: 250ms}
                """.formatted(shop.baseUrl()));
    }

    private static JsonNode report(Path out) throws IOException {
        return Json.REPORT.readTree(out.resolve("report.json").toFile());
    }

    /** The search group's p95 in {@code data.load} or {@code data.loadHolds}, for the test's output. */
    private static String p95(JsonNode report, String figures) {
        return report.at("/data/" + figures + "/" + SEARCH.replace("/", "~1") + "/p95Ms").asText("-");
    }

    private static List<JsonNode> failedCases(JsonNode report) {
        List<JsonNode> failed = new ArrayList<>();
        report.path("cases").forEach(c -> {
            if (c.path("status").asText().equals("FAILED")) {
                failed.add(c);
            }
        });
        return failed;
    }

    private static JsonNode stage(JsonNode report, String name) {
        for (JsonNode s : report.at("/data/stages")) {
            if (s.path("stage").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no stage " + name + " in " + report.at("/data/stages"));
    }
}
