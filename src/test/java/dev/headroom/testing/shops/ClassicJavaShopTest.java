package dev.headroom.testing.shops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The classic Java shop itself behaves like a servlet container's shop, so tests against it mean something. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassicJavaShopTest {
    private static final Pattern SESSION_IN_LINK = Pattern.compile("href=\"/shop/catalog/categories/FISH;jsessionid=([0-9A-F]+)\"");

    private final HttpClient noCookies = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HttpResponse<String> get(String url) throws Exception {
        return noCookies.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String form) throws Exception {
        return noCookies.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theBaseUrlCarriesTheContextPathAndNothingIsServedOutsideIt() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            assertThat(shop.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+/shop/");
            String root = shop.baseUrl().replace("/shop/", "");
            assertThat(get(shop.baseUrl()).statusCode()).isEqualTo(200);
            assertThat(get(root + "/").statusCode()).isEqualTo(404);
            assertThat(get(root + "/catalog/categories/FISH").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void itHasNoRobotsTxtAndNoSitemap() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            String root = shop.baseUrl().replace("/shop/", "");
            for (String path : new String[] {"/robots.txt", "/sitemap.xml", "/shop/robots.txt", "/shop/sitemap.xml"}) {
                assertThat(get(root + path).statusCode()).as(path).isEqualTo(404);
            }
        }
    }

    @Test
    void theFirstResponseSetsAJsessionidCookieAndEveryLinkAndFormActionCarriesTheSameId() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            HttpResponse<String> first = get(shop.baseUrl());
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
            assertThat(cookie).startsWith("JSESSIONID=").contains("Path=/shop");
            Matcher link = SESSION_IN_LINK.matcher(first.body());
            assertThat(link.find()).as(first.body()).isTrue();
            assertThat(cookie).startsWith("JSESSIONID=" + link.group(1) + ";");
            String id = link.group(1);
            String root = shop.baseUrl().replace("/shop/", "");
            for (String page : new String[] {root + "/shop/;jsessionid=" + id, root + "/shop/catalog/products/FI-SW-01;jsessionid=" + id,
                    root + "/shop/account/signonForm;jsessionid=" + id}) {
                org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(get(page).body());
                assertThat(doc.select("a[href], form[action]")).as(page).isNotEmpty().allSatisfy(e ->
                        assertThat(e.hasAttr("href") ? e.attr("href") : e.attr("action")).startsWith("/shop/").contains(";jsessionid=" + id));
            }
        }
    }

    @Test
    void theSessionIdInTheUrlAloneKeepsTheCartWhenCookiesAreRefused() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            Matcher link = SESSION_IN_LINK.matcher(get(shop.baseUrl()).body());
            assertThat(link.find()).isTrue();
            String id = link.group(1);
            String root = shop.baseUrl().replace("/shop/", "");
            HttpResponse<String> added = get(root + "/shop/cart/add;jsessionid=" + id + "?workingItemId=EST-1");
            assertThat(added.headers().firstValue("Set-Cookie")).as("same session, no new cookie").isEmpty();
            assertThat(get(root + "/shop/cart;jsessionid=" + id).body()).contains("EST-1").contains("Proceed to Checkout");
            assertThat(get(root + "/shop/cart").body()).as("a new session without the id").contains("Your cart is empty.");
        }
    }

    @Test
    void withoutCookiesTheShopSetsNoneAndIgnoresOneSent() throws Exception {
        try (ClassicJavaShop shop = ClassicJavaShop.withoutCookies()) {
            HttpResponse<String> first = get(shop.baseUrl());
            assertThat(first.headers().firstValue("Set-Cookie")).isEmpty();
            Matcher link = SESSION_IN_LINK.matcher(first.body());
            assertThat(link.find()).isTrue();
            String root = shop.baseUrl().replace("/shop/", "");
            get(root + "/shop/cart/add;jsessionid=" + link.group(1) + "?workingItemId=EST-1");
            HttpResponse<String> byCookie = noCookies.send(HttpRequest.newBuilder(URI.create(root + "/shop/cart"))
                    .header("Cookie", "JSESSIONID=" + link.group(1)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(byCookie.body()).contains("Your cart is empty.");
            assertThat(get(root + "/shop/cart;jsessionid=" + link.group(1)).body()).contains("EST-1");
        }
    }

    @Test
    void theOrderFormRefusesABodyWithoutTheContinueButtonAndTheOrderIsPlacedOnlyOnConfirm() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop(5)) {
            String root = shop.baseUrl().replace("/shop/", "");
            Matcher link = SESSION_IN_LINK.matcher(get(shop.baseUrl()).body());
            assertThat(link.find()).isTrue();
            String anon = link.group(1);
            String form = get(root + "/shop/account/signonForm;jsessionid=" + anon).body();
            Matcher source = Pattern.compile("name=\"_sourcePage\" value=\"([^\"]+)\"").matcher(form);
            assertThat(source.find()).isTrue();
            assertThat(post(root + "/shop/account/signon;jsessionid=" + anon, "username=j2ee&password=wrong&_sourcePage="
                    + source.group(1)).body()).contains("Signon failed");
            HttpResponse<String> signedOn = post(root + "/shop/account/signon;jsessionid=" + anon,
                    "username=j2ee&password=" + ClassicJavaShop.PASSWORD + "&_sourcePage=" + source.group(1));
            assertThat(signedOn.statusCode()).isEqualTo(302);
            String location = signedOn.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith("/shop/catalog;jsessionid=").doesNotContain(anon);
            String id = location.substring(location.indexOf('=') + 1);

            get(root + "/shop/cart/add;jsessionid=" + id + "?workingItemId=EST-1");
            String order = root + "/shop/order/new;jsessionid=" + id;
            assertThat(post(order, "order.creditCard=1").body()).contains("Please press Continue");
            String confirmPage = post(order, "order.creditCard=1&newOrder=Continue").body();
            assertThat(confirmPage).contains("press Confirm");
            assertThat(shop.ordersPlaced()).isZero();
            Matcher token = Pattern.compile("name=\"orderToken\" value=\"([^\"]+)\"").matcher(confirmPage);
            assertThat(token.find()).isTrue();
            String done = post(root + "/shop/order/confirm;jsessionid=" + id, "orderToken=" + token.group(1) + "&confirmed=Confirm").body();

            assertThat(done).containsPattern("Thank you, your order #1001 has been submitted\\.");
            assertThat(shop.ordersPlaced()).isEqualTo(1);
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).containsExactly("1001");
            assertThat(shop.stockOf("EST-1")).isEqualTo(4);
            assertThat(get(root + "/shop/account/orders;jsessionid=" + id).body()).contains("My Orders").contains("1001");
            assertThat(shop.accessLog()).anyMatch(l -> l.contains("\"POST /shop/order/confirm;jsessionid=" + id + " HTTP/1.1\" 200"));
        }
    }
}
