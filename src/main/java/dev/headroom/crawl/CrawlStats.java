package dev.headroom.crawl;

import java.time.Duration;

/**
 * Numbers about a crawl.
 *
 * @param requested URLs requested (pages, assets and external links; retries not counted)
 * @param pages in-scope pages requested
 * @param parsed pages parsed for links (HTML and CSS)
 * @param links links found in parsed pages (with repeats)
 * @param distinctUrls distinct URLs seen (requested or not)
 * @param requests HTTP checks made, retries and HEAD-to-GET fallbacks included
 * @param retries retries made
 * @param skippedRobots URLs not requested because robots.txt disallows them
 * @param skippedScope URLs not requested: excluded by pattern, or external with external checks off
 * @param skippedTraps distinct URLs not requested: too long, too many query variants, repeated path
 *     segments (the crawler-trap caps; {@link CrawlResult#notChecked()} has them by reason, with examples)
 * @param skippedNotAllowed distinct URLs not requested because their host is not on the allowlist
 *     (links, sitemap entries and redirect targets)
 * @param skippedLimit URLs not requested because max pages or max time was reached, or the crawl was stopped
 * @param bytes body bytes read
 * @param duration wall time of the crawl
 * @param complete false if max pages, max time or a stop ended the crawl early
 */
public record CrawlStats(long requested, long pages, long parsed, long links, long distinctUrls, long requests,
        long retries, long skippedRobots, long skippedScope, long skippedTraps, long skippedNotAllowed, long skippedLimit, long bytes,
        Duration duration, boolean complete) {

    /** Requested URLs per second of wall time. */
    public double urlsPerSecond() {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : requested / s;
    }

    /** In-scope pages per second of wall time. */
    public double pagesPerSecond() {
        double s = duration.toNanos() / 1e9;
        return s <= 0 ? 0 : pages / s;
    }
}
