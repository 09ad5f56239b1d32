package dev.headroom.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.report.GeneratedFiles;
import dev.headroom.shop.ShopFile;
import dev.headroom.slo.Slo;
import dev.headroom.slo.SloSpecs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboards checked in under dashboards/grafana/generated are what the generator writes. */
class DashboardGeneratedFilesTest {
    static final String COMMAND = "./headroom dashboards generate --config monitors/headroom.yaml"
            + " --slo-spec dashboards/slos/storefront.sloth.yaml --slo-spec dashboards/slos/monitor.headroom.yaml"
            + " --out dashboards/grafana/generated";

    /** The inputs the checked-in dashboards are generated from (see {@link #COMMAND}). */
    static DashboardInputs shipped() {
        ShopFile shop = ShopFile.load(Path.of("monitors/headroom.yaml"));
        List<Slo> slos = new ArrayList<>(SloSpecs.read(Path.of("dashboards/slos/storefront.sloth.yaml")));
        slos.addAll(SloSpecs.read(Path.of("dashboards/slos/monitor.headroom.yaml")));
        return DashboardInputs.of(shop.shop(), shop.monitorPlan(null, Map.of()), slos);
    }

    @Test
    void theCheckedInDashboardsAreByteForByteWhatTheGeneratorWrites() {
        List<GeneratedFiles.File> files = DashboardGenerator.generate(shipped());

        assertThat(files).extracting(GeneratedFiles.File::name).containsExactly(
                "reference-storefront-slos.json", "reference-storefront-journeys.json", "reference-storefront-crawl.json",
                "reference-storefront-load.json");
        assertThat(GeneratedFiles.differences(files, DashboardFiles.GENERATED)).as("run " + COMMAND + " to update")
                .isEmpty();
    }
}
