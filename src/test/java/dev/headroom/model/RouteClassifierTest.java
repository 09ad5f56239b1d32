package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteClassifierTest {
    @TempDir
    Path dir;

    private String cls(RouteClassifier c, String path) {
        return c.name(c.classify(path));
    }

    @Test
    void theDefaultsSortTheStorefrontsRoutes() {
        RouteClassifier c = RouteClassifier.defaults();
        assertThat(cls(c, "/")).isEqualTo("home");
        assertThat(cls(c, "/category/books")).isEqualTo("category");
        assertThat(cls(c, "/product/12")).isEqualTo("product");
        assertThat(cls(c, "/search")).isEqualTo("search");
        assertThat(cls(c, "/cart")).isEqualTo("cart");
        assertThat(cls(c, "/cart/add")).isEqualTo("cart");
        assertThat(cls(c, "/checkout")).isEqualTo("checkout");
        assertThat(cls(c, "/signin")).isEqualTo("account");
        assertThat(cls(c, "/orders/HR-100001")).isEqualTo("account");
        assertThat(cls(c, "/static/style.css")).isEqualTo("static");
        assertThat(cls(c, "/images/product/7.svg")).isEqualTo("static");
        assertThat(cls(c, "/favicon.ico")).isEqualTo("static");
        assertThat(cls(c, "/wp-login.php")).isEqualTo("other");
        assertThat(cls(c, "/cartography")).isEqualTo("other");
    }

    @Test
    void aClassifierFileReplacesTheRulesInOrderAndMayKeepTheDefaults() throws IOException {
        Path f = dir.resolve("classes.yaml");
        Files.writeString(f, """
                classes:
                  - class: deals
                    pattern: '^/(deals|sale)(/|$)'
                  - class: product
                    pattern: '^/p/[0-9]+$'
                keepDefaults: true
                """);
        RouteClassifier c = RouteClassifier.load(f);
        assertThat(cls(c, "/sale")).isEqualTo("deals");
        assertThat(cls(c, "/p/12")).isEqualTo("product");
        assertThat(cls(c, "/product/12")).isEqualTo("product");
        assertThat(cls(c, "/")).isEqualTo("home");
        assertThat(c.classNames()).startsWith("deals", "product");
    }

    @Test
    void classifierFileErrorsNameTheFileLineAndField() throws IOException {
        Path f = dir.resolve("classes.yaml");
        Files.writeString(f, """
                classes:
                  - class: Deals
                    pattern: '^/(deals'
                  - clas: product
                    pattern: '^/p/'
                """);
        assertThatThrownBy(() -> RouteClassifier.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":4:5: classes[1].clas: unknown field");
        Files.writeString(f, """
                classes:
                  - class: Deals
                    pattern: '^/(deals'
                """);
        assertThatThrownBy(() -> RouteClassifier.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2:12: classes[0].class: use lower-case letters")
                .hasMessageContaining(f + ":3:14: classes[0].pattern: not a valid regular expression");
        Files.writeString(f, "classes: []\n");
        assertThatThrownBy(() -> RouteClassifier.load(f)).hasMessageContaining("classes: must list at least one rule");
    }

    @Test
    void pathParametersSuchAsJsessionidAreRemovedBeforeTheRulesSeeThePath() {
        RouteClassifier c = RouteClassifier.defaults();
        assertThat(cls(c, "/cart;jsessionid=0A1B2C3D")).isEqualTo("cart");
        assertThat(cls(c, "/product;v=2/12;jsessionid=0A1B")).isEqualTo("product");
        assertThat(cls(c, "/;jsessionid=0A1B")).isEqualTo("home");
        assertThat(cls(c, "/static/style.css;jsessionid=0A1B")).isEqualTo("static");
    }

    @Test
    void underAContextPathTheBuiltInRulesFitAClassicShopsPaths() {
        RouteClassifier c = RouteClassifier.defaults().underContextPath("/shop/");
        assertThat(c.contextPath()).isEqualTo("/shop");
        assertThat(cls(c, "/shop/")).isEqualTo("home");
        assertThat(cls(c, "/shop")).isEqualTo("home");
        assertThat(cls(c, "/shop/catalog/categories/FISH;jsessionid=0A1B")).isEqualTo("category");
        assertThat(cls(c, "/shop/catalog/products/FI-SW-01")).isEqualTo("product");
        assertThat(cls(c, "/shop/catalog/items/EST-1;jsessionid=0A1B")).isEqualTo("product");
        assertThat(cls(c, "/shop/search")).isEqualTo("search");
        assertThat(cls(c, "/shop/cart/add;jsessionid=0A1B")).isEqualTo("cart");
        assertThat(cls(c, "/shop/account/signonForm")).isEqualTo("account");
        assertThat(cls(c, "/favicon.ico")).as("outside the context path: as it is").isEqualTo("static");
        assertThat(cls(c, "/shopping/cart")).as("not under /shop").isEqualTo("other");
        assertThatThrownBy(() -> c.underContextPath("shop")).hasMessageContaining("starts with /");
    }

    @Test
    void whenMostPagesAreOtherTheWarningNamesTheShareTheCommonPrefixAndTheClassifierOption() {
        RouteClassifier c = RouteClassifier.defaults();
        for (String p : new String[] {"/shop/catalog/items/EST-1;jsessionid=AB", "/shop/cart", "/shop/order/new", "/product/1"}) {
            c.classify(p);
        }
        assertThat(c.unclassifiedWarning(3, 4)).isEqualTo("75% of page requests (3 of 4) matched no route class and count as"
                + " 'other': the built-in rules expect paths like /, /product/..., /category/..., /search, /cart, /checkout;"
                + " most of them are under /shop: if the shop is deployed there, try --context-path /shop; or describe the shop's"
                + " URLs with --classifier FILE, e.g. a FILE of one line: {classes: [{class: product, pattern:"
                + " '^/shop/catalog/products/'}], keepDefaults: true}");
        assertThat(c.unclassifiedWarning(2, 4)).as("half is not most").isNull();
        assertThat(c.unclassifiedWarning(0, 0)).isNull();
    }

    @Test
    void theExampleRuleOfTheWarningIsAValidClassifierFile() throws IOException {
        RouteClassifier c = RouteClassifier.defaults();
        c.classify("/shop/catalog/items/EST-1");
        String warning = c.unclassifiedWarning(1, 1);
        Path f = dir.resolve("one-line.yaml");
        Files.writeString(f, warning.substring(warning.indexOf("{classes:")) + "\n");
        assertThat(cls(RouteClassifier.load(f), "/shop/catalog/products/FI-SW-01")).isEqualTo("product");
    }
}
