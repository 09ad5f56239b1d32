package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The generator's week has a known shape; the model must find it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedWeekTest {
    private Path dir;
    private AccessLogGenerator.Result written;
    private TrafficModel model;
    private AccessLogReader reader;

    @BeforeAll
    void generateAndModelAWeek(@TempDir Path tmp) throws IOException {
        dir = tmp;
        Path log = dir.resolve("week.log.gz");
        written = AccessLogGenerator.write(log, new AccessLogGenerator.Options(LocalDate.parse("2026-11-16"), 7, 8, 7, false));
        TrafficAnalyzer analyzer = new TrafficAnalyzer(RouteClassifier.defaults(), Duration.ofMinutes(30));
        reader = new AccessLogReader(analyzer, LogFormat.AUTO, JsonFields.DEFAULTS, "HRSESSION", null);
        reader.read(log);
        model = analyzer.model(reader.sources(), reader.badLines(), TrafficAnalyzer.Options.defaults());
    }

    @Test
    void thePeakIsInTheMondayNightRush() {
        OffsetDateTime peak = model.peak().minuteStart();
        assertThat(peak.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
        assertThat(peak.toLocalTime()).isBetween(LocalTime.of(20, 0), LocalTime.of(22, 15));
        assertThat(model.windows().avoid().subList(0, 2)).extracting(TrafficModel.HourLoad::label)
                .containsExactlyInAnyOrder("Mon 20:00-21:00", "Mon 21:00-22:00");
        // the rush is twice a normal evening
        double monday = model.heatmap().get("Mon").get(21);
        double tuesday = model.heatmap().get("Tue").get(21);
        assertThat(monday / tuesday).isBetween(1.6, 2.4);
    }

    @Test
    void theQuietWindowsAreAtNight() {
        assertThat(model.windows().quiet()).hasSize(3).allSatisfy(w -> {
            assertThat(w.hours()).isEqualTo(2);
            assertThat(w.hour()).isBetween(0, 5);
        });
        assertThat(model.windows().quiet().get(0).rps()).isLessThan(model.rates().meanRps() / 5);
    }

    @Test
    void theMixIsExactlyWhatTheGeneratorWrote() {
        long pages = written.pages().values().stream().mapToLong(Long::longValue).sum();
        for (Map.Entry<String, Long> e : written.pages().entrySet()) {
            assertThat(model.mix().get(e.getKey())).as(e.getKey())
                    .isCloseTo((double) e.getValue() / pages, within(0.0001));
        }
        assertThat(model.mix().get("product")).isBetween(0.2, 0.35);
    }

    @Test
    void malformedLinesAreCountedNotFatal() {
        assertThat(written.malformed()).isPositive();
        assertThat(model.requests().badLines()).isEqualTo(written.malformed());
        assertThat(model.requests().total()).isEqualTo(written.lines() - written.malformed());
        assertThat(reader.examples()).isNotEmpty();
    }

    @Test
    void journeysThinkTimesAndSessionsLookLikeTheGenerators() {
        assertThat(model.journeys().get(0).shape()).isEqualTo("home>category>product");
        assertThat(model.journeys()).extracting(TrafficModel.Journey::shape)
                .contains("home", "search>product", "home>category>product>cart>checkout>account");
        assertThat(model.thinkTime().p50()).isBetween(Duration.ofSeconds(7), Duration.ofSeconds(13));
        assertThat(model.sessions().count()).isCloseTo(written.customerSessions(), within(written.customerSessions() / 50));
        assertThat(model.sessions().bots()).isPositive();
        assertThat(model.peak().sustainedRps()).isBetween(6.0, 16.0);
    }

    @Test
    void theSameSeedWritesTheSameLog() throws IOException {
        Path a = dir.resolve("a.log");
        Path b = dir.resolve("b.log");
        AccessLogGenerator.Options o = new AccessLogGenerator.Options(LocalDate.parse("2026-11-16"), 1, 2, 99, false);
        AccessLogGenerator.write(a, o);
        AccessLogGenerator.write(b, o);
        assertThat(Files.mismatch(a, b)).isEqualTo(-1L);
    }
}
