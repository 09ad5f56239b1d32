package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hand-built log whose peak, mix, journeys and think times are known exactly. */
class KnownAnswerModelTest {
    @TempDir
    Path dir;

    private static String line(String ip, String time, String request, int status, String ua) {
        return ip + " - - [16/Nov/2026:" + time + " +0000] \"" + request + " HTTP/1.1\" " + status + " 512 \"-\" \"" + ua + "\"";
    }

    static List<String> lines() {
        List<String> l = new ArrayList<>();
        // customer A: home > category > product > cart > checkout, think 10, 20, 5, (redirect), 60
        l.add(line("10.0.0.1", "10:00:00", "GET /", 200, "A"));
        l.add(line("10.0.0.1", "10:00:00", "GET /static/style.css", 200, "A"));
        l.add(line("10.0.0.2", "10:00:05", "GET /search?q=x", 200, "B"));
        l.add(line("10.0.0.2", "10:00:07", "GET /product/2", 200, "B"));
        l.add(line("10.0.0.1", "10:00:10", "GET /category/books", 200, "A"));
        l.add(line("10.0.0.1", "10:00:30", "GET /product/1", 200, "A"));
        l.add(line("10.0.0.1", "10:00:35", "POST /cart/add", 303, "A"));
        l.add(line("10.0.0.1", "10:00:35", "GET /cart", 200, "A"));
        l.add(line("10.0.0.1", "10:01:35", "GET /checkout", 200, "A"));
        l.add("this is not an access log line");
        // a crawler
        l.add(line("66.249.66.1", "11:00:00", "GET /robots.txt", 200, "Mozilla/5.0 (compatible; Googlebot/2.1)"));
        l.add(line("66.249.66.1", "11:00:01", "GET /product/5", 200, "Mozilla/5.0 (compatible; Googlebot/2.1)"));
        l.add("10.0.0.9 - - [16/Nov/2026:11:61:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"");
        // customer C makes the busiest minute (12 requests), its busiest second 12:00:30 (5 requests)
        l.add(line("10.0.0.3", "12:00:00", "GET /", 200, "C"));
        for (String a : List.of("/static/style.css", "/images/logo.svg", "/favicon.ico")) {
            l.add(line("10.0.0.3", "12:00:00", "GET " + a, 200, "C"));
        }
        l.add(line("10.0.0.3", "12:00:30", "GET /product/3", 200, "C"));
        for (int i = 0; i < 4; i++) {
            l.add(line("10.0.0.3", "12:00:30", "GET /images/product/" + i + ".svg", 200, "C"));
        }
        l.add(line("10.0.0.3", "12:00:45", "GET /product/4", 200, "C"));
        l.add(line("10.0.0.3", "12:00:45", "GET /images/product/4.svg", 200, "C"));
        l.add(line("10.0.0.3", "12:00:45", "GET /images/product/5.svg", 304, "C"));
        return l;
    }

    private TrafficModel model(Path... files) throws IOException {
        TrafficAnalyzer analyzer = new TrafficAnalyzer(RouteClassifier.defaults(), Duration.ofMinutes(30));
        AccessLogReader reader = new AccessLogReader(analyzer, LogFormat.AUTO, JsonFields.DEFAULTS, "HRSESSION", null);
        for (Path f : files) {
            reader.read(f);
        }
        return analyzer.model(reader.sources(), reader.badLines(), TrafficAnalyzer.Options.defaults());
    }

    private Path write(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, lines(), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void thePeakIsTheBusiestMinuteAndItsBusiestSecond() throws IOException {
        TrafficModel m = model(write("access.log"));
        assertThat(m.peak().minuteStart()).isEqualTo(OffsetDateTime.parse("2026-11-16T12:00:00Z"));
        assertThat(m.peak().requests()).isEqualTo(12);
        assertThat(m.peak().sustainedRps()).isEqualTo(0.2);
        assertThat(m.peak().burstRps()).isEqualTo(5);
        assertThat(m.peak().burstSecond()).isEqualTo(OffsetDateTime.parse("2026-11-16T12:00:30Z"));
        assertThat(m.peak().pageRps()).isCloseTo(3 / 60.0, within(0.001));
        assertThat(m.rates().maxSecondRps()).isEqualTo(5);
        assertThat(m.timeRange().start()).isEqualTo(OffsetDateTime.parse("2026-11-16T10:00:00Z"));
        assertThat(m.timeRange().end()).isEqualTo(OffsetDateTime.parse("2026-11-16T12:00:45Z"));
    }

    @Test
    void requestsAreCountedByKindAndBadLinesApart() throws IOException {
        TrafficModel m = model(write("access.log"));
        assertThat(m.requests().total()).isEqualTo(23);
        assertThat(m.requests().staticAssets()).isEqualTo(11);
        assertThat(m.requests().pages()).isEqualTo(12);
        assertThat(m.requests().bots()).isEqualTo(1);
        assertThat(m.requests().status()).containsEntry("3xx", 2L).containsEntry("2xx", 21L);
        assertThat(m.requests().badLines()).isEqualTo(2);
        assertThat(m.sources()).singleElement().satisfies(s -> {
            assertThat(s.lines()).isEqualTo(25);
            assertThat(s.badLines()).isEqualTo(2);
        });
    }

    @Test
    void theMixIsTheShareOfCustomerPagesByRouteClass() throws IOException {
        TrafficModel m = model(write("access.log"));
        assertThat(m.mix()).containsEntry("home", TrafficAnalyzer.round(2 / 11.0, 4))
                .containsEntry("product", TrafficAnalyzer.round(4 / 11.0, 4))
                .containsEntry("cart", TrafficAnalyzer.round(2 / 11.0, 4))
                .containsEntry("category", TrafficAnalyzer.round(1 / 11.0, 4))
                .containsEntry("search", TrafficAnalyzer.round(1 / 11.0, 4))
                .containsEntry("checkout", TrafficAnalyzer.round(1 / 11.0, 4))
                .containsEntry("other", 0.0)
                .doesNotContainKey("static");
        assertThat(m.staticShare()).isEqualTo(TrafficAnalyzer.round(11 / 23.0, 4));
    }

    @Test
    void sessionsJourneysAndThinkTimesComeFromTheSameClients() throws IOException {
        TrafficModel m = model(write("access.log"));
        assertThat(m.sessions().count()).isEqualTo(3);
        assertThat(m.sessions().bots()).isEqualTo(1);
        assertThat(m.journeys()).extracting(TrafficModel.Journey::shape)
                .containsExactlyInAnyOrder("home>category>product>cart>checkout", "search>product", "home>product");
        assertThat(m.journeys()).allSatisfy(j -> assertThat(j.share()).isEqualTo(0.3333));
        assertThat(m.journeys().get(0).steps()).isEqualTo(List.of(m.journeys().get(0).shape().split(">")));
        // gaps: A 10, 20, 5, 60 (the redirect follow-up is not thinking), B 2, C 30, 15
        assertThat(m.thinkTime().samples()).isEqualTo(7);
        assertThat(m.thinkTime().p50()).isEqualTo(Duration.ofSeconds(15));
        assertThat(m.thinkTime().p90()).isEqualTo(Duration.ofSeconds(60));
        assertThat(m.sessions().reach()).containsEntry("checkout", 0.3333).containsEntry("product", 1.0);
    }

    @Test
    void aGzippedCopyGivesTheSameModel() throws IOException {
        Path gz = dir.resolve("access.log.1");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(String.join("\n", lines()).getBytes(StandardCharsets.UTF_8));
        }
        TrafficModel plain = model(write("access.log"));
        TrafficModel zipped = model(gz);
        assertThat(zipped.requests()).isEqualTo(plain.requests());
        assertThat(zipped.peak()).isEqualTo(plain.peak());
        assertThat(zipped.mix()).isEqualTo(plain.mix());
    }

    @Test
    void badLinesAreReportedWithFileLineAndReason() throws IOException {
        Path f = write("access.log");
        TrafficAnalyzer analyzer = new TrafficAnalyzer(RouteClassifier.defaults(), Duration.ofMinutes(30));
        AccessLogReader reader = new AccessLogReader(analyzer, LogFormat.COMBINED, JsonFields.DEFAULTS, "HRSESSION", null);
        AccessLogReader.FileResult r = reader.read(f);
        assertThat(r.badLines()).isEqualTo(2);
        assertThat(reader.examples()).containsExactly(
                f + ":10: no [timestamp]: this is not an access log line",
                f + ":13: malformed [timestamp]: 10.0.0.9 - - [16/Nov/2026:11:61:00 +0000] \"GET / HTTP/1.1\" 200 1 \"-\" \"x\"");
    }

    @Test
    void theModelFileReadsBackThroughTheConfigLoader() throws IOException {
        TrafficModel m = model(write("access.log"));
        Path yaml = dir.resolve("model.yaml");
        ModelYaml.write(m, yaml);
        TrafficModel back = TrafficModel.load(yaml);
        assertThat(back.schemaVersion()).isEqualTo(1);
        assertThat(back.peak()).isEqualTo(m.peak());
        assertThat(back.mix()).isEqualTo(m.mix());
        assertThat(back.journeys()).isEqualTo(m.journeys());
        assertThat(back.thinkTime()).isEqualTo(m.thinkTime());
        assertThat(back.sessions()).isEqualTo(m.sessions());
        assertThat(back.requests()).isEqualTo(m.requests());
        assertThat(back.rates()).isEqualTo(m.rates());
        assertThat(back.heatmap()).isEqualTo(m.heatmap());
        assertThat(back.windows()).isEqualTo(m.windows());
        assertThat(back.sources()).isEqualTo(m.sources());
        assertThat(back).isEqualTo(m);
    }

    @Test
    void aModelFileOfAnotherSchemaVersionIsRefusedWithItsLine() throws IOException {
        TrafficModel m = model(write("access.log"));
        Path yaml = dir.resolve("model.yaml");
        Files.writeString(yaml, ModelYaml.toYaml(m).replace("schemaVersion: 1", "schemaVersion: 2"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrafficModel.load(yaml))
                .isInstanceOf(dev.headroom.config.ConfigException.class)
                .hasMessageContaining("model.yaml:4:16: schemaVersion: this Headroom reads schemaVersion 1, got 2");
    }
}
