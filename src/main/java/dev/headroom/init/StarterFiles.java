package dev.headroom.init;

import dev.headroom.model.RouteClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The texts of the files {@code headroom init} writes, from a {@link ShopSurvey}: YAML with comments,
 * every derived value saying where it came from, and what could not be worked out said where it
 * matters. Pure functions: nothing here reads or writes files or the network.
 */
final class StarterFiles {
    static final String SHOP_FILE = "headroom.yaml";
    static final String BROWSE = "browse.yaml";
    static final String SEARCH = "search.yaml";
    static final String CHECKOUT = "checkout.yaml";
    static final String ROUTES = "routes.yaml";
    static final List<String> ALL = List.of(SHOP_FILE, BROWSE, SEARCH, CHECKOUT, ROUTES);

    private StarterFiles() {
    }

    /** The browse journey (home, a listing, a product) with the assertions derived from the pages. */
    static String browse(ShopSurvey s) {
        return browse(s, "");
    }

    /**
     * The browse journey without the product page's derived assertions, its follows alone checking the
     * way; {@code why} says in a comment why they were left out.
     */
    static String browseWithoutProductAssertions(ShopSurvey s, String why) {
        return browse(s, why);
    }

    private static String browse(ShopSurvey s, String withoutAssertionsBecause) {
        boolean productAssertions = withoutAssertionsBecause.isEmpty();
        StringBuilder y = new StringBuilder();
        y.append("# A visitor browses: the home page, a listing, a product. Read-only: it buys nothing.\n");
        y.append("# Written by `headroom init ").append(s.target()).append("`; its selectors come from the pages the crawl saw\n");
        y.append("# and hold on every listing and product page read (").append(examples(s)).append(").\n");
        y.append("#   ./headroom journey run browse.yaml --target ").append(s.target()).append('\n');
        s.unknowns().stream().filter(u -> u.contains("browse.yaml")).forEach(u -> y.append("# NOTE: ").append(u).append('\n'));
        if (!productAssertions) {
            y.append("# NOTE: the product page's assertions init derived failed when it ran them (").append(withoutAssertionsBecause.replaceAll("\\s+", " "))
                    .append("), so they are left out\n");
        }
        y.append("name: browse\n");
        y.append("description: The home page, a listing and a product, as a visitor browses.\n\n");
        y.append("defaults:\n  timeout: 10s\n  budget: {degraded: 2s, failed: 8s}\n\n");
        y.append("steps:\n");
        y.append("  - name: home page\n    request: {url: /}\n");
        Optional<String> listingLink = s.selector(ShopSurvey.Selector.LISTING_LINK);
        Optional<String> productLink = s.selector(ShopSurvey.Selector.PRODUCT_LINK);
        boolean listing = s.has(PageKind.LISTING) && listingLink.isPresent();
        if (listing) {
            y.append("    assert:\n      - selector: ").append(q(listingLink.get())).append('\n');
            y.append("\n  - name: open a listing\n    follow: {selector: ").append(q(listingLink.get())).append("}\n");
        }
        if (productLink.isPresent() && s.has(PageKind.PRODUCT)) {
            y.append("    assert:\n      - count: {selector: ").append(q(productLink.get())).append(", min: 1}\n");
            y.append("\n  - name: open a product\n    follow: {selector: ").append(q(productLink.get())).append("}\n");
            List<String> asserts = new ArrayList<>();
            s.selector(ShopSurvey.Selector.PRODUCT_NAME).ifPresent(n -> asserts.add("selector: " + q(n)));
            s.selector(ShopSurvey.Selector.PRICE).ifPresent(p -> asserts.add("selector: " + q(p)));
            if (s.selector(ShopSurvey.Selector.PRICE).isEmpty()) {
                s.selector(ShopSurvey.Selector.PRICE_TEXT).ifPresent(re -> asserts.add("value: {regex: " + q(re) + ", matches: "
                        + q("\\d") + "}    # a price (no selector of its own holds on every product page)"));
            }
            if (!asserts.isEmpty() && productAssertions) {
                y.append("    assert:\n");
                asserts.forEach(a -> y.append("      - ").append(a).append('\n'));
            }
        }
        return y.toString();
    }

