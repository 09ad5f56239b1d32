package dev.headroom.journey;

import okhttp3.HttpUrl;

/**
 * How a URL written in a journey or a monitor check becomes the URL requested: the one rule for
 * every path Headroom resolves against a target, so a shop under a context path ({@code
 * http://host/shop/}) is checked under it by journeys, probes and crawls alike.
 *
 * <ul>
 *   <li>an absolute http(s) URL stays as it is;
 *   <li>{@code /path} goes under the target's path: {@code http://host/shop} or {@code
 *       http://host/shop/} with {@code /catalog} is {@code http://host/shop/catalog} (not {@code
 *       http://host/catalog}, as a browser would resolve it);
 *   <li>anything else ({@code catalog}, {@code ./}, {@code ?q=lamp}) resolves against the target
 *       as a directory, {@code http://host/shop/}.
 * </ul>
 */
public final class TargetUrl {
    private TargetUrl() {
    }

    /**
     * The absolute URL for {@code pathOrUrl} under {@code target}, or null if either is not usable
     * ({@code target} not an absolute http(s) URL, or {@code pathOrUrl} not a URL or a path).
     */
    public static String resolve(String target, String pathOrUrl) {
        HttpUrl absolute = HttpUrl.parse(pathOrUrl);
        if (absolute != null) {
            return absolute.toString();
        }
        HttpUrl base = target == null ? null : HttpUrl.parse(target);
        if (base == null) {
            return null;
        }
        String root = root(base);
        HttpUrl resolved = pathOrUrl.startsWith("/") ? HttpUrl.parse(root + pathOrUrl) : HttpUrl.get(root + "/").resolve(pathOrUrl);
        return resolved == null ? null : resolved.toString();
    }

    /** The target without its query, fragment and trailing slashes: {@code http://host/shop}. */
    public static String root(HttpUrl target) {
        return target.newBuilder().query(null).fragment(null).build().toString().replaceAll("/+$", "");
    }
}
