package dev.headroom.crawl;

/** A token bucket: {@code rate} tokens a second, bursts of up to {@code rate} (at least 1). Thread-safe. */
final class TokenBucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long lastNs;

    TokenBucket(double perSecond) {
        this.ratePerNano = perSecond / 1e9;
        this.capacity = Math.max(1, perSecond);
        this.tokens = 1;
        this.lastNs = System.nanoTime();
    }

    /** Takes one token, sleeping until one is available. */
    void acquire() throws InterruptedException {
        long waitNs;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - lastNs) * ratePerNano);
            lastNs = now;
            tokens -= 1; // may go negative: later callers queue up behind this one
            waitNs = tokens >= 0 ? 0 : (long) (-tokens / ratePerNano);
        }
        if (waitNs > 0) {
            Thread.sleep(waitNs / 1_000_000, (int) (waitNs % 1_000_000));
        }
    }
}
