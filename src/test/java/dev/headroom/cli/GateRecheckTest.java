package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom recheck} given a failed gate's report.json: it reruns exactly the stages of the checks
 * that failed and says of each whether it is fixed; a gate with nothing failed is a usage error.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GateRecheckTest {
    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void aFailedJourneyIsRerunAndSaidFixedOnceTheFaultIsGoneAndStillFailingWhileItIsOn() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "");
        shop.faults().set(Fault.ERROR_RATE, "1");
        assertThat(cli.run("gate", "--config", file.toString(), "--stages", "origins,journeys", "--out", dir.resolve("gate").toString()))
                .isEqualTo(ExitCode.CHECKS_FAILED);
        String report = dir.resolve("gate/report.json").toString();

        int still = new CliRun().run("recheck", report, "--out", dir.resolve("still").toString());
        shop.faults().clear(Fault.ERROR_RATE);
        CliRun fixed = new CliRun();
        int code = fixed.run("recheck", report, "--out", dir.resolve("fixed").toString());

        assertThat(still).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(code).as(fixed.out + "\n" + fixed.err).isEqualTo(ExitCode.OK);
        assertThat(fixed.out.toString()).contains("Rechecking 1 failed check(s)").contains("stages journeys")
                .doesNotContain("== stage origins")
                .contains("FIXED  journeys: checkout passes 3 runs in a row: fixed: 3 of 3 runs passed")
                .contains("FIXED: every check that failed passes now");
        assertThat(dir.resolve("fixed/junit.xml")).exists();
        assertThat(dir.resolve("fixed/gate/report.json")).exists();
    }

    @Test
    void brokenLinksTheCrawlNoLongerFindsAreFixed() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "");
        shop.faults().set(Fault.BROKEN_LINKS);
        assertThat(cli.run("gate", "--config", file.toString(), "--stages", "crawl", "--out", dir.resolve("gate").toString()))
                .isEqualTo(ExitCode.CHECKS_FAILED);
        shop.faults().clear(Fault.BROKEN_LINKS);

        CliRun recheck = new CliRun();
        int code = recheck.run("recheck", dir.resolve("gate/report.json").toString());

        assertThat(code).as(recheck.out + "\n" + recheck.err).isEqualTo(ExitCode.OK);
        assertThat(recheck.out.toString()).contains("FIXED  crawl: BROKEN " + shop.baseUrl() + "/promo/winter-sale: fixed: the crawl no longer finds it");
        assertThat(dir.resolve("gate/recheck/report.json")).exists();
    }

    @Test
    void aGateThatPassedHasNothingToRecheck() throws IOException {
        Path file = GateShopFiles.write(dir, shop.baseUrl(), "");
        assertThat(cli.run("gate", "--config", file.toString(), "--stages", "origins", "--out", dir.resolve("gate").toString()))
                .isEqualTo(ExitCode.OK);

        CliRun recheck = new CliRun();
        int code = recheck.run("recheck", dir.resolve("gate/report.json").toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(recheck.err.toString()).contains("the gate PASSED with no failed check to recheck");
    }
}
