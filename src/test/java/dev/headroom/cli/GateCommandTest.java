package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.report.Json;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom gate} as a pipeline runs it: a clean reference storefront passes every stage; a fault
 * fails the stage that must catch it, naming the check and the cause, and the stages after it do not
 * run; change windows refuse (exit 6) unless overridden, and the override is in every report; a
 * promotion is refused for another version; config mistakes are exit 2 at their line.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class GateCommandTest {
    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private Path shopFile(String gate) throws IOException {
        return GateShopFiles.write(dir, shop.baseUrl(), gate);
    }

    private int gate(Path shopFile, String... more) {
        String[] args = new String[more.length + 5];
        args[0] = "gate";
        args[1] = "--config";
        args[2] = shopFile.toString();
        args[3] = "--out";
        args[4] = dir.resolve("out").toString();
        System.arraycopy(more, 0, args, 5, more.length);
        return cli.run(args);
    }

    private JsonNode report() throws IOException {
        return Json.REPORT.readTree(dir.resolve("out/report.json").toFile());
    }

    private String file(String name) throws IOException {
        return Files.readString(dir.resolve("out").resolve(name));
    }

    @Test
    void aCleanShopPassesEveryStageInOrderAndWritesEveryReport() throws IOException {
        int code = gate(shopFile(""), "--version", "1.4.0", "--environment", "staging");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("== stage crawl").contains("journeys: checkout run 3/3: PASSED")
                .contains("== stage load").contains("== stage origins").contains("Gate PASSED");
        JsonNode r = report();
        assertThat(r.path("tool").asText()).isEqualTo("gate");
        assertThat(r.at("/data/version").asText()).isEqualTo("1.4.0");
        assertThat(r.at("/data/target").asText()).isEqualTo(shop.baseUrl());
        assertThat(r.at("/data/stages")).extracting(s -> s.path("stage").asText() + " " + s.path("status").asText())
                .containsExactly("crawl PASSED", "journeys PASSED", "load PASSED", "origins PASSED");
        assertThat(r.at("/data/journeySteps/checkout/open checkout")).hasSize(3);
        assertThat(r.at("/data/load/all/requests").asLong()).isPositive();
        String junit = file("junit.xml");
        for (String suite : new String[] {"crawl", "journeys", "load", "origins"}) {
            assertThat(junit).contains("<testsuite name=\"" + suite + "\"");
        }
        assertThat(junit).contains("name=\"checkout passes 3 runs in a row\"").contains("name=\"redundancy intact\"");
        assertThat(file("metrics.txt")).contains("headroom_gate_stage_passed{shop=\"gate-test-shop\",version=\"1.4.0\",stage=\"load\"} 1")
                .contains("headroom_gate_load_p95_seconds{").contains("headroom_gate_passed{").endsWith("# EOF\n");
        assertThat(file("summary.md")).startsWith("# Headroom gate: gate-test-shop 1.4.0").contains("**PASSED**");
        assertThat(file("report.html")).contains("<svg id=\"chart-journeys\"").contains("<svg id=\"chart-load\"");
    }

    @Test
    void anErrorRateFaultFailsTheJourneysStageNamingTheJourneyTheStepAndTheCauseAndStopsThere() throws IOException {
        shop.faults().set(Fault.ERROR_RATE, "1");

        int code = gate(shopFile(""), "--stages", "journeys,load,origins");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
        JsonNode r = report();
        assertThat(r.at("/data/stages")).extracting(s -> s.path("stage").asText() + " " + s.path("status").asText())
                .containsExactly("journeys FAILED", "load SKIPPED", "origins SKIPPED");
        JsonNode failed = failedCase(r, "journeys");
        assertThat(failed.path("name").asText()).isEqualTo("checkout passes 3 runs in a row");
        assertThat(failed.path("message").asText()).contains("3 of 3 runs failed").contains("step 'open checkout'")
                .contains("503");
        assertThat(cli.out.toString()).contains("FAILED  journeys / checkout passes 3 runs in a row");
    }

    @Test
    void aBrokenLinkFaultFailsTheCrawlStageNamingTheLinkAndThePageLinkingToIt() throws IOException {
        shop.faults().set(Fault.BROKEN_LINKS);

        int code = gate(shopFile(""), "--stages", "crawl,journeys");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
        JsonNode r = report();
        assertThat(r.at("/data/stages")).extracting(s -> s.path("stage").asText() + " " + s.path("status").asText())
                .containsExactly("crawl FAILED", "journeys SKIPPED");
        JsonNode verdict = failedCase(r, "crawl");
        assertThat(verdict.path("name").asText()).isEqualTo("no failing finding");
        assertThat(verdict.path("message").asText()).contains("3 failing finding(s), e.g. BROKEN").contains("404")
                .contains("linked from " + shop.baseUrl() + "/");
        assertThat(r.at("/data/findings").toString()).contains("BROKEN /promo/winter-sale");
        assertThat(file("report.html")).contains("<table id=\"findings\">").contains("/promo/winter-sale");
    }

    @Test
    void withRunAllEveryStageRunsAfterAFailedOne() throws IOException {
        shop.faults().set(Fault.BROKEN_LINKS);

        int code = gate(shopFile("runAll: true"), "--stages", "crawl,origins");

        assertThat(code).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(report().at("/data/stages")).extracting(s -> s.path("stage").asText() + " " + s.path("status").asText())
                .containsExactly("crawl FAILED", "origins PASSED");
    }

    @Test
    void anOriginDownFailsTheOriginsStageAsRedundancyLost() throws IOException {
        int closed = closedPort();
        Path file = shopFile("");
        Files.writeString(file, Files.readString(file).replace("- {name: b, url: '" + shop.baseUrl() + "'}",
                "- {name: b, url: 'http://127.0.0.1:" + closed + "'}"));

        int code = gate(file, "--stages", "origins");

        assertThat(code).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(failedCase(report(), "origins").path("name").asText()).isEqualTo("origin b answers");
        assertThat(report().toString()).contains("1 of 2 origins down (b): no failover left");
    }

    @Test
    void insideAConfiguredChangeWindowTheGateIsRefusedWithExit6AndSendsNothing() throws IOException {
        Path file = shopFile("windows: [{day: Mon, hour: 19, hours: 4}]\nzone: UTC");

        int code = gate(file, "--stages", "journeys", "--at", "2026-11-16T20:30:00Z");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("gate refused: inside a change window: the gate's window Mon 19:00 +4h");
        JsonNode r = report();
        assertThat(r.at("/data/verdict").asText()).isEqualTo("REFUSED");
        assertThat(r.at("/data/journeySteps").size()).isZero();
        assertThat(file("summary.md")).contains("**Refused:**");
    }

    @Test
    void outsideTheWindowTheGateRuns() throws IOException {
        Path file = shopFile("windows: [{day: Mon, hour: 19, hours: 4}]\nzone: UTC");

        int code = gate(file, "--stages", "origins", "--at", "2026-11-17T10:00:00Z");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
    }

    @Test
    void insideTheTrafficModelsPeakHourTheGateIsRefused() throws IOException {
        Path model = Files.writeString(dir.resolve("model.yaml"), """
                schemaVersion: 1
                timeRange: {zone: Europe/Berlin}
                peak: {minuteStart: '2026-11-16T20:41:00+01:00', sustainedRps: 4}
                mix: {home: 1.0}
                windows:
                  avoid: [{day: Mon, hour: 20, rps: 3.9}, {day: Mon, hour: 21, rps: 3.5}]
                """);

        int code = gate(shopFile(""), "--stages", "origins", "--model", model.toString(), "--at", "2026-11-16T19:30:00Z");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("the traffic model's peak hour Mon 20:00-21:00 (Europe/Berlin)");
    }

    @Test
    void anOverrideRunsInsideTheWindowAndIsRecordedInEveryReport() throws IOException {
        Path file = shopFile("windows: [{day: daily, hour: 0, hours: 24}]");

        int code = gate(file, "--stages", "origins", "--override", "hotfix for INC-42");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("Override recorded: hotfix for INC-42");
        for (String f : new String[] {"report.json", "junit.xml", "summary.md", "metrics.txt", "report.html"}) {
            assertThat(file(f)).as(f).contains(f.equals("metrics.txt") ? "headroom_gate_overridden{" : "hotfix for INC-42");
        }
        assertThat(file("metrics.txt")).contains("headroom_gate_overridden{shop=\"gate-test-shop\",version=\"\"} 1");
    }

    @Test
    void aPromotionIsRefusedUnlessTheRequiredReportIsAPassingGateOfTheSameVersion() throws IOException {
        Path file = shopFile("");
        assertThat(gate(file, "--stages", "origins", "--version", "2.0.0", "--environment", "staging")).isEqualTo(ExitCode.OK);
        Path staging = Files.copy(dir.resolve("out/report.json"), dir.resolve("staging-report.json"));

        int other = gate(file, "--stages", "origins", "--version", "2.0.1", "--require-passed", staging.toString());
        String refusal = cli.err.toString();
        int same = gate(file, "--stages", "origins", "--version", "2.0.0", "--require-passed", staging.toString(),
                "--environment", "production");

        assertThat(other).isEqualTo(ExitCode.REFUSED);
        assertThat(refusal).contains("promotion refused").contains("passed version '2.0.0', not '2.0.1'");
        assertThat(same).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("promotion: a passing gate of version 2.0.0");
        int sameEnvironment = gate(file, "--stages", "origins", "--version", "2.0.0", "--require-passed", staging.toString(),
                "--environment", "staging");
        assertThat(sameEnvironment).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("is a gate of staging itself");
    }

    @Test
    void aPromotionChainWantsAPassOfTheEnvironmentJustBeforeAndRefusesWithoutOne() throws IOException {
        Path file = shopFile("promotion: [qa, staging, production]");
        assertThat(gate(file, "--stages", "origins", "--version", "3.1.0", "--environment", "qa")).as("qa is first")
                .isEqualTo(ExitCode.OK);
        Path qa = Files.copy(dir.resolve("out/report.json"), dir.resolve("qa-report.json"));

        int withoutPass = gate(file, "--stages", "origins", "--version", "3.1.0", "--environment", "staging");
        String withoutPassErr = cli.err.toString();
        int skippingStaging = gate(file, "--stages", "origins", "--version", "3.1.0", "--environment", "production",
                "--require-passed", qa.toString());
        String skippingErr = cli.err.toString();
        int staging = gate(file, "--stages", "origins", "--version", "3.1.0", "--environment", "staging",
                "--require-passed", qa.toString());
        Path stagingPass = Files.copy(dir.resolve("out/report.json"), dir.resolve("staging-report.json"));
        int production = gate(file, "--stages", "origins", "--version", "3.1.0", "--environment", "production",
                "--require-passed", stagingPass.toString());

        assertThat(withoutPass).isEqualTo(ExitCode.REFUSED);
        assertThat(withoutPassErr).contains("staging needs a passing gate of the same version in qa");
        assertThat(skippingStaging).isEqualTo(ExitCode.REFUSED);
        assertThat(skippingErr).contains("is a gate of qa; production needs a pass of staging");
        assertThat(staging).isEqualTo(ExitCode.OK);
        assertThat(production).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(file("junit.xml")).contains("promotion: a passing gate of version 3.1.0 in staging");
    }

    @Test
    void anEnvironmentOutsideThePromotionChainIsAUsageError() throws IOException {
        int code = gate(shopFile("promotion: [staging, production]"), "--stages", "origins", "--environment", "prod");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--environment: 'prod' is not one of gate.promotion [staging, production]");
    }

    @Test
    void aPassOfAnotherShopPromotesNothing() throws IOException {
        Path file = shopFile("");
        assertThat(gate(file, "--stages", "origins", "--version", "1.0", "--environment", "staging")).isEqualTo(ExitCode.OK);
        Path staging = dir.resolve("other-shop-report.json");
        Files.writeString(staging, Files.readString(dir.resolve("out/report.json"))
                .replace("\"shop\" : \"gate-test-shop\"", "\"shop\" : \"another-shop\""));

        int code = gate(file, "--stages", "origins", "--version", "1.0", "--environment", "production",
                "--require-passed", staging.toString());

        assertThat(code).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("is a gate of shop 'another-shop', not 'gate-test-shop'");
    }

    @Test
    void aRequirePassedWithoutAVersionIsAUsageError() throws IOException {
        int code = gate(shopFile(""), "--require-passed", dir.resolve("x.json").toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--require-passed: give the --version");
    }

    @Test
    void aBadGateSectionIsAConfigErrorAtItsLineAndFieldWithNoStackTrace() throws IOException {
        Path file = shopFile("journeyRuns: 0\nstages: [crawl, smoke]\nwindows: [{day: Funday, hour: 25}]\npromotion: [qa, qa]");

        int code = gate(file);

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("headroom.yaml:").contains("gate.journeyRuns: must be between 1 and 20")
                .contains("gate.stages[1]: unknown stage 'smoke'").contains("gate.windows[0].day: 'Funday'")
                .contains("gate.windows[0].hour: must be between 0 and 23").contains("gate.promotion[1]: 'qa' is listed twice")
                .doesNotContain("Exception");
    }

    @Test
    void aJourneyFileThatIsGoneIsAConfigErrorBeforeAnyStageRuns() throws IOException {
        Path file = shopFile("");
        Files.delete(file.getParent().resolve("checkout.yaml"));

        int code = gate(file, "--stages", "crawl,journeys");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("checkout.yaml").contains("file not found");
        assertThat(cli.out.toString()).doesNotContain("== stage crawl");
    }

    @Test
    void anUnknownStageOnTheCommandLineIsAUsageError() throws IOException {
        int code = gate(shopFile(""), "--stages", "crawl,smoke");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--stages: unknown stage 'smoke' (stages: crawl, journeys, load, origins)");
    }

    @Test
    void aShopThatDoesNotAnswerIsUnreachableExit3() throws IOException {
        int code = gate(shopFile(""), "--stages", "journeys,origins", "--target", "http://127.0.0.1:" + closedPort());

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(report().at("/data/stages/1/status").asText()).isEqualTo("SKIPPED");
    }

    @Test
    void aTargetOffTheShopsAllowlistIsRefusedBeforeAnythingIsSent() throws IOException {
        int code = gate(shopFile(""), "--target", "http://shop.example.com");

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("host 'shop.example.com' is not on the allowlist");
    }

    private static JsonNode failedCase(JsonNode report, String suite) {
        for (JsonNode c : report.path("cases")) {
            if (c.path("suite").asText().equals(suite) && c.path("status").asText().equals("FAILED")) {
                return c;
            }
        }
        throw new AssertionError("no FAILED case in suite " + suite + ": " + report.path("cases"));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
