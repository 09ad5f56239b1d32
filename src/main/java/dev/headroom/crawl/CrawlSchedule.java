package dev.headroom.crawl;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A thin scheduler around {@link ContinuousCrawl}: the loop of {@code ./headroom crawl --every D}.
 *
 * <p>Crawls start on a fixed grid: at 0, D, 2D... from the first start. Crawls never overlap: if
 * one runs past the next start, that start is skipped and the next crawl begins at the first grid
 * tick after it ended (no burst of catch-up crawls). {@link #stop()} (from a signal handler or
 * another thread) wakes the wait or aborts the crawl in progress; {@link #run()} then returns
 * within seconds.
 */
public final class CrawlSchedule {
    private final ContinuousCrawl crawl;
    private final long everyNanos;
    private final int iterations;
    private final Consumer<CrawlResult> afterEach;
    private final Object wake = new Object();
    private volatile boolean stopping;

    /**
     * @param every time between crawl starts (positive)
     * @param iterations crawls to run, 0 for no limit
     * @param afterEach called with each crawl's result (reports, a log line), also an aborted one
     */
    public CrawlSchedule(ContinuousCrawl crawl, Duration every, int iterations, Consumer<CrawlResult> afterEach) {
        this.crawl = Objects.requireNonNull(crawl, "crawl");
        if (every == null || every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("the interval must be positive, got " + every);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("iterations must be >= 0 (0 = no limit), got " + iterations);
        }
        this.everyNanos = every.toNanos();
        this.iterations = iterations;
        this.afterEach = afterEach == null ? r -> { } : afterEach;
    }

    /** Runs crawls until the iterations are done or {@link #stop()}; returns the last crawl's result. */
    public Optional<CrawlResult> run() throws InterruptedException {
        CrawlResult last = null;
        long first = System.nanoTime();
        for (int i = 0; !stopping && (iterations == 0 || i < iterations); i++) {
            if (i > 0) {
                long start = nextStart(first, everyNanos, System.nanoTime());
                if (!sleepUntil(start)) {
                    break;
                }
            }
            last = crawl.runOnce(() -> stopping);
            afterEach.accept(last);
        }
        return Optional.ofNullable(last);
    }

    /** Ends {@link #run()}: wakes its wait or aborts its crawl. Thread-safe; idempotent. */
    public void stop() {
        stopping = true;
        crawl.abort();
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean stopped() {
        return stopping;
    }

    /** The first grid tick ({@code first + k*every}, k >= 1) that is not in the past at {@code now}. */
    static long nextStart(long first, long every, long now) {
        long elapsed = now - first;
        long k = Math.max(1, (elapsed + every - 1) / every);
        return first + k * every;
    }

    private boolean sleepUntil(long nanoTime) throws InterruptedException {
        synchronized (wake) {
            while (!stopping) {
                long left = nanoTime - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                long ms = Math.max(1, left / 1_000_000);
                wake.wait(ms);
            }
        }
        return false;
    }
}
