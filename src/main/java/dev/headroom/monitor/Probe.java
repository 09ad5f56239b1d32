package dev.headroom.monitor;

/**
 * One try of one check: a small function with one contract. The {@link Monitor} does the shared
 * work around it once for every kind: scheduling, the overall timeout, retries, thresholds,
 * timing, history and metrics.
 */
interface Probe extends AutoCloseable {
    /**
     * Runs the check once against its target and says what it found. Never throws for anything
     * the target does (no answer, garbage, errors are results); may be interrupted on timeout.
     */
    ProbeResult run() throws InterruptedException;

    /** Asks a run in progress to stop early (the run's own timeout passed). */
    default void abort() {
    }

    @Override
    default void close() {
    }
}
