package dev.headroom.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadTest;
import dev.headroom.load.ModelAdapter;
import dev.headroom.load.RunSettings;
import dev.headroom.load.Slo;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTest {

    @Test
    void theDemoWalksTheShopWithTheShippedJourneysAndEveryDrillIsCaughtWhereACustomerMeetsIt(@ShopUnderTest RunningStorefront shop) {
        try (HttpChecker checker = HttpChecker.builder().build()) {
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
    void theDemosLoadTestRunsTheShippedJourneysWithinTheCapsAtOneFiveAndTenTimesThePeak(@TempDir Path dir) throws Exception {
        LoadConfig config = Demo.loadConfig(ShippedJourneys.writeLoadFiles(dir));
        LoadTest test = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1").withConfig(config)
                .withMultiplier(Demo.LOAD_MULTIPLIER).withDuration(Demo.LOAD_DURATION));
        assertThat(test.stages()).extracting(RunSettings.Stage::multiplier).containsExactly(1.0, 5.0, 10.0);
        assertThat(test.planned()).isEqualTo(Demo.LOAD_DURATION);
        assertThat(test.mix().shares()).containsOnlyKeys("browse-and-search", "checkout");
        assertThat(config.slos()).extracting(Slo::describe).containsExactly("all p95<=800ms errors<=1.00%",
                "browse-and-search/search for it by name p99<=2s", "checkout p95<=1s");
        // every SLO the demo states covers requests one of its journeys sends
        for (Slo slo : config.slos()) {
            assertThat(test.mix().entries().stream().flatMap(e -> e.journey().steps().stream()
                    .map(st -> e.name() + "/" + st.name())).anyMatch(slo::covers)).as(slo.describe()).isTrue();
        }
    }

    @Test
    void theTrafficModelIsBuiltFromAGeneratedWeekAndWrittenForTheLoadTest(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        CheckCase c = Demo.trafficModel(dir.resolve("week.log.gz"), dir.resolve("model.yaml"), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));
        assertThat(c.status()).as(c.message()).isEqualTo(Status.PASSED);
        assertThat(out.toString()).contains("Wrote " + dir.resolve("week.log.gz")).contains("Model written to ");
        assertThat(ModelAdapter.read(dir.resolve("model.yaml")).peakRps()).isGreaterThan(0);
    }

    @Test
    void theShippedJourneysAndTheirCredentialsAreReadFromTheBuild() {
        for (String name : ShippedJourneys.NAMES) {
            assertThat(ShippedJourneys.load(name).name()).isEqualTo(name);
        }
        assertThat(ShippedJourneys.referenceStorefrontEnv()).containsKeys("HEADROOM_SHOP_PASSWORD", "HEADROOM_SHOP_CARD");
    }
}
