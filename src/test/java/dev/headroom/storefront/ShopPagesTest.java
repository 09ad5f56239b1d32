package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** Every page and form of the shop, driven over real HTTP the way a browser would. */
class ShopPagesTest {
    @ShopUnderTest(products = 400, instance = "pages")
    static RunningStorefront shop;

    private Browser browser() {
        return new Browser(shop.baseUrl());
    }

    @Test
    void homePageShowsFeaturedProductsCategoriesAndTheLayout() {
        Browser.Page home = browser().get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.instance()).isEqualTo("pages");
        assertThat(home.headers().get("content-type").get(0)).startsWith("text/html");
        assertThat(home.body()).startsWith("<!DOCTYPE html>");
        assertThat(home.doc().select("header img[src=/images/logo.svg]")).hasSize(1);
        assertThat(home.doc().select("nav.categories a")).hasSize(12);
        assertThat(home.doc().select("form.search input[name=q]")).hasSize(1);
        assertThat(home.doc().select("li.product-card")).hasSize(8);
        assertThat(home.doc().select("footer")).hasSize(1);
        assertThat(home.doc().selectFirst("#cart-count").text()).isEqualTo("0");
        assertThat(home.headers().get("set-cookie").get(0)).contains("HRSESSION=").contains("HttpOnly").contains("SameSite=Lax");
    }

    @Test
    void categoryListingPaginatesTwentyFourProductsPerPageWithRelLinks() {
        Browser b = browser();
        Browser.Page first = b.get("/category/kitchen");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.doc().select("li.product-card")).hasSize(24);
        assertThat(first.doc().select("link[rel=next]").attr("href")).isEqualTo("/category/kitchen?page=2");
        assertThat(first.doc().select("link[rel=prev]")).isEmpty();
        Browser.Page second = b.get(first.doc().selectFirst(".pagination a[rel=next]").attr("href"));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.doc().select("li.product-card")).hasSizeBetween(1, 24);
        assertThat(second.doc().select("link[rel=prev]").attr("href")).isEqualTo("/category/kitchen");
        assertThat(second.doc().selectFirst(".pagination .current").text()).isEqualTo("2");
        assertThat(b.get("/category/kitchen?page=3").status()).isEqualTo(404);
        assertThat(b.get("/category/kitchen?page=0").status()).isEqualTo(404);
        assertThat(b.get("/category/no-such-thing").status()).isEqualTo(404);
    }

    @Test
    void productPageShowsNamePriceStockImageUpsellAndAddToCartForm() {
        Browser.Page page = browser().get("/product/7");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.doc().selectFirst("#product-name").text()).isNotBlank();
        assertThat(page.doc().selectFirst("#price").text()).matches("\\$\\d+\\.\\d\\d");
        assertThat(page.doc().selectFirst("#stock-status").text()).matches("In stock|Only \\d left|Out of stock");
        Element img = page.doc().selectFirst("img.product-image");
        assertThat(img.attr("src")).isEqualTo("/images/product/7.svg");
        assertThat(img.attr("alt")).isEqualTo(page.doc().selectFirst("#product-name").text());
        assertThat(page.doc().select(".upsell li.product-card")).hasSize(4);
        assertThat(browser().get("/product/7").doc().select(".upsell a.product-name").eachAttr("href"))
                .isEqualTo(page.doc().select(".upsell a.product-name").eachAttr("href"));
    }

    @Test
    void outOfStockProductHasNoAddButtonAndLowStockSaysHowManyAreLeft() {
        Browser b = browser();
        int soldOut = ShopFixtures.productsWithStock(b, "Out of stock"::equals, 1).get(0);
        Browser.Page page = b.get("/product/" + soldOut);
        assertThat(page.doc().selectFirst("#stock-status").text()).isEqualTo("Out of stock");
        assertThat(page.doc().select("form.add-to-cart")).isEmpty();
        int low = ShopFixtures.productsWithStock(b, s -> s.startsWith("Only"), 1).get(0);
        assertThat(b.get("/product/" + low).doc().selectFirst("#stock-status").text()).matches("Only [123] left");
    }

    @Test
    void searchFindsProductsByNameAndShowsNoResultsOtherwise() {
        Browser b = browser();
        String name = b.get("/product/3").doc().selectFirst("#product-name").text();
        String word = name.split(" ")[2].toLowerCase();
        Browser.Page results = b.get("/search?q=" + word);
        assertThat(results.status()).isEqualTo(200);
        assertThat(results.doc().select("a.product-name").eachText()).allMatch(n -> n.toLowerCase().contains(word));
        assertThat(results.doc().select("a.product-name").eachAttr("href")).contains("/product/3");
        Browser.Page many = b.get("/search?q=e");
        assertThat(many.doc().select("li.product-card")).hasSize(24);
        assertThat(many.doc().select("link[rel=next]").attr("href")).isEqualTo("/search?q=e&page=2");
        assertThat(b.get("/search?q=e&page=2").doc().select("li.product-card")).isNotEmpty();
        Browser.Page none = b.get("/search?q=xyzzy-nothing");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.doc().select(".no-results h2").text()).isEqualTo("No results");
        assertThat(none.doc().select("#search-q").val()).isEqualTo("xyzzy-nothing");
    }

    @Test
    void cartAddUpdateAndRemoveRedirectWithSeeOther() {
        Browser b = browser();
        int id = ShopFixtures.inStockProduct(b, 0);
        Browser.Page added = b.addToCart(id, 2);
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.location()).isEqualTo("/cart");
        Browser.Page cart = b.follow(added);
        assertThat(cart.doc().select("tr.cart-line")).hasSize(1);
        assertThat(cart.doc().selectFirst("#cart-count").text()).isEqualTo("2");
        Browser.Page updated = b.submit(cart, "form.update", Map.of("qty", "3"));
        assertThat(updated.status()).isEqualTo(303);
        cart = b.follow(updated);
        assertThat(cart.doc().selectFirst("#qty-" + id).val()).isEqualTo("3");
        assertThat(cart.doc().selectFirst("#cart-count").text()).isEqualTo("3");
        Browser.Page removed = b.submit(cart, "form.remove", Map.of());
        assertThat(removed.status()).isEqualTo(303);
        assertThat(b.follow(removed).doc().select(".empty-cart")).hasSize(1);
    }

    @Test
    void postWithoutOrWithWrongCsrfTokenIsRefusedWith403() {
        Browser b = browser();
        int id = ShopFixtures.inStockProduct(b, 0);
        Browser.Page product = b.get("/product/" + id);
        assertThat(b.submit(product, "form.add-to-cart", Map.of("_csrf", "forged")).status()).isEqualTo(403);
        assertThat(b.post("/cart/add", Map.of("productId", Integer.toString(id), "qty", "1")).status()).isEqualTo(403);
        Browser stranger = browser();
        Browser.Page refused = stranger.submit(product, "form.add-to-cart", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.doc().select("h1").text()).isEqualTo("Request refused");
    }

    @Test
    void signInWithTheDemoAccountRotatesTheSessionAndRedirectsToNext() {
        Browser b = browser();
        Browser.Page form = b.get("/signin?next=/orders");
        String before = b.cookie("HRSESSION");
        Browser.Page ok = b.submit(form, "form.signin", Map.of("email", "shopper1@example.test", "password", "shop-secret"));
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.location()).isEqualTo("/orders");
        assertThat(b.cookie("HRSESSION")).isNotEqualTo(before);
        Browser.Page home = b.get("/");
        assertThat(home.doc().selectFirst(".customer-name").text()).isEqualTo("Shopper 1");
        Browser.Page out = b.submit(home, "form[action=/signout]", Map.of());
        assertThat(out.status()).isEqualTo(303);
        assertThat(b.get("/").doc().select("a[href=/signin]")).hasSize(1);
    }

    @Test
    void signInWithAWrongPasswordRerendersTheFormWith401() {
        Browser b = browser();
        Browser.Page failed = b.signIn("shopper2@example.test", "wrong");
        assertThat(failed.status()).isEqualTo(401);
        assertThat(failed.doc().selectFirst("#signin-error").text()).contains("don't match");
        assertThat(failed.doc().selectFirst("#email").val()).isEqualTo("shopper2@example.test");
    }

    @Test
    void checkoutRequiresSignInAndAFullCart() {
        Browser b = browser();
        Browser.Page anonymous = b.get("/checkout");
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.location()).isEqualTo("/signin?next=/checkout");
        b.signIn("shopper3@example.test", "shop-secret");
        Browser.Page empty = b.get("/checkout");
        assertThat(empty.status()).isEqualTo(303);
        assertThat(empty.location()).isEqualTo("/cart");
    }

    @Test
    void checkoutWithMissingFieldsAnswers400WithFieldErrors() {
        Browser b = browser();
        b.signIn("shopper4@example.test", "shop-secret");
        b.addToCart(ShopFixtures.inStockProduct(b, 1), 1);
        Browser.Page form = b.get("/checkout");
        assertThat(form.doc().select("form.checkout input[name=_csrf]")).hasSize(1);
        Map<String, String> bad = Browser.validCheckout("1234 5678 9012 3456");
        bad.put("city", "");
        bad.put("expiry", "13/30");
        Browser.Page invalid = b.submit(form, "form.checkout", bad);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.doc().select(".field-error").eachAttr("id"))
                .containsExactlyInAnyOrder("city-error", "cardNumber-error", "expiry-error");
        assertThat(invalid.doc().selectFirst("#address").val()).isEqualTo("1 Test Street");
    }

    @Test
    void declinedCardShowsPaymentDeclinedWith402AndPlacesNoOrder() {
        Browser b = browser();
        b.signIn("shopper5@example.test", "shop-secret");
        b.addToCart(ShopFixtures.inStockProduct(b, 2), 1);
        Browser.Page declined = b.submit(b.get("/checkout"), "form.checkout", Browser.validCheckout("4000 0000 0000 0002"));
        assertThat(declined.status()).isEqualTo(402);
        assertThat(declined.text()).containsIgnoringCase("payment declined");
        assertThat(b.get("/orders").doc().select("table.orders")).isEmpty();
        assertThat(b.get("/cart").doc().select("tr.cart-line")).hasSize(1);
    }

    @Test
    void successfulCheckoutConfirmsTheOrderAndShowsItsStatus() {
        Browser b = browser();
        int id = ShopFixtures.inStockProduct(b, 3);
        Browser.Page order = ShopFixtures.placeOrder(b, "shopper6@example.test", id, 2);
        assertThat(order.status()).isEqualTo(200);
        assertThat(order.doc().select("h1").text()).isEqualTo("Order confirmed");
        String number = order.doc().selectFirst("#order-number").text();
        assertThat(number).matches("HR-\\d{6}");
        assertThat(order.doc().selectFirst("#order-status").text()).isEqualTo("paid");
        assertThat(order.doc().select(".timeline li.done").eachText()).containsExactly("placed", "paid");
        assertThat(order.doc().select("td.qty").text()).isEqualTo("2");
        assertThat(b.get("/orders").doc().select("table.orders a").eachText()).contains(number);
        assertThat(b.get("/cart").doc().select(".empty-cart")).hasSize(1);
        Browser other = browser();
        other.signIn("shopper7@example.test", "shop-secret");
        assertThat(other.get("/orders/" + number).status()).isEqualTo(404);
    }

    @Test
    void changingAndCancellingAnOrderAdjustsStock() {
        Browser b = browser();
        int id = ShopFixtures.inStockProduct(b, 4);
        int stockBefore = stockOf(b, id);
        Browser.Page order = ShopFixtures.placeOrder(b, "shopper8@example.test", id, 2);
        String number = order.doc().selectFirst("#order-number").text();
        Browser.Page changed = b.submit(order, "form.change", Map.of("qty_" + id, "1"));
        assertThat(changed.status()).isEqualTo(303);
        order = b.follow(changed);
        assertThat(order.doc().select("td.qty").text()).isEqualTo("1");
        assertThat(stockOf(b, id)).isEqualTo(stockBefore - 1);
        Browser.Page tooMany = b.submit(order, "form.change", Map.of("qty_" + id, "99"));
        assertThat(tooMany.status()).isEqualTo(409);
        assertThat(tooMany.text()).contains("isn't enough stock");
        Browser.Page cancelled = b.submit(order, "form.cancel", Map.of());
        assertThat(cancelled.status()).isEqualTo(303);
        order = b.follow(cancelled);
        assertThat(order.doc().selectFirst("#order-status").text()).isEqualTo("cancelled");
        assertThat(order.doc().select("h1").text()).isEqualTo("Order cancelled");
        assertThat(stockOf(b, id)).isEqualTo(stockBefore);
        assertThat(b.get("/orders/" + number).doc().select("form.cancel")).isEmpty();
    }

    @Test
    void orderAdvancedToShippedByAdminCanNoLongerBeChangedOrCancelled() throws Exception {
        Browser b = browser();
        Browser.Page order = ShopFixtures.placeOrder(b, "shopper9@example.test", ShopFixtures.inStockProduct(b, 5), 1);
        String number = order.doc().selectFirst("#order-number").text();
        AdminClient admin = new AdminClient(shop);
        assertThat(admin.send("POST", "/admin/orders/" + number + "/advance").body()).contains("\"status\":\"packed\"");
        assertThat(b.get("/orders/" + number).doc().selectFirst("#order-status").text()).isEqualTo("packed");
        assertThat(admin.send("POST", "/admin/orders/" + number + "/advance").body()).contains("\"status\":\"shipped\"");
        assertThat(admin.send("POST", "/admin/orders/HR-999999/advance").statusCode()).isEqualTo(404);
        assertThat(b.get("/orders/" + number).doc().select(".timeline li.done")).hasSize(4);
        Browser.Page change = b.post("/orders/" + number + "/change", Map.of("_csrf", csrf(order), "qty_1", "1"));
        assertThat(change.status()).isEqualTo(409);
        assertThat(change.text()).contains("already shipped");
        Browser.Page cancel = b.post("/orders/" + number + "/cancel", Map.of("_csrf", csrf(order)));
        assertThat(cancel.status()).isEqualTo(409);
    }

    @Test
    void ordersAdvanceByThemselvesAfterPackAndShipDelays() {
        try (RunningStorefront quick = Storefront.builder().port(0).products(50)
                .packAfter(java.time.Duration.ZERO).shipAfter(java.time.Duration.ofHours(1)).build().start()) {
            Browser b = new Browser(quick.baseUrl());
            Browser.Page order = ShopFixtures.placeOrder(b, "shopper1@example.test", ShopFixtures.inStockProduct(b, 0), 1);
            assertThat(order.doc().selectFirst("#order-status").text()).isEqualTo("packed");
        }
    }

    @Test
    void robotsTxtAllowsAllButCartCheckoutAndAdminAndNamesTheSitemap() {
        Browser.Page robots = browser().get("/robots.txt");
        assertThat(robots.status()).isEqualTo(200);
        assertThat(robots.body()).contains("User-agent: *", "Allow: /", "Disallow: /cart", "Disallow: /checkout",
                "Disallow: /admin", "Sitemap: " + shop.baseUrl() + "/sitemap.xml");
    }

    @Test
    void sitemapListsHomeEveryCategoryAndEveryProduct() {
        Browser.Page sitemap = browser().get("/sitemap.xml");
        assertThat(sitemap.status()).isEqualTo(200);
        List<String> locs = org.jsoup.Jsoup.parse(sitemap.body(), "", org.jsoup.parser.Parser.xmlParser())
                .select("url > loc").eachText();
        assertThat(locs).hasSize(1 + 12 + 400);
        assertThat(locs).contains(shop.baseUrl() + "/", shop.baseUrl() + "/category/kitchen",
                shop.baseUrl() + "/product/1", shop.baseUrl() + "/product/400");
    }

    @Test
    void stylesheetImagesAndIconsAreServed() {
        Browser b = browser();
        Browser.Page css = b.get("/static/style.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.headers().get("content-type").get(0)).startsWith("text/css");
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("url\\(\"?([^\")]+)\"?\\)").matcher(css.body());
        assertThat(url.find()).isTrue();
        assertThat(b.get(url.group(1)).status()).isEqualTo(200);
        Browser.Page svg = b.get("/images/product/42.svg");
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.body()).startsWith("<svg").isEqualTo(b.get("/images/product/42.svg").body());
        assertThat(b.get("/images/product/401.svg").status()).isEqualTo(404);
        assertThat(b.get("/images/logo.svg").status()).isEqualTo(200);
        assertThat(b.get("/favicon.ico").status()).isEqualTo(200);
        assertThat(b.get("/favicon.svg").status()).isEqualTo(200);
    }

    @Test
    void unknownPagesGetTheCustom404Page() {
        Browser.Page missing = browser().get("/no/such/page");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.instance()).isEqualTo("pages");
        assertThat(missing.doc().select("h1").text()).isEqualTo("Page not found");
        assertThat(missing.doc().select("nav.categories a")).hasSize(12);
        assertThat(browser().get("/product/0").status()).isEqualTo(404);
        assertThat(browser().get("/product/not-a-number").status()).isEqualTo(404);
    }

    @Test
    void healthReportsUpWithTheProductCount() {
        Browser.Page health = browser().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\",\"instance\":\"pages\",\"products\":400}");
    }

    @Test
    void metricsUseRouteTemplatesNeverRawIds() {
        Browser b = browser();
        b.get("/product/123");
        b.get("/product/124");
        b.get("/nowhere/at/all");
        String metrics = b.get("/metrics").body();
        assertThat(metrics).contains("http_server_requests_seconds_bucket{", "route=\"/product/{id}\"", "route=\"NOT_FOUND\"",
                "outcome=\"SUCCESS\"", "storefront_active_faults{fault=\"hard-down\"} 0", "storefront_orders_placed_total");
        assertThat(metrics).doesNotContain("/product/123", "/product/124", "/nowhere");
    }

    private static int stockOf(Browser b, int id) {
        String label = b.get("/product/" + id).doc().selectFirst("#stock-status").text();
        String max = b.get("/product/" + id).doc().select("#qty").attr("max");
        return label.equals("Out of stock") ? 0 : Integer.parseInt(max);
    }

    private static String csrf(Browser.Page page) {
        return page.doc().selectFirst("input[name=_csrf]").val();
    }
}
