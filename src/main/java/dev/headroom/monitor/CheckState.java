package dev.headroom.monitor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The up/down state of one check with its thresholds (N failed runs in a row before DOWN, M good
 * runs in a row before UP again), and its recent runs in a ring buffer. Thread-safe.
 *
 * <p>The history is kept compact (issue 14: a probes-only monitor under 64 MB): a passing run that
 * is no longer the last is kept without its phases and its HTTP answer, its message shared with the
 * run before when equal. Nothing reads those from the history (the status page's timeline shows
 * start, duration, status and maintenance; the gauges and the page's detail read {@link #last()}
 * and {@link #lastFailure()}); a run that did not pass is kept whole (where it failed).
 */
public final class CheckState {
    /** UNKNOWN until the first run outside maintenance counts. */
    public enum Up {
        UNKNOWN, UP, DOWN
    }

    private final ArrayDeque<RunRecord> recent = new ArrayDeque<>();
    private String lastMessage;

    private int historySize;
    private int failuresBeforeDown;
    private int successesBeforeUp;
    private Up up = Up.UNKNOWN;
    private int failuresInARow;
    private int successesInARow;
    private RunRecord lastFailure;
    private long runs;

    CheckState(int historySize, int failuresBeforeDown, int successesBeforeUp) {
        configure(historySize, failuresBeforeDown, successesBeforeUp);
    }

    /** New thresholds (on reload); the streaks so far still count. */
    synchronized void configure(int historySize, int failuresBeforeDown, int successesBeforeUp) {
        this.historySize = historySize;
        this.failuresBeforeDown = failuresBeforeDown;
        this.successesBeforeUp = successesBeforeUp;
        while (recent.size() > historySize) {
            recent.removeFirst();
        }
    }

    /**
     * Records a run and returns the state after it. A run in maintenance is kept in the history
     * but changes neither the streaks nor the state.
     */
    synchronized Up record(RunRecord run) {
        runs++;
        RunRecord previous = recent.peekLast();
        if (previous != null && previous.ok()) {
            recent.removeLast();
            recent.addLast(compact(previous));
        }
        recent.addLast(run);
        if (recent.size() > historySize) {
            recent.removeFirst();
        }
        if (!run.ok()) {
            lastFailure = run;
        }
        if (run.maintenance()) {
            return up;
        }
        if (run.ok()) {
            successesInARow++;
            failuresInARow = 0;
            if (up == Up.UNKNOWN || up == Up.DOWN && successesInARow >= successesBeforeUp) {
                up = Up.UP;
            }
        } else {
            failuresInARow++;
            successesInARow = 0;
            if (up != Up.DOWN && failuresInARow >= failuresBeforeDown) {
                up = Up.DOWN;
            }
        }
        return up;
    }

    public synchronized Up up() {
        return up;
    }

    public synchronized int failuresInARow() {
        return failuresInARow;
    }

    public synchronized long runs() {
        return runs;
    }

    /**
     * Oldest first; at most the history size. A passing run other than the last comes back
     * without its phases and HTTP answer (see the class comment); every other field is as recorded.
     */
    public synchronized List<RunRecord> recent() {
        return new ArrayList<>(recent);
    }

    public synchronized RunRecord last() {
        return recent.peekLast();
    }

    /** The most recent run that failed, even if it has left the history; null if none. */
    public synchronized RunRecord lastFailure() {
        return lastFailure;
    }

    /** {@code run} without its phases and HTTP answer, its message one instance with the run before's if equal. */
    private RunRecord compact(RunRecord run) {
        String message = run.message();
        if (message != null && message.equals(lastMessage)) {
            message = lastMessage; // one instance for the same text run after run ("200 OK")
        } else {
            lastMessage = message;
        }
        return new RunRecord(run.check(), run.startedAt(), run.duration(), run.status(), run.attempts(),
                run.maintenance(), message, List.of(), run.failure(), null);
    }
}
