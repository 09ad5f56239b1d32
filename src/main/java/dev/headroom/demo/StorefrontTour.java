package dev.headroom.demo;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.CheckSession;
import dev.headroom.http.HtmlForm;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A customer's walk through the reference storefront, one {@link CheckCase} per step: browse,
 * search, sign in, buy with the test card, read the order status, change the order and cancel it
 * (so the walk leaves no stock behind). A step that later steps depend on stops the walk when it
 * fails; the steps after it are reported as skipped, never silently dropped.
 */
final class StorefrontTour {
    static final String SUITE = "storefront-tour";
    /** A step slower than this passes as DEGRADED. */
    static final Duration SLOW_STEP = Duration.ofSeconds(1);

    private final CheckSession session;
    private final String baseUrl;
    private final String email;
    private final String password;
    private final List<CheckCase> cases = new ArrayList<>();
    private final Consumer<CheckCase> progress;
    private final Duration stepTimeout;
    private String blockedBy;

    private String productUrl;
    private String productName;
    private String orderUrl;

    StorefrontTour(CheckSession session, String baseUrl, String email, String password, Duration stepTimeout,
            Consumer<CheckCase> progress) {
        this.session = session;
        this.stepTimeout = stepTimeout;
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.email = email;
        this.password = password;
        this.progress = progress;
    }

    /** Walks every step once and returns what each one found. */
    List<CheckCase> walk() {
        step("home page", true, () -> get("/"), page -> {
            Document doc = HtmlForm.parse(page);
            return doc.selectFirst("a[href^=/category/]") == null ? "no category links on the home page" : null;
        });
        step("category listing", true, () -> get(firstLink("/", "a[href^=/category/]")), page ->
                HtmlForm.parse(page).selectFirst("a[href^=/product/]") == null ? "no products listed" : null);
        step("product page", true, this::openProductInStock, page -> {
            Document doc = HtmlForm.parse(page);
            Element name = doc.getElementById("product-name");
            if (name == null || doc.getElementById("add-to-cart") == null) {
                return "no product name or add-to-cart button";
            }
            productName = name.text();
            return null;
        });
        step("search", false, () -> get("/search?q=" + urlEncode(productName.split(" ")[0])), page ->
                HtmlForm.parse(page).select("a[href=" + path(productUrl) + "]").isEmpty()
                        ? "searching for '" + productName.split(" ")[0] + "' did not list " + path(productUrl) : null);
        step("robots.txt", false, () -> get("/robots.txt"),
                page -> page.bodyText().contains("Sitemap:") ? null : "no Sitemap line");
        step("sitemap.xml", false, () -> get("/sitemap.xml"),
                page -> page.bodyText().contains(path(productUrl)) ? null : "product missing from the sitemap");
        step("health", false, () -> get("/health"),
                page -> page.bodyText().contains("\"UP\"") ? null : "health is not UP: " + excerpt(page));
        step("metrics", false, () -> get("/metrics"), page ->
                page.bodyText().contains("http_server_requests_seconds") ? null : "no request latency histogram");
        step("sign in", true, () -> submit(get("/signin"), "form.signin",
                Map.of("email", email, "password", password)), page ->
                HtmlForm.parse(page).selectFirst("form[action=/signout]") == null ? "not signed in after submitting the form" : null);
        step("add to cart", true, () -> submit(get(productUrl), "form.add-to-cart", Map.of("qty", "1")), page ->
                HtmlForm.parse(page).select("tr.cart-line").isEmpty() ? "the cart is empty after adding" : null);
        step("checkout", true, () -> submit(get("/checkout"), "form.checkout", Map.of(
                "name", "Demo Shopper", "address", "1 Loopback Lane", "city", "Localhost",
                "postcode", "LO1 1HR", "country", "United Kingdom",
                "cardNumber", "4242 4242 4242 4242", "expiry", "12/30", "cvc", "123")), page -> {
                    Element number = HtmlForm.parse(page).getElementById("order-number");
                    if (number == null) {
                        return "no order number on the confirmation page";
                    }
                    orderUrl = page.url();
                    return null;
                });
        step("order status", true, () -> get(orderUrl), page -> orderStatusIs(page, "paid"));
        step("change order quantity", false, () -> {
            CheckResult order = get(orderUrl);
            Map<String, String> twoOfEach = HtmlForm.find(order, "form.change").map(form -> form.fields().keySet().stream()
                    .filter(k -> k.startsWith("qty_")).collect(java.util.stream.Collectors.toMap(k -> k, k -> "2")))
                    .orElse(Map.of());
            return submit(order, "form.change", twoOfEach);
        }, page -> {
            Element qty = HtmlForm.parse(page).selectFirst("form.change input[name^=qty_]");
            return qty != null && "2".equals(qty.val()) ? null : "the quantity did not change to 2";
        });
        step("cancel order", false, () -> submit(get(orderUrl), "form.cancel", Map.of()),
                page -> orderStatusIs(page, "cancelled"));
        return List.copyOf(cases);
    }

