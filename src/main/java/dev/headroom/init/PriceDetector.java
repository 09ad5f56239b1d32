package dev.headroom.init;

import java.util.List;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Prices on a page: elements whose own text is an amount with a currency ({@code $12.50}, {@code
 * 12,50 €}, {@code GBP 9.99}), or that are marked as one ({@code itemprop=price}, a class or id
 * with "price" and a number).
 */
final class PriceDetector {
    static final Pattern AMOUNT = Pattern.compile(
            "^\\s*(?:[$€£¥]|USD|EUR|GBP|CHF)\\s?\\d[\\d.,]*\\s*$|^\\s*\\d[\\d.,]*\\s?(?:[$€£¥]|USD|EUR|GBP|CHF|kr)\\s*$");

    List<Element> find(Document page) {
        return page.body() == null ? List.of() : page.body().select("*").stream().filter(PriceDetector::isPrice).toList();
    }

    static boolean isPrice(Element e) {
        if (AMOUNT.matcher(e.ownText()).find()) {
            return true;
        }
        String marked = e.attr("itemprop") + " " + e.id() + " " + e.className();
        return marked.toLowerCase(java.util.Locale.ROOT).contains("price") && e.ownText().matches(".*\\d.*");
    }

    /** A regex (one group) for amounts written as {@code text} is, by its currency: {@code (\$\s?\d[\d.,]*)}. */
    static java.util.Optional<String> currencyPattern(String text) {
        java.util.regex.Matcher m = Pattern.compile("([$€£¥]|USD|EUR|GBP|CHF|kr)").matcher(text);
        if (!m.find()) {
            return java.util.Optional.empty();
        }
        String symbol = m.group(1).equals("$") ? "\\$" : m.group(1);
        return java.util.Optional.of(text.strip().startsWith(m.group(1))
                ? "(" + symbol + "\\s?\\d[\\d.,]*)" : "(\\d[\\d.,]*\\s?" + symbol + ")");
    }
}
