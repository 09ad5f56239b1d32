package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

/**
 * The recorder hook every simulation shares: Gatling's own response time (a check saved into the
 * session, evaluated first so a later failing check cannot skip it), falling back to the wall time
 * around the request when no response came (connection refused, timeout). Outcome: the session's
 * failed flag, which any failed check sets; it is reset afterwards so each request counts alone.
 */
final class Recording {
    private static final String T0 = "hr_t0";
    private static final String RT = "hr_rt";

    /** Where a recorded request goes: Headroom's recorder, by request group. */
    @FunctionalInterface
    interface Sink {
        void record(String group, boolean ok, long millis);
    }

    private Recording() {
    }

    static ChainBuilder recorded(Sink sink, String group, HttpRequestActionBuilder request) {
        return exec(s -> s.remove(RT).set(T0, System.nanoTime()))
                .exec(request.check(responseTimeInMillis().saveAs(RT)))
                .exec(s -> {
                    long millis = s.contains(RT) ? s.getInt(RT) : (System.nanoTime() - s.getLong(T0)) / 1_000_000;
                    sink.record(group, !s.isFailed(), millis);
                    return s.markAsSucceeded();
                });
    }
}
