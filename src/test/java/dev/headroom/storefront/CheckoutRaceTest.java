package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Sixteen customers with the last few units of one product in their carts press "Place order" at
 * the same moment. Only as many orders as there were units may succeed — unless the oversell fault
 * is on, which proves the test can fail.
 */
class CheckoutRaceTest {
    private static final int CUSTOMERS = 16;

    record Outcome(int succeeded, int outOfStock, int other) {
    }

    @Test
    void concurrentCheckoutsForTheLastUnitsSellExactlyTheStockAndNoMore(@ShopUnderTest RunningStorefront shop) throws Exception {
        Browser scout = new Browser(shop.baseUrl());
        int productId = ShopFixtures.productsWithStock(scout, s -> s.equals("Only 3 left") || s.equals("Only 2 left"), 1).get(0);
        int stock = Integer.parseInt(scout.get("/product/" + productId).doc().selectFirst("#qty").attr("max"));

        Outcome outcome = race(shop, productId);

        assertThat(outcome.succeeded()).isEqualTo(stock);
        assertThat(outcome.outOfStock()).isEqualTo(CUSTOMERS - stock);
        assertThat(outcome.other()).isZero();
        Browser.Page page = new Browser(shop.baseUrl()).get("/product/" + productId);
        assertThat(page.doc().selectFirst("#stock-status").text()).isEqualTo("Out of stock");
        assertThat(page.doc().select("form.add-to-cart")).isEmpty();
    }

    @Test
    void withTheOversellFaultTheSameRaceSellsMoreThanIsInStock(@ShopUnderTest RunningStorefront shop) throws Exception {
        Browser scout = new Browser(shop.baseUrl());
        int productId = ShopFixtures.productsWithStock(scout, s -> s.equals("Only 3 left") || s.equals("Only 2 left"), 1).get(0);
        int stock = Integer.parseInt(scout.get("/product/" + productId).doc().selectFirst("#qty").attr("max"));
        assertThat(new AdminClient(shop).send("PUT", "/admin/faults/oversell").statusCode()).isEqualTo(200);

        Outcome outcome = race(shop, productId);

        assertThat(outcome.succeeded()).isGreaterThan(stock);
        assertThat(new Browser(shop.baseUrl()).get("/product/" + productId).doc().selectFirst("#stock-status").text())
                .isEqualTo("Out of stock");
    }

    @Test
    void lastUnitBoughtShowsOutOfStockOnTheNextPageView(@ShopUnderTest RunningStorefront shop) {
        Browser b = new Browser(shop.baseUrl());
        int productId = ShopFixtures.productsWithStock(b, "Only 1 left"::equals, 1).get(0);
        ShopFixtures.placeOrder(b, "shopper1@example.test", productId, 1);
        assertThat(b.get("/product/" + productId).doc().selectFirst("#stock-status").text()).isEqualTo("Out of stock");
    }

    /** Every customer signs in, carts one unit and opens checkout; then all submit at once. */
    private static Outcome race(RunningStorefront shop, int productId) throws Exception {
        List<Browser> browsers = new ArrayList<>();
        List<Browser.Page> forms = new ArrayList<>();
        for (int i = 1; i <= CUSTOMERS; i++) {
            Browser b = new Browser(shop.baseUrl());
            assertThat(b.signIn("shopper" + i + "@example.test", "shop-secret").status()).isEqualTo(303);
            assertThat(b.addToCart(productId, 1).status()).isEqualTo(303);
            Browser.Page form = b.get("/checkout");
            assertThat(form.status()).isEqualTo(200);
            browsers.add(b);
            forms.add(form);
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(CUSTOMERS);
        try {
            List<Future<Browser.Page>> results = new ArrayList<>();
            for (int i = 0; i < CUSTOMERS; i++) {
                Browser b = browsers.get(i);
                Browser.Page form = forms.get(i);
                results.add(pool.submit(() -> {
                    go.await(10, TimeUnit.SECONDS);
                    return b.submit(form, "form.checkout", Browser.validCheckout("4242424242424242"));
                }));
            }
            go.countDown();
            int ok = 0;
            int out = 0;
            int other = 0;
            for (Future<Browser.Page> result : results) {
                Browser.Page page = result.get(30, TimeUnit.SECONDS);
                if (page.status() == 303 && page.location().startsWith("/orders/HR-")) {
                    ok++;
                } else if (page.status() == 409 && page.text().contains("sold out")) {
                    out++;
                } else {
                    other++;
                }
            }
            return new Outcome(ok, out, other);
        } finally {
            pool.shutdownNow();
            browsers.forEach(Browser::close);
        }
    }
}
