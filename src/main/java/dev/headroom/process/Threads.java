package dev.headroom.process;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headroom's own background threads: always daemons (a check, a pump or a ticker must never keep
 * the JVM alive after the command is done) and always named, so a thread dump says whose they are.
 */
public final class Threads {
    private Threads() {
    }

    /** Daemon threads named {@code name-1}, {@code name-2}...; for an executor. */
    public static ThreadFactory daemon(String name) {
        Objects.requireNonNull(name, "name");
        AtomicInteger n = new AtomicInteger();
        return r -> daemonThread(name + "-" + n.incrementAndGet(), r);
    }

    /** One daemon thread named {@code name}, not yet started. */
    public static Thread daemonThread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * A pool of at most {@code max} daemon threads named as {@link #daemon} names them, that starts
     * a thread only when no idle one can take the task, and lets a thread beyond the first go after
     * {@code idle} without work; tasks beyond {@code max} running wait in order. {@code
     * Executors.newFixedThreadPool} starts a new thread for each of its first {@code max} tasks even
     * when the others sit idle, so a monitor whose few checks never overlap kept {@code max} threads
     * (their stacks, buffers and malloc arenas) for nothing.
     */
    public static ExecutorService elasticPool(String name, int max, Duration idle) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
        HandOffQueue queue = new HandOffQueue();
        // One core thread that never times out: a task queued while every thread was busy is always
        // taken, even if all the others time out at that very moment.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, max, idle.toNanos(), TimeUnit.NANOSECONDS, queue,
                daemon(name), (task, executor) -> {
                    if (executor.isShutdown()) {
                        throw new RejectedExecutionException(name + " is shut down");
                    }
                    queue.enqueue(task); // every thread is busy: wait for one
                });
        return pool;
    }

    /**
     * The pool's queue: {@code offer} hands a task to an idle thread waiting for one, or says no, so
     * that the executor starts a thread (up to its maximum) instead of queueing behind busy ones.
     */
    private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
