package dev.headroom.crawl;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import okhttp3.HttpUrl;

/**
 * The crawler's polite fetching, per host: at most {@code concurrency} requests in flight and
 * {@code rate} per second to each origin, its robots.txt read once, and retries with jitter of
 * timeouts, resets, 429, 502, 503 and 504 ({@code Retry-After} honoured up to its cap), never past
 * the crawl's deadline and never once the crawl is stopped.
 */
final class PoliteFetcher {
    private static final long ROBOTS_MAX_BYTES = 512 * 1024;

    private final CrawlOptions options;
    private final HttpChecker checker;
    private final BooleanSupplier stopped;
    private final LongSupplier deadlineNs;
    private final LongAdder requests;
    private final LongAdder retries;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();

    /**
     * @param stopped true once the crawl is stopped: no request is made after it
     * @param deadlineNs the crawl's deadline ({@link System#nanoTime()}), 0 for none: no retry waits past it
     * @param requests counts every request made (robots.txt included)
     * @param retries counts every retry
     */
    PoliteFetcher(CrawlOptions options, HttpChecker checker, BooleanSupplier stopped, LongSupplier deadlineNs,
            LongAdder requests, LongAdder retries) {
        this.options = options;
        this.checker = checker;
        this.stopped = stopped;
        this.deadlineNs = deadlineNs;
        this.requests = requests;
        this.retries = retries;
    }

    /** The state of {@code url}'s origin, made on first use. */
    Host host(HttpUrl url) {
        String origin = UrlNormalizer.origin(url);
        return hosts.computeIfAbsent(origin, o -> new Host(o, url));
    }

    /**
     * Makes the request (conditional if {@code known}) with retries; null if the crawl was stopped
     * meanwhile. Counts the attempts on {@code node}, if given.
     */
    CheckResult fetch(HttpUrl url, String method, long cap, CrawlMemory.Page known, Node node) {
        Host host = host(url);
        CheckResult r = null;
        for (int attempt = 0; ; attempt++) {
            if (stopped.getAsBoolean()) {
                return null;
            }
            try {
                host.permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            try {
                if (host.bucket != null) {
                    host.bucket.acquire();
                }
                requests.increment();
                r = checker.execute(CrawlMemory.conditional(CheckRequest.builder().url(url.toString()).method(method)
                        .maxBodyBytes(cap).timeout(options.timeout()), known).build());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                host.permits.release();
            }
            if (stopped.getAsBoolean()) {
                return null;
            }
            if (node != null) {
                node.attempts = attempt + 1;
            }
            long waitMs = retryWaitMs(r, attempt);
            if (waitMs < 0 || attempt >= options.retries()) {
                return r;
            }
            long deadline = deadlineNs.getAsLong();
            if (deadline != 0 && System.nanoTime() + waitMs * 1_000_000 > deadline) {
                return r;
            }
            retries.increment();
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** How long to wait before retrying this result, or -1 not to retry. */
    private long retryWaitMs(CheckResult r, int attempt) {
        int s = r.statusCode();
        if (s == 429 || s == 503) {
            long ra = retryAfterMs(r.header("Retry-After"));
            if (ra >= 0) {
                return ra > options.maxRetryAfter().toMillis() ? -1 : ra;
            }
            if (s == 429) {
                return backoff(attempt) * 4;
            }
        }
        boolean transientFailure = r.failure() == FailureKind.TIMEOUT || r.failure() == FailureKind.CONNECTION_RESET;
        if (transientFailure || s == 502 || s == 503 || s == 504) {
            return backoff(attempt);
        }
        return -1;
    }

    private static long backoff(int attempt) {
        long base = 200L << Math.min(attempt, 6);
        return (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
    }

    /** Retry-After as milliseconds (seconds or an HTTP date), or -1 if absent or unreadable. */
    static long retryAfterMs(String value) {
        if (value == null || value.isBlank()) {
            return -1;
        }
        String v = value.strip();
        try {
            return Math.max(0, Long.parseLong(v)) * 1000;
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(Instant.now(), at.toInstant()).toMillis());
            } catch (DateTimeParseException e2) {
                return -1;
            }
        }
    }

    /** Per origin: concurrency permits, rate, robots.txt. */
    final class Host {
        final String origin;
        final HttpUrl originUrl;
        final Semaphore permits;
        final TokenBucket bucket;
        private volatile RobotsTxt robots;

        Host(String origin, HttpUrl sample) {
            this.origin = origin;
            this.originUrl = sample.newBuilder().encodedPath("/").query(null).fragment(null).build();
            this.permits = new Semaphore(options.concurrency());
            this.bucket = options.rate() > 0 ? new TokenBucket(options.rate()) : null;
        }

        RobotsTxt robots() {
            RobotsTxt r = robots;
            if (r == null) {
                synchronized (this) {
                    r = robots;
                    if (r == null) {
                        r = loadRobots();
                        robots = r;
                    }
                }
            }
            return r;
        }

        private RobotsTxt loadRobots() {
            if (!options.respectRobots() && !options.sitemap()) {
                return RobotsTxt.ALLOW_ALL;
            }
            requests.increment();
            CheckResult r = checker.execute(CheckRequest.builder().url(originUrl.resolve("/robots.txt").toString())
                    .maxBodyBytes(ROBOTS_MAX_BYTES).timeout(options.timeout()).build());
            if (!r.isSuccessful()) {
                return RobotsTxt.ALLOW_ALL; // 4xx: no rules; unreachable: the start URL check says so
            }
            RobotsTxt parsedRobots = RobotsTxt.parse(r.bodyText(), options.userAgent());
            return options.respectRobots() ? parsedRobots : RobotsTxt.parse(sitemapLinesOnly(r.bodyText()), "x");
        }
    }

    private static String sitemapLinesOnly(String robots) {
        StringBuilder sb = new StringBuilder();
        for (String line : robots.split("\r\n|\r|\n")) {
            if (line.strip().toLowerCase(Locale.ROOT).startsWith("sitemap:")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
