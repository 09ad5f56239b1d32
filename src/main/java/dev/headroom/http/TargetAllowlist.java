package dev.headroom.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The hosts Headroom may send traffic to. Load tests refuse any target not listed, so that a typo
 * in a URL cannot point a load test at someone else's production.
 *
 * <p>Patterns are exact host names or IP literals ({@code 127.0.0.1}, {@code localhost}, {@code
 * ::1}), matched case-insensitively, or {@code *.domain} which matches any subdomain of {@code
 * domain} (but not {@code domain} itself, list that separately). Ports are not part of the match.
 */
public final class TargetAllowlist {

    private static final TargetAllowlist LOOPBACK = of("127.0.0.1", "localhost", "::1");

    private final Set<String> patterns;
    private final List<String> ordered;

    private TargetAllowlist(Set<String> patterns) {
        this.patterns = Set.copyOf(patterns);
        this.ordered = List.copyOf(patterns);
    }

    /** An allowlist of the given patterns. */
    public static TargetAllowlist of(String... patterns) {
        return of(List.of(patterns));
    }

    /** An allowlist of the given patterns. */
    public static TargetAllowlist of(Collection<String> patterns) {
        Set<String> set = new LinkedHashSet<>();
        for (String p : patterns) {
            String n = normalize(p);
            if (n.isEmpty() || n.equals("*.") || (n.contains("*") && !(n.startsWith("*.") && n.lastIndexOf('*') == 0))) {
                throw new IllegalArgumentException(
                        "invalid host pattern '" + p + "': use a host name, an IP address or *.domain");
            }
            set.add(n);
        }
        return new TargetAllowlist(set);
    }

    /** Config validation of an allowlist field: not empty, every pattern valid. */
    public static void validate(dev.headroom.config.Validation v, String path, List<String> patterns) {
        v.require(!patterns.isEmpty(), path, "must list at least one host");
        try {
            of(patterns);
        } catch (IllegalArgumentException e) {
            v.error(path, e.getMessage());
        }
    }

    /** {@code 127.0.0.1}, {@code localhost} and {@code ::1}. */
    public static TargetAllowlist loopbackOnly() {
        return LOOPBACK;
    }

    /**
     * For a command the user aims by hand ({@code journey run}, {@code crawl}, {@code recheck}):
     * loopback, the hosts of the URLs they named, and the {@code --allow} patterns. Everything a
     * page, a redirect or a step reaches beyond that is refused.
     *
     * @throws IllegalArgumentException for a URL that is not http(s) or an invalid pattern
     */
    public static TargetAllowlist forTargets(Collection<String> urls, Collection<String> extra) {
        List<String> all = new ArrayList<>(LOOPBACK.ordered);
        for (String u : urls) {
            HttpUrl parsed = HttpUrl.parse(u);
            if (parsed == null) {
                throw new IllegalArgumentException("not an http(s) URL: '" + u + "'");
            }
            all.add(parsed.host());
        }
        all.addAll(extra);
        return of(all);
    }

    /** A copy that also allows the given patterns. */
    public TargetAllowlist plus(String... more) {
        List<String> all = new ArrayList<>(ordered);
        all.addAll(List.of(more));
        return of(all);
    }

    /** The patterns, in the order given. */
    public List<String> patterns() {
        return ordered;
    }

    public boolean isAllowed(HttpUrl url) {
        return isAllowedHost(url.host());
    }

    public boolean isAllowed(URI uri) {
        return uri.getHost() != null && isAllowedHost(uri.getHost());
    }

    /** Matches a bare host name or IP literal (IPv6 with or without brackets). */
    public boolean isAllowedHost(String host) {
        String h = normalize(host);
        if (patterns.contains(h)) {
            return true;
        }
        for (String p : patterns) {
            if (p.startsWith("*.") && h.endsWith(p.substring(1)) && h.length() > p.length() - 1) {
                return true;
            }
        }
        return false;
    }

    /** Returns {@code url} if allowed, else throws naming the host and the allowlist. */
    public HttpUrl check(HttpUrl url) {
        if (!isAllowed(url)) {
            throw refused(url.host());
        }
        return url;
    }

    /** Returns {@code uri} if allowed, else throws naming the host and the allowlist. */
    public URI check(URI uri) {
        if (!isAllowed(uri)) {
            throw refused(String.valueOf(uri.getHost()));
        }
        return uri;
    }

    /** Parses {@code url} (http or https) and checks it; throws for a malformed URL too. */
    public HttpUrl check(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            throw new IllegalArgumentException("not an http(s) URL: '" + url + "'");
        }
        return check(parsed);
    }

    /** What a refused request reports: {@code not sent: host 'X' is not on the allowlist [...]}. */
    public String refusal(String host) {
        return "not sent: host '" + host + "' is not on the allowlist " + ordered;
    }

    private IllegalArgumentException refused(String host) {
        return new IllegalArgumentException("refusing to send traffic to host '" + host
                + "': it is not in the target allowlist " + ordered);
    }

    private static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".") && h.length() > 1) {
            h = h.substring(0, h.length() - 1); // "localhost." is "localhost"
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetAllowlist other && patterns.equals(other.patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return "TargetAllowlist" + ordered;
    }
}
