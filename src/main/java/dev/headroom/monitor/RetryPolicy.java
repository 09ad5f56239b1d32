package dev.headroom.monitor;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Duration;
import java.util.Locale;

/**
 * How many times a failed run is tried, and how long to wait before each retry.
 *
 * @param attempts tries in all; 1 means no retry
 */
public record RetryPolicy(Kind kind, int attempts, Duration delay, Duration maxDelay) {
    /** No retry. */
    public static final RetryPolicy NONE = new RetryPolicy(Kind.FIXED, 1, Duration.ZERO, Duration.ZERO);

    public enum Kind {
        FIXED, LINEAR, EXPONENTIAL;

        @JsonCreator
        static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be fixed, linear or exponential, not '" + s + "'");
            }
        }
    }

    /** The wait before retry {@code n} (1 = the first retry), capped at {@link #maxDelay()}. */
    public Duration delayBefore(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("retry number starts at 1, got " + n);
        }
        long base = delay.toMillis();
        long millis = switch (kind) {
            case FIXED -> base;
            case LINEAR -> base * n;
            // shift capped so that large n cannot overflow
            case EXPONENTIAL -> n > 40 ? Long.MAX_VALUE : base << Math.min(n - 1, 40);
        };
        if (millis < 0 || millis > maxDelay.toMillis()) {
            millis = maxDelay.toMillis();
        }
        return Duration.ofMillis(millis);
    }
}
