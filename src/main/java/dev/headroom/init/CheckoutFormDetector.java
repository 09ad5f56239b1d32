package dev.headroom.init;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A checkout form: a form with a card field ({@code cardNumber}, {@code creditCard}, {@code cvc},
 * {@code expiry}...) or at least two address fields ({@code address}, {@code city}, {@code
 * postcode}, {@code country}...), and no password field.
 */
final class CheckoutFormDetector {
    static final Pattern CARD = Pattern.compile("(?i)card|\\bcc|cvc|cvv|expir|pan\\b");
    static final Pattern ADDRESS = Pattern.compile("(?i)address|addr|street|city|zip|post(al)?code|country|state|first.?name|last.?name|phone");

    Optional<FormInfo> find(Document page, String url) {
        for (Element form : page.select("form")) {
            if (!form.select("input[type=password]").isEmpty()) {
                continue;
            }
            List<String> names = Forms.visibleFields(form).stream().map(Forms::nameOf).toList();
            long card = names.stream().filter(n -> CARD.matcher(n).find()).count();
            long address = names.stream().filter(n -> ADDRESS.matcher(n).find()).count();
            if (card >= 1 || address >= 2) {
                return Optional.of(Forms.info(page, form, names, null, url));
            }
        }
        return Optional.empty();
    }
}
