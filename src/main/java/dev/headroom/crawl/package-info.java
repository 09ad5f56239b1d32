/**
 * The link crawler behind {@code headroom crawl}: verifies every page and every link of a site.
 *
 * <ul>
 *   <li>{@link dev.headroom.crawl.Crawler}: the entry class; {@code Crawler.crawl(options)}.
 *   <li>{@link dev.headroom.crawl.CrawlOptions}: what and how to crawl (scope, allowlist, limits,
 *       politeness, budgets, error signatures), immutable, built with a builder.
 *   <li>{@link dev.headroom.crawl.CrawlResult}: every URL requested ({@link dev.headroom.crawl.CrawledPage}),
 *       every {@link dev.headroom.crawl.Finding} with the pages linking to it, the URLs found but
 *       {@link dev.headroom.crawl.NotChecked not checked} (off the allowlist, cut by a crawler-trap cap),
 *       {@link dev.headroom.crawl.CrawlStats}, and whether it ran to its end; {@code toReport()} feeds
 *       the shared {@code ReportWriter}.
 *   <li>{@link dev.headroom.crawl.UrlCatalogue}: the live product, category and search URLs for the load tests.
 *   <li>Continuous mode: {@link dev.headroom.crawl.ContinuousCrawl} ({@code runOnce()}: one incremental
 *       crawl, recorded in a {@code MeterRegistry} by {@link dev.headroom.crawl.CrawlMetrics}),
 *       {@link dev.headroom.crawl.CrawlMemory} (what a crawl leaves for the next: validators, links,
 *       findings), {@link dev.headroom.crawl.CrawlSchedule} (the {@code --every} loop) and
 *       {@link dev.headroom.crawl.CrawlMetrics#server} ({@code /metrics} and {@code /health} on 127.0.0.1).
 * </ul>
 */
package dev.headroom.crawl;
