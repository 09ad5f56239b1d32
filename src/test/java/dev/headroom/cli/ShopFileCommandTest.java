package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands given {@code --config headroom.yaml} read their own section of the shop file, with its
 * files found in the shop file's folder; the per-command files still work; a broken shop file is a
 * config error (exit 2) at its line, never a stack trace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShopFileCommandTest {
    private static final Path MONITORS = Path.of("monitors");

    @ShopUnderTest(products = 30)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    @Test
    void monitorOnceWithAShopFilePassesAgainstTheShopRunningItsJourneysFromTheShopFilesFolder() throws IOException {
        Path shopFile = shopFolder("""
                shop: test-shop
                target: %s
                journeys:
                  - {name: browse-and-search, journey: browse-and-search.yaml}
                  - {name: checkout, journey: checkout.yaml, envFile: reference-storefront.env}
                monitor:
                  checks:
                    - {name: health, probe: /health, expectStatus: [200]}
                """.formatted(shop.baseUrl()));

        int code = cli.run("monitor", "--config", shopFile.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("browse-and-search").contains("checkout").contains("health");
        assertThat(dir.resolve("out/report.json")).exists();
    }

    @Test
    void monitorOnceWithItsOwnMonitorYamlStillWorks() throws IOException {
        Path config = Files.writeString(dir.resolve("monitor.yaml"), """
                target: %s
                checks:
                  - {name: health, probe: /health, expectStatus: [200]}
                """.formatted(shop.baseUrl()));

        int code = cli.run("monitor", "--config", config.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
    }

    @Test
    void crawlWithAShopFileStartsAtItsTargetWithItsCrawlSection() throws IOException {
        Path shopFile = shopFolder("""
                shop: test-shop
                target: %s/
                crawl: {max-pages: 20, out: %s}
                """.formatted(shop.baseUrl(), dir.resolve("crawl")));

        int code = cli.run("crawl", "--config", shopFile.toString(), "--quiet", "--no-external");

        assertThat(cli.out.toString()).contains("20 URLs checked");
        assertThat(code).as(cli.out + "\n" + cli.err).isIn(ExitCode.OK, ExitCode.CHECKS_FAILED);
        assertThat(dir.resolve("crawl/report.json")).exists();
    }

    @Test
    void loadDryRunWithAShopFileTakesItsTargetAndItsLoadSection() throws IOException {
        Path shopFile = shopFolder("""
                shop: test-shop
                target: http://127.0.0.1:1
                journeys: [{name: browse-and-search, journey: browse-and-search.yaml}]
                load:
                  profile: {peakRps: 7}
                  stages: {multipliers: [1], ramp: 1s, hold: 5s}
                """);

        int code = cli.run("load", "--config", shopFile.toString(), "--dry-run");

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("http://127.0.0.1:1").contains("7.00 rps").contains("Dry run: nothing was sent.");
    }

    @Test
    void aBrokenShopFileIsAConfigErrorAtItsLineWithoutAStackTrace() throws IOException {
        Path shopFile = shopFolder("""
                shop: test-shop
                target: %s
                load:
                  stages:
                    hold: 0s
                """.formatted(shop.baseUrl()));

        for (String[] args : new String[][] {{"monitor", "--once"}, {"load", "--dry-run"}, {"crawl", "--quiet"}}) {
            String command = args[0];
            CliRun run = new CliRun();
            int code = run.run(command, "--config", shopFile.toString(), args[1]);
            assertThat(code).as(command).isEqualTo(ExitCode.USAGE);
            assertThat(run.err.toString()).as(command)
                    .contains(shopFile + ":5:11: load.stages.hold: must be greater than 0")
                    .doesNotContain("at dev.headroom").doesNotContain("Exception");
        }
    }

    @Test
    void aShopFileWithoutItsNameIsRefusedAsAShopFileNotAsAnotherCommandsFile() throws IOException {
        Path shopFile = shopFolder("target: %s\njourneys: [{name: health, journey: browse-and-search.yaml}]\nmonitor: {}\n"
                .formatted(shop.baseUrl()));

        int code = cli.run("monitor", "--config", shopFile.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains(shopFile + ":1:1: shop: missing required field").doesNotContain("at dev.headroom");
    }

    @Test
    void failoverDrillWithAShopFileTakesTheFrontDoorFromItsOriginsSection() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        Path shopFile = shopFolder("""
                shop: test-shop
                target: %s
                origins: {entry: 'http://127.0.0.1:%d', list: [{name: a, url: '%s'}]}
                """.formatted(shop.baseUrl(), closed, shop.baseUrl()));

        int code = cli.run("failover", "drill", "--config", shopFile.toString(), "--down", "true",
                "--out", dir.resolve("out").toString());

        assertThat(code).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err.toString()).contains("the front door http://127.0.0.1:" + closed + " did not answer");
    }

    @Test
    void modelWithAShopFileReadsItsClassifierFromTheShopFilesFolder() throws IOException {
        Path shopFile = shopFolder("shop: test-shop\nmodel: {classifier: routes.yaml, zone: Europe/Berlin}\n");
        Path log = Files.writeString(dir.resolve("access.log"), "");

        int code = cli.run("model", log.toString(), "--config", shopFile.toString(), "--out", dir.resolve("m.yaml").toString());

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains(shopFile.toAbsolutePath().getParent().resolve("routes.yaml") + ": file not found");
    }

    /** A folder elsewhere than the working directory with the shipped journeys and env file and {@code headroom.yaml}. */
    private Path shopFolder(String yaml) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shops/test"));
        for (String f : new String[] {"browse-and-search.yaml", "checkout.yaml", "reference-storefront.env"}) {
            Files.copy(MONITORS.resolve(f), folder.resolve(f));
        }
        return Files.writeString(folder.resolve("headroom.yaml"), yaml);
    }
}
