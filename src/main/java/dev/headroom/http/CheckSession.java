package dev.headroom.http;

import java.util.List;
import okhttp3.Cookie;
import okhttp3.OkHttpClient;

/**
 * A browser-like session: checks made through it share one cookie jar, so a login on one request
 * is carried by the next. Sessions share the checker's connection pool and dispatcher; create one
 * per simulated customer. Thread-safe, though a customer journey is naturally sequential.
 */
public final class CheckSession {
    private final HttpChecker checker;
    private final SessionCookieJar jar;
    private final OkHttpClient client;

    CheckSession(HttpChecker checker, SessionCookieJar jar, OkHttpClient client) {
        this.checker = checker;
        this.jar = jar;
        this.client = client;
    }

    /** Like {@link HttpChecker#execute}, with this session's cookies. Never throws for network problems. */
    public CheckResult execute(CheckRequest request) {
        return checker.run(request, client);
    }

    /** The cookies currently held (expired ones dropped), in the order received. */
    public List<Cookie> cookies() {
        return jar.snapshot();
    }

    /** The value of the first unexpired cookie with this name, or null. */
    public String cookie(String name) {
        for (Cookie c : jar.snapshot()) {
            if (c.name().equals(name)) {
                return c.value();
            }
        }
        return null;
    }

    /** Forgets all cookies ("log out", new customer). */
    public void clearCookies() {
        jar.clear();
    }
}
