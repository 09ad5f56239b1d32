package dev.headroom.storefront;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin API on its own port, bound to 127.0.0.1 only and guarded by a bearer token. Being a
 * separate server is the point: it keeps answering while the shop port is hard down.
 */
final class AdminApi {
    final Javalin app;
    private final byte[] token;
    private final FaultSettings faults;
    private final Orders orders;

    AdminApi(String token, FaultSettings faults, Orders orders, String instance) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.faults = faults;
        this.orders = orders;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            config.router.ignoreTrailingSlashes = true;
        });
        app.before(ctx -> {
            ctx.header(ShopApp.INSTANCE_HEADER, instance);
            String auth = ctx.header("Authorization");
            if (!MessageDigest.isEqual(bearerToken(auth), this.token)) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"headroom-storefront-admin\"");
                ctx.status(401).json(Map.of("error", "missing or wrong admin token; send Authorization: Bearer TOKEN"));
                ctx.skipRemainingHandlers();
            }
        });
        app.get("/admin/faults", ctx -> ctx.json(faultsJson()));
        app.put("/admin/faults/{name}", ctx -> change(ctx, () -> faults.set(Fault.fromName(ctx.pathParam("name")), ctx.queryParam("value"))));
        app.delete("/admin/faults/{name}", ctx -> change(ctx, () -> faults.clear(Fault.fromName(ctx.pathParam("name")))));
        app.delete("/admin/faults", ctx -> change(ctx, faults::clearAll));
        app.post("/admin/orders/{number}/advance", ctx -> orders.advance(ctx.pathParam("number")).ifPresentOrElse(
                order -> ctx.json(Map.of("number", order.number(), "status", order.status().label())),
                () -> ctx.status(404).json(Map.of("error", "no order " + ctx.pathParam("number")))));
        app.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || ctx.result().equals("Not Found")) {
                ctx.json(Map.of("error", "not found; endpoints: GET/DELETE /admin/faults, PUT/DELETE /admin/faults/{name}[?value=],"
                        + " POST /admin/orders/{number}/advance"));
            }
        });
    }

    /**
     * The token of an {@code Authorization: Bearer TOKEN} header, or an empty array. The scheme is
     * case-insensitive (RFC 7235 section 2.1: {@code bearer} and {@code BEARER} are {@code Bearer}),
     * with one or more spaces before the token; the token itself is compared exactly.
     */
    static byte[] bearerToken(String header) {
        if (header == null) {
            return new byte[0];
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space < 0 || !h.substring(0, space).equalsIgnoreCase("Bearer")) {
            return new byte[0];
        }
        return h.substring(space + 1).strip().getBytes(StandardCharsets.UTF_8);
    }

    private void change(Context ctx, Runnable change) {
        try {
            change.run();
            ctx.json(faultsJson());
        } catch (IllegalArgumentException e) {
            ctx.status(400).json(Map.of("error", e.getMessage()));
        }
    }

    private Map<String, Object> faultsJson() {
        Map<String, String> active = new LinkedHashMap<>();
        faults.active().forEach((fault, value) -> active.put(fault.cliName(), value));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active);
        body.put("available", Arrays.stream(Fault.values()).map(Fault::cliName).toList());
        return body;
    }
}
