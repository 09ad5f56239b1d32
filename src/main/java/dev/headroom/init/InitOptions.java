package dev.headroom.init;

import java.time.Duration;
import java.util.List;

/**
 * How {@code headroom init} surveys a shop: a bounded, polite crawl.
 *
 * @param url the shop's URL; a context path ({@code http://host/shop/}) bounds the crawl to it
 * @param maxPages URLs the crawl may request at most (default 200)
 * @param maxTime how long the crawl may take at most (default 2 minutes)
 * @param rate requests per second at most, the crawl's and the page reads' after it (default 10)
 * @param allow hosts besides loopback and the URL's own that may be requested (a CDN)
 * @param signIn a test account to look at the checkout form with (see {@link CheckoutLook}), or null: no look
 */
public record InitOptions(String url, int maxPages, Duration maxTime, double rate, List<String> allow, SignIn signIn) {
    public static final int DEFAULT_MAX_PAGES = 200;
    public static final Duration DEFAULT_MAX_TIME = Duration.ofMinutes(2);
    public static final double DEFAULT_RATE = 10;

    public InitOptions {
        allow = List.copyOf(allow);
        if (maxPages < 1) {
            throw new IllegalArgumentException("max pages must be at least 1, got " + maxPages);
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("the rate must be more than 0 requests/s, got " + rate);
        }
    }

    /** The defaults for {@code url}. */
    public static InitOptions of(String url) {
        return new InitOptions(url, DEFAULT_MAX_PAGES, DEFAULT_MAX_TIME, DEFAULT_RATE, List.of(), null);
    }

    public InitOptions withMaxPages(int n) {
        return new InitOptions(url, n, maxTime, rate, allow, signIn);
    }

    public InitOptions withMaxTime(Duration d) {
        return new InitOptions(url, maxPages, d, rate, allow, signIn);
    }

    public InitOptions withRate(double perSecond) {
        return new InitOptions(url, maxPages, maxTime, perSecond, allow, signIn);
    }

    public InitOptions withAllow(List<String> hosts) {
        return new InitOptions(url, maxPages, maxTime, rate, hosts, signIn);
    }

    public InitOptions withSignIn(SignIn account) {
        return new InitOptions(url, maxPages, maxTime, rate, allow, account);
    }
}
