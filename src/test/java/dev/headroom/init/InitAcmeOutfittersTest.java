package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.journey.AcmeOutfitters;
import dev.headroom.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom init} on the second test shop, which shows an anonymous visitor only a home page and
 * a login form: init writes what it can and says what it could not work out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InitAcmeOutfittersTest {
    static AcmeOutfitters shop;

    @TempDir
    static Path dir;

    static InitResult result;

    @BeforeAll
    static void init() {
        shop = new AcmeOutfitters();
        result = InitChecks.init(shop.baseUrl() + "/", dir);
    }

    @AfterAll
    static void stop() {
        shop.close();
    }

    @Test
    void theSurveyFindsTheHomePageAndTheLoginFormAndNoProducts() {
        ShopSurvey s = result.survey();
        assertThat(s.found().keySet()).contains(PageKind.HOME, PageKind.SIGN_IN).doesNotContain(PageKind.PRODUCT, PageKind.SEARCH);
        FormInfo login = s.signInForm().orElseThrow();
        assertThat(login.selector()).isEqualTo("form#login");
        assertThat(login.fields()).containsExactly("user[login]", "user[secret]");
        assertThat(login.hidden()).containsExactly("authenticity_token");
    }

    @Test
    void whatItCouldNotWorkOutIsSaidAndSearchIsNotWritten() throws IOException {
        assertThat(result.survey().unknowns()).anyMatch(u -> u.startsWith("no search form found"))
                .anyMatch(u -> u.startsWith("no product page found"));
        assertThat(dir.resolve("search.yaml")).doesNotExist();
        assertThat(Files.readString(dir.resolve("headroom.yaml"))).contains("no search form found");
    }

    @Test
    void theBrowseJourneyItCouldWriteIsTheHomePageAndPasses() {
        assertThat(result.runs()).extracting(InitResult.JourneyRun::file).containsExactly("browse.yaml");
        assertThat(InitChecks.runAgain(dir.resolve("browse.yaml"), shop.baseUrl()).status()).isEqualTo(Status.PASSED);
    }

    @Test
    void theCheckoutSkeletonSignsInThroughTheLoginForm() throws IOException {
        String text = Files.readString(dir.resolve("checkout.yaml"));
        assertThat(text).contains("form: \"form#login\"").contains("\"user[login]\": \"${email}\"")
                .contains("\"user[secret]\": \"${password}\"").contains("authenticity_token");
    }

    @Test
    void theRouteClassifierPutsEveryCrawledPageInItsClass() {
        InitChecks.classifierPutsEveryCrawledPageInItsClass(result, dir.resolve("routes.yaml"));
    }

    @Test
    void theShopFileSectionsAreTheCommandsConfigs() throws IOException {
        InitChecks.shopFileSectionsAreTheCommandsConfigs(dir.resolve("headroom.yaml"));
    }
}
