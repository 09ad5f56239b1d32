package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The fixture itself: the options reach the shop, faults never outlive a test, a test's own shop dies with it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StorefrontExtensionTest {
    @ShopUnderTest(products = 30, instance = "fixture", adminToken = "fixture-token", faults = "slow-route=search:10")
    static RunningStorefront shop;

    private static String ownShopOfAnEarlierTest;

    @Test
    @Order(1)
    void theClassShopIsStartedOnAFreeLoopbackPortWithTheAnnotatedOptions() {
        assertThat(shop.baseUrl()).startsWith("http://127.0.0.1:").doesNotEndWith(":8080");
        assertThat(shop.instance()).isEqualTo("fixture");
        assertThat(shop.adminToken()).isEqualTo("fixture-token");
        assertThat(shop.options().products()).isEqualTo(30);
        assertThat(shop.activeFaults()).containsEntry(Fault.SLOW_ROUTE, "search:10");
        shop.faults().set(Fault.ERROR_RATE, "1");
    }

    @Test
    @Order(2)
    void faultsSwitchedOnInOneTestAreOffInTheNext() {
        assertThat(shop.activeFaults()).isEmpty();
    }

    @Test
    @Order(3)
    void aTestCanHaveAShopOfItsOwnBesideTheClassShop(@ShopUnderTest(products = 10, faults = "error-leak") RunningStorefront own) {
        assertThat(own.port()).isNotEqualTo(shop.port());
        assertThat(own.activeFaults()).containsOnlyKeys(Fault.ERROR_LEAK);
        assertThat(new Browser(own.baseUrl()).get("/health").status()).isEqualTo(200);
        ownShopOfAnEarlierTest = own.baseUrl();
    }

    @Test
    @Order(4)
    void aTestsOwnShopIsClosedWhenTheTestEnds() {
        assertThat(ownShopOfAnEarlierTest).isNotNull();
        assertThatThrownBy(() -> new Browser(ownShopOfAnEarlierTest).getRaw("/health"))
                .isInstanceOfAny(IOException.class, UncheckedIOException.class);
    }
}
