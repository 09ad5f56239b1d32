package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.cli.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The README's main job, {@code headroom demo}, run from the built jar as a new user would. */
class DemoIT {

    @Test
    void demoRunsTheShippedJourneysCrawlsTheShopCatchesEveryDrilledFaultAndWritesAllThreeReports(@TempDir Path out) throws Exception {
        try (HeadroomProcess demo = HeadroomProcess.start("demo", "--out", out.toString())) {
            int exit = demo.awaitExit(Duration.ofMinutes(5));
            assertThat(exit).as(demo.output()).isEqualTo(ExitCode.OK);
            assertThat(demo.output())
                    .contains("PASSED    checkout: place the order")
                    .contains("PASSED    inventory: two simultaneous orders for the last units")
                    .contains("error-rate=1 is caught at checkout: open checkout")
                    .contains("oversell is caught at inventory: two simultaneous orders for the last units")
                    .contains("hard-down is caught at browse-and-search: home page")
                    .contains("broken-links is caught by the crawl")
                    .contains("error-leak is caught by the crawl")
                    .contains("PASSED    model of a week of access log")
                    .contains("PASSED    load test at 1x, 5x and 10x the modelled peak")
                    .contains("PASSED    release gate passes on the clean shop")
                    .contains("PASSED    release gate fails on error-rate at the journeys stage")
                    .contains("PASSED    customers see no error while an origin hangs behind HAProxy")
                    .contains(out.resolve("junit.xml").toString());
        }
        Document junit = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("junit.xml").toFile());
        // 33 journey steps (5 + 13 + 15), the crawl, 6 drills, the model, the load test, the two gates
        // and the failover drill behind HAProxy (.ci/run installs it)
        assertThat(junit.getElementsByTagName("testcase").getLength()).isEqualTo(45);
        assertThat(junit.getElementsByTagName("failure").getLength()).isZero();
        assertThat(HeadroomProcess.read(out.resolve("report.json"))).contains("\"cancel the order\"");
        assertThat(HeadroomProcess.read(out.resolve("summary.md"))).contains("PASSED");
        assertThat(out.resolve("crawl").resolve("report.json")).exists();
        assertThat(out.resolve("model.yaml")).exists();
        assertThat(out.resolve("gate").resolve("report.html")).exists();
        assertThat(HeadroomProcess.read(out.resolve("gate-error-rate").resolve("junit.xml"))).contains("<failure");
        // the load test ran the shipped journeys, and every SLO it states had requests to judge
        assertThat(HeadroomProcess.read(out.resolve("load").resolve("junit.xml"))).contains("p95")
                .contains("name=\"browse-and-search under load\"").contains("name=\"checkout under load\"")
                .contains("name=\"checkout p95&lt;=1s\"").doesNotContain("<skipped");
        // the demo account's password never reaches a report
        assertThat(HeadroomProcess.read(out.resolve("report.json"))).doesNotContain("shop-secret");
    }

    @Test
    void demoRefusesABadOptionWithAUsageExitCode() throws Exception {
        try (HeadroomProcess demo = HeadroomProcess.start("demo", "--products", "lots")) {
            assertThat(demo.awaitExit(Duration.ofSeconds(30))).isEqualTo(ExitCode.USAGE);
            assertThat(demo.output()).contains("--products").doesNotContain("\tat ");
        }
    }
}
