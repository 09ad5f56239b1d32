package dev.headroom.storefront;

import dev.headroom.storefront.CheckoutForm.Field;
import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checkout: {@code GET|POST /checkout}, behind {@link Fault#SLOW_ROUTE} {@code checkout} and
 * {@link Fault#ERROR_RATE}. A POST answers 400 with field errors, 402 for the declined card, 409
 * when stock ran out, or 303 to the new order; each failure is counted by reason.
 */
final class CheckoutRoutes {
    private final String instance;
    private final Carts carts;
    private final Orders orders;
    private final FaultSettings faults;
    private final HttpMetrics metrics;
    private final Pages pages;

    CheckoutRoutes(String instance, Carts carts, Orders orders, FaultSettings faults, HttpMetrics metrics, Pages pages) {
        this.instance = instance;
        this.carts = carts;
        this.orders = orders;
        this.faults = faults;
        this.metrics = metrics;
        this.pages = pages;
    }

    void register(Javalin app, FaultFilters filters) {
        app.get("/checkout", filters.slow("checkout", filters.unreliable(this::form)));
        app.post("/checkout", filters.slow("checkout", filters.unreliable(this::checkout)));
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

    private void form(Context ctx) {
        Visitor visitor = pages.visitor(ctx);
        List<Carts.Line> lines = checkoutLines(ctx, visitor);
        if (lines == null) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        values.put("name", visitor.customer().name());
        pages.html(ctx, "checkout", scope(ctx, lines, values, Map.of()));
    }

    private void checkout(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        List<Carts.Line> lines = checkoutLines(ctx, visitor);
        if (lines == null) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        for (Field field : Field.values()) {
            values.put(field.param, Optional.ofNullable(ctx.formParam(field.param)).orElse("").strip());
        }
        Map<String, String> errors = CheckoutForm.validate(values);
        if (!errors.isEmpty()) {
            metrics.checkoutFailed("validation");
            values.remove(Field.CVC.param); // never echo the security code back into the page
            ctx.status(400);
            pages.html(ctx, "checkout", scope(ctx, lines, values, errors));
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

    private Map<String, Object> scope(Context ctx, List<Carts.Line> lines, Map<String, String> values,
            Map<String, String> errors) {
        Map<String, Object> scope = pages.page(ctx, "Checkout");
        Pages.putLines(scope, lines);
        scope.put("hasErrors", !errors.isEmpty());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Field f : Field.values()) {
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
}
