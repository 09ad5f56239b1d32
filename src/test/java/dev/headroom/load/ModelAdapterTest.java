package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelAdapterTest {

    @Test
    void readsPeakMixAndThinkTime(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.yaml"), """
                peak:
                  rps: 42.5
                  busiestMinute: "Mon 20:14"
                mix: {home: 30, category: 10, product: 40, search: 15, cart: 4, checkout: 1, other: 50}
                thinkTime: {median: 4.5}
                """);
        LoadProfile p = ModelAdapter.read(model);
        assertThat(p.peakRps()).isEqualTo(42.5);
        assertThat(p.normalisedMix().get("browse")).isEqualTo(0.4); // home + category, "other" dropped
        assertThat(p.normalisedMix().get("product")).isEqualTo(0.4);
        assertThat(p.thinkTime()).isEqualTo(Duration.ofMillis(4500));
    }

    @Test
    void aModelWithoutAPeakIsRefused(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.yaml"), "mix: {home: 1}\n");
        assertThatThrownBy(() -> ModelAdapter.read(model)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("--model").hasMessageContaining("no peak request rate");
        assertThatThrownBy(() -> ModelAdapter.read(dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class);
    }

    @Test
    void catalogueFromTheSitemap() {
        Catalogue c = Catalogue.parse("""
                <urlset><url><loc>http://127.0.0.1:8080/</loc></url>
                <url><loc>http://127.0.0.1:8080/category/kitchen</loc></url>
                <url><loc>http://127.0.0.1:8080/product/7</loc></url>
                <url><loc>http://127.0.0.1:8080/product/9</loc></url></urlset>
                """);
        assertThat(c.productIds()).containsExactly(7, 9);
        assertThat(c.categories()).containsExactly("kitchen");
    }
}