    /** The search journey, or empty when there is no search form or no term whose results link to products. */
    static Optional<String> search(ShopSurvey s) {
        if (s.searchForm().isEmpty() || s.searchTerm().isEmpty() || s.selector(ShopSurvey.Selector.SEARCH_RESULT_LINK).isEmpty()) {
            return Optional.empty();
        }
        FormInfo form = s.searchForm().get();
        String results = s.selector(ShopSurvey.Selector.SEARCH_RESULT_LINK).get();
        StringBuilder y = new StringBuilder();
        y.append("# A visitor searches with the search form and finds products.\n");
        y.append("# Written by `headroom init ").append(s.target()).append("`: the form ").append(form.selector())
                .append(" (field ").append(form.fields().get(0)).append(") on ").append(form.page()).append(",\n");
        y.append("# the term from a real product name (").append(s.searchTermSource()).append(").\n");
        y.append("#   ./headroom journey run search.yaml --target ").append(s.target()).append(" [--var term=WORD]\n");
        y.append("name: search\n");
        y.append("description: Search for a word of a real product name; the results link to product pages.\n\n");
        y.append("variables:\n  term: ").append(q(s.searchTerm())).append('\n').append('\n');
        y.append("defaults:\n  timeout: 10s\n  budget: {degraded: 2s, failed: 8s}\n\n");
        y.append("steps:\n");
        y.append("  - name: open the page with the search form\n    request: {url: ").append(q(relative(s.target(), form.page()))).append("}\n");
        y.append("    assert:\n      - selector: ").append(q(form.selector())).append('\n');
        y.append("\n  - name: search\n    submit:\n      form: ").append(q(form.selector())).append('\n');
        y.append("      fields: {").append(q(form.fields().get(0))).append(": \"${term}\"}\n");
        y.append("    assert:\n      - count: {selector: ").append(q(results)).append(", min: 1}\n");
        return Optional.of(y.toString());
    }

