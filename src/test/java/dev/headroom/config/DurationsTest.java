package dev.headroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "250ms, PT0.25S",
        "2s, PT2S",
        "1.5s, PT1.5S",
        "5m, PT5M",
        "1h, PT1H",
        "1h30m, PT1H30M",
        "1m 30s, PT1M30S",
        "2d, PT48H",
        "0, PT0S",
        "PT2S, PT2S",
        "pt0.5s, PT0.5S",
        "0.5ms, PT0.0005S",
    })
    void parsesHumanAndIsoDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fast", "5", "", "2 seconds", "1.s", "-1s", "PT-1S", "1x", "ms", "99999999999999d"})
    void rejectsAnythingElseWithExamplesInTheMessage(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("expected a duration like 500ms, 2s or 1m, got \"" + text + "\"");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT0.25S, 250ms", "PT1.5S, 1.5s", "PT1M30S, 1m30s", "PT1H30M, 1h30m", "PT48H, 48h",
        "PT0.0005S, 0.5ms", "PT1H0.001S, 1h0.001s"})
    void formatsCompactlyAndRoundTrips(String iso, String text) {
        Duration d = Duration.parse(iso);

        assertThat(Durations.format(d)).isEqualTo(text);
        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    @Test
    void picocliConverterReportsTheSameMessage() {
        assertThat(new Durations.PicocliConverter().convert("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> new Durations.PicocliConverter().convert("soon"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("expected a duration like 500ms, 2s or 1m, got \"soon\"");
    }
}
