package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
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
    void portInUseIsAUsageError() {
        try (RunningStorefront shop = Storefront.builder().port(0).products(10).build().start()) {
            assertThat(Main.run("storefront", "--port", Integer.toString(shop.port()), "--products", "10"))
                    .isEqualTo(ExitCode.USAGE);
        }
    }

    @Test
    void faultHelperSwitchesFaultsOfARunningShop() {
        try (RunningStorefront shop = Storefront.builder().port(0).products(10).adminToken("t0k").build().start()) {
            assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "set", "slow-route=search:50"))
                    .isEqualTo(ExitCode.OK);
            assertThat(shop.activeFaults()).containsEntry(dev.headroom.storefront.Fault.SLOW_ROUTE, "search:50");
            assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "list")).isEqualTo(ExitCode.OK);
            assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "t0k", "clear")).isEqualTo(ExitCode.OK);
            assertThat(shop.activeFaults()).isEmpty();
            assertThat(Main.run("storefront", "fault", "--admin", shop.adminUrl(), "--token", "bad", "list")).isEqualTo(ExitCode.USAGE);
        }
    }

    @Test
    void aBadDurationIsAUsageErrorNamingTheOption() {
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setErr(new java.io.PrintWriter(err, true));
        assertThat(cli.execute("storefront", "--pack-after", "soon")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--pack-after").contains("soon");
    }
}