    /** The checkout skeleton: every line commented out, naming the forms and fields found, TODOs for the rest. */
    static String checkout(ShopSurvey s) {
        StringBuilder y = new StringBuilder();
        y.append("# checkout.yaml: a SKELETON, not runnable until you fill it in and uncomment it.\n");
        y.append("# Written by `headroom init ").append(s.target()).append("` from the forms it found; it places no order itself.\n");
        y.append("# A journey that buys must use a test account and a test card, and cancel what it orders\n");
        y.append("# (see monitors/checkout.yaml for a whole one: sign in, add to cart, check out, cancel).\n");
        y.append("# Secrets come from the environment, never from this file:\n");
        y.append("#   HEADROOM_SHOP_PASSWORD  the test account's password\n#   HEADROOM_SHOP_CARD      the test card number\n");
        y.append("#   ./headroom journey run checkout.yaml --target ").append(s.target()).append('\n');
        for (String u : s.unknowns()) {
            if (u.contains("skeleton")) {
                y.append("# NOT FOUND: ").append(u).append('\n');
            }
        }
        y.append("#\n");
        y.append("# name: checkout\n# description: Sign in, add a product to the cart, place the order, cancel it.\n#\n");
        y.append("# variables:\n#   email: TODO-your-test-account@example.test\n#\n");
        y.append("# secrets:\n#   password: {env: HEADROOM_SHOP_PASSWORD}\n#   card_number: {env: HEADROOM_SHOP_CARD}\n#\n");
        y.append("# steps:\n");
        if (s.signInForm().isPresent()) {
            FormInfo f = s.signInForm().get();
            y.append("#   - name: open the sign-in page\n#     request: {url: ").append(q(relative(s.target(), f.page()))).append("}\n");
            y.append("#     assert:\n#       - selector: ").append(q(f.selector())).append('\n');
            y.append("#   - name: sign in    # ").append(f.method()).append(' ').append(f.action().isEmpty() ? "(this page)" : f.action())
                    .append(hidden(f)).append('\n');
            y.append("#     submit:\n#       form: ").append(q(f.selector())).append('\n');
            y.append("#       fields: {");
            String user = SignInFormDetector.userField(f);
            if (!user.isEmpty()) {
                y.append(q(user)).append(": \"${email}\", ");
            }
            y.append(q(SignInFormDetector.passwordField(f))).append(": \"${password}\"").append("}\n");
            button(y, f);
            y.append("#     assert:\n#       - no-selector: ").append(q(f.selector()))
                    .append("    # TODO: something only a signed-in page shows (a sign-out link)\n");
        } else {
            y.append("#   # TODO: sign in, if the shop needs it to check out (no sign-in form was found)\n");
        }
        y.append("#   - name: open the home page\n#     request: {url: /}\n");
        s.selector(ShopSurvey.Selector.LISTING_LINK).ifPresent(l -> y.append("#   - name: open a listing\n#     follow: {selector: ")
                .append(q(l)).append("}\n"));
        s.selector(ShopSurvey.Selector.PRODUCT_LINK).ifPresent(p -> y.append("#   - name: open a product\n#     follow: {selector: ")
                .append(q(p)).append("}    # TODO: one in stock\n"));
        if (s.addToCart().isPresent()) {
            AddToCart a = s.addToCart().get();
            if (a.isLink()) {
                y.append("#   - name: add to cart    # a GET link, e.g. ").append(a.linkUrl()).append('\n');
                y.append("#     follow: {selector: ").append(q(a.linkSelector())).append("}\n");
            } else {
                FormInfo f = a.form();
                y.append("#   - name: add to cart    # ").append(f.method()).append(' ').append(f.action()).append(hidden(f)).append('\n');
                y.append("#     submit:\n#       form: ").append(q(f.selector())).append('\n');
                y.append("#       fields: {").append(fieldsTodo(f.fields(), "1")).append("}\n");
                button(y, f);
            }
            y.append("#     assert:\n#       - selector: \"TODO: a line of the cart\"\n");
        } else {
            y.append("#   # TODO: add a product to the cart (no add-to-cart form or link was found)\n");
        }
        if (s.has(PageKind.CART)) {
            y.append("#   - name: open the cart\n#     request: {url: ")
                    .append(q(relative(s.target(), s.found().get(PageKind.CART).examples().get(0)))).append("}\n");
        } else {
            y.append("#   # TODO: open the cart (no cart page was found)\n");
        }
        if (s.checkoutForm().isPresent()) {
            FormInfo f = s.checkoutForm().get();
            y.append("#   - name: open checkout\n#     request: {url: ").append(q(relative(s.target(), f.page()))).append("}\n");
            y.append("#   - name: place the order    # ").append(f.method()).append(' ').append(f.action()).append(hidden(f)).append('\n');
            y.append("#     submit:\n#       form: ").append(q(f.selector())).append('\n');
            y.append("#       fields:\n");
            for (String field : f.fields()) {
                boolean card = CheckoutFormDetector.CARD.matcher(field).find()
                        && !field.matches("(?i).*(type|expir|cvc|cvv|name|holder|month|year).*");
                y.append("#         ").append(q(field)).append(": ").append(card ? "\"${card_number}\"" : "TODO").append('\n');
            }
            button(y, f);
            y.append("#     extract:\n#       order_number: {css: \"TODO: the order number on the confirmation\"}\n");
        } else {
            y.append("#   # TODO: open checkout and place the order (no checkout form was seen): submit its form with the\n");
            y.append("#   #   address fields, card_number: \"${card_number}\", and any named order button (name: value)\n");
            y.append("#   #   extract: {order_number: {css: \"TODO\"}}\n");
        }
        y.append("#   # TODO: cancel the order (always: true, if: {defined: order_number}) so stock is as it was\n");
        return y.toString();
    }

