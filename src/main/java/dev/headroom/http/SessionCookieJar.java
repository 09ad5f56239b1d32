package dev.headroom.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.HttpUrl;

/**
 * An in-memory, browser-like cookie store. {@link Cookie#parse} already applies RFC 6265 (domain
 * and path attributes, public-suffix rejection, expiry); this class adds replacement of a cookie
 * with the same name, domain and path, deletion by expiry, and a bound on the number kept.
 */
final class SessionCookieJar implements CookieJar {
    /** Browsers keep a few thousand; a storefront session needs a few dozen. Bounded on purpose. */
    static final int MAX_COOKIES = 1000;

    private final List<Cookie> cookies = new ArrayList<>();

    @Override
    public synchronized void saveFromResponse(HttpUrl url, List<Cookie> received) {
        long now = System.currentTimeMillis();
        for (Cookie c : received) {
            cookies.removeIf(old -> sameIdentity(old, c));
            if (c.expiresAt() > now) { // an expired cookie is a deletion
                cookies.add(c);
            }
        }
        while (cookies.size() > MAX_COOKIES) {
            cookies.remove(0); // oldest first
        }
    }

    @Override
    public synchronized List<Cookie> loadForRequest(HttpUrl url) {
        long now = System.currentTimeMillis();
        List<Cookie> matching = new ArrayList<>();
        for (Iterator<Cookie> it = cookies.iterator(); it.hasNext(); ) {
            Cookie c = it.next();
            if (c.expiresAt() <= now) {
                it.remove();
            } else if (c.matches(url)) {
                matching.add(c);
            }
        }
        // RFC 6265 5.4: longer paths first.
        matching.sort((a, b) -> Integer.compare(b.path().length(), a.path().length()));
        return matching;
    }

    synchronized List<Cookie> snapshot() {
        long now = System.currentTimeMillis();
        cookies.removeIf(c -> c.expiresAt() <= now);
        return List.copyOf(cookies);
    }

    synchronized void clear() {
        cookies.clear();
    }

    private static boolean sameIdentity(Cookie a, Cookie b) {
        return a.name().equals(b.name()) && a.domain().equals(b.domain()) && a.path().equals(b.path())
                && a.hostOnly() == b.hostOnly();
    }
}
