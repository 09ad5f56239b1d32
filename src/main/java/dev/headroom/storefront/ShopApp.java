package dev.headroom.storefront;

import dev.headroom.storefront.Catalogue.Category;
import dev.headroom.storefront.Catalogue.Product;
import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The shop's web layer: routes, page models, CSRF, error pages and the faults that act on requests. */
final class ShopApp {
    private static final Logger log = LoggerFactory.getLogger(ShopApp.class);
    static final String INSTANCE_HEADER = "X-Headroom-Instance";
    private static final String VISITOR = "headroom.visitor";
    private static final String ERROR_RENDERED = "headroom.errorRendered";
    private static final String ABORTED = "headroom.aborted";
    /**
     * How long a request waits under {@link Fault#HARD_DOWN} before its connection is dropped: 60 s,
     * longer than typical client timeouts. Not final only so a test can see the drop without waiting.
     */
    static volatile long hardDownHangMillis = 60_000;

    private final String instance;
    private final Catalogue catalogue;
    private final Sessions sessions;
    private final Carts carts;
    private final Orders orders;
    private final FaultSettings faults;
    private final HttpMetrics metrics;
    private final Views views;
    private final Assets assets;
    private final Executor slowWorkers;
    private final List<Map<String, Object>> categoryModels;
    private final Map<String, String> sitemaps = new ConcurrentHashMap<>();
    final Javalin app;

