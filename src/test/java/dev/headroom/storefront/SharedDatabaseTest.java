package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances behind a (pretend) load balancer on one database file. */
class SharedDatabaseTest {
    @TempDir
    Path dir;

    @Test
    void twoInstancesOnOneDatabaseFileShareStockCartsAndSessions() {
        Path db = dir.resolve("shop");
        try (RunningStorefront a = Storefront.builder().port(0).products(100).instance("a").database(db).build().start();
                RunningStorefront b = Storefront.builder().port(0).products(100).instance("b").database(db).build().start()) {
            Browser onA = new Browser(a.baseUrl());
            assertThat(onA.get("/").instance()).isEqualTo("a");
            assertThat(new Browser(b.baseUrl()).get("/").instance()).isEqualTo("b");

            int id = ShopFixtures.inStockProduct(onA, 0);
            String maxBefore = new Browser(b.baseUrl()).get("/product/" + id).doc().select("#qty").attr("max");
            assertThat(onA.signIn("shopper1@example.test", "shop-secret").status()).isEqualTo(303);
            assertThat(onA.addToCart(id, 2).status()).isEqualTo(303);

            Browser failover = onA.sameCookiesAt(b.baseUrl());
            Browser.Page cart = failover.get("/cart");
            assertThat(cart.instance()).isEqualTo("b");
            assertThat(cart.doc().select("tr.cart-line")).hasSize(1);
            assertThat(cart.doc().selectFirst(".customer-name").text()).isEqualTo("Shopper 1");
            Browser.Page placed = failover.submit(failover.get("/checkout"), "form.checkout",
                    Browser.validCheckout("4242 4242 4242 4242"));
            assertThat(placed.status()).isEqualTo(303);

            String maxAfter = onA.get("/product/" + id).doc().select("#qty").attr("max");
            assertThat(Integer.parseInt(maxAfter)).isEqualTo(Integer.parseInt(maxBefore) - 2);
            assertThat(onA.get(placed.location()).doc().selectFirst("#order-number").text()).startsWith("HR-");
        }
    }

    @Test
    void restartingOnAnExistingFileKeepsTheCatalogueAndOrders() {
        Path db = dir.resolve("persistent");
        String name;
        try (RunningStorefront first = Storefront.builder().port(0).products(60).database(db).build().start()) {
            name = new Browser(first.baseUrl()).get("/product/1").doc().selectFirst("#product-name").text();
        }
        try (RunningStorefront again = Storefront.builder().port(0).products(999).database(db).build().start()) {
            Browser b = new Browser(again.baseUrl());
            assertThat(b.get("/product/1").doc().selectFirst("#product-name").text()).isEqualTo(name);
            assertThat(b.get("/health").body()).contains("\"products\":60");
        }
    }
}
