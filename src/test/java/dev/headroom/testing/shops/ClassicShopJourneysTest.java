package dev.headroom.testing.shops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.journey.EnvFile;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The journeys written for the classic Java shop, as a user would write them, run by the journey
 * engine: nothing in the engine may assume the reference storefront's shape.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassicShopJourneysTest {
    static final Path DIR = Path.of("src/test/resources/shops/classic");
    static final Map<String, String> ENV = EnvFile.read(DIR.resolve("classic-shop.env"));

    private static JourneyResult run(ClassicJavaShop shop, String journey, Map<String, String> env) {
        try (HttpChecker checker = HttpChecker.builder().build()) {
            return new JourneyRunner(checker).run(JourneyLoader.load(DIR.resolve(journey)), RunOptions.target(shop.baseUrl()).withEnv(env));
        }
    }

    @Test
    void theEnvFileHoldsTheShopsPassword() {
        assertThat(ENV).containsEntry("CLASSIC_SHOP_PASSWORD", ClassicJavaShop.PASSWORD);
    }

    @Test
    void theBrowseJourneyWalksFromTheMainMenuToAnItemUnderTheContextPath() {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            JourneyResult r = run(shop, "browse.yaml", Map.of());

            assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(r.steps().get(3).finalUrl()).isEqualTo(shop.baseUrl() + "catalog/items/EST-1;jsessionid=[REDACTED]");
        }
    }

    @Test
    void theSearchJourneySubmitsTheHeadersGetFormWithItsSessionIdInTheAction() {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            JourneyResult r = run(shop, "search.yaml", Map.of());

            assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(r.steps().get(1).request())
                    .isEqualTo("GET " + shop.baseUrl() + "search;jsessionid=[REDACTED]?keyword=angel&searchProducts=Search");
        }
    }

    @Test
    void theCheckoutJourneyPlacesAnOrderTheShopCountsAndFindsItUnderMyOrders() {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            JourneyResult r = run(shop, "checkout.yaml", ENV);

            assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(r.steps()).extracting(StepResult::status).doesNotContain(Status.SKIPPED);
            assertThat(shop.ordersPlaced()).isEqualTo(1);
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).containsExactly(r.variables().get("order_number"));
            assertThat(shop.stockOf("EST-1")).isEqualTo(ClassicJavaShop.DEFAULT_STOCK - 1);
            StepResult cont = r.steps().stream().filter(s -> s.name().equals("continue")).findFirst().orElseThrow();
            assertThat(cont.request()).isEqualTo("POST " + shop.baseUrl() + "order/new;jsessionid=[REDACTED]");
        }
    }

    @Test
    void theCheckoutJourneyKeepsItsSessionThroughTheUrlAloneWhenTheShopTracksNoCookies() {
        try (ClassicJavaShop shop = ClassicJavaShop.withoutCookies()) {
            JourneyResult r = run(shop, "checkout.yaml", ENV);

            assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).containsExactly(r.variables().get("order_number"));
        }
    }

    @Test
    void twoCheckoutsInARowPlaceTwoOrdersForTheSameCustomer() {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            JourneyResult first = run(shop, "checkout.yaml", ENV);
            JourneyResult second = run(shop, "checkout.yaml", ENV);

            assertThat(second.status()).as(second.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(shop.ordersOf(ClassicJavaShop.USER))
                    .containsExactly(first.variables().get("order_number"), second.variables().get("order_number"));
        }
    }

    @Test
    void aWrongPasswordFailsTheSignOnStepAndNoOrderIsPlaced() {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            JourneyResult r = run(shop, "checkout.yaml", Map.of("CLASSIC_SHOP_PASSWORD", "wrong"));

            StepResult failed = r.firstFailure().orElseThrow();
            assertThat(failed.name()).isEqualTo("sign on");
            assertThat(failed.bodyExcerpt()).contains("Signon failed");
            assertThat(shop.ordersPlaced()).isZero();
        }
    }

    @Test
    void withoutNamingTheConfirmButtonTheFirstOneIsClickedAndTheShopPlacesNothing() throws Exception {
        Path journey = Files.createTempFile("classic-default-button", ".yaml");
        try (ClassicJavaShop shop = new ClassicJavaShop(); HttpChecker checker = HttpChecker.builder().build()) {
            Files.writeString(journey, Files.readString(DIR.resolve("checkout.yaml")).replace(", button: Confirm}", "}"));
            JourneyResult r = new JourneyRunner(checker).run(JourneyLoader.load(journey), RunOptions.target(shop.baseUrl()).withEnv(ENV));

            StepResult failed = r.firstFailure().orElseThrow();
            assertThat(failed.name()).isEqualTo("confirm");
            assertThat(failed.bodyExcerpt()).as("'Change' was clicked, not 'Confirm'").contains("Checkout").doesNotContain("Thank you");
            assertThat(shop.ordersPlaced()).isZero();
        } finally {
            Files.deleteIfExists(journey);
        }
    }

    @Test
    void manyCustomersCheckingOutAtOnceGetExactlyTheStockThereIsAndNoMore() throws Exception {
        int customers = 12;
        int stock = 5;
        try (ClassicJavaShop shop = new ClassicJavaShop(stock)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(customers);
            try {
                java.util.List<java.util.concurrent.Future<JourneyResult>> runs = new java.util.ArrayList<>();
                for (int i = 0; i < customers; i++) {
                    runs.add(pool.submit(() -> run(shop, "checkout.yaml", ENV)));
                }
                int passed = 0;
                for (var f : runs) {
                    JourneyResult r = f.get(50, TimeUnit.SECONDS);
                    if (r.passed()) {
                        passed++;
                    } else {
                        assertThat(r.firstFailure().orElseThrow().bodyExcerpt()).as(r.steps().toString()).contains("is out of stock");
                    }
                }
                assertThat(passed).isEqualTo(stock);
                assertThat(shop.ordersPlaced()).isEqualTo(stock);
                assertThat(shop.ordersOf(ClassicJavaShop.USER)).hasSize(stock).doesNotHaveDuplicates();
                assertThat(shop.stockOf("EST-1")).isZero();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