    /** The route classifier for {@code ./headroom model --classifier routes.yaml}. */
    static String routes(ShopSurvey s) {
        StringBuilder y = new StringBuilder();
        y.append("# Route classes of ").append(s.target()).append(" for `./headroom model --classifier routes.yaml`,\n");
        y.append("# written by `headroom init` from the URLs its crawl found. Ordered: the first matching rule wins\n");
        y.append("# (Java regex, searched on the path without query string); `(;[^/]*)?` keeps ;jsessionid=... paths in.\n");
        y.append("# A path no rule matches is `other`; `static` is counted apart from the page mix.\n");
        s.notes().stream().filter(n -> n.contains("classify as")).forEach(n -> y.append("# NOTE: ").append(n).append('\n'));
        y.append("classes:\n");
        for (RouteClassifier.Rule r : s.routes()) {
            PageKind kind = kindOf(r.className());
            y.append("  - class: ").append(r.className());
            if (kind != null && s.has(kind)) {
                y.append("    # e.g. ").append(s.found().get(kind).examples().get(0));
            }
            y.append("\n    pattern: ").append(sq(r.pattern())).append('\n');
        }
        y.append("keepDefaults: false\n");
        return y.toString();
    }

    /**
     * The shop file: target, allowlist, the journeys (those that passed), crawl, monitor, load and model
     * sections. {@code passed} names the journey files that passed when init ran them.
     */
    static String shopFile(ShopSurvey s, List<String> passed, List<String> leftOut) {
        HttpUrl target = HttpUrl.get(s.target());
        StringBuilder y = new StringBuilder();
        y.append("# The shop file of ").append(target.host()).append(", written by `headroom init ").append(s.target()).append("`.\n");
        y.append("#   ./headroom monitor --config headroom.yaml --once\n");
        y.append("#   ./headroom load --config headroom.yaml --multiplier 5\n");
        y.append("# What init could not work out (fill these in by hand):\n");
        if (s.unknowns().isEmpty() && leftOut.isEmpty()) {
            y.append("#   nothing\n");
        }
        s.unknowns().forEach(u -> y.append("#   - ").append(u).append('\n'));
        leftOut.forEach(u -> y.append("#   - ").append(u).append('\n'));
        y.append("shop: ").append(q(shopName(target.host()))).append("    # the shop's name, from its host (a label value)\n\n");
        y.append("target: ").append(q(s.target())).append("\n\n");
        if (!isLoopback(target.host())) {
            y.append("# Hosts Headroom may send requests to; nothing else is ever requested.\n");
            y.append("allowlist: [").append(q(target.host())).append("]\n\n");
        }
        y.append("# The journeys of the load mix; each is also a monitor check. Their files passed when init ran them.\n");
        y.append("journeys:\n");
        boolean browse = passed.contains(BROWSE);
        boolean search = passed.contains(SEARCH);
        if (browse) {
            y.append("  - name: browse\n    journey: ").append(BROWSE).append("\n    share: ").append(search ? "0.7" : "1.0")
                    .append("\n    routeClasses: ").append(classes(s, PageKind.HOME, PageKind.LISTING, PageKind.PRODUCT)).append('\n');
        }
        if (search) {
            y.append("  - name: search\n    journey: ").append(SEARCH).append("\n    share: ").append(browse ? "0.3" : "1.0")
                    .append("\n    routeClasses: ").append(classes(s, PageKind.SEARCH)).append('\n');
        }
        if (!browse && !search) {
            y.append("  []    # TODO: no generated journey passed; write one (README: journey run)\n");
        }
        y.append("  # TODO: fill in checkout.yaml (a skeleton), then add it here to place orders under load:\n");
        y.append("  # - name: checkout\n  #   journey: ").append(CHECKOUT).append("\n  #   share: 0.05\n  #   routeClasses: ")
                .append(classes(s, PageKind.CART, PageKind.CHECKOUT, PageKind.SIGN_IN)).append('\n');
        y.append("\n# The link crawler (`./headroom crawl` options, kebab-case): links that change a session are not followed.\n");
        y.append("crawl:\n  max-pages: 5000\n  max-time: 5m\n  exclude:\n");
        s.excludes().forEach(e -> y.append("    - ").append(sq(e)).append('\n'));
        y.append("\n# The monitor: every journey above is a check too; add probes and crawls here.\n");
        y.append("monitor:\n  port: 9470\n  defaults:\n    interval: 1m\n    timeout: 60s\n    failuresBeforeDown: 2\n");
        y.append("  checks:\n    - name: home\n      probe: /\n      interval: 30s\n");
        y.append("\n# The load test, a sketch (simulations/load.example.yaml lists every field). TODO: your real peak,\n");
        y.append("# or `--model model.yaml` from `./headroom model --classifier routes.yaml` on your access logs.\n");
        y.append("load:\n  profile:\n    peakRps: 5\n    thinkTime: 3s\n  stages:\n    multipliers: [1, 5, 10]\n    ramp: 30s\n    hold: 1m\n");
        y.append("  slos:\n    - group: all\n      p95: 800ms\n      errorRate: 0.01\n");
        y.append("  abort:\n    window: 10s\n    after: 30s\n");
        y.append("\n# The traffic model's route classes (home, category, product... as found by init).\n");
        y.append("model:\n  classifier: ").append(ROUTES).append('\n');
        return y.toString();
    }

