package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.cli.Main;
import dev.headroom.config.ConfigException;
import dev.headroom.model.TrafficModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelAdapterTest {

    @Test
    void aModelWrittenByTheModelCommandGivesThePeakMixAndThinkTime(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        Path model = dir.resolve("model.yaml");
        assertThat(Main.run("model", "generate", "--out", log.toString(), "--days", "1", "--peak-rps", "4",
                "--seed", "7", "--clean")).isZero();
        assertThat(Main.run("model", log.toString(), "--out", model.toString(), "--no-progress")).isZero();
        TrafficModel written = TrafficModel.load(model);

        LoadProfile p = ModelAdapter.read(model);

        assertThat(p.peakRps()).isEqualTo(written.peak().sustainedRps()).isPositive();
        assertThat(p.routeClasses()).containsKeys("home", "category", "product");
        written.mix().forEach((routeClass, share) -> {
            if (share > 0) {
                assertThat(p.routeClasses().get(routeClass)).as(routeClass).isEqualTo(share);
            }
        });
        assertThat(p.mix()).as("journey shares come from JourneyMix, by the route classes each journey claims").isEmpty();
        assertThat(p.thinkTime()).isEqualTo(written.thinkTime().p50());
    }

    @Test
    void aBrokenModelIsRefusedWithFileAndField(@TempDir Path dir) throws Exception {
        Path model = Files.writeString(dir.resolve("model.yaml"), "schemaVersion: 1\nmix: {home: 1}\n");
        assertThatThrownBy(() -> ModelAdapter.read(model)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("model.yaml").hasMessageContaining("peak");
        assertThatThrownBy(() -> ModelAdapter.read(dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class);
    }
}
