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
    void durationsAcceptShortForms() {
        assertThat(StorefrontCommand.duration("10m", "--pack-after")).isEqualTo(Duration.ofMinutes(10));
        assertThat(StorefrontCommand.duration("500ms", "--pack-after")).isEqualTo(Duration.ofMillis(500));
        assertThat(StorefrontCommand.duration("PT1H", "--pack-after")).isEqualTo(Duration.ofHours(1));
    }
}
