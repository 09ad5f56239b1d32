package dev.headroom.crawl;

import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Normalises URLs for fetching and de-duplication: OkHttp's {@link HttpUrl} already lowercases the
 * scheme and host, drops the default port and resolves dot segments; this drops the fragment and
 * strips session-id parameters (query parameters and {@code ;jsessionid=} path parameters). Nothing
 * else is reordered.
 */
final class UrlNormalizer {
    private final Set<String> stripParams;

    UrlNormalizer(Set<String> stripParams) {
        this.stripParams = stripParams;
    }

    HttpUrl normalize(HttpUrl url) {
        if (!mayStrip(url) && url.encodedFragment() == null) {
            return url;
        }
        HttpUrl.Builder b = url.newBuilder().fragment(null);
        String path = url.encodedPath();
        int semi = path.indexOf(';');
        if (semi >= 0 && !stripParams.isEmpty()) {
            String lower = path.toLowerCase(Locale.ROOT);
            for (String p : stripParams) {
                int at = lower.indexOf(";" + p + "=");
                if (at >= 0) {
                    int end = path.indexOf('/', at + 1);
                    path = path.substring(0, at) + (end < 0 ? "" : path.substring(end));
                    lower = path.toLowerCase(Locale.ROOT);
                }
            }
            b.encodedPath(path.isEmpty() ? "/" : path);
        }
        if (url.querySize() > 0 && !stripParams.isEmpty()) {
            for (String name : url.queryParameterNames()) {
                if (stripParams.contains(name.toLowerCase(Locale.ROOT))) {
                    b.removeAllQueryParameters(name);
                }
            }
            HttpUrl built = b.build();
            if (built.querySize() == 0 && built.encodedQuery() != null) {
                b.query(null);
            }
        }
        return b.build();
    }

    /**
     * {@code normalize(url).toString()}, without building a URL when there is nothing to strip: an
     * {@link HttpUrl}'s string is canonical and a fragment is its only unencoded {@code #}.
     */
    String key(HttpUrl url) {
        String s = url.toString();
        int hash = s.indexOf('#');
        int end = hash < 0 ? s.length() : hash;
        if (!stripParams.isEmpty()) {
            int q = s.indexOf('?');
            int semi = s.indexOf(';');
            if (q >= 0 && q < end || semi >= 0 && semi < end) {
                return normalize(url).toString();
            }
        }
        return hash < 0 ? s : s.substring(0, hash);
    }

    private boolean mayStrip(HttpUrl url) {
        return !stripParams.isEmpty() && (url.querySize() > 0 || url.encodedPath().indexOf(';') >= 0);
    }

    /** scheme://host:port, the unit of scope, robots.txt, concurrency and rate. */
    static String origin(HttpUrl u) {
        return u.scheme() + "://" + u.host() + ":" + u.port();
    }
}
