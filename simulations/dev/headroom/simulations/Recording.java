package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import dev.headroom.load.RequestSink;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;

/**
 * The recorder hook every simulation shares, kept to as little per-request work as possible (it
 * runs for every request of a load test): one session key, written twice. Before the request it
 * holds the start time ({@code long} nanoseconds); Gatling's response-time check overwrites it with
 * the response time ({@code int} milliseconds). So after the request an {@code Integer} means "a
 * response came" and a {@code Long} means "no response" (connection refused, timeout): then the wall
 * time since the start counts. Outcome: the session's failed flag, which any failed check sets; it
 * is reset afterwards so each request counts alone.
 *
 * <p>A request followed through redirects ({@link Redirects}) is recorded once, as one request: its
 * time is the sum of its hops' response times ({@link #nextHop} keeps the running sum under a second
 * key that only redirect chains write), and a chain that ends on a hop Headroom did not send carries
 * that reason ({@link #endChain}) to {@link RequestSink#recordFailure}.
 */
final class Recording {
    private static final String KEY = "hr_rec";
    private static final String SUM = "hr_rec_sum";
    private static final String FAILURE = "hr_rec_failure";
    private static final String REFUSED = "hr_rec_refused";

    private Recording() {
    }

    static Session start(Session s) {
        return s.set(KEY, System.nanoTime());
    }

    /** The check every recorded request carries (each hop of a chain too). */
    static CheckBuilder responseTime() {
        return responseTimeInMillis().saveAs(KEY);
    }

    /** A redirect came back: its response time goes to the chain's sum, and the next hop's clock starts. */
    static Session nextHop(Session s) {
        return s.set(SUM, sum(s) + elapsedMs(s)).set(KEY, System.nanoTime());
    }

    /**
     * The chain ends at a redirect Headroom does not follow: the request failed for {@code reason},
     * and {@code refused} says the hop was not sent because its host is not on the allowlist.
     */
    static Session endChain(Session s, String reason, boolean refused) {
        return s.set(SUM, sum(s) + elapsedMs(s)).set(KEY, 0).set(FAILURE, reason).set(REFUSED, refused).markAsFailed();
    }

    /** Records the request (or the whole chain) that just ended and resets the session for the next. */
    static Session record(RequestSink sink, String group, Session s) {
        boolean failed = s.isFailed();
        if (!s.contains(SUM)) { // no redirect: the path of nearly every request
            sink.record(group, !failed, elapsedMs(s));
            return failed ? s.markAsSucceeded() : s;
        }
        long millis = s.getLong(SUM) + elapsedMs(s);
        String failure = s.getString(FAILURE);
        if (failure != null) {
            sink.recordFailure(group, millis, failure, s.getBoolean(REFUSED));
        } else {
            sink.record(group, !failed, millis);
        }
        Session clean = s.removeAll(SUM, FAILURE, REFUSED);
        return failed ? clean.markAsSucceeded() : clean;
    }

    private static long sum(Session s) {
        return s.contains(SUM) ? s.getLong(SUM) : 0;
    }

    private static long elapsedMs(Session s) {
        Object value = s.get(KEY);
        return value instanceof Integer responseTime
                ? responseTime
                : (System.nanoTime() - (Long) value) / 1_000_000;
    }
}
