package dev.headroom.report;

/**
 * The outcome of one check case. {@link #severity()} orders them for "worst status wins":
 * SKIPPED &lt; PASSED &lt; DEGRADED &lt; FAILED &lt; ERROR.
 */
public enum Status {
    /** The check ran and met every expectation. */
    PASSED(1),
    /** The check passed but outside its comfort zone (slow, retried, a warning); not a failure. */
    DEGRADED(2),
    /** The target did not meet an expectation: a finding. */
    FAILED(3),
    /** The check could not be evaluated (target unreachable, bad data, a bug). */
    ERROR(4),
    /** The check did not run. */
    SKIPPED(0);

    private final int severity;

    Status(int severity) {
        this.severity = severity;
    }

    /** Higher is worse. */
    public int severity() {
        return severity;
    }

    /** True for FAILED and ERROR: the statuses that fail a run. */
    public boolean isFailure() {
        return this == FAILED || this == ERROR;
    }

    /** The worse of the two. */
    public Status worst(Status other) {
        return other.severity > severity ? other : this;
    }
}
