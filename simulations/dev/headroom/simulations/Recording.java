package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The recorder hook every simulation shares, kept to as little per-request work as possible (it
 * runs for every request of a load test): one session key, written twice. Before the request it
 * holds the start time ({@code long} nanoseconds); Gatling's response-time check, evaluated first so
 * that a later failing check cannot skip it, overwrites it with the response time ({@code int}
 * milliseconds). So after the request an {@code Integer} means "a response came" and a {@code Long}
 * means "no response" (connection refused, timeout): then the wall time since the start counts.
 * Outcome: the session's failed flag, which any failed check sets; it is reset afterwards so each
 * request counts alone.
 */
final class Recording {
    private static final String KEY = "hr_rec";

    /** Where a recorded request goes: Headroom's recorder, by request group. */
    @FunctionalInterface
    interface Sink {
        void record(String group, boolean ok, long millis);
    }

    private Recording() {
    }

    static ChainBuilder recorded(Sink sink, String group, HttpRequestActionBuilder request) {
        return exec(s -> s.set(KEY, System.nanoTime()))
                .exec(request.check(responseTimeInMillis().saveAs(KEY)))
                .exec(s -> {
                    Object value = s.get(KEY);
                    long millis = value instanceof Integer responseTime
                            ? responseTime
                            : (System.nanoTime() - (Long) value) / 1_000_000;
                    boolean failed = s.isFailed();
                    sink.record(group, !failed, millis);
                    return failed ? s.markAsSucceeded() : s;
                });
    }
}
