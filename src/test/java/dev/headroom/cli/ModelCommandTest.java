package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.model.TrafficModel;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
