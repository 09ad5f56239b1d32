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
}
