package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.model.RouteClassifier;
import dev.headroom.report.Status;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom init} on a classic Java shop: context path, ;jsessionid= everywhere, GET add-to-cart links. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InitClassicJavaShopTest {
    static ClassicJavaShop shop;

    @TempDir
    static Path dir;

    static InitResult result;

    @BeforeAll
    static void init() {
        shop = new ClassicJavaShop();
        result = InitChecks.init(shop.baseUrl(), dir);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void theSurveyStaysUnderTheContextPathAndFindsThePageKinds() {
        ShopSurvey s = result.survey();
        assertThat(s.target()).endsWith("/shop/");
        assertThat(s.found().keySet()).contains(PageKind.HOME, PageKind.LISTING, PageKind.PRODUCT, PageKind.SEARCH,
                PageKind.CART, PageKind.SIGN_IN);
        assertThat(s.crawled().keySet()).allMatch(u -> u.startsWith(shop.baseUrl())).noneMatch(u -> u.contains("jsessionid"));
        assertThat(s.found().get(PageKind.LISTING).examples()).allMatch(u -> u.contains("/catalog/categories/"));
        assertThat(s.searchForm().orElseThrow().fields()).containsExactly("keyword");
    }

    @Test
    void theSignOnFormAndTheAddToCartLinkAreFound() {
        FormInfo signOn = result.survey().signInForm().orElseThrow();
        assertThat(signOn.fields()).containsExactly("username", "password");
        assertThat(signOn.method()).isEqualTo("POST");
        assertThat(signOn.action()).endsWith("/account/signon").doesNotContain("jsessionid");
        assertThat(signOn.hidden()).contains("_sourcePage");
        AddToCart add = result.survey().addToCart().orElseThrow();
        assertThat(add.isLink()).isTrue();
        assertThat(add.linkUrl()).contains("cart/add?workingItemId=");
    }

    @Test
    void theGeneratedBrowseAndSearchJourneysPassWhenRunAgainstTheShop() {
        assertThat(result.runs()).extracting(InitResult.JourneyRun::file).containsExactly("browse.yaml", "search.yaml");
        assertThat(result.runs()).allMatch(InitResult.JourneyRun::passed);
        for (String file : new String[] {"browse.yaml", "search.yaml"}) {
            assertThat(InitChecks.runAgain(dir.resolve(file), shop.baseUrl()).status()).as(file).isEqualTo(Status.PASSED);
        }
    }

    @Test
    void theBrowseJourneyAssertsThePriceByItsCurrencyWhereNoSelectorOfItsOwnHolds() throws IOException {
        assertThat(Files.readString(dir.resolve("browse.yaml"))).contains("value: {regex: \"(\\\\$\\\\s?\\\\d[\\\\d.,]*)\"");
        assertThat(result.survey().unknowns()).noneMatch(u -> u.contains("price"));
    }

    @Test
    void theRouteClassifierPutsEveryCrawledPageInItsClassJsessionidOrNot() {
        InitChecks.classifierPutsEveryCrawledPageInItsClass(result, dir.resolve("routes.yaml"));
    }

    @Test
    void theRouteClassifierReadsTheShopsOwnAccessLogPaths() {
        RouteClassifier classifier = RouteClassifier.load(dir.resolve("routes.yaml"));
        String category = shop.accessLog().stream().map(l -> l.split(" ")[6]).filter(p -> p.contains("/catalog/categories/"))
                .filter(p -> p.contains(";jsessionid=")).findFirst().orElse(shop.baseUrl().replaceAll("^http://[^/]+", "")
                        + "catalog/categories/FISH;jsessionid=ABC");
        assertThat(classifier.name(classifier.classify(category.replaceAll("\\?.*", "")))).isEqualTo("category");
    }

    @Test
    void theCheckoutSkeletonNamesTheSignOnFormAndTheAddToCartLink() throws IOException {
        String text = Files.readString(dir.resolve("checkout.yaml"));
        assertThat(text).contains("form[action*='account/signon']").contains("\"username\": \"${email}\"")
                .contains("\"password\": \"${password}\"").contains("button: \"Login\"    # sends signon=Login")
                .contains("follow: {selector: \"a[href*='cart/add']\"}");
        assertThat(text.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("#"));
    }

    @Test
    void theShopFileJourneysBindToLoadJourneys() throws IOException {
        InitChecks.shopFileSectionsAreTheCommandsConfigs(dir.resolve("headroom.yaml"));
        assertThat(InitChecks.yaml(dir.resolve("headroom.yaml")).path("target").asText()).isEqualTo(shop.baseUrl());
    }

    @Test
    void withATestAccountInitReadsTheOrderFormAndItsNamedButtonAndOrdersNothing(@TempDir Path other) throws IOException {
        InitResult signedIn = ShopInit.run(InitOptions.of(shop.baseUrl()).withRate(50)
                .withSignIn(new SignIn(ClassicJavaShop.USER, ClassicJavaShop.PASSWORD)), other, false,
                new java.io.PrintWriter(InitChecks.PROGRESS, true));

        FormInfo order = signedIn.survey().checkoutForm().orElseThrow();
        assertThat(order.page()).endsWith("/shop/order/new").doesNotContain("jsessionid");
        assertThat(order.fields()).contains("order.creditCard", "order.expiryDate");
        assertThat(order.submits()).containsExactly("newOrder=Continue");
        assertThat(signedIn.survey().unknowns()).noneMatch(u -> u.startsWith("no checkout form"));
        String text = Files.readString(other.resolve("checkout.yaml"));
        assertThat(text).contains("\"order.creditCard\": \"${card_number}\"").contains("button: \"Continue\"    # sends newOrder=Continue")
                .contains("request: {url: \"/order/new\"}");
        assertThat(text.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("#"));
        assertThat(shop.ordersPlaced()).isZero();
        assertThat(shop.stockOf("EST-1")).isEqualTo(ClassicJavaShop.DEFAULT_STOCK);
    }
}
