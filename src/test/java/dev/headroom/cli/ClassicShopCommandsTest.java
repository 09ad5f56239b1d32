package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.model.TrafficModel;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands against the classic Java shop (a context path, servlet sessions, its own URL
 * scheme): the monitor runs its journeys, and where a built-in guess about a shop's shape does
 * not fit, {@code model} and {@code crawl --catalogue} say so instead of writing an empty answer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassicShopCommandsTest {
    private static final String MONITOR = "src/test/resources/shops/classic/monitor.yaml";

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();

    private int monitorOnce(ClassicJavaShop shop) {
        return cli.run("monitor", "--config", MONITOR, "--target", shop.baseUrl(), "--once", "--out", dir.resolve("monitor").toString());
    }

    @Test
    void theClassicShopsMonitorConfigPassesOnceAndItsCheckoutIsCountedByTheShop() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            int exit = monitorOnce(shop);

            assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
            assertThat(cli.out.toString()).contains("PASSED: all 4 checks passed");
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).hasSize(1);
            JsonNode report = new ObjectMapper().readTree(dir.resolve("monitor/report.json").toFile());
            assertThat(report.path("cases").findValuesAsText("name"))
                    .contains("classic-browse", "classic-search", "classic-checkout", "catalog");
            assertThat(report.toString()).doesNotContain(ClassicJavaShop.PASSWORD);
        }
    }

    @Test
    void modellingTheClassicShopsAccessLogWarnsThatMostPagesAreOtherAndSuggestsTheContextPath() throws Exception {
        Path log = dir.resolve("access.log");
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            assertThat(monitorOnce(shop)).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
            Files.write(log, shop.accessLog());
        }
        assertThat(Files.readString(log)).contains(";jsessionid=").contains("GET /shop/catalog/items/EST-1;jsessionid=");

        int exit = cli.run("model", log.toString(), "--out", dir.resolve("model.yaml").toString(), "--no-progress");

        assertThat(exit).as(cli.err.toString()).isEqualTo(ExitCode.OK);
        assertThat(cli.err.toString()).containsPattern("headroom model: warning: 100% of page requests \\(\\d+ of \\d+\\) matched no route"
                + " class and count as 'other'")
                .contains("most of them are under /shop: if the shop is deployed there, try --context-path /shop")
                .contains("--classifier FILE, e.g. a FILE of one line: {classes: [{class: product, pattern: '^/shop/catalog/products/'}],"
                        + " keepDefaults: true}");
        assertThat(TrafficModel.load(dir.resolve("model.yaml")).notes()).anyMatch(n -> n.contains("matched no route class"));
    }

    @Test
    void withTheContextPathTheBuiltInRulesClassifyTheClassicShopAndNothingIsWarned() throws Exception {
        Path log = dir.resolve("access.log");
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            assertThat(monitorOnce(shop)).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
            Files.write(log, shop.accessLog());
        }

        int exit = cli.run("model", log.toString(), "--context-path", "/shop", "--out", dir.resolve("model.yaml").toString(),
                "--no-progress");

        assertThat(exit).as(cli.err.toString()).isEqualTo(ExitCode.OK);
        assertThat(cli.err.toString()).doesNotContain("matched no route class");
        TrafficModel model = TrafficModel.load(dir.resolve("model.yaml"));
        assertThat(model.mix().get("product")).isPositive();
        assertThat(model.mix().get("category")).isPositive();
        assertThat(model.mix().get("cart")).isPositive();
        assertThat(model.mix().get("other")).isLessThan(0.5);
    }

    @Test
    void aContextPathThatIsNotAPathIsAUsageError() throws Exception {
        Path log = Files.writeString(dir.resolve("a.log"),
                "127.0.0.1 - - [01/Dec/2026:10:00:00 +0000] \"GET /shop/ HTTP/1.1\" 200 10 \"-\" \"ua\"\n");
        assertThat(cli.run("model", log.toString(), "--context-path", "shop", "--out", dir.resolve("m.yaml").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--context-path: a context path starts with /");
    }

    @Test
    void crawlingTheClassicShopWithTheDefaultPatternsWarnsThatTheCatalogueListsAreEmpty() throws Exception {
        Path catalogue = dir.resolve("catalogue.json");
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            int exit = cli.run("crawl", shop.baseUrl(), "--out", dir.resolve("crawl").toString(), "--quiet", "--catalogue", catalogue.toString());

            assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        }
        JsonNode cat = new ObjectMapper().readTree(catalogue.toFile());
        assertThat(cat.path("product").size()).isZero();
        assertThat(cli.err.toString()).contains("headroom crawl: warning: " + catalogue + ": the catalogue has no product, category"
                        + " URLs: no live page's path matched product '/product/' or category '/category/'"
                        + " (patterns tried, in order: product=/product/, category=/category/, search=/search; ")
                .contains("unmatched paths are mostly under ").contains("/shop/catalog/items/... (7)")
                .contains("Set the patterns for this shop with --catalogue-pattern CLASS=REGEX (repeatable, in match order; they"
                        + " replace the defaults), e.g. --catalogue-pattern product=/shop/catalog/products/"
                        + " --catalogue-pattern category=/shop/catalog/categories/")
                .contains("or catalogue-patterns: in the crawl's --config file");
    }

    @Test
    void withCataloguePatternsForTheClassicShopTheCatalogueIsFilledInMatchOrderWithoutSessionIds() throws Exception {
        Path catalogue = dir.resolve("catalogue.json");
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            // /catalog/ is found in the items' paths too: only the order keeps them products
            int exit = cli.run("crawl", shop.baseUrl(), "--out", dir.resolve("crawl").toString(), "--quiet", "--catalogue", catalogue.toString(),
                    "--catalogue-pattern", "product=/catalog/items/", "--catalogue-pattern", "category=/catalog/");

            assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
            JsonNode cat = new ObjectMapper().readTree(catalogue.toFile());
            assertThat(cat.path("product").size()).isEqualTo(7);
            assertThat(cat.path("product").get(0).asText()).startsWith(shop.baseUrl() + "catalog/items/EST-").doesNotContain("jsessionid");
            assertThat(cat.path("category").size()).isEqualTo(10);
            assertThat(cli.err.toString()).doesNotContain("warning");
        }
    }

    @Test
    void anInvalidCataloguePatternIsAUsageError() {
        assertThat(cli.run("crawl", "http://127.0.0.1:9/shop/", "--catalogue-pattern", "product=(")).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("--catalogue-pattern product: not a valid regex");
    }
}
