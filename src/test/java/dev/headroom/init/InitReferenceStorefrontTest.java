package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.config.ConfigException;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.report.Status;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom init} on the reference storefront, as if it knew nothing of it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InitReferenceStorefrontTest {
    @ShopUnderTest
    static RunningStorefront shop;

    @TempDir
    static Path dir;

    static InitResult result;

    @BeforeAll
    static void init() {
        result = InitChecks.init(shop.baseUrl() + "/", dir);
    }

    @Test
    void theSurveyFindsEveryKindOfPageAnAnonymousVisitorCanReach() {
        ShopSurvey s = result.survey();
        assertThat(s.found().keySet()).contains(PageKind.HOME, PageKind.LISTING, PageKind.PRODUCT, PageKind.SEARCH, PageKind.SIGN_IN);
        assertThat(s.found().get(PageKind.PRODUCT).examples()).allMatch(u -> u.matches(".*/product/\\d+$"));
        assertThat(s.found().get(PageKind.LISTING).examples()).allMatch(u -> u.contains("/category/"));
        assertThat(s.searchForm().orElseThrow().fields()).containsExactly("q");
        assertThat(s.signInForm().orElseThrow().fields()).containsExactly("email", "password");
        assertThat(s.addToCart().orElseThrow().isLink()).isFalse();
        assertThat(s.found().get(PageKind.CART).examples()).as("robots.txt keeps the crawl out; the link is seen")
                .containsExactly(shop.baseUrl() + "/cart");
    }

    @Test
    void theGeneratedBrowseAndSearchJourneysPassedWhenInitRanThemAndPassAgain() {
        assertThat(result.runs()).allMatch(InitResult.JourneyRun::passed);
        assertThat(result.runs()).extracting(InitResult.JourneyRun::file).containsExactly("browse.yaml", "search.yaml");
        for (String file : new String[] {"browse.yaml", "search.yaml"}) {
            assertThat(InitChecks.runAgain(dir.resolve(file), shop.baseUrl()).status()).as(file).isEqualTo(Status.PASSED);
        }
    }

    @Test
    void theBrowseJourneyGoesHomeToAListingToAProductWithSelectorsFromThePages() throws IOException {
        String browse = Files.readString(dir.resolve("browse.yaml"));
        assertThat(browse).contains("follow: {selector: \"nav.categories a\"}").contains("open a product").contains("#price");
        assertThat(JourneyLoader.load(dir.resolve("browse.yaml")).steps()).hasSize(3);
    }

    @Test
    void theRouteClassifierPutsEveryCrawledPageInItsClass() {
        InitChecks.classifierPutsEveryCrawledPageInItsClass(result, dir.resolve("routes.yaml"));
    }

    @Test
    void theCheckoutSkeletonNamesTheFormsItFoundAndCannotRunAsItIs() throws IOException {
        Path checkout = dir.resolve("checkout.yaml");
        String text = Files.readString(checkout);
        assertThat(text).contains("request: {url: \"/signin\"}").contains("form.signin").contains("\"email\": \"${email}\"").contains("\"password\": \"${password}\"")
                .contains("form.add-to-cart").contains("{env: HEADROOM_SHOP_PASSWORD}").contains("TODO");
        assertThat(text.lines().filter(l -> !l.isBlank())).allMatch(l -> l.startsWith("#"));
        assertThatThrownBy(() -> JourneyLoader.load(checkout)).isInstanceOf(ConfigException.class);
    }

    @Test
    void theShopFileNamesTheTargetThePassingJourneysAndTheClassifier() throws IOException {
        JsonNode shopFile = InitChecks.yaml(dir.resolve("headroom.yaml"));
        assertThat(shopFile.path("target").asText()).isEqualTo(shop.baseUrl() + "/");
        assertThat(shopFile.has("allowlist")).as("loopback needs no allowlist").isFalse();
        assertThat(shopFile.path("journeys")).extracting(j -> j.path("journey").asText()).containsExactly("browse.yaml", "search.yaml");
        assertThat(shopFile.path("monitor").path("checks").get(0).path("probe").asText()).isEqualTo("/");
        assertThat(shopFile.path("crawl").path("exclude").toString()).contains("sign-?out");
        InitChecks.shopFileSectionsAreTheCommandsConfigs(dir.resolve("headroom.yaml"));
    }

    @Test
    void aSecondInitIntoTheSameFolderRefusesToOverwriteWithoutForce() {
        assertThatThrownBy(() -> InitChecks.init(shop.baseUrl() + "/", dir))
                .isInstanceOfSatisfying(InitException.class, e -> assertThat(e.reason()).isEqualTo(InitException.Reason.FILES_EXIST))
                .hasMessageContaining("headroom.yaml").hasMessageContaining("--force");
    }

    @Test
    void withATestAccountInitReadsTheCheckoutFormBehindSignInAndLeavesTheCartEmpty(@TempDir Path other) throws IOException {
        InitResult signedIn = ShopInit.run(InitOptions.of(shop.baseUrl() + "/").withRate(50)
                .withSignIn(new SignIn("shopper3@example.test", "shop-secret")), other, false,
                new java.io.PrintWriter(InitChecks.PROGRESS, true));

        FormInfo checkout = signedIn.survey().checkoutForm().orElseThrow();
        assertThat(checkout.selector()).isEqualTo("form.checkout");
        assertThat(checkout.fields()).contains("cardNumber", "address", "postcode");
        assertThat(checkout.hidden()).contains("_csrf");
        assertThat(Files.readString(other.resolve("checkout.yaml"))).contains("\"cardNumber\": \"${card_number}\"")
                .contains("form: \"form.checkout\"");
        try (dev.headroom.http.HttpChecker checker = dev.headroom.http.HttpChecker.builder().build()) {
            dev.headroom.http.CheckSession session = checker.newSession();
            org.jsoup.nodes.Document signInPage = dev.headroom.http.HtmlForm.parse(session.execute(
                    dev.headroom.http.CheckRequest.get(shop.baseUrl() + "/signin")));
            session.execute(dev.headroom.http.HtmlForm.find(signInPage, "form.signin").orElseThrow()
                    .set("email", "shopper3@example.test").set("password", "shop-secret").toRequest());
            String cart = session.execute(dev.headroom.http.CheckRequest.get(shop.baseUrl() + "/cart")).bodyText();
            assertThat(cart).as("the cart init filled is empty again").doesNotContain("cart-line");
        }
    }
}
