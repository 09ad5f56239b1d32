package dev.headroom.storefront;

import dev.headroom.storefront.Sessions.Visitor;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;

/**
 * Sign-in and sign-out: {@code GET|POST /signin} (401 with the form again on a wrong password, 303 to
 * a same-site {@code next} on success) and {@code POST /signout}. Both hand out a fresh session id.
 */
final class SignInRoutes {
    private final Sessions sessions;
    private final Pages pages;

    SignInRoutes(Sessions sessions, Pages pages) {
        this.sessions = sessions;
        this.pages = pages;
    }

    void register(Javalin app) {
        app.get("/signin", this::form);
        app.post("/signin", this::signIn);
        app.post("/signout", this::signOut);
    }

    private void form(Context ctx) {
        Map<String, Object> scope = pages.page(ctx, "Sign in");
        scope.put("next", Params.safeNext(ctx.queryParam("next")));
        pages.html(ctx, "signin", scope);
    }

    private void signIn(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        String email = Optional.ofNullable(ctx.formParam("email")).orElse("").strip();
        String next = Params.safeNext(ctx.formParam("next"));
        Optional<Sessions.Customer> customer = sessions.authenticate(email, ctx.formParam("password"));
        if (customer.isEmpty()) {
            Map<String, Object> scope = pages.page(ctx, "Sign in");
            scope.put("next", next);
            scope.put("email", email);
            scope.put("error", "That email and password don't match an account.");
            ctx.status(401);
            pages.html(ctx, "signin", scope);
            return;
        }
        String sessionId = sessions.signIn(visitor.sessionId(), customer.get());
        Pages.setSessionCookie(ctx, sessionId);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }

    private void signOut(Context ctx) {
        Visitor visitor = pages.requireCsrf(ctx);
        sessions.signOut(visitor.sessionId());
        Pages.setSessionCookie(ctx, Sessions.newSessionId());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }
}
