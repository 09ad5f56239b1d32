package dev.headroom.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checkout form's rules, without a shop: what a customer may type and what each mistake is called. */
class CheckoutFormTest {

    @Test
    void aCompleteFormWithTheTestCardHasNoErrors() {
        assertThat(CheckoutForm.validate(form(Map.of()))).isEmpty();
    }

    @Test
    void theDeclinedCardIsAWellFormedNumberSoItIsRefusedAtPaymentNotInTheForm() {
        assertThat(CheckoutForm.validate(form(Map.of("cardNumber", CheckoutForm.DECLINED_CARD)))).isEmpty();
    }

    @Test
    void aCardNumberFailingTheLuhnCheckOrWithLettersIsNotACardNumber() {
        assertThat(CheckoutForm.validate(form(Map.of("cardNumber", "4242 4242 4242 4241"))))
                .containsExactly(Map.entry("cardNumber", "Enter a valid card number"));
        assertThat(CheckoutForm.validate(form(Map.of("cardNumber", "4242x4242 4242 4242"))))
                .containsOnlyKeys("cardNumber");
    }

    @Test
    void anExpiredCardIsToldApartFromAnExpiryThatIsNotADate() {
        assertThat(CheckoutForm.validate(form(Map.of("expiry", "01/20")))).containsEntry("expiry", "This card has expired");
        assertThat(CheckoutForm.validate(form(Map.of("expiry", "13/30")))).containsEntry("expiry", "Enter the expiry date as MM/YY");
        assertThat(CheckoutForm.validate(form(Map.of("expiry", "12 / 2099")))).isEmpty();
    }

    @Test
    void blankAndOverlongFieldsAreNamedInPageOrder() {
        Map<String, String> errors = CheckoutForm.validate(form(Map.of("name", "", "city", "x".repeat(101), "cvc", "12")));

        assertThat(errors).containsExactly(Map.entry("name", "Enter your name"),
                Map.entry("city", "Use at most 100 characters"), Map.entry("cvc", "Enter the 3 or 4 digit security code"));
    }

    private static Map<String, String> form(Map<String, String> overrides) {
        Map<String, String> v = new HashMap<>(Map.of("name", "Ada Shopper", "address", "1 Test Street", "city", "Testville",
                "postcode", "TE5 7AA", "country", "Testland", "cardNumber", "4242 4242 4242 4242", "expiry", "12/99",
                "cvc", "123"));
        v.putAll(overrides);
        return v;
    }
}
