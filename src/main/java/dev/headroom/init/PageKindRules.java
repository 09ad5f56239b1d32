package dev.headroom.init;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rule table that tells a page's kind from what the detectors saw on it: ordered, the first rule
 * that holds wins, as in {@link dev.headroom.model.RouteClassifier}. A page no rule fits has no kind
 * (an about page, a policy page).
 */
final class PageKindRules {
    static final Pattern CART_PATH = Pattern.compile("(?i)(cart|basket|bag)(?!.*add)");

    /** What the detectors saw on one page. */
    record Facts(String url, boolean start, boolean searchResults, Optional<FormInfo> signIn, Optional<FormInfo> checkout,
            Optional<AddToCart> addToCart, boolean price, int productLinks, boolean repeated) {
        boolean cartPath() {
            String last = Selectors.lastSegment(url);
            return CART_PATH.matcher(UrlShapes.path(url)).find() && !AddToCartDetector.WORDS.matcher(url).find()
                    && !last.isEmpty();
        }
    }

    /** One row: pages for which {@code test} holds are {@code kind}; {@code why} says so to people. */
    record Rule(PageKind kind, String why, Predicate<Facts> test) {
    }

    static final List<Rule> RULES = List.of(
            new Rule(PageKind.HOME, "the URL init started from", Facts::start),
            new Rule(PageKind.SEARCH, "the page the search form submits to", Facts::searchResults),
            new Rule(PageKind.CHECKOUT, "a form with card or address fields", f -> f.checkout().isPresent()),
            new Rule(PageKind.SIGN_IN, "a form with one password field", f -> f.signIn().isPresent()
                    && f.addToCart().isEmpty() && f.productLinks() < 3),
            new Rule(PageKind.CART, "a path naming the cart, basket or bag", Facts::cartPath),
            new Rule(PageKind.PRODUCT, "a price and an add-to-cart form or link", f -> f.price() && f.addToCart().isPresent()),
            new Rule(PageKind.LISTING, "links to three or more product pages, or to one or more from a page of a repeated URL shape",
                    f -> f.productLinks() >= 3 || f.productLinks() >= 1 && f.repeated()));

    private PageKindRules() {
    }

    /** The first rule that holds for these facts, if any. */
    static Optional<Rule> match(Facts facts) {
        return RULES.stream().filter(r -> r.test().test(facts)).findFirst();
    }

    static String why(PageKind kind) {
        return RULES.stream().filter(r -> r.kind() == kind).findFirst().map(Rule::why).orElse("");
    }
}
