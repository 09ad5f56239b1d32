package dev.headroom.monitor;

import dev.headroom.report.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The up/down state of one check with its thresholds (N failed runs in a row before DOWN, M good
 * runs in a row before UP again), and its recent runs in a ring buffer. Thread-safe.
 *
 * <p>The history is kept compact (issue 14: a probes-only monitor under 64 MB): per run the start,
 * the duration, the status, the attempts, the maintenance flag and the message (shared with the
 * run before when equal), in parallel primitive arrays. A run that did not pass keeps its whole
 * {@link RunRecord} (where it failed); the last run is kept whole too. So a passing run that is
 * no longer the last is read back without its phases and its HTTP answer: nothing reads those from
 * the history (the status page's timeline shows start, duration, status and maintenance; the
 * gauges and the page's detail read {@link #last()} and {@link #lastFailure()}).
 */
public final class CheckState {
    /** UNKNOWN until the first run outside maintenance counts. */
    public enum Up {
        UNKNOWN, UP, DOWN
    }

    private static final Status[] STATUSES = Status.values();
    private static final int FIRST_CAPACITY = 16;

    // the ring: slot (head + i) % capacity holds the i-th oldest of size runs
    private long[] startSeconds = new long[0];
    private int[] startNanos = new int[0];
    private long[] durationNanos = new long[0];
    private byte[] statuses = new byte[0];
    private boolean[] maintenance = new boolean[0];
    private int[] attempts = new int[0];
    private String[] messages = new String[0];
    private RunRecord[] whole = new RunRecord[0]; // runs that did not pass; null for the others
    private int head;
    private int size;
    private String check;
    private RunRecord last;
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
        if (capacity() > historySize) {
            resize(historySize);
        }
    }

    /**
     * Records a run and returns the state after it. A run in maintenance is kept in the history
     * but changes neither the streaks nor the state.
     */
    synchronized Up record(RunRecord run) {
        runs++;
        append(run);
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
        List<RunRecord> out = new ArrayList<>(size);
        int cap = capacity();
        for (int i = 0; i < size; i++) {
            out.add(i == size - 1 ? last : at((head + i) % cap));
        }
        return out;
    }

    public synchronized RunRecord last() {
        return size == 0 ? null : last;
    }

    /** The most recent run that failed, even if it has left the history; null if none. */
    public synchronized RunRecord lastFailure() {
        return lastFailure;
    }

    private void append(RunRecord run) {
        int cap = capacity();
        if (size == cap && cap < historySize) {
            resize(Math.min(historySize, Math.max(FIRST_CAPACITY, cap * 2)));
            cap = capacity();
        }
        int slot;
        if (size < cap) {
            slot = (head + size) % cap;
            size++;
        } else { // full: the oldest goes
            slot = head;
            head = (head + 1) % cap;
        }
        check = run.check();
        String message = run.message();
        if (message != null && message.equals(lastMessage)) {
            message = lastMessage; // one instance for the same text run after run ("200 OK")
        } else {
            lastMessage = message;
        }
        startSeconds[slot] = run.startedAt().getEpochSecond();
        startNanos[slot] = run.startedAt().getNano();
        durationNanos[slot] = run.duration().toNanos();
        statuses[slot] = (byte) run.status().ordinal();
        maintenance[slot] = run.maintenance();
        attempts[slot] = run.attempts();
        messages[slot] = message;
        whole[slot] = run.ok() ? null : run;
        last = run;
    }

    private RunRecord at(int slot) {
        RunRecord kept = whole[slot];
        if (kept != null) {
            return kept;
        }
        return new RunRecord(check, Instant.ofEpochSecond(startSeconds[slot], startNanos[slot]),
                Duration.ofNanos(durationNanos[slot]), STATUSES[statuses[slot]], attempts[slot], maintenance[slot],
                messages[slot], List.of(), null, null);
    }

    private int capacity() {
        return statuses.length;
    }

    /** Copies the ring into arrays of {@code cap} slots, oldest at 0; keeps the newest if fewer. */
    private void resize(int cap) {
        int old = capacity();
        int keep = Math.min(size, cap);
        int from = size - keep;
        long[] s = new long[cap];
        int[] n = new int[cap];
        long[] d = new long[cap];
        byte[] st = new byte[cap];
        boolean[] m = new boolean[cap];
        int[] a = new int[cap];
        String[] msg = new String[cap];
        RunRecord[] w = new RunRecord[cap];
        for (int i = 0; i < keep; i++) {
            int src = (head + from + i) % old;
            s[i] = startSeconds[src];
            n[i] = startNanos[src];
            d[i] = durationNanos[src];
            st[i] = statuses[src];
            m[i] = maintenance[src];
            a[i] = attempts[src];
            msg[i] = messages[src];
            w[i] = whole[src];
        }
        startSeconds = s;
        startNanos = n;
        durationNanos = d;
        statuses = st;
        maintenance = m;
        attempts = a;
        messages = msg;
        whole = w;
        head = 0;
        size = keep;
    }
}
