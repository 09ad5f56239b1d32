package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom init URL}: end to end into a folder, and every exit code. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InitCommandTest {
    @ShopUnderTest(products = 40)
    static RunningStorefront shop;

    @TempDir
    Path dir;

    @Test
    void initWritesTheStarterFilesRunsTheJourneysOnceAndSaysWhatItCouldNotWorkOut() throws IOException {
        CliRun cli = new CliRun();
        int exit = cli.run("init", shop.baseUrl() + "/", "--out", dir.toString(), "--rate", "50");

        assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString())
                .contains("Surveyed " + shop.baseUrl() + "/")
                .containsPattern("product page +\\d+ pages, e.g. " + shop.baseUrl() + "/product/\\d+")
                .containsPattern("PASSED +browse.yaml")
                .containsPattern("PASSED +search.yaml")
                .contains("Could not work out:")
                .contains("no checkout form seen")
                .contains("./headroom monitor --config " + dir.resolve("headroom.yaml") + " --once");
        assertThat(cli.err.toString()).contains("init: crawling " + shop.baseUrl() + "/").doesNotContain("Exception");
        for (String file : new String[] {"headroom.yaml", "browse.yaml", "search.yaml", "checkout.yaml", "routes.yaml"}) {
            assertThat(dir.resolve(file)).exists();
        }
        assertThat(Files.readString(dir.resolve("headroom.yaml"))).contains("journey: browse.yaml").contains("classifier: routes.yaml");
    }

    @Test
    void theShopFilesMonitorPassesOnceWithTheGeneratedJourneysAsChecksAndItsLoadPlanHolds() throws IOException {
        assertThat(new CliRun().run("init", shop.baseUrl() + "/", "--out", dir.toString(), "--rate", "50")).isEqualTo(ExitCode.OK);
        CliRun monitor = new CliRun();
        int exit = monitor.run("monitor", "--config", dir.resolve("headroom.yaml").toString(), "--once",
                "--out", dir.resolve("monitor-out").toString());
        assertThat(exit).as(monitor.out + "\n" + monitor.err).isEqualTo(ExitCode.OK);
        assertThat(monitor.out.toString()).contains("PASSED: all 3 checks passed");

        CliRun load = new CliRun();
        assertThat(load.run("load", "--config", dir.resolve("headroom.yaml").toString(), "--multiplier", "5", "--dry-run"))
                .as(load.out + "\n" + load.err).isEqualTo(ExitCode.OK);
    }

    @Test
    void onAClassicJavaShopUnderAContextPathInitWritesJourneysTheMonitorPasses() throws IOException {
        try (ClassicJavaShop classic = new ClassicJavaShop()) {
            CliRun cli = new CliRun();
            assertThat(cli.run("init", classic.baseUrl(), "--out", dir.toString(), "--rate", "50")).as(cli.out + "\n" + cli.err)
                    .isEqualTo(ExitCode.OK);
            assertThat(cli.out.toString()).containsPattern("PASSED +browse.yaml").containsPattern("PASSED +search.yaml");
            CliRun monitor = new CliRun();
            int exit = monitor.run("monitor", "--config", dir.resolve("headroom.yaml").toString(),
                    "--once", "--out", dir.resolve("monitor-out").toString());
            assertThat(exit).as(monitor.out + "\n" + monitor.err).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void filesInTheWayAreAUsageErrorUnlessForced() throws IOException {
        Files.writeString(dir.resolve("headroom.yaml"), "# mine\n");
        CliRun refused = new CliRun();
        assertThat(refused.run("init", shop.baseUrl() + "/", "--out", dir.toString(), "--rate", "50")).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err.toString()).contains("would overwrite").contains("headroom.yaml").contains("--force");
        assertThat(Files.readString(dir.resolve("headroom.yaml"))).isEqualTo("# mine\n");

        CliRun forced = new CliRun();
        assertThat(forced.run("init", shop.baseUrl() + "/", "--out", dir.toString(), "--rate", "50", "--force"))
                .as(forced.out + "\n" + forced.err).isEqualTo(ExitCode.OK);
        assertThat(Files.readString(dir.resolve("headroom.yaml"))).contains("target:");
    }

    @Test
    void aShopThatDoesNotAnswerIsUnreachableAndNothingIsWritten() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliRun cli = new CliRun();
        assertThat(cli.run("init", "http://127.0.0.1:" + port + "/", "--out", dir.toString())).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err.toString()).contains("init: cannot reach the start URL").doesNotContain("\tat ");
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void signingInWithoutThePasswordInTheEnvironmentIsAUsageError() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(InitCommand.PASSWORD_ENV) == null);
        CliRun cli = new CliRun();
        assertThat(cli.run("init", shop.baseUrl() + "/", "--out", dir.toString(), "--sign-in", "shopper1@example.test"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--sign-in shopper1@example.test wants the account's password in HEADROOM_SHOP_PASSWORD");
    }

    @Test
    void aShopThatRedirectsOffTheAllowlistIsRefusedUnsentAndNothingIsWritten() throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.2:9/shop/");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
        try {
            CliRun cli = new CliRun();
            assertThat(cli.run("init", "http://127.0.0.1:" + server.getAddress().getPort() + "/", "--out", dir.toString()))
                    .isEqualTo(ExitCode.UNREACHABLE);
            assertThat(cli.err.toString()).contains("allowlist").doesNotContain("\tat ");
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty();
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aUrlThatIsNoUrlIsAUsageError() {
        CliRun cli = new CliRun();
        assertThat(cli.run("init", "shop.example", "--out", dir.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("not an absolute http(s) URL");
    }
}
