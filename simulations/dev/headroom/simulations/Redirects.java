package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.currentLocation;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.status;

import dev.headroom.http.RedirectChain;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.load.RequestSink;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * Redirects followed the way a browser follows them, but only to hosts on the allowlist: the one
 * place every simulation's requests go through (the protocol must {@code disableFollowRedirect()},
 * since Gatling's own following would send every hop, wherever it points).
 *
 * <p>Each response is checked twice over, by status: a redirect (301, 302, 303, 307, 308) saves its
 * status, {@code Location} and URL and skips the page's checks; anything else runs the page's checks
 * ({@link PageRequest#finalChecks()}), so they always apply to the final response of the chain. A
 * non-redirect response pays for nothing more than those status tests and two session lookups. For
 * each redirect, {@link #next} decides: the {@code Location} resolved against the current URL; 303,
 * and 301/302 after POST, become GET without a body; 307/308 keep the method and send the same form
 * body again; at most {@code maxRedirects} hops. A hop to a host off the allowlist is never sent:
 * the request ends there as failed, with {@link TargetAllowlist#refusal}'s message, counted by the
 * recorder as refused. The whole chain is recorded as one request ({@link Recording}).
 */
final class Redirects {
    private static final String NEXT = "hr_redirect_location";
    private static final String FROM = "hr_redirect_from";
    private static final String STATUS = "hr_redirect_status";
    private static final String URL = "hr_redirect_url";
    private static final String METHOD = "hr_redirect_method";
    private static final String HOPS = "hr_redirect_hops";
    private static final String FOLLOWED = "followed";

    private final TargetAllowlist allowlist;
    private final int maxRedirects;

    Redirects(TargetAllowlist allowlist, int maxRedirects) {
        this.allowlist = Objects.requireNonNull(allowlist, "allowlist");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must be >= 0, got " + maxRedirects);
        }
        this.maxRedirects = maxRedirects;
    }

    /** Where a redirect leads ({@code url}, {@code method}), or why it is not followed ({@code failure}). */
    record Hop(String url, String method, String failure, boolean refused) {
        static Hop to(String url, String method) {
            return new Hop(url, method, null, false);
        }

        static Hop notFollowed(String failure, boolean refused) {
            return new Hop(null, null, failure, refused);
        }
    }

    static boolean isRedirect(int status) {
        return RedirectChain.isRedirect(status);
    }

    /** The method of the next hop: the HTTP core's rule, so both follow redirects alike. */
    static String redirectMethod(String method, int status) {
        return RedirectChain.redirectMethod(method, status);
    }

    /**
     * The decision for one redirect: {@code status} with {@code location} (empty if the response had
     * none) came back for {@code method} {@code from}, after {@code hopsSoFar} redirects.
     */
    Hop next(String from, String location, int status, String method, int hopsSoFar) {
        if (location.isBlank()) {
            return Hop.notFollowed("redirect not followed: a " + status + " without a Location header", false);
        }
        HttpUrl base = HttpUrl.parse(from);
        HttpUrl next = base == null ? null : base.resolve(location.strip());
        if (next == null) {
            return Hop.notFollowed("redirect not followed: a " + status + " whose Location is not an http(s) URL", false);
        }
        if (hopsSoFar >= maxRedirects) {
            return Hop.notFollowed("redirect not followed: more than " + maxRedirects + " redirects in a row", false);
        }
        if (!allowlist.isAllowed(next)) {
            return Hop.notFollowed(allowlist.refusal(next.host()), true);
        }
        return Hop.to(next.toString(), redirectMethod(method, status));
    }

    /** {@code page} and every redirect it leads to, recorded as one request of {@code group}. */
    ChainBuilder recorded(RequestSink sink, String group, PageRequest page) {
        ChainBuilder hop = page.method().equals("GET")
                ? exec(checked(page.hop("GET", s -> s.getString(URL)), page))
                : doIfOrElse(s -> "GET".equals(s.getString(METHOD)))
                        .then(exec(checked(page.hop("GET", s -> s.getString(URL)), page)))
                        .orElse(exec(checked(page.hop(page.method(), s -> s.getString(URL)), page)));
        ChainBuilder follow = asLongAs(s -> s.contains(NEXT)).on( // bounded: next() stops at maxRedirects
                exec(s -> decide(s, page.method())).doIf(s -> s.contains(URL)).then(hop))
                .exec(s -> s.removeAll(URL, METHOD, HOPS));
        return exec(Recording::start)
                .exec(checked(page.first(), page))
                .doIf(s -> s.contains(NEXT)).then(follow)
                .exec(s -> Recording.record(sink, group, s));
    }

    private Session decide(Session s, String firstMethod) {
        String location = s.getString(NEXT);
        String from = s.getString(FROM);
        int status = s.getInt(STATUS);
        int hops = s.contains(HOPS) ? s.getInt(HOPS) : 0;
        String method = s.contains(METHOD) ? s.getString(METHOD) : firstMethod;
        Session cleared = s.removeAll(NEXT, FROM, STATUS, URL);
        Hop next = next(from, location, status, method, hops);
        if (next.failure() != null) {
            return Recording.endChain(cleared, next.failure(), next.refused());
        }
        return Recording.nextHop(cleared).set(URL, next.url()).set(METHOD, next.method()).set(HOPS, hops + 1);
    }

    /**
     * The checks of every request of a chain: time, then the page's or the redirect's, by status. A
     * redirect that will not be followed also fails a check with the reason, so Gatling's own console
     * and report count that request as KO with the same message Headroom records.
     */
    private HttpRequestActionBuilder checked(HttpRequestActionBuilder request, PageRequest page) {
        return request.check(Recording.responseTime())
                .checkIf((response, session) -> !isRedirect(response.status().code())).then(page.finalChecks())
                .checkIf((response, session) -> isRedirect(response.status().code())).then(
                        status().saveAs(STATUS), // Gatling runs status and URL checks before header checks
                        currentLocation().saveAs(FROM),
                        header("Location").withDefault("").saveAs(NEXT),
                        header("Location").withDefault("").transformWithSession((location, session) -> {
                            Hop hop = next(session.getString(FROM), location, session.getInt(STATUS),
                                    session.contains(METHOD) ? session.getString(METHOD) : page.method(),
                                    session.contains(HOPS) ? session.getInt(HOPS) : 0);
                            return hop.failure() == null ? FOLLOWED : hop.failure();
                        }).is(FOLLOWED).name("redirect"));
    }
}
