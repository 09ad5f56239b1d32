/**
 * The link crawler behind {@code headroom crawl}: verifies every page and every link of a site.
 *
 * <ul>
 *   <li>{@link dev.headroom.crawl.Crawler}: the entry class; {@code Crawler.crawl(options)}.
 *   <li>{@link dev.headroom.crawl.CrawlOptions}: what and how to crawl (scope, allowlist, limits,
 *       politeness, budgets, error signatures, the {@link dev.headroom.crawl.Finding.Severity severity}
 *       of each finding class), immutable, built with a builder whose setters are the only place a
 *       value is validated. {@link dev.headroom.crawl.CrawlConfig}: {@code crawl.yaml}, bound by the
 *       shared config loader onto that builder (problems at their line).
 *   <li>{@link dev.headroom.crawl.CrawlResult}: every URL requested ({@link dev.headroom.crawl.CrawledPage}),
 *       every {@link dev.headroom.crawl.Finding} with the pages linking to it, the URLs found but
 *       {@link dev.headroom.crawl.NotChecked not checked} (off the allowlist, cut by a crawler-trap cap),
 *       {@link dev.headroom.crawl.CrawlStats}, and whether it ran to its end. It is an {@code Outcome}:
 *       {@code verdict()} (PASSED, FAILED, UNREACHABLE, STOPPED) is decided there only, from each
 *       finding's {@code failing()}, which the crawler set from its class's severity; the exit
 *       code, the report's case statuses, the monitor's crawl check and {@code
 *       headroom_crawl_failing_findings} (the alert's input) all follow from it.
 *   <li>{@link dev.headroom.crawl.CrawlReports}: writes {@code toReport()} and the catalogue to a folder.
 *   <li>{@link dev.headroom.crawl.UrlCatalogue}: the live product, category and search URLs for the load tests.
 *   <li>Continuous mode: {@link dev.headroom.crawl.ContinuousCrawl} ({@code runOnce()}: one incremental
 *       crawl, recorded in a {@code MeterRegistry} by {@link dev.headroom.crawl.CrawlMetrics}),
 *       {@link dev.headroom.crawl.CrawlMemory} (what a crawl leaves for the next: validators, links,
 *       findings), {@link dev.headroom.crawl.CrawlSchedule} (the {@code --every} loop),
 *       {@link dev.headroom.crawl.CrawlMetrics#server} ({@code /metrics} and {@code /health} on 127.0.0.1)
 *       and {@link dev.headroom.crawl.CrawlDaemon}, all of them together as {@code crawl --every} runs them.
 * </ul>
 */
package dev.headroom.crawl;
