package dev.headroom.crawl;

import java.time.Duration;

/**
 * A snapshot of a running crawl, for progress lines.
 *
 * @param requested URLs requested so far
 * @param queued URLs waiting or in flight
 * @param findings findings so far
 * @param elapsed time since the crawl started
 */
public record CrawlProgress(long requested, int queued, int findings, Duration elapsed) {

    public double urlsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : requested / s;
    }

    /** One line for people: {@code 1234 URLs, 310.5/s, 87 queued, 3 findings, 4s}. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "crawl: %d URLs checked, %.1f/s, %d queued, %d findings, %ds",
                requested, urlsPerSecond(), queued, findings, elapsed.toSeconds());
    }
}
