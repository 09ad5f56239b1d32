package dev.headroom.storefront;

import io.javalin.http.Context;

/** Reading request parameters the shop's way: a bad path or page number is a 404, a bad form number a 400. */
final class Params {
    private Params() {
    }

    /** The {@code page} query parameter, 1 when absent. */
    static int page(Context ctx) {
        String raw = ctx.queryParam("page");
        return raw == null || raw.isEmpty() ? 1 : intOrNotFound(raw);
    }

    /** For ids in paths and page numbers: no such number means no such page. */
    static int intOrNotFound(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw ShopException.notFound();
        }
    }

    /** For form fields: the page exists, the request is malformed, so the answer names the field. */
    static int intOrBadRequest(String raw, String name) {
        try {
            return Integer.parseInt(raw == null ? "" : raw.strip());
        } catch (NumberFormatException e) {
            throw new ShopException(400, "Bad request", "The field " + name + " must be a whole number.");
        }
    }

    /** Only same-site paths, so {@code next} can't send a customer to another site after sign-in. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
            return "/";
        }
        return next;
    }
}
