package dev.headroom.crawl;

import dev.headroom.http.HttpChecker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Crawls one site again and again, incrementally, and records each crawl in a {@link
 * MeterRegistry}: the building block of continuous mode. It does not schedule anything: call
 * {@link #runOnce()} whenever a crawl is due ({@link CrawlSchedule} does so every D for {@code
 * ./headroom crawl --every D}; the monitor daemon can use its own scheduler).
 *
 * <pre>{@code
 * PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * try (ContinuousCrawl crawl = new ContinuousCrawl(options, registry)) {
 *     CrawlResult r = crawl.runOnce();  // fetches everything
 *     r = crawl.runOnce();              // conditional requests; 304s replay links and findings
 * }
 * }</pre>
 *
 * <p>Each crawl after the first sends {@code If-None-Match}/{@code If-Modified-Since} for URLs that
 * had validators (see {@link CrawlMemory}). Calls to {@link #runOnce()} are serialised: a second
 * caller waits for the crawl in progress. {@link #abort()} stops the crawl in progress within
 * seconds. Thread-safe.
 */
public final class ContinuousCrawl implements AutoCloseable {
    private final CrawlOptions options;
    private final HttpChecker checker;
    private final boolean ownsChecker;
    private final CrawlMetrics metrics;
    private final CrawlMemory memory = new CrawlMemory();
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Crawler current;
    private volatile Crawler aborted;
    private volatile CrawlResult last;
    private volatile CrawlResult lastComplete;
    private volatile boolean closed;
    private volatile boolean lastWasAborted;
    private volatile int runs;

    /** Crawls with a checker of its own (closed by {@link #close()}); metrics go to {@code registry}. */
    public ContinuousCrawl(CrawlOptions options, MeterRegistry registry) {
        this(options, Crawler.checkerFor(options), true, registry, Tags.empty());
    }

    /** Crawls with a shared {@code checker} (not closed here); metrics go to {@code registry}. */
    public ContinuousCrawl(CrawlOptions options, HttpChecker checker, MeterRegistry registry) {
        this(options, checker, false, registry, Tags.empty());
    }

    /**
     * Crawls with a shared {@code checker} (not closed here); metrics go to {@code registry} with
     * {@code tags} added (e.g. {@code site=shop}, to crawl several sites into one registry).
     */
    public ContinuousCrawl(CrawlOptions options, HttpChecker checker, MeterRegistry registry, Tags tags) {
        this(options, checker, false, registry, tags);
    }

    private ContinuousCrawl(CrawlOptions options, HttpChecker checker, boolean ownsChecker, MeterRegistry registry,
            Tags tags) {
        this.options = options;
        this.checker = checker;
        this.ownsChecker = ownsChecker;
        this.metrics = new CrawlMetrics(registry, tags);
    }

    /**
     * Runs one crawl, incremental after the first, and records it; blocking. Returns its result,
     * which is incomplete if {@link #abort()} stopped it.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public CrawlResult runOnce() {
        return runOnce(() -> false);
    }

    /** {@link #runOnce()}, aborted at once if {@code abortIf} is true when the crawl starts (closes a race with {@link #abort()}). */
    CrawlResult runOnce(BooleanSupplier abortIf) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("this ContinuousCrawl is closed");
            }
            Crawler crawler = new Crawler(options, checker).withMemory(memory);
            current = crawler;
            if (abortIf.getAsBoolean()) {
                abort();
            }
            metrics.started();
            CrawlResult r;
            try {
                r = crawler.crawl();
            } catch (RuntimeException | Error e) {
                metrics.failed();
                memory.advance(false);
                throw e;
            } finally {
                current = null;
            }
            boolean wasAborted = aborted == crawler;
            boolean complete = !wasAborted && r.stats().complete() && !r.startUnreachable();
            memory.advance(complete);
            metrics.finished(r, wasAborted, memory, System.currentTimeMillis());
            last = r;
            lastWasAborted = wasAborted;
            if (complete) {
                lastComplete = r;
            }
            runs++;
            return r;
        } finally {
            lock.unlock();
        }
    }

    /** Aborts the crawl in progress, if any; its {@link #runOnce()} returns within seconds. */
    public void abort() {
        Crawler c = current;
        if (c != null) {
            aborted = c;
            c.stop();
        }
    }

    /** The body of a {@code /health} answer: {@code {"status":"ok","running":false,"crawls":2,...}}. */
    public String healthJson() {
        CrawlResult done = lastComplete;
        CrawlResult l = last;
        return "{\"status\":\"ok\",\"running\":" + running() + ",\"crawls\":" + runs
                + ",\"lastCrawlStartedAt\":" + (l == null ? "null" : "\"" + l.startedAt() + "\"")
                + ",\"lastCompleteCrawlStartedAt\":" + (done == null ? "null" : "\"" + done.startedAt() + "\"")
                + ",\"lastCompleteCrawlFindings\":" + (done == null ? "null" : done.findings().size()) + "}";
    }

    /** Whether the last crawl was stopped by {@link #abort()}. */
    public boolean lastAborted() {
        CrawlResult r = last;
        return r != null && lastWasAborted;
    }

    /** Whether a crawl is running now. */
    public boolean running() {
        return current != null;
    }

    /** Progress of the crawl in progress. */
    public Optional<CrawlProgress> progress() {
        Crawler c = current;
        return c == null ? Optional.empty() : Optional.of(c.progress());
    }

    /** The last crawl's result, complete or not. */
    public Optional<CrawlResult> lastResult() {
        return Optional.ofNullable(last);
    }

    /** The last complete crawl's result: what the findings gauges show. */
    public Optional<CrawlResult> lastCompleteResult() {
        return Optional.ofNullable(lastComplete);
    }

    /** Crawls run so far. */
    public int runs() {
        return runs;
    }

    /** URLs that answered 304 in the last crawl. */
    public int lastNotModified() {
        return memory.notModifiedCount();
    }

    /** What is remembered for the next crawl. */
    public CrawlMemory memory() {
        return memory;
    }

    public CrawlOptions options() {
        return options;
    }

    /** Aborts a running crawl, waits for it, and closes the checker if it is this object's own. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        abort();
        lock.lock();
        try {
            if (ownsChecker) {
                checker.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
