package dev.headroom.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StorefrontCrawlTest {
    private static final int PRODUCTS = 120;
    @ShopUnderTest(products = PRODUCTS)
    static RunningStorefront shop;

    private CrawlResult crawl(CrawlOptions.Builder b) {
        return Crawler.crawl(b.maxPages(5000).maxTime(Duration.ofSeconds(40)).build());
    }

    private CrawlOptions.Builder options() {
        return CrawlOptions.builder(shop.baseUrl() + "/").concurrency(8).retries(0);
    }

    private String url(String path) {
        return shop.baseUrl() + path;
    }

    @Test
    void aHealthyShopCrawlsCleanWithoutFalseAlarmsAndSkipsWhatRobotsDisallows() {
        CrawlResult r = crawl(options());

        assertThat(r.findings()).isEmpty();
        assertThat(r.clean()).isTrue();
        assertThat(r.stats().complete()).isTrue();
        assertThat(r.startUnreachable()).isFalse();
        List<String> urls = r.pages().stream().map(CrawledPage::url).toList();
        IntStream.rangeClosed(1, PRODUCTS).forEach(id -> assertThat(urls).contains(url("/product/" + id)));
        assertThat(urls).contains(url("/static/style.css"), url("/images/logo.svg"), url("/search"));
        assertThat(urls).noneMatch(u -> u.contains("/cart") || u.contains("/checkout"));
        assertThat(r.stats().skippedRobots()).isPositive();
        assertThat(r.pages()).allMatch(p -> p.outcome().equals("ok"));
    }

    @Test
    void brokenLinksAreEachReportedOnceWithThePagesThatLinkToThem() {
        shop.faults().set(Fault.BROKEN_LINKS);
        CrawlResult r = crawl(options());

        List<Finding> broken = r.findings(Finding.Kind.BROKEN);
        assertThat(broken).extracting(Finding::url).containsExactly(
                url("/images/missing/banner.png"), url("/product/0"), url("/promo/winter-sale"));
        for (Finding f : broken) {
            assertThat(f.detail()).startsWith("404");
            assertThat(f.linkedFrom()).contains(url("/"), url("/category/kitchen"), url("/product/105"));
            assertThat(f.linkedFrom()).hasSize(CrawlOptions.LINKED_FROM_KEPT).isSorted();
            // home, every category listing page and products 7, 14, ... 119
            assertThat(f.linkedFromCount()).isGreaterThan(PRODUCTS / 7);
        }
        long productReferrers = r.pages().stream().filter(p -> p.url().matches(".*/product/\\d+$")).count();
        assertThat(productReferrers).isEqualTo(PRODUCTS + 1); // with /product/0
        assertThat(r.clean()).isFalse();
    }

    @Test
    void leakedErrorsAreReportedWithTheMatchedSignature() {
        shop.faults().set(Fault.ERROR_LEAK);
        CrawlResult r = crawl(options());

        List<Finding> leaks = r.findings(Finding.Kind.ERROR_LEAK);
        List<String> productLeaks = leaks.stream().map(Finding::url).filter(u -> u.contains("/product/")).toList();
        assertThat(productLeaks).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, PRODUCTS).filter(id -> id % 5 == 0).mapToObj(id -> url("/product/" + id)).toList());
        assertThat(leaks).filteredOn(f -> f.url().contains("/product/"))
                .allSatisfy(f -> assertThat(f.detail()).contains("SQL").contains("JdbcSQLSyntaxErrorException"));
        List<Finding> searchLeaks = leaks.stream().filter(f -> f.url().contains("/search")).toList();
        assertThat(searchLeaks).isNotEmpty().allSatisfy(f -> assertThat(f.detail()).contains("stack trace"));
        assertThat(searchLeaks).extracting(Finding::url).contains(url("/search"));
        assertThat(leaks).allMatch(Finding::failing);
        assertThat(r.findings()).allMatch(f -> f.kind() == Finding.Kind.ERROR_LEAK);
    }

    @Test
    void aSlowSearchIsReportedAsSlowAndIsOnlyAWarning() {
        shop.faults().set(Fault.SLOW_ROUTE, "search:2000");
        CrawlResult r = crawl(options().slowBudget(Duration.ofMillis(1500)));

        // only the search route is delayed; on a loaded machine another page may also cross the budget
        assertThat(r.findings(Finding.Kind.SLOW)).extracting(Finding::url).contains(url("/search"));
        assertThat(r.findings(Finding.Kind.SLOW)).allSatisfy(f -> assertThat(f.failing()).isFalse());
        assertThat(r.findings()).allMatch(f -> f.kind() == Finding.Kind.SLOW);
        assertThat(r.clean()).isTrue();
    }

    @Test
    void theCatalogueListsLiveProductCategoryAndSearchPages() {
        CrawlResult r = crawl(options());
        UrlCatalogue c = UrlCatalogue.of(r, UrlCatalogue.DEFAULT_PATTERNS);
        assertThat(c.urls().get("product")).hasSize(PRODUCTS);
        assertThat(c.urls().get("category")).contains(url("/category/kitchen"));
        assertThat(c.urls().get("search")).contains(url("/search"));
    }
}
