package dev.headroom.init;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.CheckSession;
import dev.headroom.http.HtmlForm;
import dev.headroom.http.HttpChecker;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * With a test account ({@link SignIn}), the look behind sign-in that an anonymous crawl cannot take:
 * sign in through the sign-in form found, add one product to the cart, follow the cart's checkout link
 * and read the checkout form (its fields and named buttons). It submits nothing on the checkout page,
 * and removes what it put in the cart afterwards.
 */
final class CheckoutLook {
    static final Pattern CHECKOUT_LINK = Pattern.compile("(?i)check[-_ ]?out|proceed|new[-_ ]?order|order/new|place[-_ ]?order");
    static final Pattern REMOVE = Pattern.compile("(?i)remove|delete");

    private final HttpChecker checker;
    private final PrintWriter progress;
    private final long pauseMs;

    CheckoutLook(HttpChecker checker, PrintWriter progress, double rate) {
        this.checker = checker;
        this.progress = progress;
        this.pauseMs = (long) Math.ceil(1000 / rate);
    }

    /** The survey with the checkout form found behind sign-in, or as it was with why not among its unknowns. */
    ShopSurvey look(ShopSurvey s, SignIn account) {
        List<String> unknowns = new ArrayList<>(s.unknowns());
        unknowns.removeIf(u -> u.startsWith("no checkout form seen"));
        String why;
        try {
            Optional<FormInfo> form = find(s, account);
            if (form.isPresent()) {
                return new ShopSurvey(s.target(), s.found(), s.crawled(), s.searchForm(), s.signInForm(), s.addToCart(),
                        form, s.selectors(), s.searchTerm(), s.searchTermSource(), s.routes(), s.excludes(), unknowns, s.notes());
            }
            why = "no form with card or address fields behind the cart's checkout link";
        } catch (Failed e) {
            why = e.getMessage();
        }
        unknowns.add("no checkout form seen after signing in as " + account.user() + " (" + why
                + "): the checkout skeleton's order step is a TODO");
        return new ShopSurvey(s.target(), s.found(), s.crawled(), s.searchForm(), s.signInForm(), s.addToCart(),
                s.checkoutForm(), s.selectors(), s.searchTerm(), s.searchTermSource(), s.routes(), s.excludes(), unknowns, s.notes());
    }

    private Optional<FormInfo> find(ShopSurvey s, SignIn account) {
        FormInfo signIn = s.signInForm().orElseThrow(() -> new Failed("no sign-in form was found"));
        if (!s.has(PageKind.PRODUCT)) {
            throw new Failed("no product page was found");
        }
        progress.printf("init: signing in as %s to look at the checkout form (it submits nothing there)%n", account.user());
        progress.flush();
        CheckSession session = checker.newSession();
        Document page = get(session, signIn.page());
        HtmlForm form = form(page, signIn.selector()).orElseThrow(() -> new Failed("the sign-in form is gone from " + signIn.page()));
        String user = SignInFormDetector.userField(signIn);
        if (!user.isEmpty()) {
            form = form.set(user, account.user());
        }
        Document after = send(session, form.set(SignInFormDetector.passwordField(signIn), account.password()).toRequest());
        if (Selectors.select(after, "input[type=password]").size() > 0 && form(after, signIn.selector()).isPresent()) {
            throw new Failed("signing in did not work: the sign-in form came back");
        }
        Document cart = null;
        List<String> products = s.found().get(PageKind.PRODUCT).examples();
        for (String product : products) {
            Document d = get(session, product);
            Optional<AddToCart> add = new AddToCartDetector().find(d, product);
            if (add.isEmpty()) {
                continue;
            }
            if (add.get().isLink()) {
                Element link = d.selectFirst(add.get().linkSelector());
                cart = link == null ? null : get(session, link.absUrl("href"));
            } else {
                cart = form(d, add.get().form().selector()).map(f -> send(session, f.toRequest())).orElse(null);
            }
            if (cart != null) {
                break;
            }
        }
        if (cart == null) {
            throw new Failed("no product could be added to the cart");
        }
        try {
            Optional<Element> checkoutLink = checkoutLink(cart);
            if (checkoutLink.isEmpty() && s.has(PageKind.CART)) {
                cart = get(session, s.found().get(PageKind.CART).examples().get(0));
                checkoutLink = checkoutLink(cart);
            }
            if (checkoutLink.isEmpty()) {
                throw new Failed("no checkout link on the cart page");
            }
            Document checkout = get(session, checkoutLink.get().absUrl("href"));
            String at = UrlShapes.strip(checkout.location());
            return new CheckoutFormDetector().find(checkout, at);
        } finally {
            empty(session, s);
        }
    }

    /** Removes the cart's lines again (remove forms and links, at most five). */
    private void empty(CheckSession session, ShopSurvey s) {
        if (!s.has(PageKind.CART)) {
            return;
        }
        try {
            for (int i = 0; i < 5; i++) {
                Document cart = get(session, s.found().get(PageKind.CART).examples().get(0));
                Optional<HtmlForm> remove = cart.select("form").stream().filter(f -> REMOVE.matcher(f.attr("action") + " " + f.className()
                        + " " + f.text()).find()).filter(FormElement.class::isInstance).map(f -> HtmlForm.of((FormElement) f)).findFirst();
                if (remove.isPresent()) {
                    send(session, remove.get().toRequest());
                    continue;
                }
                Optional<Element> link = cart.select("a[href]").stream().filter(a -> REMOVE.matcher(a.attr("href") + " " + a.text()).find())
                        .findFirst();
                if (link.isEmpty()) {
                    return;
                }
                get(session, link.get().absUrl("href"));
            }
        } catch (Failed e) {
            progress.printf("init: could not empty the cart again: %s%n", e.getMessage());
            progress.flush();
        }
    }

    private static Optional<Element> checkoutLink(Document page) {
        return page.select("a[href]").stream().filter(a -> CHECKOUT_LINK.matcher(a.attr("href") + " " + a.text()).find()).findFirst();
    }

    private static Optional<HtmlForm> form(Document page, String selector) {
        Element e = page.selectFirst(selector);
        return e instanceof FormElement fe ? Optional.of(HtmlForm.of(fe)) : Optional.empty();
    }

    private Document get(CheckSession session, String url) {
        return send(session, CheckRequest.get(url));
    }

    private Document send(CheckSession session, CheckRequest request) {
        try {
            Thread.sleep(pauseMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("interrupted");
        }
        CheckResult r = session.execute(request);
        if (!r.isSuccessful()) {
            throw new Failed(request.method() + " " + UrlShapes.strip(request.url()) + " answered "
                    + (r.statusCode() == 0 ? r.failureSummary() : String.valueOf(r.statusCode())));
        }
        return Jsoup.parse(r.bodyText(), r.url());
    }

    /** Why the look behind sign-in stopped. */
    private static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message, null, false, false);
        }
    }
}
