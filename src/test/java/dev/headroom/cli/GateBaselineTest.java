package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.report.Json;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gate --baseline}: a baseline of clean runs against the reference storefront; a slow route of a few
 * hundred milliseconds then fails as a regression (journey step and load group), while a clean rerun
 * passes; crawl findings the baseline had are listed as known, and only new ones fail.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GateBaselineTest {
    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int gate(Path shopFile, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("gate", "--config", shopFile.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return cli.run(args.toArray(String[]::new));
    }

    @Test
    void aSlowRouteOfAFewHundredMillisecondsFailsAsARegressionWhileACleanRerunPasses() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "tolerance: {minLatency: 250ms}");
        Path baseline = dir.resolve("baseline");
        for (int i = 1; i <= 2; i++) {
            assertThat(gate(file, baseline.resolve("run" + i), "--stages", "journeys,load")).as(cli.out + "\n" + cli.err)
                    .isEqualTo(ExitCode.OK);
        }

        shop.faults().set(Fault.SLOW_ROUTE, "search:600");
        int slow = gate(file, dir.resolve("slow"), "--stages", "journeys,load", "--baseline", baseline.toString(),
                "--environment", "staging");
        shop.faults().clear(Fault.SLOW_ROUTE);
        int clean = gate(file, dir.resolve("clean"), "--stages", "journeys,load", "--baseline", baseline.toString());

        assertThat(slow).as(cli.out.toString()).isEqualTo(ExitCode.CHECKS_FAILED);
        JsonNode slowReport = Json.REPORT.readTree(dir.resolve("slow/report.json").toFile());
        List<String> failed = new ArrayList<>();
        slowReport.path("cases").forEach(c -> {
            if (c.path("status").asText().equals("FAILED")) {
                failed.add(c.path("suite").asText() + " / " + c.path("name").asText() + ": " + c.path("message").asText());
            }
        });
        assertThat(failed).anySatisfy(f -> assertThat(f)
                .startsWith("journeys / browse-and-search: search for it by name within the baseline: median")
                .contains("a regression"));
        assertThat(failed).allSatisfy(f -> assertThat(f).containsIgnoringCase("search"));
        assertThat(slowReport.at("/data/baselineFiles")).hasSize(2);
        assertThat(Files.readString(dir.resolve("slow/report.html"))).contains("data-regressed=\"true\"");

        assertThat(clean).as(cli.out.toString()).isEqualTo(ExitCode.OK);
        JsonNode cleanReport = Json.REPORT.readTree(dir.resolve("clean/report.json").toFile());
        assertThat(cleanReport.path("cases").toString()).contains("within the baseline")
                .contains("not compared: fewer than 50 requests in this run"); // a 4-second load test is too short for a p95
    }

    @Test
    void crawlFindingsTheBaselineHadAreListedAsKnownAndOnlyNewOnesFail() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "");
        shop.faults().set(Fault.BROKEN_LINKS);
        assertThat(gate(file, dir.resolve("base"), "--stages", "crawl")).isEqualTo(ExitCode.CHECKS_FAILED);

        int known = gate(file, dir.resolve("known"), "--stages", "crawl", "--baseline", dir.resolve("base/report.json").toString());
        JsonNode knownReport = Json.REPORT.readTree(dir.resolve("known/report.json").toFile());
        shop.faults().set(Fault.ERROR_LEAK);
        int leaked = gate(file, dir.resolve("new"), "--stages", "crawl", "--baseline", dir.resolve("base").toString());
        JsonNode newReport = Json.REPORT.readTree(dir.resolve("new/report.json").toFile());

        assertThat(known).as(cli.out.toString()).isEqualTo(ExitCode.OK);
        assertThat(knownReport.path("cases").toString()).contains("known (in the baseline): BROKEN");
        assertThat(leaked).isEqualTo(ExitCode.CHECKS_FAILED);
        List<String> failed = new ArrayList<>();
        newReport.path("cases").forEach(c -> {
            if (c.path("status").asText().equals("FAILED")) {
                failed.add(c.path("name").asText() + ": " + c.path("message").asText());
            }
        });
        assertThat(failed).isNotEmpty().allSatisfy(f -> assertThat(f).doesNotContain("BROKEN " + shop.baseUrl() + "/promo"));
        assertThat(failed).anySatisfy(f -> assertThat(f).contains("new since the baseline: ERROR_LEAK"));
    }
}
