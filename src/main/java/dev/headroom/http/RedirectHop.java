package dev.headroom.http;

import java.util.Locale;
import java.util.Objects;

/**
 * One redirect response that the checker followed.
 *
 * @param url the (redacted) URL that answered with the redirect
 * @param method the method used for that request
 * @param statusCode the redirect status (301, 302, 303, 307 or 308)
 * @param location the (redacted) absolute URL the {@code Location} header resolved to
 * @param timings the phases of this hop alone
 */
public record RedirectHop(String url, String method, int statusCode, String location, Timings timings) {

    public RedirectHop {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(timings, "timings");
    }

    /** True if this hop leaves HTTPS for plain HTTP (browsers warn; credentials may leak). */
    public boolean downgrade() {
        return url.toLowerCase(Locale.ROOT).startsWith("https:")
                && location.toLowerCase(Locale.ROOT).startsWith("http:");
    }
}
