package dev.headroom.storefront;

import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The cart: {@code GET /cart}, and {@code POST /cart/add|update|remove}, each CSRF-checked and answered 303 to the cart. */
final class CartRoutes {
    private final Carts carts;
    private final Pages pages;

    CartRoutes(Carts carts, Pages pages) {
        this.carts = carts;
        this.pages = pages;
    }

    void register(Javalin app) {
        app.get("/cart", this::cart);
        app.post("/cart/add", this::add);
        app.post("/cart/update", this::update);
        app.post("/cart/remove", this::remove);
    }

    private void cart(Context ctx) {
        Visitor visitor = pages.visitor(ctx);
        Map<String, Object> scope = pages.page(ctx, "Your cart");
        List<Carts.Line> lines = carts.lines(visitor.sessionId());
        scope.put("hasLines", !lines.isEmpty());
        Pages.putLines(scope, lines);
        pages.html(ctx, "cart", scope);
    }

    private void add(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        carts.add(visitor.sessionId(), Params.intOrBadRequest(ctx.formParam("productId"), "productId"),
                Params.intOrBadRequest(Optional.ofNullable(ctx.formParam("qty")).orElse("1"), "qty"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }

    private void update(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        carts.update(visitor.sessionId(), Params.intOrBadRequest(ctx.formParam("productId"), "productId"),
                Params.intOrBadRequest(ctx.formParam("qty"), "qty"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }

    private void remove(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        carts.remove(visitor.sessionId(), Params.intOrBadRequest(ctx.formParam("productId"), "productId"));
        ctx.redirect("/cart", HttpStatus.SEE_OTHER);
    }
}
