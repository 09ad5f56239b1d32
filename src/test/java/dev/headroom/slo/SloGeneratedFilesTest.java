package dev.headroom.slo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.GeneratedFiles;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rule files checked in under dashboards/prometheus/generated are what the generator writes. */
class SloGeneratedFilesTest {
    static final List<Path> SPECS = List.of(Path.of("dashboards/slos/storefront.sloth.yaml"),
            Path.of("dashboards/slos/monitor.headroom.yaml"));
    static final String OUT = "dashboards/prometheus/generated";

    @Test
    void theCheckedInGeneratedRulesAreByteForByteWhatTheGeneratorWrites() {
        List<GeneratedFiles.File> files = SloGenerator.generate(SPECS, OUT);

        assertThat(files).extracting(GeneratedFiles.File::name).containsExactly("storefront-slos.yml",
                "storefront-slos.test.yml", "monitor-slos.yml", "monitor-slos.test.yml");
        assertThat(GeneratedFiles.differences(files, Path.of(OUT)))
                .as("run ./headroom slo generate --spec dashboards/slos/storefront.sloth.yaml --spec "
                        + "dashboards/slos/monitor.headroom.yaml --out dashboards/prometheus/generated to update")
                .isEmpty();
    }
}
