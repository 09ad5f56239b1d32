package dev.headroom.report;

/**
 * What a whole run of an engine came to: the one answer a command turns into its exit code
 * ({@code cli.ExitCode.of}). Case statuses ({@link Status}) say how each check went; the verdict
 * says what the run means for the person or pipeline that started it.
 */
public enum Verdict {
    /** Everything ran and every check passed (degraded ones included). */
    PASSED,
    /** Everything ran and at least one check failed. */
    FAILED,
    /** The target could not be reached at all, so nothing could be checked. */
    UNREACHABLE,
    /** Stopped by Ctrl-C or SIGTERM before it finished; the report holds what was done. */
    STOPPED,
    /** The run left the system worse than it found it (a failover drill left an origin down). */
    LEFT_DOWN,
    /** Not run: refused before any traffic (a change window, an open change, a promotion not earned). */
    REFUSED
}
