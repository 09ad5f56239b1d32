package dev.headroom.storefront;

/**
 * A request that cannot be served as asked, with the HTTP status and the words the customer sees
 * (e.g. 409 "Out of stock"). The web layer renders it as an error page; it never carries SQL or
 * stack traces to the page.
 */
final class ShopException extends RuntimeException {
    private final int status;
    private final String title;

    ShopException(int status, String title, String message) {
        super(message, null, false, false);
        this.status = status;
        this.title = title;
    }

    static ShopException notFound() {
        return new ShopException(404, "Page not found", "We couldn't find the page you were looking for.");
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }
}
