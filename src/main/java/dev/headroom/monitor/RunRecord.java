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
 */
public record RunRecord(String check, Instant startedAt, Duration duration, Status status, int attempts,
        boolean maintenance, String message, List<ProbeResult.Phase> phases, ProbeResult.Failure failure) {

    /** Passed or degraded: the customer got through. */
    public boolean ok() {
        return !status.isFailure();
    }
}
