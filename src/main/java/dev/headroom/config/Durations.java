package dev.headroom.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Human durations, the same everywhere (config files, command-line options, reports): {@code
 * 250ms}, {@code 2s}, {@code 1.5s}, {@code 5m}, {@code 1h}, {@code 1h30m}, {@code 2d}, {@code 0},
 * and ISO-8601 such as {@code PT2S}. Units: {@code ms}, {@code s}, {@code m}, {@code h}, {@code d}.
 * A bare number other than 0 is rejected: "timeout: 5" is ambiguous.
 */
public final class Durations {

    /** The message tail every duration error uses, so users always see examples. */
    static final String EXPECTED = "expected a duration like 500ms, 2s or 1m";

    private static final Pattern PART = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)\\s*(ms|s|m|h|d)");
    private static final long NANOS_PER_MS = 1_000_000L;

    private Durations() {
    }

    /**
     * Parses a human or ISO-8601 duration; negative durations are rejected.
     *
     * @throws IllegalArgumentException with the message {@code expected a duration like 500ms, 2s or
     *     1m, got "<text>"}
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(EXPECTED + ", got nothing");
        }
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.length() > 64 || s.isEmpty()) {
            throw invalid(text);
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p') {
            try {
                Duration d = Duration.parse(s.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw invalid(text);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw invalid(text);
            }
        }
        Matcher m = PART.matcher(s.toLowerCase(Locale.ROOT));
        int pos = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (pos < s.length()) { // bounded: every match consumes at least two characters
            if (!m.find(pos) || m.start() != pos) {
                throw invalid(text);
            }
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            pos = m.end();
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }
        try {
            return Duration.ofNanos(nanos.setScale(0, java.math.RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(EXPECTED + ", got \"" + text + "\" (too long)");
        }
    }

    /**
     * Formats compactly in the syntax {@link #parse} reads: {@code 0s}, {@code 250ms}, {@code 1.5s},
     * {@code 1m30s}, {@code 1h30m}, {@code 48h}. Sub-millisecond parts appear as a fraction of ms.
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return new BigDecimal(d.toNanos()).movePointLeft(6).stripTrailingZeros().toPlainString() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        BigDecimal seconds = BigDecimal.valueOf(d.toSecondsPart()).add(BigDecimal.valueOf(d.toNanosPart(), 9));
        if (seconds.signum() > 0) {
            sb.append(seconds.stripTrailingZeros().toPlainString()).append('s');
        }
        return sb.toString();
    }

    /** A Jackson module reading durations with {@link #parse} and writing them with {@link #format}. */
    public static SimpleModule jacksonModule() {
        SimpleModule module = new SimpleModule("headroom-durations");
        module.addDeserializer(Duration.class, new Deserializer());
        module.addSerializer(Duration.class, new Serializer());
        return module;
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ms" -> NANOS_PER_MS;
            case "s" -> 1000 * NANOS_PER_MS;
            case "m" -> 60_000 * NANOS_PER_MS;
            case "h" -> 3_600_000 * NANOS_PER_MS;
            case "d" -> 86_400_000 * NANOS_PER_MS;
            default -> throw new IllegalStateException(unit);
        };
    }

    private static IllegalArgumentException invalid(String text) {
        return new IllegalArgumentException(EXPECTED + ", got \"" + text + "\"");
    }

    /** For picocli options: {@code @Option(names = "--timeout", converter = Durations.PicocliConverter.class)}. */
    public static final class PicocliConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class Deserializer extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        Deserializer() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            String text;
            if (t == JsonToken.VALUE_STRING) {
                text = p.getText();
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == 0) {
                return Duration.ZERO;
            } else if (t.isScalarValue()) {
                text = p.getText();
                throw JsonMappingException.from(p, EXPECTED + ", got " + text + " (add a unit)");
            } else {
                throw JsonMappingException.from(p, EXPECTED + ", got " + describe(t));
            }
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw JsonMappingException.from(p, e.getMessage());
            }
        }

        private static String describe(JsonToken t) {
            return t == JsonToken.START_OBJECT ? "a mapping" : t == JsonToken.START_ARRAY ? "a list" : t.asString();
        }
    }

    static final class Serializer extends StdScalarSerializer<Duration> {
        private static final long serialVersionUID = 1L;

        Serializer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(format(value));
        }
    }
}
