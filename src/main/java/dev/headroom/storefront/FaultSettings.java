package dev.headroom.storefront;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The faults active in one running storefront, switchable at any time and from any thread. The
 * admin endpoint and tests change them through this object; request handlers read it on every
 * request, so reads are cheap (one volatile read of an immutable map).
 */
public final class FaultSettings {
    private final Object lock = new Object();
    private volatile Map<Fault, String> active = Map.of();
    private final AtomicLong checkoutRequests = new AtomicLong();
    private volatile boolean closed;
    /** Completed with true when {@link Fault#HARD_DOWN} goes off, false when the shop closes; replaced when it goes on again. */
    private CompletableFuture<Boolean> upAgain = CompletableFuture.completedFuture(true);

    FaultSettings() {
    }

    /** Switches a fault on with its default value. */
    public FaultSettings set(Fault fault) {
        return set(fault, null);
    }

    /**
     * Switches a fault on, or changes its value.
     *
     * @param value the fault's value, or null for its default
     * @throws IllegalArgumentException if the value is not valid for the fault
     */
    public FaultSettings set(Fault fault, String value) {
        String normalized = fault.normalize(value);
        synchronized (lock) {
            Map<Fault, String> next = new EnumMap<>(Fault.class);
            next.putAll(active);
            next.put(fault, normalized);
            active = Collections.unmodifiableMap(next);
            syncUpAgain();
        }
        return this;
    }

    /**
     * Switches a fault on from its command-line form, {@code NAME} or {@code NAME=VALUE}.
     *
     * @throws IllegalArgumentException if the name or value is not valid
     */
    public FaultSettings set(String spec) {
        Map.Entry<Fault, String> parsed = parse(spec);
        return set(parsed.getKey(), parsed.getValue());
    }

    /** Switches a fault off (a no-op if it is not on). */
    public FaultSettings clear(Fault fault) {
        synchronized (lock) {
            Map<Fault, String> next = new EnumMap<>(Fault.class);
            next.putAll(active);
            next.remove(fault);
            active = next.isEmpty() ? Map.of() : Collections.unmodifiableMap(next);
            syncUpAgain();
        }
        return this;
    }

    /** Switches every fault off. */
    public FaultSettings clearAll() {
        synchronized (lock) {
            active = Map.of();
            syncUpAgain();
        }
        return this;
    }

    /** Whether the fault is on. */
    public boolean isActive(Fault fault) {
        return active.containsKey(fault);
    }

    /** The fault's canonical value if it is on ({@code ""} for faults without a value). */
    public Optional<String> value(Fault fault) {
        return Optional.ofNullable(active.get(fault));
    }

    /** A snapshot of the active faults and their canonical values, in declaration order. */
    public Map<Fault, String> active() {
        return active;
    }

    /**
     * Parses {@code NAME} or {@code NAME=VALUE} into a fault and its canonical value.
     *
     * @throws IllegalArgumentException naming the valid faults if the name or value is wrong
     */
    public static Map.Entry<Fault, String> parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty fault; valid faults: " + Fault.validNames());
        }
        int eq = spec.indexOf('=');
        Fault fault = Fault.fromName(eq < 0 ? spec : spec.substring(0, eq));
        String value = eq < 0 ? null : spec.substring(eq + 1);
        return Map.entry(fault, fault.normalize(value));
    }

    // ---- what the request handlers ask -------------------------------------------------------

    /** The delay in ms {@link Fault#SLOW_ROUTE} adds to the route ("search" or "checkout"), or 0. */
    long slowRouteDelayMillis(String route) {
        String v = active.get(Fault.SLOW_ROUTE);
        if (v == null) {
            return 0;
        }
        int colon = v.indexOf(':');
        if (colon < 0) {
            return Long.parseLong(v);
        }
        return v.substring(0, colon).equals(route) ? Long.parseLong(v.substring(colon + 1)) : 0;
    }

    /**
     * Whether this checkout request should fail under {@link Fault#ERROR_RATE}. Deterministic: of
     * every n requests, round(n * share) fail, spread evenly, so a test with 0.5 sees every second
     * request fail rather than a random number.
     */
    boolean checkoutShouldFail() {
        String v = active.get(Fault.ERROR_RATE);
        if (v == null) {
            return false;
        }
        double share = Double.parseDouble(v);
        long n = checkoutRequests.getAndIncrement();
        return Math.floor((n + 1) * share) > Math.floor(n * share);
    }

    /** Keeps {@link #upAgain} in step with {@link #active}; called with {@link #lock} held. */
    private void syncUpAgain() {
        boolean down = active.containsKey(Fault.HARD_DOWN) && !closed;
        if (down && upAgain.isDone()) {
            upAgain = new CompletableFuture<>();
        } else if (!down) {
            upAgain.complete(!closed);
        }
    }

    /**
     * A future completed when {@link Fault#HARD_DOWN} is off: at once if it is off now, with true
     * once it is cleared, with false if the shop closes first or {@code timeoutMillis} pass. Waiting
     * on it holds no thread, so any number of requests can hang under hard-down without exhausting
     * the server's pool.
     */
    CompletableFuture<Boolean> whenUp(long timeoutMillis) {
        CompletableFuture<Boolean> shared;
        synchronized (lock) {
            shared = upAgain;
        }
        // A copy per caller: the timeout must end this wait only, not everyone's.
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        shared.thenAccept(mine::complete);
        return mine.completeOnTimeout(false, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Releases every request waiting in {@link #whenUp} because the shop is closing. */
    void close() {
        synchronized (lock) {
            closed = true;
            syncUpAgain();
        }
    }
}
