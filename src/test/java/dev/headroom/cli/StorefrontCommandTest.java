package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import dev.headroom.storefront.Storefront;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorefrontCommandTest {
    @Test
    void unknownFaultIsAUsageError() {
        assertThat(Main.run("storefront", "--fault", "meteor-strike", "--products", "10")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badFaultValueIsAUsageError() {
        assertThat(Main.run("storefront", "--fault", "slow-route=soon", "--products", "10")).isEqualTo(ExitCode.USAGE);
        assertThat(Main.run("storefront", "--fault", "error-rate=2", "--products", "10")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void badDurationIsAUsageError() {
        assertThat(Main.run("storefront", "--pack-after", "soonish", "--products", "10")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void portInUseIsAUsageError(@ShopUnderTest(products = 10) RunningStorefront shop) {
        assertThat(Main.run("storefront", "--port", Integer.toString(shop.port()), "--products", "10"))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void faultHelperSwitchesFaultsOfARunningShop(@ShopUnderTest(products = 10, adminToken = "t0k") RunningStorefront shop) {
        assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "set", "slow-route=search:50"))
                .isEqualTo(ExitCode.OK);
        assertThat(shop.activeFaults()).containsEntry(dev.headroom.storefront.Fault.SLOW_ROUTE, "search:50");
        assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "list")).isEqualTo(ExitCode.OK);
        assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "clear")).isEqualTo(ExitCode.OK);
        assertThat(shop.activeFaults()).isEmpty();
        assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "bad", "list")).isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aBadDurationIsAUsageErrorNamingTheOption() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("storefront", "--pack-after", "soon")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--pack-after").contains("soon");
    }

    @Test
    void anInvalidBindAddressIsAUsageErrorNamingTheAddressNotABusyPort() {
        CliRun cli = new CliRun();
        assertThat(cli.run("storefront", "--bind", "nonsense..host", "--port", "0", "--products", "10")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--bind: 'nonsense..host' is neither an IP address nor a valid host name")
                .doesNotContain("in use");
    }

    @Test
    void aBindAddressOfAnotherMachineIsAUsageErrorNamingIt() {
        CliRun cli = new CliRun();
        assertThat(cli.run("storefront", "--bind", "192.0.2.1", "--port", "0", "--products", "10")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--bind: '192.0.2.1' is not an address of this machine").doesNotContain("in use");
    }

    @Test
    void theBannerShowsTheAddressReallyBoundAndALoopbackShopGetsNoWarning() {
        try (RunningStorefront shop = Storefront.builder().bind("localhost").port(0).products(10).build().start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            StorefrontCommand.printBanner(new PrintWriter(out), new PrintWriter(err), shop);

            assertThat(out.toString()).contains("  listening on: 127.0.0.1:" + shop.port() + " (loopback only)\n");
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void aShopOnEveryInterfaceSaysSoInItsBannerAndWarnsOnStderr() {
        // Listens on every interface for a moment, on a free port; nothing is sent anywhere.
        try (RunningStorefront shop = Storefront.builder().bind("0.0.0.0").port(0).products(10).build().start()) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            StorefrontCommand.printBanner(new PrintWriter(out), new PrintWriter(err), shop);

            assertThat(out.toString()).contains("  listening on: 0.0.0.0:" + shop.port() + " (every interface)\n")
                    .contains("  shop:         http://127.0.0.1:" + shop.port() + "/");
            assertThat(err.toString()).startsWith("headroom: WARNING: the storefront listens on 0.0.0.0:" + shop.port()
                    + ", every network interface of this machine.").contains("the admin API stays on 127.0.0.1");
        }
    }

    @Test
    void everyAddressButLoopbackIsWarnedAbout() throws Exception {
        assertThat(StorefrontCommand.exposureWarning(new InetSocketAddress(InetAddress.getByName("192.0.2.10"), 8080)))
                .hasValueSatisfying(w -> assertThat(w).contains("listens on 192.0.2.10:8080, an address other machines can reach"));
        assertThat(StorefrontCommand.exposureWarning(new InetSocketAddress(InetAddress.getByName("::"), 8080)))
                .hasValueSatisfying(w -> assertThat(w).contains("listens on [0:0:0:0:0:0:0:0]:8080, every network interface"));
        assertThat(StorefrontCommand.exposureWarning(new InetSocketAddress(InetAddress.getByName("::1"), 8080))).isEmpty();
        assertThat(StorefrontCommand.exposureWarning(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 8080))).isEmpty();
    }
}
