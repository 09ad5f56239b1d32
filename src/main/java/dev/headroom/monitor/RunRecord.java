package dev.headroom.monitor;

import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One finished run of a check (after its retries): when, how long, what it found.
 *
 * @param attempts tries it took (1: no retry needed or none configured)
 * @param maintenance true if it ran inside a maintenance window (recorded, never flips the state)
 * @param failure where the last try failed; null when the run passed or was degraded
 * @param http what the last try of an HTTP probe was answered; null for the other kinds
 */
public record RunRecord(String check, Instant startedAt, Duration duration, Status status, int attempts,
        boolean maintenance, String message, List<ProbeResult.Phase> phases, ProbeResult.Failure failure,
        ProbeResult.Http http) {

    /** A run of a kind that is not an HTTP probe. */
    public RunRecord(String check, Instant startedAt, Duration duration, Status status, int attempts,
            boolean maintenance, String message, List<ProbeResult.Phase> phases, ProbeResult.Failure failure) {
        this(check, startedAt, duration, status, attempts, maintenance, message, phases, failure, null);
    }

    /** Passed or degraded: the customer got through. */
    public boolean ok() {
        return !status.isFailure();
    }
}