    private static String classes(ShopSurvey s, PageKind... kinds) {
        List<String> out = new ArrayList<>();
        for (PageKind k : kinds) {
            if (s.has(k)) {
                out.add(k.routeClass());
            }
        }
        return "[" + String.join(", ", out) + "]";
    }

    /** A shop name from a host: lower case letters, digits, '.', '_' and '-' ({@code shop.example.com}). */
    static String shopName(String host) {
        String name = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]+", "-").replaceAll("^[^a-z0-9]+", "");
        name = name.length() > 63 ? name.substring(0, 63) : name;
        return name.isEmpty() ? "shop" : name;
    }

    static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    private static PageKind kindOf(String routeClass) {
        for (PageKind k : PageKind.values()) {
            if (k.routeClass().equals(routeClass)) {
                return k;
            }
        }
        return null;
    }

    private static String examples(ShopSurvey s) {
        List<String> out = new ArrayList<>();
        for (PageKind k : List.of(PageKind.LISTING, PageKind.PRODUCT)) {
            if (s.has(k)) {
                out.add(s.found().get(k).count() + " " + k.label() + "s, e.g. " + s.found().get(k).examples().get(0));
            }
        }
        return out.isEmpty() ? "none found" : String.join("; ", out);
    }

    private static String hidden(FormInfo f) {
        return f.hidden().isEmpty() ? "" : "; hidden fields kept as the page has them: " + String.join(", ", f.hidden());
    }

    /** The form's named submit button, clicked by label ({@code button: "Continue"} sends {@code newOrder=Continue}). */
    private static void button(StringBuilder y, FormInfo f) {
        if (f.submits().isEmpty()) {
            return;
        }
        String[] kv = f.submits().get(0).split("=", 2);
        y.append("#       button: ").append(q(kv[1].isEmpty() ? kv[0] : kv[1])).append("    # sends ").append(f.submits().get(0));
        if (f.submits().size() > 1) {
            y.append("; its other buttons: ").append(String.join(", ", f.submits().subList(1, f.submits().size())));
        }
        y.append('\n');
    }

    private static String fieldsTodo(List<String> fields, String quantity) {
        List<String> out = new ArrayList<>();
        for (String f : fields) {
            out.add(q(f) + ": " + (f.toLowerCase(Locale.ROOT).matches(".*(qty|quantity).*") ? q(quantity) : "TODO"));
        }
        return String.join(", ", out);
    }

    /** A path under the target for a journey's {@code request: {url}}, or the URL itself on another origin. */
    static String relative(String target, String url) {
        HttpUrl t = HttpUrl.get(target);
        HttpUrl u = HttpUrl.parse(url);
        if (u == null || !u.host().equals(t.host()) || u.port() != t.port()) {
            return url;
        }
        String root = t.encodedPath().replaceAll("/+$", "");
        String path = UrlShapes.path(url);
        String rest = path.startsWith(root) ? path.substring(root.length()) : path;
        String query = u.encodedQuery();
        String rel = (rest.isEmpty() ? "/" : rest) + (query == null ? "" : "?" + query);
        return rel.replaceAll("(?i)[?&]jsessionid=[^&]*", "");
    }

    /** A YAML double-quoted scalar. */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A YAML single-quoted scalar (regexes: backslashes stay as they are). */
    static String sq(String s) {
        return "'" + s.replace("'", "''") + "'";
    }
}
