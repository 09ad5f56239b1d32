package dev.headroom.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.model.TrafficModel;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop file's {@code gate:} section: the shipped one, the defaults, its model path resolved against the
 * shop file's folder; the change windows at their edges, across midnight and in their zones.
 */
class GateConfigTest {
    @TempDir
    Path dir;

    @Test
    void theShippedShopFileGatesEveryStageThreeRunsAtFiveTimesThePeak() {
        GateConfig gate = ShopFile.load(Path.of("monitors/headroom.yaml")).gate();

        assertThat(gate.stageList()).containsExactly(GateStage.CRAWL, GateStage.JOURNEYS, GateStage.LOAD, GateStage.ORIGINS);
        assertThat(gate.journeyRuns()).isEqualTo(3);
        assertThat(gate.load().multiplier()).isEqualTo(5.0);
        assertThat(gate.load().duration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(gate.runAll()).isFalse();
    }

    @Test
    void aShopFileWithoutAGateSectionGetsTheDefaultsAndItsModelPathIsTheShopFilesFolders() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shop"));
        Path bare = Files.writeString(folder.resolve("a.yaml"), "shop: a\n");
        Path withModel = Files.writeString(folder.resolve("b.yaml"), "shop: b\ngate: {model: models/week.yaml}\n");

        assertThat(ShopFile.load(bare).gate()).isEqualTo(GateConfig.defaults());
        assertThat(ShopFile.load(withModel).gate().model()).isEqualTo(folder.toAbsolutePath().resolve("models/week.yaml").toString());
    }

    @Test
    void aWindowRunsItsHoursFromItsStartAcrossMidnightInItsZone() {
        GateConfig config = new GateConfig(null, null, null, null, List.of(new GateConfig.Window("Sun", 23, 2)), null, null,
                null, null, null);
        ChangeWindows w = ChangeWindows.of(config, ZoneId.of("Europe/Berlin"), null);

        assertThat(w.inside(Instant.parse("2026-11-22T22:00:00Z"))).isPresent(); // Sun 23:00 in Berlin
        assertThat(w.inside(Instant.parse("2026-11-22T23:59:59Z"))).isPresent(); // Mon 00:59
        assertThat(w.inside(Instant.parse("2026-11-23T00:00:00Z"))).isEmpty();   // Mon 01:00
        assertThat(w.inside(Instant.parse("2026-11-22T21:59:59Z"))).isEmpty();   // Sun 22:59
    }

    @Test
    void aDailyWindowRefusesEveryDayAndTheModelsPeakHoursAreInTheModelsZone() {
        GateConfig daily = new GateConfig(null, null, null, null, List.of(new GateConfig.Window("daily", 12, 1)), null, null,
                null, null, null);
        TrafficModel model = new TrafficModel(1, null, null, new TrafficModel.TimeRange(null, null, "America/New_York", 0, 0),
                null, null, new TrafficModel.Peak(java.time.OffsetDateTime.parse("2026-11-16T20:00:00-05:00"), 1, 1, 1, null, 1, 1),
                null, java.util.Map.of("home", 1.0), 0, null, null, null,
                new TrafficModel.Windows(List.of(new TrafficModel.HourLoad("Mon", 20, 9)), null), null);

        ChangeWindows w = ChangeWindows.of(daily, ZoneId.of("UTC"), model);

        assertThat(w.inside(Instant.parse("2026-11-19T12:30:00Z"))).hasValueSatisfying(s -> assertThat(s).contains("daily 12:00 +1h"));
        assertThat(w.inside(Instant.parse("2026-11-17T01:30:00Z"))) // Mon 20:30 in New York
                .hasValueSatisfying(s -> assertThat(s).contains("peak hour Mon 20:00-21:00 (America/New_York)"));
        assertThat(w.inside(Instant.parse("2026-11-16T20:30:00Z"))).isEmpty();
    }
}
