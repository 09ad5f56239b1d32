package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.report.Json;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reference storefront's faults against the gate: each fails the stage that must catch it, naming
 * the check and the cause (exit 1); a shop hard down is unreachable (exit 3). {@code oversell} is caught by
 * the {@code inventory} journey, a monitor check of the shop file (not a load journey: it races for a
 * last unit), which the gate's journeys stage runs too.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GateFaultCatalogueTest {
    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    /** The search SLO the slow-route row adds to the shop file's load section (a cold first search takes a second or two). */
    private static final String SEARCH_SLO = "- {group: browse-and-search/search for it by name, p99: 1s}";

    @ParameterizedTest(name = "{0}={1} fails the {2} stage at ''{3}''")
    @CsvSource(delimiter = '|', value = {
        "error-rate  | 1            | journeys | checkout passes 3 runs in a row                          | 503",
        "slow-route  | search:2500  | load     | slo: browse-and-search/search for it by name p99<=1s     | p99",
        "broken-links|              | crawl    | no failing finding                                       | BROKEN",
        "error-leak  |              | crawl    | no failing finding                                       | ERROR_LEAK",
    })
    void aFaultFailsTheStageThatMustCatchItNamingTheCheckAndTheCause(String fault, String value, String stage, String check,
            String cause) throws IOException {
        shop.faults().set(fault + (value == null ? "" : "=" + value));
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "");
        if (check.contains("search for it by name")) {
            java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
                    .replace("- {group: all, errorRate: 0.05}", "- {group: all, errorRate: 0.05}\n    " + SEARCH_SLO));
        }
        CliRun cli = new CliRun();

        int code = cli.run("gate", "--config", file.toString(), "--stages", stage, "--out", dir.resolve("out").toString());

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
        JsonNode report = Json.REPORT.readTree(dir.resolve("out/report.json").toFile());
        List<String> failed = new ArrayList<>();
        report.path("cases").forEach(c -> {
            if (c.path("status").asText().equals("FAILED")) {
                failed.add(c.path("suite").asText() + " / " + c.path("name").asText() + ": " + c.path("message").asText());
            }
        });
        assertThat(failed).anySatisfy(f -> assertThat(f).startsWith(stage + " / " + check + ": ").containsIgnoringCase(cause));
        assertThat(report.at("/data/stages/0/status").asText()).isEqualTo("FAILED");
    }

    @Test
    void overSellingIsCaughtAtTheJourneysStageByTheMonitorsInventoryJourney() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "journeyRuns: 1");
        java.nio.file.Files.copy(GateShopFiles.MONITORS.resolve("inventory.yaml"), file.resolveSibling("inventory.yaml"));
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("crawl:\n",
                "monitor:\n  checks:\n    - {name: inventory, journey: inventory.yaml, envFile: reference-storefront.env}\ncrawl:\n"));
        CliRun clean = new CliRun();
        assertThat(clean.run("gate", "--config", file.toString(), "--stages", "journeys", "--out", dir.resolve("clean").toString()))
                .as(clean.out + "\n" + clean.err).isEqualTo(ExitCode.OK);

        shop.faults().set("oversell");
        CliRun cli = new CliRun();
        int code = cli.run("gate", "--config", file.toString(), "--stages", "journeys", "--out", dir.resolve("out").toString());
        shop.faults().clearAll();

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
        JsonNode report = Json.REPORT.readTree(dir.resolve("out/report.json").toFile());
        List<String> failed = new ArrayList<>();
        report.path("cases").forEach(c -> {
            if (c.path("status").asText().equals("FAILED")) {
                failed.add(c.path("suite").asText() + " / " + c.path("name").asText() + ": " + c.path("message").asText());
            }
        });
        assertThat(failed).singleElement().asString().startsWith("journeys / inventory passes 1 runs in a row: ")
                .contains("2 copies raced and 2 passed");
    }

    @Test
    void aShopHardDownIsUnreachableExit3AndTheStagesAfterDoNotRun(@ShopUnderTest(products = 10, faults = "hard-down")
            RunningStorefront down) throws IOException {
        Path file = GateShopFiles.write(dir, down.baseUrl(), "journeyRuns: 1");
        CliRun cli = new CliRun();

        int code = cli.run("gate", "--config", file.toString(), "--stages", "journeys,load", "--out", dir.resolve("out").toString());
        down.faults().clearAll();

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.UNREACHABLE);
        JsonNode report = Json.REPORT.readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.at("/data/stages/0/status").asText()).isEqualTo("ERROR");
        assertThat(report.at("/data/stages/1/message").asText()).contains("the target could not be reached");
    }
}
