package dev.headroom.monitor;

import dev.headroom.journey.Journey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A check resolved from {@code monitor.yaml}, ready to schedule: its settings merged with the
 * defaults, its journey loaded, its URLs absolute and allowed.
 *
 * @param url the probe URL, the crawl's start URL, or the journey's target base URL (redacted when shown)
 * @param env environment the journey sees (its secrets), env file then process environment
 * @param crawl the crawler's options of a crawl check (null for the other kinds)
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
        Journey journey,
        Map<String, String> vars,
        Map<String, String> env,
        List<Integer> expectStatus,
        Pattern bodyMatches,
        CrawlSettings crawl) {

    /** Same schedule and the same work (used on reload to keep a check's history and state). */
    boolean sameAs(Check other) {
        return other != null && kind == other.kind && url.equals(other.url) && interval.equals(other.interval)
                && jitter.equals(other.jitter) && timeout.equals(other.timeout) && retry.equals(other.retry)
                && failuresBeforeDown == other.failuresBeforeDown && successesBeforeUp == other.successesBeforeUp
                && java.util.Objects.equals(journey, other.journey) && vars.equals(other.vars) && env.equals(other.env)
                && expectStatus.equals(other.expectStatus)
                && String.valueOf(bodyMatches).equals(String.valueOf(other.bodyMatches))
                && java.util.Objects.equals(crawl, other.crawl);
    }
}
