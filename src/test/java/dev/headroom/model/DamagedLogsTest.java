package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that cannot be read to their end, and lines whose time no calendar shows: what was read still counts. */
class DamagedLogsTest {
    static final OffsetDateTime START = OffsetDateTime.parse("2026-11-16T00:00:00Z");
    private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    @TempDir
    Path dir;
    private final TrafficAnalyzer analyzer = new TrafficAnalyzer(RouteClassifier.defaults(), Duration.ofMinutes(30));
    private final AccessLogReader reader = new AccessLogReader(analyzer, LogFormat.AUTO, JsonFields.DEFAULTS, "HRSESSION", null);

    /** One request a second from {@link #START}, {@code n} lines, varied enough that gzip has work to do. */
    static String oneASecond(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("10.0.").append(i % 97).append('.').append(i % 89).append(" - - [").append(CLF.format(START.plusSeconds(i)))
                    .append("] \"GET /product/").append(i * 7919 % 10_000).append(" HTTP/1.1\" 200 ").append(1000 + i % 4000)
                    .append(" \"-\" \"agent-").append(i % 13).append("\"\n");
        }
        return s.toString();
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** Everything the JDK's own gzip reader gives back from {@code gz} before it fails. */
    private static String readable(byte[] gz) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            for (int b; (b = in.read()) >= 0; ) {
                text.write(b);
            }
        } catch (EOFException expected) {
            // cut short: what came out so far is all there is
        }
        return text.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGzipCutInTheMiddleKeepsEveryCompleteLineAndCountsTheTailAsOneBadLine() throws IOException {
        byte[] whole = gzip(oneASecond(40_000));
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        Path file = dir.resolve("access.log.gz");
        Files.write(file, cut);
        String prefix = readable(cut);
        long complete = prefix.chars().filter(c -> c == '\n').count();
        assertThat(complete).isBetween(5_000L, 35_000L);

        AccessLogReader.FileResult r = reader.read(file);

        assertThat(r.requests()).isEqualTo(complete);
        assertThat(r.lines()).isEqualTo(complete + 1);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.readError()).startsWith(file + ":" + (complete + 1) + ": gzip data ends early (Unexpected end of ZLIB input stream), "
                + "the file is truncated; nothing after line " + complete + " could be read");
        TrafficModel m = analyzer.model(reader.sources(), reader.badLines(), TrafficAnalyzer.Options.defaults());
        assertThat(m.requests().total()).isEqualTo(complete);
        assertThat(m.requests().badLines()).isEqualTo(1);
        assertThat(m.timeRange().end()).isEqualTo(START.plusSeconds(complete - 1));
        assertThat(m.rates().meanRps()).isEqualTo(1.0);
        assertThat(m.peak().sustainedRps()).isEqualTo(1.0);
        assertThat(m.sources()).singleElement().satisfies(s -> assertThat(s.readError()).isEqualTo(r.readError()));
    }

    @Test
    void aGzipOfTwoBytesHasNoLineAndSaysTheFileIsTruncated() throws IOException {
        Path file = dir.resolve("two.gz");
        Files.write(file, new byte[] {0x1f, (byte) 0x8b});

        AccessLogReader.FileResult r = reader.read(file);

        assertThat(r.requests()).isZero();
        assertThat(r.lines()).isEqualTo(1);
        assertThat(r.badLines()).isEqualTo(1);
        assertThat(r.readError()).isEqualTo(file + ":1: gzip data ends early, the file is truncated; not one line could be read");
    }

    @Test
    void aJsonTimeOf1e308IsABadLineAndTheOtherLinesMakeTheModel() throws IOException {
        Path file = dir.resolve("app.jsonl");
        Files.writeString(file, """
                {"time":"2026-11-16T20:00:00Z","request_uri":"/","status":200,"remote_addr":"10.0.0.1"}
                {"time":1e308,"request_uri":"/","status":200,"remote_addr":"10.0.0.1"}
                {"time":"2026-11-16T20:00:30Z","request_uri":"/product/1","status":200,"remote_addr":"10.0.0.1"}
                {"time":"2026-11-16T20:00:30Z","request_uri":"/cart","status":200,"remote_addr":"10.0.0.1"}
                """);

        AccessLogReader.FileResult r = reader.read(file);
        TrafficModel m = analyzer.model(reader.sources(), reader.badLines(), TrafficAnalyzer.Options.defaults());

        assertThat(r.readError()).isNull();
        assertThat(reader.examples()).containsExactly(file + ":2: field 'time' is out of range (years 0000 to 9999): 1e308: "
                + "{\"time\":1e308,\"request_uri\":\"/\",\"status\":200,\"remote_addr\":\"10.0.0.1\"}");
        assertThat(m.requests().total()).isEqualTo(3);
        assertThat(m.requests().badLines()).isEqualTo(1);
        assertThat(m.timeRange().seconds()).isEqualTo(31);
        assertThat(m.peak().requests()).isEqualTo(3);
        assertThat(m.peak().burstRps()).isEqualTo(2);
        assertThat(m.rates().meanRps()).isEqualTo(TrafficAnalyzer.round(3 / 31.0, 3));
    }
}
