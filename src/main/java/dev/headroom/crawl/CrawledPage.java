package dev.headroom.crawl;

/**
 * One URL the crawler requested.
 *
 * @param url the normalised URL (no fragment)
 * @param type PAGE (in scope, navigable), ASSET (image, script, stylesheet, font...) or EXTERNAL (out of scope, checked only)
 * @param status the final HTTP status, 0 if no response arrived
 * @param contentType media type without parameters, or empty
 * @param timeMs time of the last attempt, redirects included
 * @param depth link distance from a start URL (sitemap entries count as 1)
 * @param outcome "ok", or the class of the worst finding on this URL in lower case ("broken", "slow"...),
 *     or "not_allowed": it redirected to a host not on the allowlist, which was not requested
 *     (status is then the redirect's)
 * @param links links extracted from it (0 unless parsed)
 */
public record CrawledPage(String url, Type type, int status, String contentType, long timeMs, int depth,
        String outcome, int links) {

    /** What kind of URL it is. */
    public enum Type {
        PAGE, ASSET, EXTERNAL
    }
}
