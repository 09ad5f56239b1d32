package dev.headroom.cli;

/**
 * The exit codes every {@code headroom} subcommand uses, so that CI scripts can tell a failed check
 * from a typo from a target that is down.
 */
public final class ExitCode {
    /** Everything ran and every check passed. */
    public static final int OK = 0;
    /** Everything ran and at least one check failed (a finding, a breached SLO, a failed step). */
    public static final int CHECKS_FAILED = 1;
    /** The command line or a configuration file is wrong; nothing was run. */
    public static final int USAGE = 2;
    /** The target could not be reached at all, so nothing could be checked. */
    public static final int UNREACHABLE = 3;
    /** A bug in Headroom itself; the message says where to find the details. */
    public static final int INTERNAL = 4;
    /**
     * A failover drill ended with an origin still down: its up command failed (non-zero, timed out,
     * could not start), or an origin still failed its probes at the end. The shop runs short of an
     * origin until someone restores it; kept apart from {@link #CHECKS_FAILED} ("customers saw
     * errors") so that a scheduled drill can page for it.
     */
    public static final int ORIGIN_LEFT_DOWN = 5;
    /**
     * {@code gate} and {@code change open}: refused before sending anything, inside a change window
     * (the model's peak hours or the gate's {@code windows}) without {@code --override}, while another
     * change is open for the shop, or a promotion whose required report is not a passing gate of the
     * same version. Kept apart from {@link #CHECKS_FAILED}: nothing was checked, try again later.
     */
    public static final int REFUSED = 6;
    /**
     * Stopped by Ctrl-C or SIGTERM before it finished (what shells report for SIGINT, 128 + 2, used
     * for both signals so a script tests one value); what was done so far is reported, marked incomplete.
     */
    public static final int STOPPED = 130;

    private ExitCode() {
    }

    /** The exit code of an engine's verdict: the one mapping every command uses. */
    public static int of(dev.headroom.report.Verdict verdict) {
        return switch (verdict) {
            case PASSED -> OK;
            case FAILED -> CHECKS_FAILED;
            case UNREACHABLE -> UNREACHABLE;
            case STOPPED -> STOPPED;
            case LEFT_DOWN -> ORIGIN_LEFT_DOWN;
            case REFUSED -> REFUSED;
        };
    }
}