    private CheckResult openProductInStock() {
        Document listing = HtmlForm.parse(get(firstLink("/", "a[href^=/category/]")));
        CheckResult last = null;
        for (Element link : listing.select("a[href^=/product/]")) {
            last = get(link.absUrl("href"));
            Document page = HtmlForm.parse(last);
            Element stock = page.getElementById("stock-status");
            // "Only N left" products would refuse the quantity change later on.
            if (stock != null && stock.text().equalsIgnoreCase("In stock")) {
                productUrl = last.url();
                return last;
            }
        }
        if (last == null) {
            throw new TourException("the category page links to no product");
        }
        throw new TourException("no product on the first category page is in stock");
    }

    private static String orderStatusIs(CheckResult page, String expected) {
        Element status = HtmlForm.parse(page).getElementById("order-status");
        if (status == null) {
            return "no order status on the page";
        }
        return status.text().equalsIgnoreCase(expected) ? null
                : "order status is '" + status.text() + "', expected '" + expected + "'";
    }

    /**
     * Runs one step. {@code check} returns null when the page is right, else what is wrong. A
     * failed {@code essential} step skips every step after it.
     */
    private void step(String name, boolean essential, java.util.function.Supplier<CheckResult> request,
            Function<CheckResult, String> check) {
        CheckCase.Builder c = CheckCase.builder(SUITE, name);
        if (blockedBy != null) {
            record(c.status(Status.SKIPPED).message("skipped: '" + blockedBy + "' failed").build());
            return;
        }
        CheckResult result;
        try {
            result = request.get();
        } catch (TourException e) {
            record(c.status(Status.FAILED).message(e.getMessage()).build());
            block(name, essential);
            return;
        }
        c.duration(result.timings().total()).attribute("url", result.url()).attribute("status", result.statusCode());
        String problem;
        if (!result.reachable()) {
            problem = "no response: " + result.failure() + " " + result.failureMessage();
        } else if (!result.isSuccessful()) {
            problem = "HTTP " + result.statusCode() + " from " + result.url();
        } else {
            problem = check.apply(result);
        }
        if (problem != null) {
            record(c.status(Status.FAILED).message(problem).details(excerpt(result)).build());
            block(name, essential);
        } else if (result.timings().total().compareTo(SLOW_STEP) > 0) {
            record(c.status(Status.DEGRADED).message("slower than " + SLOW_STEP.toMillis() + " ms").build());
        } else {
            record(c.status(Status.PASSED).build());
        }
    }

    private void record(CheckCase c) {
        cases.add(c);
        progress.accept(c);
    }

    private void block(String step, boolean essential) {
        if (essential) {
            blockedBy = step;
        }
    }

    private CheckResult get(String pathOrUrl) {
        return session.execute(CheckRequest.builder().baseUrl(baseUrl).url(pathOrUrl).timeout(stepTimeout).build());
    }

    private CheckResult submit(CheckResult page, String formSelector, Map<String, String> values) {
        if (!page.isSuccessful()) {
            return page;
        }
        Optional<HtmlForm> form = HtmlForm.find(page, formSelector);
        if (form.isEmpty()) {
            throw new TourException("no form '" + formSelector + "' on " + page.url());
        }
        return session.execute(form.get().set(values).toRequest().toBuilder().timeout(stepTimeout).build());
    }

    private String firstLink(String pagePath, String selector) {
        CheckResult page = get(pagePath);
        Element link = HtmlForm.parse(page).selectFirst(selector);
        if (link == null) {
            throw new TourException("no link matching '" + selector + "' on " + page.url());
        }
        return link.absUrl("href");
    }

    private static String path(String url) {
        return okhttp3.HttpUrl.get(url).encodedPath();
    }

    private static String urlEncode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String excerpt(CheckResult page) {
        String text = page.reachable() ? HtmlForm.parse(page).text() : "";
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    /** A step could not even be attempted (a link or form the walk needs is missing). */
    private static final class TourException extends RuntimeException {
        TourException(String message) {
            super(message);
        }
    }
}
