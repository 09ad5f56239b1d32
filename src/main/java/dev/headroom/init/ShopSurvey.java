package dev.headroom.init;

import dev.headroom.model.RouteClassifier;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code headroom init} worked out about a shop from a bounded crawl: the kinds of page it found
 * (each with the rule that told it and example URLs), the forms a journey needs, selectors that hold on
 * every page of a kind, route rules, and, as plainly, what it could not work out.
 *
 * @param target the shop's base URL (its context path kept: {@code http://host/shop/})
 * @param found the kinds of page found, in {@link PageKind} order
 * @param crawled every HTML page the crawl reached (session ids stripped) with its kind, null if none fits
 * @param searchForm the search form, if one was found
 * @param signInForm the sign-in form, if one was found
 * @param addToCart the add-to-cart form or link of product pages, if one was found
 * @param checkoutForm the checkout form (card or address fields), if one was seen
 * @param selectors selectors derived from the pages, by role (see {@link Selector}); a role is absent when
 *     no selector held on every page of its kind
 * @param searchTerm a term taken from a real product name whose search results link to products, or empty
 * @param searchTermSource where the term comes from, for a comment ({@code "Brass Lamp" at URL})
 * @param routes the route rules for {@code routes.yaml}, static assets first
 * @param excludes regexes of links a crawl should not follow (sign-out, cart removal, add-to-cart links)
 * @param unknowns what could not be worked out, one sentence each
 * @param notes other things worth saying (the crawl was cut at its page cap...)
 */
public record ShopSurvey(
        String target,
        Map<PageKind, Found> found,
        Map<String, PageKind> crawled,
        Optional<FormInfo> searchForm,
        Optional<FormInfo> signInForm,
        Optional<AddToCart> addToCart,
        Optional<FormInfo> checkoutForm,
        Map<Selector, String> selectors,
        String searchTerm,
        String searchTermSource,
        List<RouteClassifier.Rule> routes,
        List<String> excludes,
        List<String> unknowns,
        List<String> notes) {

    public ShopSurvey {
        found = Map.copyOf(found);
        crawled = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(crawled));
        selectors = Map.copyOf(selectors);
        routes = List.copyOf(routes);
        excludes = List.copyOf(excludes);
        unknowns = List.copyOf(unknowns);
        notes = List.copyOf(notes);
    }

    /** Whether a kind of page was found. */
    public boolean has(PageKind kind) {
        return found.containsKey(kind);
    }

    /** A derived selector, if one held. */
    public Optional<String> selector(Selector role) {
        return Optional.ofNullable(selectors.get(role));
    }

    /**
     * One kind of page found.
     *
     * @param kind the kind
     * @param why the rule that told it, for people ({@code a price and an add-to-cart form or link})
     * @param examples up to three URLs of such pages (evidence)
     * @param count how many crawled pages are of this kind
     */
    public record Found(PageKind kind, String why, List<String> examples, int count) {
        public Found {
            examples = List.copyOf(examples);
        }
    }

    /** The roles of the selectors a survey derives. */
    public enum Selector {
        /** On the home page: links to listing pages. */
        LISTING_LINK,
        /** On every listing page (the home page if there is none): links to product pages. */
        PRODUCT_LINK,
        /** On every product page: the price. */
        PRICE,
        /** On every product page: the product's name. */
        PRODUCT_NAME,
        /** On the search results page: links to product pages. */
        SEARCH_RESULT_LINK,
        /**
         * Not a selector but a regex on the page, for a shop whose prices have no selector of their own (a
         * table cell): an amount in the shop's currency, found on every product page ({@code (\$\d[\d.,]*)}).
         */
        PRICE_TEXT
    }
}
