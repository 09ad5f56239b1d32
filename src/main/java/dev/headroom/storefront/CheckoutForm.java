package dev.headroom.storefront;

import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** The checkout form: its fields in page order, and the rules that turn what was typed into field errors. */
final class CheckoutForm {
    private static final Pattern POSTCODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 -]{1,9}");
    private static final Pattern CVC = Pattern.compile("\\d{3,4}");
    private static final Pattern EXPIRY = Pattern.compile("(\\d{1,2})\\s*/\\s*(\\d{2}|\\d{4})");
    static final String APPROVED_CARD = "4242424242424242";
    static final String DECLINED_CARD = "4000000000000002";

    private CheckoutForm() {
    }

    enum Field {
        NAME("name", "Full name", "name"),
        ADDRESS("address", "Address", "street-address"),
        CITY("city", "City", "address-level2"),
        POSTCODE("postcode", "Postcode", "postal-code"),
        COUNTRY("country", "Country", "country-name"),
        CARD("cardNumber", "Card number", "cc-number"),
        EXPIRY("expiry", "Expiry (MM/YY)", "cc-exp"),
        CVC("cvc", "CVC", "cc-csc");

        final String param;
        final String label;
        final String autocomplete;

        Field(String param, String label, String autocomplete) {
            this.param = param;
            this.label = label;
            this.autocomplete = autocomplete;
        }
    }

    /**
     * The field errors for the submitted values (one per field, in page order), empty when the form
     * may be placed.
     *
     * @param v every {@link Field}'s value, stripped, by its {@code param}
     */
    static Map<String, String> validate(Map<String, String> v) {
        Map<String, String> errors = new LinkedHashMap<>();
        required(errors, v, "name", "Enter your name", 100);
        required(errors, v, "address", "Enter your address", 200);
        required(errors, v, "city", "Enter your city", 100);
        required(errors, v, "country", "Enter your country", 100);
        if (!POSTCODE.matcher(v.get("postcode")).matches()) {
            errors.put("postcode", "Enter a valid postcode");
        }
        String card = digits(v.get("cardNumber"));
        if (!v.get("cardNumber").matches("[0-9 -]+") || card.length() < 12 || card.length() > 19 || !luhn(card)) {
            errors.put("cardNumber", "Enter a valid card number");
        }
        var expiry = EXPIRY.matcher(v.get("expiry"));
        if (!expiry.matches()) {
            errors.put("expiry", "Enter the expiry date as MM/YY");
        } else {
            int month = Integer.parseInt(expiry.group(1));
            int year = Integer.parseInt(expiry.group(2));
            year = year < 100 ? 2000 + year : year;
            if (month < 1 || month > 12) {
                errors.put("expiry", "Enter the expiry date as MM/YY");
            } else if (YearMonth.of(year, month).isBefore(YearMonth.now())) {
                errors.put("expiry", "This card has expired");
            }
        }
        if (!CVC.matcher(v.get("cvc")).matches()) {
            errors.put("cvc", "Enter the 3 or 4 digit security code");
        }
        return errors;
    }

    /** The card number's digits, without the spaces and dashes a customer may type. */
    static String digits(String s) {
        return s.replaceAll("[^0-9]", "");
    }

    private static void required(Map<String, String> errors, Map<String, String> v, String field, String message, int max) {
        String value = v.get(field);
        if (value.isEmpty()) {
            errors.put(field, message);
        } else if (value.length() > max) {
            errors.put(field, "Use at most " + max + " characters");
        }
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        boolean dbl = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (dbl) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }
}
