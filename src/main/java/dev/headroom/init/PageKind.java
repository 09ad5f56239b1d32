package dev.headroom.init;

/**
 * The kinds of page a storefront is made of, as {@code headroom init} tells them apart. Each one's
 * {@link #routeClass()} is its class in the generated route classifier ({@code routes.yaml}) and in
 * the shop file's {@code routeClasses}.
 */
public enum PageKind {
    HOME("home"),
    LISTING("category"),
    PRODUCT("product"),
    SEARCH("search"),
    CART("cart"),
    SIGN_IN("signin"),
    CHECKOUT("checkout");

    private final String routeClass;

    PageKind(String routeClass) {
        this.routeClass = routeClass;
    }

    /** The route class of this kind of page: {@code home}, {@code category}, {@code product}... */
    public String routeClass() {
        return routeClass;
    }

    /** For people: {@code sign-in page}. */
    public String label() {
        return switch (this) {
            case HOME -> "home page";
            case LISTING -> "listing (category) page";
            case PRODUCT -> "product page";
            case SEARCH -> "search results page";
            case CART -> "cart page";
            case SIGN_IN -> "sign-in page";
            case CHECKOUT -> "checkout page";
        };
    }
}
