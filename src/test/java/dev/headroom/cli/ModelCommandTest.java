package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.model.TrafficModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {
    @TempDir
    Path dir;
    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void aGeneratedDayIsModelledAndTheModelFileWritten() throws Exception {
        Path log = dir.resolve("day.log");
        assertThat(run("model", "generate", "--out", log.toString(), "--days", "1", "--peak-rps", "3", "--seed", "5"))
                .isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Wrote " + log);
        Path model = dir.resolve("model.yaml");
        assertThat(run("model", log.toString(), "--out", model.toString(), "--report", dir.resolve("report").toString(), "--no-progress"))
                .as(err.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("Peak (busiest minute): Mon 2026-11-16 2", "Peak hours, avoid changes then:",
                "Quietest windows, schedule changes in:", "Top journeys", "Model written to " + model);
        assertThat(TrafficModel.load(model).peak().sustainedRps()).isPositive();
        assertThat(dir.resolve("report/report.json")).exists();
        assertThat(dir.resolve("report/model.md")).content().contains("## Heatmap");
    }

    @Test
    void aMissingFileIsAUsageError() {
        assertThat(run("model", dir.resolve("nope.log").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("nope.log: file not found");
    }

    @Test
    void aFileWithNoParseableLineIsAUsageErrorThatSaysWhy() throws Exception {
        Path log = dir.resolve("notes.txt");
        Files.writeString(log, "hello\nworld\n");
        assertThat(run("model", log.toString(), "--out", dir.resolve("m.yaml").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("notes.txt: none of its 2 lines is a combined access log line", "notes.txt:1:");
        assertThat(dir.resolve("m.yaml")).doesNotExist();
    }

    @Test
    void noLogFileAndABadOptionAreUsageErrors() {
        assertThat(run("model")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("ACCESS_LOG");
        assertThat(run("model", "x.log", "--json-fields", "when=ts")).isEqualTo(ExitCode.USAGE);
        assertThat(run("model", "x.log", "--format", "xml")).isEqualTo(ExitCode.USAGE);
        assertThat(run("model", "x.log", "--session-timeout", "100000d")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--session-timeout from 1s to 1d");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void aTruncatedGzipStillGivesAModelFromWhatWasReadWarnsAndExits1() throws Exception {
        Path day = dir.resolve("day.log");
        assertThat(run("model", "generate", "--out", day.toString(), "--days", "1", "--peak-rps", "2", "--clean")).isEqualTo(ExitCode.OK);
        byte[] whole = gzip(Files.readString(day));
        Path cut = dir.resolve("day.log.gz");
        Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
        Path model = dir.resolve("model.yaml");

        assertThat(run("model", cut.toString(), "--out", model.toString(), "--report", dir.resolve("report").toString(), "--no-progress"))
                .as(err.toString()).isEqualTo(ExitCode.CHECKS_FAILED);

        assertThat(err.toString()).contains("headroom model: warning: " + cut + ":", ": gzip data ends early (Unexpected end of ZLIB input stream)")
                .doesNotContain("this is a bug", "Exception:");
        TrafficModel m = TrafficModel.load(model);
        long lines = Files.readAllLines(day).size();
        assertThat(m.requests().total()).isBetween(lines / 10, lines - 1);
        assertThat(m.requests().badLines()).isEqualTo(1);
        assertThat(m.sources()).singleElement().satisfies(s -> {
            assertThat(s.requests()).isEqualTo(m.requests().total());
            assertThat(s.readError()).startsWith(cut + ":" + (s.requests() + 1) + ": gzip data ends early");
        });
        assertThat(m.peak().sustainedRps()).isPositive();
        assertThat(dir.resolve("report/summary.md")).content().contains("FAILED", "not read to its end");
    }

    @Test
    void aGzipOfTwoBytesIsAUsageErrorThatSaysItIsTruncatedNotABug() throws Exception {
        Path two = dir.resolve("two.gz");
        Files.write(two, new byte[] {0x1f, (byte) 0x8b});

        assertThat(run("model", two.toString(), "--out", dir.resolve("m.yaml").toString())).isEqualTo(ExitCode.USAGE);

        assertThat(err.toString()).contains("headroom: " + two + ":1: gzip data ends early, the file is truncated; not one line could be read")
                .doesNotContain("this is a bug");
        assertThat(dir.resolve("m.yaml")).doesNotExist();
    }

    @Test
    void aJsonLineDated1e308IsCountedAsABadLineAndTheRunSucceeds() throws Exception {
        Path log = dir.resolve("app.jsonl");
        Files.writeString(log, """
                {"time":"2026-11-16T20:00:00Z","request_uri":"/"}
                {"time":1e308,"request_uri":"/"}
                {"time":"2026-11-16T20:00:01Z","request_uri":"/search?q=tea"}
                """);
        Path model = dir.resolve("m.yaml");

        assertThat(run("model", log.toString(), "--out", model.toString(), "--no-progress")).as(err.toString()).isEqualTo(ExitCode.OK);

        assertThat(out.toString()).contains("2 requests", "1 bad lines",
                "bad line: " + log + ":2: field 'time' is out of range (years 0000 to 9999): 1e308");
        assertThat(TrafficModel.load(model).rates().meanRps()).isEqualTo(1.0);
    }

    @Test
    void aStrayLineDated1970IsLeftOutOfTheRatesAndTheRunSaysSo() throws Exception {
        StringBuilder lines = new StringBuilder("10.9.9.9 - - [01/Jan/1970:00:00:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"clock reset\"\n");
        for (int i = 0; i < 120; i++) {
            lines.append(String.format("10.0.0.%d - - [16/Nov/2026:20:00:%02d +0000] \"GET /product/%d HTTP/1.1\" 200 1 \"-\" \"ua\"%n",
                    i % 7, i / 2, i));
        }
        Path log = Files.writeString(dir.resolve("access.log"), lines);
        Path model = dir.resolve("m.yaml");

        assertThat(run("model", log.toString(), "--out", model.toString(), "--no-progress")).as(err.toString()).isEqualTo(ExitCode.OK);

        String note = "1 request is dated far outside the rest of the log (2026-11-16T20:00:00Z to 2026-11-16T20:00:59Z) and left out "
                + "of the rates, the peak and the heatmap: " + log + ":1 at 1970-01-01T00:00:00Z";
        assertThat(err.toString()).contains("headroom model: warning: " + note);
        assertThat(out.toString()).contains("121 requests from Mon 2026-11-16 20:00", "  warning: " + note);
        TrafficModel m = TrafficModel.load(model);
        assertThat(m.notes()).containsExactly(note);
        assertThat(m.timeRange().excludedRequests()).isEqualTo(1);
        assertThat(m.rates().meanRps()).isEqualTo(2.0);
        assertThat(m.peak().sustainedRps()).isEqualTo(2.0);
    }

    @Test
    void aBrokenClassifierFileIsAUsageErrorWithItsLine() throws Exception {
        Path log = dir.resolve("a.log");
        Files.writeString(log, "1.2.3.4 - - [16/Nov/2026:20:00:01 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"ua\"\n");
        Path classes = dir.resolve("classes.yaml");
        Files.writeString(classes, "classes:\n  - class: home\n    patern: '^/$'\n");
        assertThat(run("model", log.toString(), "--classifier", classes.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("classes.yaml:3:5: classes[0].patern: unknown field");
    }
}
