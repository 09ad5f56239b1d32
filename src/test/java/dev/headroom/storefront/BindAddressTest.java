package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shop's --bind address: checked for form without a DNS query, then resolved once at start and bound exactly. */
class BindAddressTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "[::1]", "::", "localhost", "shop-1.example.test", "localhost."})
    void anIpAddressOrAWellFormedHostNameIsAccepted(String address) {
        assertThatCode(() -> Storefront.builder().bind(address)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense..host", "256.1.1.1", "1.2.3", "-shop", "shop-", "a b", "", "::zz", "http://127.0.0.1"})
    void anythingElseIsRefusedNamingTheAddress(String address) {
        assertThatThrownBy(() -> Storefront.builder().bind(address)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + address + "' is neither an IP address nor a valid host name");
    }

    @Test
    void anAddressOfAnotherMachineIsRefusedBeforeAnythingStarts() {
        // 192.0.2.0/24 is reserved for documentation: no machine has it.
        assertThatThrownBy(() -> Storefront.builder().bind("192.0.2.1").port(0).products(10).build().start())
                .isInstanceOf(BindAddressException.class).hasMessage("'192.0.2.1' is not an address of this machine");
    }

    @Test
    void aHostNameIsResolvedOnceAndTheShopListensOnWhatItResolvedTo() {
        try (RunningStorefront shop = Storefront.builder().bind("localhost").port(0).products(10).build().start()) {
            assertThat(shop.boundAddress().getAddress().isLoopbackAddress()).isTrue();
            assertThat(shop.boundAddress().getPort()).isEqualTo(shop.port()).isPositive();
        }
    }
}
