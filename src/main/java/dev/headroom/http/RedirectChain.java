package dev.headroom.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One request's redirect chain, followed the way a browser follows it: the single rule that {@link
 * HttpChecker} and the load injector's virtual customers both apply, so a step means the same
 * whichever engine sends it. Give it each redirect response in turn ({@link #next}); it answers
 * {@link Decision.Follow} with the next hop's URL, method and headers, or {@link Decision.Stop} with
 * why the chain ends there, in this order:
 * <ol>
 *   <li>a {@code Location} that does not resolve to an http(s) URL: {@link FailureKind#PROTOCOL};
 *   <li>more than {@code maxRedirects} hops: {@link FailureKind#TOO_MANY_REDIRECTS};
 *   <li>a method and URL already requested in this chain (a {@code Set-Cookie} starts the count
 *       afresh, since a browser may legitimately land elsewhere the second time): {@link
 *       FailureKind#REDIRECT_LOOP};
 *   <li>a host off the allowlist: {@link FailureKind#NOT_ALLOWED}, never sent (the hop that pointed
 *       there is still listed in {@link #hops}).
 * </ol>
 * A followed hop uses {@link #redirectMethod}; a method change drops the body and the headers that
 * describe it; a hop to another origin (scheme, host or port) keeps no header but the User-Agent
 * (and the Content-Type of a body it still carries), so credentials never reach another origin.
 *
 * <p>Not thread-safe: one chain per request, used by the thread that sends it.
 */
public final class RedirectChain {

    /** What to do after one redirect response. */
    public sealed interface Decision {
        /**
         * Send the next hop.
         *
         * @param keepsBody whether the request body goes along (307 and 308; a method change drops it)
         */
        record Follow(HttpUrl url, String method, Headers headers, boolean keepsBody) implements Decision {
        }

        /**
         * The chain ends without another hop.
         *
         * @param at the URL the check's result names: the hop that redirected, or for {@link
         *     FailureKind#NOT_ALLOWED} the URL that was not sent to
         * @param message why, URLs redacted
         */
        record Stop(FailureKind failure, String message, HttpUrl at) implements Decision {
        }
    }

    private final TargetAllowlist allowlist;
    private final int maxRedirects;
    private final Redactor redactor;
    private final List<RedirectHop> hops = new ArrayList<>();
    private final Set<String> visited = new HashSet<>();
    private HttpUrl url;
    private String method;
    private Headers headers;
    private boolean hasBody;

    /**
     * A chain starting with {@code method} {@code url}, sent with {@code headers} (a body if {@code
     * hasBody}).
     */
    public RedirectChain(TargetAllowlist allowlist, int maxRedirects, Redactor redactor, String method, HttpUrl url,
            Headers headers, boolean hasBody) {
        this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
        this.maxRedirects = maxRedirects;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.method = Objects.requireNonNull(method, "method");
        this.url = Objects.requireNonNull(url, "url");
        this.headers = Objects.requireNonNull(headers, "headers");
        this.hasBody = hasBody;
        visited.add(method + " " + url);
    }

    /**
     * The decision for the redirect the current hop answered with.
     *
     * @param status the redirect status ({@link #isRedirect})
     * @param location its {@code Location} header, as sent
     * @param setsCookie whether the response set a cookie
     * @param timings the hop's own phases, recorded with it
     */
    public Decision next(int status, String location, boolean setsCookie, Timings timings) {
        HttpUrl next = url.resolve(location.strip());
        if (next == null) {
            return new Decision.Stop(FailureKind.PROTOCOL,
                    "redirect " + status + " has an unusable Location: " + redactor.redact(location), url);
        }
        if (hops.size() >= maxRedirects) {
            return new Decision.Stop(FailureKind.TOO_MANY_REDIRECTS,
                    "more than " + maxRedirects + " redirects; next was " + redactor.redactUrl(next.toString()), url);
        }
        String nextMethod = redirectMethod(method, status);
        if (setsCookie) {
            visited.clear();
        }
        if (!visited.add(nextMethod + " " + next)) {
            return new Decision.Stop(FailureKind.REDIRECT_LOOP, "redirect loop: " + nextMethod + " "
                    + redactor.redactUrl(next.toString()) + " was already requested in this chain", url);
        }
        hops.add(new RedirectHop(redactor.redactUrl(url.toString()), method, status, redactor.redactUrl(next.toString()),
                timings));
        if (!allowlist.isAllowed(next)) {
            return new Decision.Stop(FailureKind.NOT_ALLOWED, NotAllowedException.message(allowlist, next.host())
                    + "; a redirect from " + redactor.redactUrl(url.toString()) + " pointed there", next);
        }
        Headers.Builder nh = headers.newBuilder();
        if (!nextMethod.equals(method)) {
            hasBody = false;
            nh.removeAll("Content-Type").removeAll("Content-Length").removeAll("Transfer-Encoding");
        }
        if (!sameOrigin(next, url)) {
            Headers.Builder fresh = new Headers.Builder();
            String userAgent = nh.get("User-Agent");
            if (userAgent != null) {
                fresh.set("User-Agent", userAgent);
            }
            String contentType = nh.get("Content-Type");
            if (hasBody && contentType != null) {
                fresh.set("Content-Type", contentType);
            }
            nh = fresh;
        }
        headers = nh.build();
        method = nextMethod;
        url = next;
        return new Decision.Follow(next, nextMethod, headers, hasBody);
    }

    /** The redirects followed (or refused) so far, in order. */
    public List<RedirectHop> hops() {
        return List.copyOf(hops);
    }

    /** The URL of the current hop: the first request's, then each followed redirect's. */
    public HttpUrl url() {
        return url;
    }

    /** The method of the current hop. */
    public String method() {
        return method;
    }

    /** 301, 302, 303, 307 and 308: the statuses a browser follows. */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * The method of the hop after a redirect, as browsers do it: 303 (but after HEAD), and 301/302
     * after POST, become GET; everything else keeps its method.
     */
    public static String redirectMethod(String method, int status) {
        if (status == 303 && !method.equals("HEAD")) {
            return "GET";
        }
        if ((status == 301 || status == 302) && method.equals("POST")) {
            return "GET";
        }
        return method;
    }

    /** Same scheme, host and port: a redirect between two such URLs may keep the request's headers. */
    public static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equals(b.host()) && a.port() == b.port();
    }
}
