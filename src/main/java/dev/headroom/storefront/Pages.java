package dev.headroom.storefront;

import dev.headroom.storefront.Catalogue.Category;
import dev.headroom.storefront.Catalogue.Product;
import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every shop page shares: the visitor behind a request (and their session cookie), the CSRF
 * check, the layout's model, rendering, error pages, and the models of products and cart lines.
 */
final class Pages {
    static final String HTML = "text/html; charset=utf-8";
    private static final String VISITOR = "headroom.visitor";
    private static final String ERROR_RENDERED = "headroom.errorRendered";

    private final String instance;
    private final Sessions sessions;
    private final Carts carts;
    private final FaultSettings faults;
    private final Views views;
    private final List<Map<String, Object>> categoryModels;

    Pages(String instance, Catalogue catalogue, Sessions sessions, Carts carts, FaultSettings faults, Views views) {
        this.instance = instance;
        this.sessions = sessions;
        this.carts = carts;
        this.faults = faults;
        this.views = views;
        List<Map<String, Object>> cats = new ArrayList<>();
        for (Category c : catalogue.categories()) {
            cats.add(Map.of("slug", c.slug(), "name", c.name(), "count", c.productCount()));
        }
        // Built once: every page's navigation lists the categories, and they never change while running.
        this.categoryModels = List.copyOf(cats);
    }

    /** The visitor behind this request, looked up once per request; a new visitor gets their cookie here. */
    Visitor visitor(Context ctx) {
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

    static void setSessionCookie(Context ctx, String sessionId) {
        ctx.cookie(new Cookie(Sessions.COOKIE, sessionId, "/", -1, false, 0, true, null, null, SameSite.LAX));
    }

    /** Refuses a POST whose {@code _csrf} field isn't this session's token (403). */
    Visitor requireCsrf(Context ctx) {
        Visitor visitor = visitor(ctx);
        if (visitor.isNew() || !sessions.csrfValid(visitor.sessionId(), ctx.formParam("_csrf"))) {
            throw new ShopException(403, "Request refused",
                    "This form has expired or did not come from this shop. Go back, reload the page and try again.");
        }
        return visitor;
    }

    /** The layout's model: title, categories, cart badge, who is signed in, the CSRF token. */
    Map<String, Object> page(Context ctx, String title) {
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

    /** Renders a template as the response body (the status is the caller's). */
    void html(Context ctx, String template, Map<String, Object> scope) {
        ctx.contentType(HTML).result(views.render(template, scope));
    }

    /** Marks the page for {@link Fault#BROKEN_LINKS} when that fault is on and this page is one it breaks. */
    void brokenLinks(Map<String, Object> scope, boolean pageAffected) {
        if (pageAffected && faults.isActive(Fault.BROKEN_LINKS)) {
            scope.put("brokenLinks", true);
        }
    }

    /** The error page, with the layout when the database can give it and a bare one when it can't. */
    void renderError(Context ctx, int status, String heading, String message) {
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
        html(ctx, "error", scope);
    }

    /** Whether this request already has its error page, so the generic 404 must not replace it. */
    static boolean errorRendered(Context ctx) {
        return ctx.attribute(ERROR_RENDERED) != null;
    }

    static Map<String, Object> productModel(Product p) {
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

    static List<Map<String, Object>> productModels(List<Product> products) {
        List<Map<String, Object>> list = new ArrayList<>(products.size());
        for (Product p : products) {
            list.add(productModel(p));
        }
        return list;
    }

    /** Cart lines as the cart and checkout pages show them; the total beside them. */
    static void putLines(Map<String, Object> scope, List<Carts.Line> lines) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Carts.Line line : lines) {
            Map<String, Object> m = productModel(line.product());
            m.put("qty", line.qty());
            m.put("lineTotal", Views.money(line.totalCents()));
            list.add(m);
        }
        scope.put("lines", list);
        scope.put("total", Views.money(lines.stream().mapToLong(Carts.Line::totalCents).sum()));
    }
}
