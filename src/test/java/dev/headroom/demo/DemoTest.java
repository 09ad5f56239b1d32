package dev.headroom.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTest {

    @Test
    void theDemoWalksTheShopWithTheShippedJourneysAndEveryDrillIsCaughtWhereACustomerMeetsIt() {
        try (RunningStorefront shop = Storefront.builder().port(0).products(200).build().start();
                HttpChecker checker = HttpChecker.builder().build()) {
            List<CheckCase> printed = new ArrayList<>();
            List<CheckCase> walk = Demo.walk(checker, shop.baseUrl(), printed::add);
            assertThat(walk).extracting(CheckCase::suite).containsOnly("browse-and-search", "checkout", "inventory");
            assertThat(walk).allMatch(c -> !c.status().isFailure(), "no step fails on a healthy shop");
            assertThat(walk).anyMatch(c -> c.name().equals("cancel the order") && c.status() == Status.PASSED);
            assertThat(printed).hasSameSizeAs(walk);

            List<CheckCase> drills = Demo.faultDrills(checker, shop, c -> { });
            assertThat(drills).hasSize(Demo.DRILLS.size());
            for (CheckCase d : drills) {
                assertThat(d.status()).as(d.name() + ": " + d.message()).isEqualTo(Status.PASSED);
            }
            assertThat(drills.get(0).message()).contains("503").contains("cleanup: ").contains("empty the cart PASSED");
            assertThat(shop.faults().active()).as("every fault switched off again").isEmpty();
        }
    }

    @Test
    void theShippedJourneysAndTheirCredentialsAreReadFromTheBuild() {
        for (String name : ShippedJourneys.NAMES) {
            assertThat(ShippedJourneys.load(name).name()).isEqualTo(name);
        }
        assertThat(ShippedJourneys.referenceStorefrontEnv()).containsKeys("HEADROOM_SHOP_PASSWORD", "HEADROOM_SHOP_CARD");
    }
}