    ShopApp(String instance, Catalogue catalogue, Sessions sessions, Carts carts, Orders orders, FaultSettings faults,
            HttpMetrics metrics, Views views, Assets assets, Executor slowWorkers) {
        this.instance = instance;
        this.catalogue = catalogue;
        this.sessions = sessions;
        this.carts = carts;
        this.orders = orders;
        this.faults = faults;
        this.metrics = metrics;
        this.views = views;
        this.assets = assets;
        this.slowWorkers = slowWorkers;
        List<Map<String, Object>> cats = new ArrayList<>();
        for (Category c : catalogue.categories()) {
            cats.add(Map.of("slug", c.slug(), "name", c.name(), "count", c.productCount()));
        }
        this.categoryModels = List.copyOf(cats);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.router.ignoreTrailingSlashes = true;
            config.requestLogger.http((ctx, ms) -> {
                if (ctx.attribute(ABORTED) == null) {
                    metrics.record(ctx, ms);
                }
            });
        });
        routes();
    }

    private void routes() {
        app.before(this::hardDown);
        app.before(ctx -> ctx.header(INSTANCE_HEADER, instance));

        app.get("/", this::home);
        app.get("/category/{slug}", this::category);
        app.get("/product/{id}", this::product);
        app.get("/search", slow("search", this::search));
        app.get("/cart", this::cart);
        app.post("/cart/add", this::cartAdd);
        app.post("/cart/update", this::cartUpdate);
        app.post("/cart/remove", this::cartRemove);
        app.get("/signin", this::signInForm);
        app.post("/signin", this::signIn);
        app.post("/signout", this::signOut);
        app.get("/checkout", slow("checkout", unreliable(this::checkoutForm)));
        app.post("/checkout", slow("checkout", unreliable(this::checkout)));
        app.get("/orders", this::orderList);
        app.get("/orders/{number}", this::order);
        app.post("/orders/{number}/change", this::orderChange);
        app.post("/orders/{number}/cancel", this::orderCancel);

        app.get("/robots.txt", ctx -> ctx.contentType("text/plain; charset=utf-8").result(Assets.robots(baseUrl(ctx))));
        app.get("/sitemap.xml", ctx -> ctx.contentType("application/xml; charset=utf-8")
                .result(sitemaps.size() > 8 ? buildSitemap(ctx) : sitemaps.computeIfAbsent(baseUrl(ctx), b -> buildSitemap(ctx))));
        getAndHead("/static/style.css", ctx -> asset(ctx, "text/css; charset=utf-8", assets.styleCss));
        getAndHead("/static/hero-pattern.svg", ctx -> asset(ctx, "image/svg+xml", assets.heroPattern));
        getAndHead("/images/logo.svg", ctx -> asset(ctx, "image/svg+xml", assets.logo));
        getAndHead("/favicon.svg", ctx -> asset(ctx, "image/svg+xml", assets.faviconSvg));
        getAndHead("/favicon.ico", ctx -> asset(ctx, "image/x-icon", assets.faviconIco));
        getAndHead("/images/product/{id}.svg", ctx -> {
            int id = intOrNotFound(ctx.pathParam("id"));
            if (id < 1 || id > catalogue.productCount()) {
                throw ShopException.notFound();
            }
            String svg = Assets.productSvg(id);
            ctx.header("Cache-Control", "public, max-age=86400");
            if (!Assets.notModified(ctx, Assets.etag(svg))) {
                ctx.contentType("image/svg+xml").result(svg);
            }
        });
        app.get("/health", this::health);
        app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));

        app.exception(ShopException.class, (e, ctx) -> renderError(ctx, e.status(), e.title(), e.getMessage()));
        app.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException http) {
                renderError(ctx, http.getStatus(), "Request failed", http.getMessage());
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            // Deliberately generic: the details are in the log, never on the page.
            renderError(ctx, 500, "Something went wrong", "Sorry, something went wrong on our side. Please try again in a moment.");
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_RENDERED) == null) {
                renderError(ctx, 404, "Page not found", "We couldn't find the page you were looking for.");
            }
        });
    }

    // ---- faults acting on requests ---------------------------------------------------------

    /**
     * Under {@link Fault#HARD_DOWN}, parks the request without a thread (Javalin async) until the
     * fault clears, then serves it as if nothing happened; after {@link #hardDownHangMillis} or on
     * close, drops the connection without a response byte.
     */
    private void hardDown(Context ctx) {
        if (!faults.isActive(Fault.HARD_DOWN)) {
            return;
        }
        ctx.future(() -> faults.whenUp(hardDownHangMillis).thenAccept(up -> {
            if (up) {
                return;
            }
            ctx.attribute(ABORTED, true);
            ctx.skipRemainingHandlers();
            org.eclipse.jetty.server.Request base = org.eclipse.jetty.server.Request.getBaseRequest(ctx.req());
            if (base != null) {
                // Drop the connection without writing a byte: what a dead upstream looks like.
                base.getHttpChannel().abort(new IOException("hard-down fault: dropping the connection"));
            }
        }));
    }

    /** Wraps a handler so {@link Fault#SLOW_ROUTE} can delay it without holding a Jetty thread. */
    private Handler slow(String route, Handler handler) {
        return ctx -> {
            long delay = faults.slowRouteDelayMillis(route);
            if (delay <= 0) {
                handler.handle(ctx);
                return;
            }
            Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, slowWorkers);
            ctx.future(() -> CompletableFuture.runAsync(() -> {
                try {
                    handler.handle(ctx);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, later));
        };
    }

    /** Wraps a checkout handler so {@link Fault#ERROR_RATE} can fail a share of requests. */
    private Handler unreliable(Handler handler) {
        return ctx -> {
            if (faults.checkoutShouldFail()) {
                metrics.checkoutFailed("unavailable");
                ctx.header("Retry-After", "30");
                renderError(ctx, 503, "Service temporarily unavailable",
                        "Checkout is temporarily unavailable. Please try again in a few moments.");
                return;
            }
            handler.handle(ctx);
        };
    }

    // ---- pages ------------------------------------------------------------------------------

    private void home(Context ctx) {
        Map<String, Object> scope = page(ctx, "Home");
        scope.put("featured", productModels(catalogue.featured()));
        scope.put("productCount", catalogue.productCount());
        scope.put("categoryCount", catalogue.categories().size());
        brokenLinks(scope, true);
        html(ctx, views.render("home", scope));
    }

    private void category(Context ctx) {
        Category category = catalogue.category(ctx.pathParam("slug")).orElseThrow(ShopException::notFound);
        int page = pageParam(ctx);
        Catalogue.Page listing = catalogue.listing(category, page).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = page(ctx, category.name() + (page > 1 ? " – page " + page : ""));
        scope.put("category", category.name());
        scope.put("products", productModels(listing.products()));
        scope.put("total", listing.total());
        scope.put("page", listing.page());
        scope.put("pageCount", listing.pages());
        pagination(scope, "/category/" + category.slug(), "", listing);
        brokenLinks(scope, true);
        html(ctx, views.render("category", scope));
    }

    private void product(Context ctx) {
        int id = intOrNotFound(ctx.pathParam("id"));
        Product product = catalogue.product(id).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = page(ctx, product.name());
        Map<String, Object> model = productModel(product);
        Category category = catalogue.category(product.categoryId());
        model.put("categorySlug", category.slug());
        model.put("categoryName", category.name());
        model.put("description", product.description());
        model.put("maxQty", Math.min(product.stock(), Carts.MAX_QTY));
        scope.put("product", model);
        scope.put("related", productModels(catalogue.related(product)));
        brokenLinks(scope, id % 7 == 0);
        if (id % 5 == 0 && faults.isActive(Fault.ERROR_LEAK)) {
            scope.put("leak", LeakedErrors.sqlError(id));
        }
        html(ctx, views.render("product", scope));
    }

    private void search(Context ctx) {
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        if (q.length() > 100) {
            q = q.substring(0, 100);
        }
        int page = pageParam(ctx);
        Map<String, Object> scope = page(ctx, q.isEmpty() ? "Search" : "Search: " + q);
        scope.put("q", q);
        if (q.isEmpty()) {
            scope.put("hasResults", false);
        } else {
            Catalogue.Page results = catalogue.search(q, page).orElseThrow(ShopException::notFound);
            scope.put("hasResults", results.total() > 0);
            scope.put("products", productModels(results.products()));
            scope.put("total", results.total());
            scope.put("page", results.page());
            scope.put("pageCount", results.pages());
            pagination(scope, "/search?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), "&", results);
        }
        if (faults.isActive(Fault.ERROR_LEAK)) {
            scope.put("leak", LeakedErrors.stackTrace());
        }
        html(ctx, views.render("search", scope));
    }

    private void cart(Context ctx) {
        Visitor visitor = visitor(ctx);
        Map<String, Object> scope = page(ctx, "Your cart");
        List<Carts.Line> lines = carts.lines(visitor.sessionId());
        scope.put("hasLines", !lines.isEmpty());
        scope.put("lines", lineModels(lines));
        scope.put("total", Views.money(lines.stream().mapToLong(Carts.Line::totalCents).sum()));
        html(ctx, views.render("cart", scope));
    }

    private void cartAdd(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        carts.add(visitor.sessionId(), intOrBadRequest(ctx.formParam("productId"), "productId"),
                intOrBadRequest(Optional.ofNullable(ctx.formParam("qty")).orElse("1"), "qty"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }

    private void cartUpdate(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        carts.update(visitor.sessionId(), intOrBadRequest(ctx.formParam("productId"), "productId"),
                intOrBadRequest(ctx.formParam("qty"), "qty"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }

    private void cartRemove(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        carts.remove(visitor.sessionId(), intOrBadRequest(ctx.formParam("productId"), "productId"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }

    private void signInForm(Context ctx) {
        Map<String, Object> scope = page(ctx, "Sign in");
        scope.put("next", safeNext(ctx.queryParam("next")));
        html(ctx, views.render("signin", scope));
    }

    private void signIn(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String next = safeNext(ctx.formParam("next"));
        Optional<Sessions.Customer> customer = sessions.authenticate(email, ctx.formParam("password"));
        if (customer.isEmpty()) {
            Map<String, Object> scope = page(ctx, "Sign in");
            scope.put("next", next);
            scope.put("email", email);
            scope.put("error", "That email and password don't match an account.");
            ctx.status(401).contentType(HTML).result(views.render("signin", scope));
            return;
        }
        String sessionId = sessions.signIn(visitor.sessionId(), customer.get());
        setSessionCookie(ctx, sessionId);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        sessions.signOut(visitor.sessionId());
        setSessionCookie(ctx, Sessions.newSessionId());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    /**
     * The cart lines to check out, or null after redirecting a visitor who can't check out yet:
     * to sign-in when signed out, to the cart when it is empty.
     */
    private List<Carts.Line> checkoutLines(Context ctx, Visitor visitor) {
        if (!visitor.signedIn()) {
            ctx.redirect("/signin?next=/checkout", HttpStatus.SEE_OTHER);
            return null;
        }
        List<Carts.Line> lines = carts.lines(visitor.sessionId());
        if (lines.isEmpty()) {
            ctx.redirect("/cart", HttpStatus.SEE_OTHER);
            return null;
        }
        return lines;
    }

    private void checkoutForm(Context ctx) {
        Visitor visitor = visitor(ctx);
        List<Carts.Line> lines = checkoutLines(ctx, visitor);
        if (lines == null) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("name", visitor.customer().name());
        html(ctx, views.render("checkout", checkoutScope(ctx, lines, values, Map.of())));
    }

    private void checkout(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        List<Carts.Line> lines = checkoutLines(ctx, visitor);
        if (lines == null) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (CheckoutForm.Field field : CheckoutForm.Field.values()) {
            values.put(field.param, Optional.ofNullable(ctx.formParam(field.param)).orElse("").strip());
        }
        Map<String, String> errors = CheckoutForm.validate(values);
        if (!errors.isEmpty()) {
            metrics.checkoutFailed("validation");
            values.remove(CheckoutForm.Field.CVC.param); // never echo the security code back into the page
            ctx.status(400).contentType(HTML).result(views.render("checkout", checkoutScope(ctx, lines, values, errors)));
            return;
        }
        String card = CheckoutForm.digits(values.get("cardNumber"));
        if (card.equals(CheckoutForm.DECLINED_CARD)) {
            metrics.checkoutFailed("declined");
            throw new ShopException(402, "Payment declined",
                    "Your payment was declined by the card issuer. Nothing was charged; please try another card.");
        }
        String number;
        try {
            number = orders.place(visitor.customer().id(), visitor.sessionId(),
                    new Orders.Shipping(values.get("name"), values.get("address"), values.get("city"),
                            values.get("postcode"), values.get("country")),
                    card.substring(card.length() - 4), instance, faults.isActive(Fault.OVERSELL));
        } catch (ShopException e) {
            metrics.checkoutFailed("out_of_stock");
            throw e;
        }
        metrics.orderPlaced();
        ctx.redirect("/orders/" + number, HttpStatus.SEE_OTHER);
    }

    private Map<String, Object> checkoutScope(Context ctx, List<Carts.Line> lines, Map<String, String> values,
            Map<String, String> errors) {
        Map<String, Object> scope = page(ctx, "Checkout");
        scope.put("lines", lineModels(lines));
        scope.put("total", Views.money(lines.stream().mapToLong(Carts.Line::totalCents).sum()));
        scope.put("hasErrors", !errors.isEmpty());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (CheckoutForm.Field f : CheckoutForm.Field.values()) {
            Map<String, Object> field = new HashMap<>();
            field.put("name", f.param);
            field.put("label", f.label);
            field.put("autocomplete", f.autocomplete);
            field.put("value", values.getOrDefault(f.param, ""));
            field.put("error", errors.getOrDefault(f.param, ""));
            fields.add(field);
        }
        scope.put("fields", fields);
        return scope;
    }

    private void orderList(Context ctx) {
        Visitor visitor = visitor(ctx);
        if (!visitor.signedIn()) {
            ctx.redirect("/signin?next=/orders", HttpStatus.SEE_OTHER);
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Orders.Order order : orders.forCustomer(visitor.customer().id())) {
            list.add(Map.of("number", order.number(), "status", order.status().label(), "total", Views.money(order.totalCents())));
        }
        Map<String, Object> scope = page(ctx, "Your orders");
        scope.put("hasOrders", !list.isEmpty());
        scope.put("orders", list);
        html(ctx, views.render("orders", scope));
    }

    private void order(Context ctx) {
        Visitor visitor = visitor(ctx);
        String number = ctx.pathParam("number");
        if (!visitor.signedIn()) {
            ctx.redirect("/signin?next=/orders/" + java.net.URLEncoder.encode(number, java.nio.charset.StandardCharsets.UTF_8),
                    HttpStatus.SEE_OTHER);
            return;
        }
        Orders.Order order = orders.find(number, visitor.customer().id()).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = page(ctx, "Order " + order.number());
        scope.put("order", orderModel(order));
        html(ctx, views.render("order", scope));
    }

    private void orderChange(Context ctx) {
        Visitor visitor = requireSignedInForPost(ctx);
        String number = ctx.pathParam("number");
        Map<Integer, Integer> quantities = new HashMap<>();
        for (Map.Entry<String, List<String>> param : ctx.formParamMap().entrySet()) {
            if (param.getKey().startsWith("qty_") && !param.getValue().isEmpty()) {
                quantities.put(intOrBadRequest(param.getKey().substring(4), param.getKey()),
                        intOrBadRequest(param.getValue().get(0), param.getKey()));
            }
        }
        orders.change(number, visitor.customer().id(), quantities);
        ctx.redirect("/orders/" + number, HttpStatus.SEE_OTHER);
    }

    private void orderCancel(Context ctx) {
        Visitor visitor = requireSignedInForPost(ctx);
        String number = ctx.pathParam("number");
        orders.cancel(number, visitor.customer().id());
        ctx.redirect("/orders/" + number, HttpStatus.SEE_OTHER);
    }

    private Visitor requireSignedInForPost(Context ctx) {
        Visitor visitor = requireCsrf(ctx);
        if (!visitor.signedIn()) {
            throw new ShopException(403, "Please sign in", "Sign in to manage your orders.");
        }
        return visitor;
    }

    private Map<String, Object> orderModel(Orders.Order order) {
        Map<String, Object> m = new HashMap<>();
        m.put("number", order.number());
        m.put("status", order.status().label());
        m.put("cancelled", order.status() == Orders.Status.CANCELLED);
        m.put("changeable", order.status() != Orders.Status.CANCELLED && order.status() != Orders.Status.SHIPPED);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Orders.Status step : List.of(Orders.Status.PLACED, Orders.Status.PAID, Orders.Status.PACKED, Orders.Status.SHIPPED)) {
            timeline.add(Map.of("step", step.label(), "done", step.ordinal() <= order.status().ordinal()));
        }
        m.put("timeline", timeline);
        List<Map<String, Object>> lines = new ArrayList<>();
        for (Orders.Line line : order.lines()) {
            lines.add(Map.of("productId", line.productId(), "name", line.name(), "price", Views.money(line.unitPriceCents()),
                    "qty", line.qty(), "lineTotal", Views.money(line.totalCents())));
        }
        m.put("lines", lines);
        m.put("total", Views.money(order.totalCents()));
        m.put("shipName", order.shipping().name());
        m.put("address", order.shipping().address());
        m.put("city", order.shipping().city());
        m.put("postcode", order.shipping().postcode());
        m.put("country", order.shipping().country());
        m.put("cardLast4", order.cardLast4());
        return m;
    }

    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        try {
            int products = catalogue.countProductsNow();
            body.put("status", "UP");
            body.put("instance", instance);
            body.put("products", products);
        } catch (RuntimeException e) {
            log.warn("health check failed", e);
            body.put("status", "DOWN");
            body.put("instance", instance);
            ctx.status(503);
        }
        ctx.json(body);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private String buildSitemap(Context ctx) {
        return Assets.sitemap(baseUrl(ctx), catalogue.categories(), catalogue.allProductIds());
    }

    private static String baseUrl(Context ctx) {
        String host = ctx.host();
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9.:\\[\\]-]+")) {
            host = ctx.req().getLocalAddr() + ":" + ctx.port();
        }
        return ctx.scheme() + "://" + host;
    }

    /**
     * A GET route that also answers HEAD by running the same handler (Jetty drops the body), so a
     * HEAD gets the real headers (ETag) and a 304 when revalidating; Javalin's own HEAD answer for
     * GET routes is a bare 200.
     */
    private void getAndHead(String path, io.javalin.http.Handler handler) {
        app.get(path, handler);
        app.head(path, handler);
    }

    private static final String HTML = "text/html; charset=utf-8";

    private static void html(Context ctx, String page) {
        ctx.contentType(HTML).result(page);
    }

    private static void asset(Context ctx, String contentType, byte[] body) {
        ctx.header("Cache-Control", "public, max-age=3600");
        if (!Assets.notModified(ctx, Assets.etag(body))) {
            ctx.contentType(contentType).result(body);
        }
    }

    private Visitor visitor(Context ctx) {
        Visitor visitor = ctx.attribute(VISITOR);
        if (visitor == null) {
            visitor = sessions.visitor(ctx.cookie(Sessions.COOKIE));
            if (visitor.isNew()) {
                setSessionCookie(ctx, visitor.sessionId());
            }
            ctx.attribute(VISITOR, visitor);
        }
        return visitor;
    }

    private static void setSessionCookie(Context ctx, String sessionId) {
        ctx.cookie(new Cookie(Sessions.COOKIE, sessionId, "/", -1, false, 0, true, null, null, SameSite.LAX));
    }

    /** Refuses a POST whose {@code _csrf} field isn't this session's token (403). */
    private Visitor requireCsrf(Context ctx) {
        Visitor visitor = visitor(ctx);
        if (visitor.isNew() || !sessions.csrfValid(visitor.sessionId(), ctx.formParam("_csrf"))) {
            throw new ShopException(403, "Request refused",
                    "This form has expired or did not come from this shop. Go back, reload the page and try again.");
        }
        return visitor;
    }

    /** The layout's model: title, categories, cart badge, who is signed in, the CSRF token. */
    private Map<String, Object> page(Context ctx, String title) {
        Visitor visitor = visitor(ctx);
        Map<String, Object> scope = new HashMap<>();
        scope.put("title", title);
        scope.put("instance", instance);
        scope.put("categories", categoryModels);
        scope.put("cartCount", visitor.isNew() ? 0 : carts.count(visitor.sessionId()));
        scope.put("signedIn", visitor.signedIn());
        if (visitor.signedIn()) {
            scope.put("customerName", visitor.customer().name());
        }
        scope.put("csrf", sessions.csrfToken(visitor.sessionId()));
        return scope;
    }

    private void brokenLinks(Map<String, Object> scope, boolean pageAffected) {
        if (pageAffected && faults.isActive(Fault.BROKEN_LINKS)) {
            scope.put("brokenLinks", true);
        }
    }

    private void renderError(Context ctx, int status, String heading, String message) {
        ctx.attribute(ERROR_RENDERED, true);
        ctx.status(status);
        Map<String, Object> scope;
        try {
            scope = page(ctx, heading);
        } catch (RuntimeException e) {
            // The database may be why we are here; the error page must not need it.
            scope = new HashMap<>();
            scope.put("title", heading);
            scope.put("instance", instance);
            scope.put("categories", categoryModels);
            scope.put("cartCount", 0);
        }
        scope.put("heading", heading);
        scope.put("message", message);
        scope.put("status", status);
        html(ctx, views.render("error", scope));
    }

    private static Map<String, Object> productModel(Product p) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", p.id());
        m.put("name", p.name());
        m.put("price", Views.money(p.priceCents()));
        m.put("stockLabel", stockLabel(p.stock()));
        m.put("stockClass", p.stock() <= 0 ? "out" : p.stock() <= 3 ? "low" : "in");
        m.put("inStock", p.stock() > 0);
        return m;
    }

    static String stockLabel(int stock) {
        return stock <= 0 ? "Out of stock" : stock <= 3 ? "Only " + stock + " left" : "In stock";
    }

    private static List<Map<String, Object>> productModels(List<Product> products) {
        List<Map<String, Object>> list = new ArrayList<>(products.size());
        for (Product p : products) {
            list.add(productModel(p));
        }
        return list;
    }

    private static List<Map<String, Object>> lineModels(List<Carts.Line> lines) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Carts.Line line : lines) {
            Map<String, Object> m = productModel(line.product());
            m.put("qty", line.qty());
            m.put("lineTotal", Views.money(line.totalCents()));
            list.add(m);
        }
        return list;
    }

    /** Fills the pagination model; page 1 links to the bare URL so each page has one address. */
    private static void pagination(Map<String, Object> scope, String base, String joiner, Catalogue.Page page) {
        if (page.pages() <= 1) {
            return;
        }
        String sep = joiner.isEmpty() ? "?" : joiner;
        java.util.function.IntFunction<String> url = n -> n == 1 ? base : base + sep + "page=" + n;
        Map<String, Object> p = new HashMap<>();
        if (page.page() > 1) {
            p.put("prevUrl", url.apply(page.page() - 1));
            scope.put("relPrev", url.apply(page.page() - 1));
        }
        if (page.page() < page.pages()) {
            p.put("nextUrl", url.apply(page.page() + 1));
            scope.put("relNext", url.apply(page.page() + 1));
        }
        List<Map<String, Object>> pages = new ArrayList<>();
        int from = Math.max(1, page.page() - 4);
        int to = Math.min(page.pages(), page.page() + 4);
        for (int n = from; n <= to; n++) {
            pages.add(Map.of("number", n, "url", url.apply(n), "current", n == page.page()));
        }
        p.put("pages", pages);
        scope.put("pagination", p);
    }

    private static int pageParam(Context ctx) {
        String raw = ctx.queryParam("page");
        return raw == null || raw.isEmpty() ? 1 : intOrNotFound(raw);
    }

    private static int intOrNotFound(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ShopException.notFound();
        }
    }

    private static int intOrBadRequest(String raw, String name) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new ShopException(400, "Bad request", "The field " + name + " must be a whole number.");
        }
    }

    /** Only same-site paths, so {@code next} can't send a customer to another site after sign-in. */
    private static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        return next;
    }
}
