package dev.headroom.monitor;

import java.time.Duration;

/**
 * A check resolved from {@code monitor.yaml}, ready to schedule: its settings merged with the
 * defaults, its kind's files read, its URL absolute and allowed.
 *
 * @param kind what it does, with its own settings: a {@link JourneyCheck}, {@link ProbeCheck} or {@link CrawlCheck}
 * @param url the probe URL, the crawl's start URL, or the journey's target base URL (redacted when shown)
 * @param slo the percentage of runs that should pass, for the status page's error budget; null: none set
 */
public record Check(
        String name,
        CheckKind kind,
        String url,
        Duration interval,
        Duration jitter,
        Duration timeout,
        RetryPolicy retry,
        int failuresBeforeDown,
        int successesBeforeUp,
        Double slo) {

    /** Same schedule and the same work (used on reload to keep a check's history and state). */
    boolean sameAs(Check other) {
        return equals(other);
    }
}
