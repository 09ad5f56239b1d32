package dev.headroom.storefront;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jsoup.nodes.Element;

/** Helpers shared by the storefront tests: finding products by what their card says, checking out. A shop to run them against comes from {@link ShopUnderTest}. */
final class ShopFixtures {
    private ShopFixtures() {
    }

    /** Product ids whose stock label (on the category listings) matches, in catalogue order. */
    static List<Integer> productsWithStock(Browser browser, Predicate<String> stockLabel, int wanted) {
        List<Integer> ids = new ArrayList<>();
        for (String slug : List.of("kitchen", "garden", "outdoor", "books", "toys", "audio", "office", "lighting", "bath",
                "sports", "pets", "travel")) {
            Browser.Page page = browser.get("/category/" + slug);
            for (Element card : page.doc().select("li.product-card")) {
                if (stockLabel.test(card.selectFirst(".stock").text())) {
                    String href = card.selectFirst("a.product-name").attr("href");
                    ids.add(Integer.parseInt(href.substring(href.lastIndexOf('/') + 1)));
                    if (ids.size() == wanted) {
                        return ids;
                    }
                }
            }
        }
        throw new AssertionError("not enough products matching the stock label");
    }

    static int inStockProduct(Browser browser, int skip) {
        return productsWithStock(browser, "In stock"::equals, skip + 1).get(skip);
    }

    /** Signs in, puts one product in the cart and places the order with the approved card; returns the order page. */
    static Browser.Page placeOrder(Browser browser, String email, int productId, int qty) {
        Browser.Page signedIn = browser.signIn(email, "shop-secret");
        if (signedIn.status() != 303) {
            throw new AssertionError("sign-in failed: " + signedIn.status());
        }
        Browser.Page added = browser.addToCart(productId, qty);
        if (added.status() != 303) {
            throw new AssertionError("add to cart failed: " + added.status() + " " + added.text());
        }
        Browser.Page form = browser.get("/checkout");
        Browser.Page placed = browser.submit(form, "form.checkout", Browser.validCheckout("4242 4242 4242 4242"));
        if (placed.status() != 303) {
            throw new AssertionError("checkout failed: " + placed.status() + " " + placed.text());
        }
        return browser.follow(placed);
    }

    static Map<String, String> none() {
        return Map.of();
    }
}
