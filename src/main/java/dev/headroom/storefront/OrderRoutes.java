package dev.headroom.storefront;

import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's orders: {@code GET /orders}, {@code GET /orders/{number}} (signed-out visitors are
 * sent to sign in first), and {@code POST /orders/{number}/change|cancel} (403 when signed out; the
 * 409 once shipped comes from {@link Orders}).
 */
final class OrderRoutes {
    private final Orders orders;
    private final Pages pages;

    OrderRoutes(Orders orders, Pages pages) {
        this.orders = orders;
        this.pages = pages;
    }

    void register(Javalin app) {
        app.get("/orders", this::list);
        app.get("/orders/{number}", this::order);
        app.post("/orders/{number}/change", this::change);
        app.post("/orders/{number}/cancel", this::cancel);
    }

    private void list(Context ctx) {
        Visitor visitor = pages.visitor(ctx);
        if (!visitor.signedIn()) {
            ctx.redirect("/signin?next=/orders", HttpStatus.SEE_OTHER);
            return;
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Orders.Order order : orders.forCustomer(visitor.customer().id())) {
            list.add(Map.of("number", order.number(), "status", order.status().label(), "total", Views.money(order.totalCents())));
        }
        Map<String, Object> scope = pages.page(ctx, "Your orders");
        scope.put("hasOrders", !list.isEmpty());
        scope.put("orders", list);
        pages.html(ctx, "orders", scope);
    }

    private void order(Context ctx) {
        Visitor visitor = pages.visitor(ctx);
        String number = ctx.pathParam("number");
        if (!visitor.signedIn()) {
            ctx.redirect("/signin?next=/orders/" + URLEncoder.encode(number, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        Orders.Order order = orders.find(number, visitor.customer().id()).orElseThrow(ShopException::notFound);
        Map<String, Object> scope = pages.page(ctx, "Order " + order.number());
        scope.put("order", model(order));
        pages.html(ctx, "order", scope);
    }

    private void change(Context ctx) {
        Visitor visitor = requireSignedInForPost(ctx);
        String number = ctx.pathParam("number");
        Map<Integer, Integer> quantities = new HashMap<>();
        for (Map.Entry<String, List<String>> param : ctx.formParamMap().entrySet()) {
            if (param.getKey().startsWith("qty_") && !param.getValue().isEmpty()) {
                quantities.put(Params.intOrBadRequest(param.getKey().substring(4), param.getKey()),
                        Params.intOrBadRequest(param.getValue().get(0), param.getKey()));
            }
        }
        orders.change(number, visitor.customer().id(), quantities);
        ctx.redirect("/orders/" + number, HttpStatus.SEE_OTHER);
    }

    private void cancel(Context ctx) {
        Visitor visitor = requireSignedInForPost(ctx);
        String number = ctx.pathParam("number");
        orders.cancel(number, visitor.customer().id());
        ctx.redirect("/orders/" + number, HttpStatus.SEE_OTHER);
    }

    private Visitor requireSignedInForPost(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        if (!visitor.signedIn()) {
            throw new ShopException(403, "Please sign in", "Sign in to manage your orders.");
        }
        return visitor;
    }

    private static Map<String, Object> model(Orders.Order order) {
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
}
