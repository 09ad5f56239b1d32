package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Status;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The journeys shipped in monitors/ against the reference storefront, with and without each fault. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShippedJourneysTest {
    static final Path MONITORS = Path.of("monitors");
    static final Map<String, String> ENV = EnvFile.read(MONITORS.resolve("reference-storefront.env"));

    @ShopUnderTest
    static RunningStorefront shop;
    private static HttpChecker checker;
    private static JourneyRunner runner;

    @BeforeAll
    static void start() {
        checker = HttpChecker.builder().build();
        runner = new JourneyRunner(checker);
    }

    @AfterAll
    static void stop() {
        checker.close();
    }

    static Journey journey(String name) {
        return JourneyLoader.load(MONITORS.resolve(name + ".yaml"));
    }

    private static JourneyResult run(String name) {
        return runner.run(journey(name), RunOptions.target(shop.baseUrl()).withEnv(ENV));
    }

    private static StepResult step(JourneyResult r, String name) {
        return r.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyJourneyTheShippedMonitorRunsLoadsAndPassesAgainstAHealthyStorefront() throws Exception {
        List<Journey> all = dev.headroom.monitor.MonitorPlan.load(MONITORS.resolve("monitor.yaml"), null, Map.of())
                .checks().stream().map(dev.headroom.monitor.Check::kind)
                .filter(dev.headroom.monitor.JourneyCheck.class::isInstance)
                .map(k -> ((dev.headroom.monitor.JourneyCheck) k).journey()).toList();
        assertThat(all).extracting(Journey::name).contains("browse-and-search", "checkout", "inventory");
        for (Journey j : all) {
            JourneyResult r = runner.run(j, RunOptions.target(shop.baseUrl()).withEnv(ENV));
            assertThat(r.status()).as(j.name() + ": " + r.steps()).isEqualTo(Status.PASSED);
            assertThat(r.unreachable()).isFalse();
        }
    }

    @Test
    void theCheckoutJourneyReadsTheOrderNumberChangesTheOrderAndCancelsIt() {
        JourneyResult r = run("checkout");
        assertThat(r.passed()).as(r.steps().toString()).isTrue();
        assertThat(r.variables().get("order_number")).matches("HR-\\d+");
        assertThat(step(r, "change the quantity").status()).isEqualTo(Status.PASSED);
        assertThat(step(r, "cancel the order").status()).isEqualTo(Status.PASSED);
        assertThat(step(r, "empty the cart").status()).as("nothing left to empty").isEqualTo(Status.SKIPPED);
    }

    @Test
    void withEveryCheckoutFailingTheCheckoutStepFailsAndTheCleanupStillEmptiesTheCart() {
        shop.faults().set(Fault.ERROR_RATE, "1");
        JourneyResult r = run("checkout");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        StepResult failed = r.firstFailure().orElseThrow();
        assertThat(failed.name()).isEqualTo("open checkout");
        assertThat(failed.responseStatus()).isEqualTo(503);
        assertThat(failed.message()).contains("503");
        assertThat(failed.bodyExcerpt()).contains("temporarily unavailable");
        assertThat(step(r, "place the order").status()).isEqualTo(Status.SKIPPED);
        assertThat(step(r, "cancel the order").status()).as("no order was placed").isEqualTo(Status.SKIPPED);
        assertThat(step(r, "open the cart").status()).isEqualTo(Status.PASSED);
        assertThat(step(r, "empty the cart").status()).isEqualTo(Status.PASSED);
        assertThat(r.unreachable()).isFalse();
    }

    @Test
    void aSlowCheckoutIsDegradedOverTheDegradedBudgetAndFailedOverTheFailedBudget() {
        shop.faults().set(Fault.SLOW_ROUTE, "checkout:1200");
        JourneyResult slow = run("checkout");
        assertThat(step(slow, "open checkout").status()).isEqualTo(Status.DEGRADED);
        assertThat(step(slow, "open checkout").message()).contains("over the degraded budget of 1000 ms");
        assertThat(step(slow, "place the order").status()).isEqualTo(Status.DEGRADED);
        assertThat(slow.status()).isEqualTo(Status.DEGRADED);
        assertThat(slow.passed()).isTrue();

        shop.faults().set(Fault.SLOW_ROUTE, "checkout:3200");
        JourneyResult slower = run("checkout");
        assertThat(slower.firstFailure().orElseThrow().name()).isEqualTo("open checkout");
        assertThat(step(slower, "open checkout").message()).contains("over the failed budget of 3000 ms");
        assertThat(step(slower, "empty the cart").status()).isEqualTo(Status.PASSED);
    }

    @Test
    void withOversellingBothSimultaneousOrdersWinTheInventoryJourneyFailsAndCleanupCancelsBoth() {
        shop.faults().set(Fault.OVERSELL);
        JourneyResult r = run("inventory");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        StepResult race = r.firstFailure().orElseThrow();
        assertThat(race.name()).isEqualTo("two simultaneous orders for the last units");
        assertThat(race.message()).contains("2 passed the step's checks; expected exactly 1");
        assertThat(step(r, "cancel the order").status()).isEqualTo(Status.PASSED);
        assertThat(step(r, "cancel the second winning order").status()).isEqualTo(Status.PASSED);
        assertThat(step(r, "the product is back in stock").status()).isEqualTo(Status.PASSED);

        shop.faults().clear(Fault.OVERSELL);
        assertThat(run("inventory").status()).as("the oversold product was restored by the cleanup").isEqualTo(Status.PASSED);
    }

    @Test
    void aHardDownShopTimesOutOnTheFirstStepAndIsUnreachable() {
        String yaml;
        try {
            yaml = Files.readString(MONITORS.resolve("browse-and-search.yaml")).replace("timeout: 10s", "timeout: 1s");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Journey quick = JourneyLoader.load("browse-and-search (1s timeout)", yaml);
        shop.faults().set(Fault.HARD_DOWN);
        long t0 = System.nanoTime();
        JourneyResult r = runner.run(quick, shop.baseUrl());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        StepResult first = r.steps().get(0);
        assertThat(first.status()).isEqualTo(Status.FAILED);
        assertThat(first.failure()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(first.responseStatus()).isZero();
        assertThat(first.message()).startsWith("no answer: timeout");
        assertThat(r.unreachable()).isTrue();
        assertThat(r.steps().subList(1, r.steps().size())).allMatch(s -> s.status() == Status.SKIPPED);
    }

    @Test
    void theReportHasOneCasePerStepAndNoSecret() {
        shop.faults().set(Fault.ERROR_RATE, "1");
        JourneyResult r = run("checkout");
        var report = r.toReport();
        assertThat(report.cases()).hasSize(journey("checkout").steps().size());
        assertThat(report.cases()).extracting(c -> c.name()).containsExactlyElementsOf(
                journey("checkout").steps().stream().map(Step::name).toList());
        assertThat(r.toString() + r.steps() + r.variables() + r.inputs())
                .doesNotContain(ENV.get("HEADROOM_SHOP_PASSWORD"))
                .doesNotContain(ENV.get("HEADROOM_SHOP_CARD"));
    }
}
