package dev.headroom.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.headroom.config.Durations;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The two JSON conventions of the files Headroom writes and reads back, each one shared mapper
 * (thread-safe once built). Config files (YAML) have their own strict loader, {@code ConfigLoader}.
 */
public final class Json {
    /**
     * Reports and what lies beside them ({@code report.json}, {@code failure.json}): durations as
     * milliseconds (a number, microsecond precision), instants as ISO-8601 strings, decimals plain
     * ({@code 1000}, not {@code 1E+3}), pretty-printed; fields a later version adds are ignored on read.
     */
    public static final ObjectMapper REPORT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("headroom-report")
                    .addSerializer(Duration.class, new MillisSerializer())
                    .addDeserializer(Duration.class, new MillisDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Data handed between Headroom's own processes and read by people (run settings, raw load
     * results, the status API, catalogues, JSON bodies): durations as in configs ({@code 1m30s}),
     * pretty-printed; unknown fields ignored on read.
     */
    public static final ObjectMapper DATA = JsonMapper.builder()
            .addModule(Durations.jacksonModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** Milliseconds with up to three decimals, as every Headroom report shows a duration. */
    static BigDecimal millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 6).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    }

    private static final class MillisSerializer extends StdSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        MillisSerializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(millis(value));
        }
    }

    private static final class MillisDeserializer extends StdDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        MillisDeserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Duration.ofNanos(p.getDecimalValue().movePointRight(6).longValue());
        }
    }
}
