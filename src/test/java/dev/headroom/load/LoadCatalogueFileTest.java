package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.UrlCatalogue;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Verdict;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code load --catalogue FILE}: the crawler's catalogue, in each of its formats, replaces the sitemap; a bad file is refused at load. */
class LoadCatalogueFileTest {

    private static final int PRODUCTS = 20;

    @Test
    void aCatalogueWrittenByTheCrawlerInEachFormatGivesTheShopsProductsAndCategories(@TempDir Path dir,
            @ShopUnderTest(products = PRODUCTS) RunningStorefront shop) throws Exception {
        try (HttpChecker checker = HttpChecker.builder().build()) {
            CrawlResult crawl = new Crawler(CrawlOptions.builder(shop.baseUrl() + "/").maxTime(Duration.ofMinutes(1)).build(),
                    checker).crawl();
            UrlCatalogue written = UrlCatalogue.of(crawl, UrlCatalogue.DEFAULT_PATTERNS);
            for (String name : List.of("catalogue.json", "catalogue.csv", "catalogue.txt")) {
                Path file = dir.resolve(name);
                written.write(file);
                Catalogue.Listed listed = Catalogue.readFile(file, true);
                assertThat(listed.catalogue().productIds()).as(name).hasSize(PRODUCTS);
                assertThat(listed.catalogue().categories()).as(name).contains("kitchen");
                assertThat(listed.skipped()).as(name).isZero();
                assertThat(listed.hosts()).as(name).containsExactly("127.0.0.1");
            }
        }
    }

    @Test
    void searchPagesInTheCatalogueGiveTheSearchTerms(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("urls.txt"), """
                http://shop.test/product/7
                http://shop.test/category/kitchen
                http://shop.test/search?q=blue+mug
                http://shop.test/search
                not a url
                """);
        Catalogue.Listed listed = Catalogue.readFile(file, true);
        assertThat(listed.catalogue().productIds()).containsExactly(7);
        assertThat(listed.searchTerms()).containsExactly("blue mug");
        assertThat(listed.skipped()).isEqualTo(1);
        assertThat(listed.warnings()).singleElement().asString().contains("first: 'not a url'");
    }

    @Test
    void aFileThatIsMissingNotACatalogueOrWithoutProductsIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Catalogue.readFile(dir.resolve("none.json"), true)).isInstanceOf(ConfigException.class)
                .hasMessage("--catalogue: " + dir.resolve("none.json") + ": file not found");
        Path broken = Files.writeString(dir.resolve("broken.json"), "[\"http://shop.test/product/1\"]");
        assertThatThrownBy(() -> Catalogue.readFile(broken, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(broken + ": not a catalogue as `headroom crawl --catalogue FILE.json` writes it");
        Path categoriesOnly = Files.writeString(dir.resolve("c.csv"), "type,url\ncategory,http://shop.test/category/kitchen\n");
        assertThatThrownBy(() -> Catalogue.readFile(categoriesOnly, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("it lists 1 URL but no /product/{id} URL");
        Path productsOnly = Files.writeString(dir.resolve("p.csv"), "type,url\nproduct,http://shop.test/product/3\n");
        assertThatThrownBy(() -> Catalogue.readFile(productsOnly, true)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no /category/{slug} URL (the browse journey needs one)");
        assertThat(Catalogue.readFile(productsOnly, false).catalogue().productIds()).as("no browsing, no category needed")
                .containsExactly(3);
    }

    @Test
    void aCatalogueFileIsReadWhenPlanningSoABadOneFailsBeforeAnythingIsSent(@TempDir Path dir) {
        LoadTest.Options options = LoadTest.Options.of("http://127.0.0.1:1").withCatalogue(dir.resolve("missing.json"));
        assertThatThrownBy(() -> LoadTest.plan(options)).isInstanceOf(ConfigException.class).hasMessageContaining("file not found");
    }

    @Test
    void withACatalogueFileAShopThatDoesNotAnswerIsStillUnreachable(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("urls.txt"), "http://127.0.0.1/product/1\nhttp://127.0.0.1/category/kitchen\n");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        LoadTest.Result r = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:" + closedPort).withCatalogue(file)
                .withMultiplier(1.0).withDuration(Duration.ofSeconds(4)).withOut(dir.resolve("out")))
                .run(new PrintWriter(new StringWriter()), StopTrigger.none());
        assertThat(r.verdict()).isEqualTo(Verdict.UNREACHABLE);
        assertThat(r.reason()).startsWith("no answer from the target: http://127.0.0.1:" + closedPort + "/: ");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
