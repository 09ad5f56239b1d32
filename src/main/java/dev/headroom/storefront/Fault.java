package dev.headroom.storefront;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A failure the storefront can simulate, so that Headroom's checks have something real to find.
 * Each fault has a command-line name ({@link #cliName()}, e.g. {@code slow-route}) and an optional
 * value; {@link #normalize(String)} applies the default and validates it.
 *
 * <p>The content faults affect a fixed, documented set of pages so tests and demos are repeatable:
 *
 * <ul>
 *   <li>{@link #BROKEN_LINKS} — the home page, every category listing page and every product page
 *       whose id is divisible by 7 gain a "Winter sale" link to {@code /promo/winter-sale}, a
 *       "Featured" link to {@code /product/0} and an image {@code /images/missing/banner.png}; all
 *       three answer 404.
 *   <li>{@link #ERROR_LEAK} — product pages whose id is divisible by 5 answer 200 but include an
 *       H2 {@code JdbcSQLSyntaxErrorException} message; search result pages (including "no
 *       results") answer 200 but include a {@code java.lang.NullPointerException} stack trace.
 * </ul>
 */
public enum Fault {
    /** Some pages link to pages and images that answer 404 (see the class description). No value. */
    BROKEN_LINKS("broken-links"),
    /** Some pages answer 200 with leaked SQL errors or stack traces (see the class description). No value. */
    ERROR_LEAK("error-leak"),
    /**
     * Adds latency to routes. Value {@code [ROUTE:]MS}: {@code 1500} (the default) slows both search
     * and checkout by 1500 ms; {@code search:2000} or {@code checkout:800} slows one route only.
     */
    SLOW_ROUTE("slow-route"),
    /**
     * A share of checkout requests (GET and POST {@code /checkout}) answer 503 "Service temporarily
     * unavailable" with {@code Retry-After}. Value: the share, 0..1, default {@code 0.5}. The share
     * is applied deterministically (every second request at 0.5), not by dice.
     */
    ERROR_RATE("error-rate"),
    /**
     * Checkout skips the guarded stock update: it reads the stock, pauses briefly to widen the race,
     * then decrements unconditionally, so concurrent checkouts can sell more than is in stock. No value.
     */
    OVERSELL("oversell"),
    /**
     * The shop port stops answering: requests hang without a single response byte until the fault
     * is cleared (then they are served normally) or 60 seconds pass (then the connection is closed
     * without a response). Waiting requests hold a server thread. The admin port keeps working. No value.
     */
    HARD_DOWN("hard-down");

    /** The routes {@link #SLOW_ROUTE} can slow down. */
    public static final String SLOW_ROUTES = "search, checkout";

    private final String cliName;

    Fault(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line and in the admin API, e.g. {@code slow-route}. */
    public String cliName() {
        return cliName;
    }

    /** Whether this fault takes a value. */
    public boolean takesValue() {
        return this == SLOW_ROUTE || this == ERROR_RATE;
    }

    /** The value used when none is given ({@code ""} for faults that take none). */
    public String defaultValue() {
        return switch (this) {
            case SLOW_ROUTE -> "1500";
            case ERROR_RATE -> "0.5";
            default -> "";
        };
    }

    /**
     * Validates a value for this fault and returns it in canonical form, applying the default for a
     * null or blank value.
     *
     * @throws IllegalArgumentException with a message fit for a person if the value is not valid
     */
    public String normalize(String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return defaultValue();
        }
        switch (this) {
            case SLOW_ROUTE -> {
                String route = "";
                String ms = v;
                int colon = v.indexOf(':');
                if (colon >= 0) {
                    route = v.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    ms = v.substring(colon + 1).strip();
                    if (!route.equals("search") && !route.equals("checkout")) {
                        throw new IllegalArgumentException("slow-route: unknown route '" + route
                                + "'; valid routes: " + SLOW_ROUTES + " (value is [ROUTE:]MS, e.g. search:2000)");
                    }
                }
                long millis;
                try {
                    millis = Long.parseLong(ms);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "slow-route: '" + v + "' is not [ROUTE:]MS, e.g. 1500 or search:2000");
                }
                if (millis < 0 || millis > 120_000) {
                    throw new IllegalArgumentException("slow-route: delay must be 0..120000 ms, got " + millis);
                }
                return route.isEmpty() ? Long.toString(millis) : route + ":" + millis;
            }
            case ERROR_RATE -> {
                double share;
                try {
                    share = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("error-rate: '" + v + "' is not a share between 0 and 1, e.g. 0.5");
                }
                if (!(share >= 0 && share <= 1)) {
                    throw new IllegalArgumentException("error-rate: share must be between 0 and 1, got " + v);
                }
                return Double.toString(share);
            }
            default -> throw new IllegalArgumentException(cliName + " takes no value, got '" + v + "'");
        }
    }

    /**
     * Finds a fault by its command-line name (case-insensitive; the enum constant name works too).
     *
     * @throws IllegalArgumentException naming the valid faults if there is no such fault
     */
    public static Fault fromName(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fault f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown fault '" + name + "'; valid faults: " + validNames());
    }

    /** The valid fault names, comma separated, for error messages and help. */
    public static String validNames() {
        return Arrays.stream(values()).map(f -> f.takesValue() ? f.cliName + "[=VALUE]" : f.cliName)
                .collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
