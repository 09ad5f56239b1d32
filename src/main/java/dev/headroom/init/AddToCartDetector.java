package dev.headroom.init;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An add-to-cart control: a form whose action, id, class or submit button says "add to cart"
 * (basket, bag; {@code cart/add}, {@code addItem...}), or a link that does (a classic shop's GET
 * {@code addItemToCart.do?workingItemId=...}).
 */
final class AddToCartDetector {
    static final Pattern WORDS = Pattern.compile(
            "(?i)add[-_ ]?(?:to[-_ ]?)?(?:cart|basket|bag)|add[-_]?item|(?:cart|basket|bag)/add|buy[-_ ]?now");

    Optional<AddToCart> find(Document page, String url) {
        for (Element form : page.select("form")) {
            String said = form.attr("action") + " " + form.id() + " " + form.className() + " "
                    + form.select("button, input[type=submit]").eachAttr("value") + " " + form.select("button").text();
            if (WORDS.matcher(said).find()) {
                return Optional.of(new AddToCart(Forms.info(page, form, Forms.visibleFields(form).stream().map(Forms::nameOf).toList(),
                        null, url), null, null));
            }
        }
        for (Element a : page.select("a[href]")) {
            if (WORDS.matcher(a.attr("href")).find() || WORDS.matcher(a.text()).find()) {
                String selector = a.classNames().stream().filter(Selectors::cssSafe).findFirst().map(c -> "a." + c)
                        .filter(s -> Selectors.select(page, s).stream().allMatch(e -> WORDS.matcher(e.attr("href") + " " + e.text()).find()))
                        .orElse("a[href*='" + Selectors.quote(tail(a.attr("href"))) + "']");
                return Optional.of(new AddToCart(null, selector, UrlShapes.strip(a.absUrl("href"))));
            }
        }
        return Optional.empty();
    }

    /** The last two segments of a link's path, without session ids or query: {@code cart/add}. */
    static String tail(String href) {
        String path = href.replaceAll("[?#].*", "").replaceAll(";[^/]*", "").replaceAll("/+$", "");
        String[] segments = path.split("/");
        return segments.length >= 2 && !segments[segments.length - 2].isEmpty()
                ? segments[segments.length - 2] + "/" + segments[segments.length - 1] : segments[segments.length - 1];
    }
}
