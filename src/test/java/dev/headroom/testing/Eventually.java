package dev.headroom.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls until something a test waits for has happened, instead of a hand-written sleep loop. A probe that
 * never gets there fails the test with the last value it saw, so the failure says how far things got.
 */
public final class Eventually {
    private static final Duration POLL = Duration.ofMillis(20);

    private Eventually() {
    }

    /** A probe that may throw, such as one reading a file or asking a server. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    /**
     * Returns the first value of {@code probe} that satisfies {@code until}, polling every 20 ms.
     *
     * @throws AssertionError if none does within {@code timeout}, naming the last value seen (or what the probe threw)
     */
    public static <T> T await(Duration timeout, Probe<T> probe, Predicate<? super T> until) {
        return await(timeout, probe, until, () -> true);
    }

    /**
     * As {@link #await(Duration, Probe, Predicate)}, but gives up at once, with the same message, when
     * {@code stillWorthWaiting} turns false (a process that died, a task that finished without it).
     */
    public static <T> T await(Duration timeout, Probe<T> probe, Predicate<? super T> until, BooleanSupplier stillWorthWaiting) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception failure = null;
        while (true) {
            try {
                last = probe.get();
                failure = null;
                if (until.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                failure = e;
            }
            boolean gaveUp = !stillWorthWaiting.getAsBoolean();
            if (gaveUp || System.nanoTime() - deadline >= 0) {
                String seen = failure != null ? "the probe threw " + failure : "the last value seen was " + last;
                AssertionError error = new AssertionError((gaveUp ? "stopped waiting before " + timeout + " (nothing left to wait for): "
                        : "not there within " + timeout + ": ") + seen);
                if (failure != null) {
                    error.initCause(failure);
                }
                throw error;
            }
            sleep();
        }
    }

    /** Waits until {@code condition} holds; {@code what} names it in the failure. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        await(timeout, () -> what, condition);
    }

    /** As {@link #await(Duration, String, BooleanSupplier)}, with the failure's text built only on failure (a log's tail, say). */
    public static void await(Duration timeout, Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
