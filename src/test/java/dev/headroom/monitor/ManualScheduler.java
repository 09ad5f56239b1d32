package dev.headroom.monitor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * Time that stands still until a test moves it: {@link #advance} runs every task that falls due, in
 * order, on the test's thread, and wakes the retries waiting that long.
 */
final class ManualScheduler implements Scheduler {
    private record Entry(Instant due, long seq, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Entry> queue = new PriorityQueue<>(
            (a, b) -> a.due().equals(b.due()) ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private Instant now;
    private long seq;
    private int sleeps;
    private boolean closed;

    ManualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Job schedule(Runnable task, Duration delay) {
        if (closed) {
            throw new RejectedExecutionException("closed");
        }
        boolean[] cancelled = new boolean[1];
        queue.add(new Entry(now.plus(delay), seq++, task, cancelled));
        notifyAll();
        return () -> {
            synchronized (this) {
                cancelled[0] = true;
            }
        };
    }

    @Override
    public synchronized void sleep(Duration duration) throws InterruptedException {
        Instant until = now.plus(duration);
        sleeps++;
        notifyAll();
        while (now.isBefore(until)) {
            if (closed) {
                throw new InterruptedException("scheduler closed");
            }
            wait();
        }
    }

    /** Moves time on by {@code by}, running each task that falls due at its own time. */
    void advance(Duration by) {
        Instant target;
        synchronized (this) {
            target = now.plus(by);
        }
        while (true) {
            List<Runnable> due = new ArrayList<>();
            synchronized (this) {
                Entry next = queue.peek();
                if (next == null || next.due().isAfter(target)) {
                    now = target;
                    notifyAll();
                    return;
                }
                queue.poll();
                if (next.due().isAfter(now)) {
                    now = next.due();
                    notifyAll();
                }
                if (!next.cancelled()[0]) {
                    due.add(next.task());
                }
            }
            due.forEach(Runnable::run);
        }
    }

    /** Waits (in real time, bounded) until {@code n} tasks wait for their time (a next run is planned, say). */
    synchronized void awaitPending(int n) throws InterruptedException {
        awaitUntil(() -> queue.stream().filter(e -> !e.cancelled()[0]).count() >= n, n + " tasks pending");
    }

    /** Waits (in real time, bounded) until the {@code n}-th wait for time to pass (a retry's delay) has begun. */
    synchronized void awaitSleeps(int n) throws InterruptedException {
        awaitUntil(() -> sleeps >= n, n + " retry delays begun");
    }

    private void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        queue.clear();
        notifyAll();
    }
}
