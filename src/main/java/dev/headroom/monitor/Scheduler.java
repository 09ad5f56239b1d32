package dev.headroom.monitor;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import dev.headroom.process.Threads;

/**
 * The monitor's time: what time it is, when a task runs (the next run, a run's deadline) and how
 * long a retry waits. The system one in production; tests move a manual one forward instead of
 * sleeping.
 */
interface Scheduler extends AutoCloseable {

    /** A task waiting for its time. */
    interface Job {
        /** Stops it from running, if it has not started. */
        void cancel();
    }

    Clock clock();

    /**
     * Runs {@code task} once {@code delay} has passed, on the scheduler's own thread (keep it short).
     *
     * @throws RejectedExecutionException once closed
     */
    Job schedule(Runnable task, Duration delay);

    /** Waits {@code duration} (a retry's delay); interruptible. */
    void sleep(Duration duration) throws InterruptedException;

    /** Runs nothing more; a task or a wait in progress is interrupted. */
    @Override
    void close();

    /** Wall-clock time, one timer thread ({@code monitor-timer}). */
    static Scheduler system(Clock clock) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> Threads.daemonThread("monitor-timer", r));
        // A run's deadline is cancelled as the run ends, nearly always: it leaves the queue then,
        // rather than waiting in it for its time (a long timeout's deadlines would pile up there)
        // and waking the timer thread for nothing when it heads the queue.
        timer.setRemoveOnCancelPolicy(true);
        return new Scheduler() {
            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public Job schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> f = timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration.toMillis());
            }

            @Override
            public void close() {
                timer.shutdownNow();
            }
        };
    }
}
