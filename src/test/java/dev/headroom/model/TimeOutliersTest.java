package dev.headroom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lines far apart in time: the work is bounded by the hours that hold requests, and a few stray lines do not flatten the rates. */
class TimeOutliersTest {
    @TempDir
    Path dir;

    private static String line(String ip, String time, String path) {
        return ip + " - - [" + time + " +0000] \"GET " + path + " HTTP/1.1\" 200 512 \"-\" \"agent\"";
    }

    private static TrafficModel model(Path... files) throws IOException {
        TrafficAnalyzer analyzer = new TrafficAnalyzer(RouteClassifier.defaults(), Duration.ofMinutes(30));
        AccessLogReader reader = new AccessLogReader(analyzer, LogFormat.AUTO, JsonFields.DEFAULTS, "HRSESSION", null);
        for (Path f : files) {
            reader.read(f);
        }
        return analyzer.model(reader.sources(), reader.badLines(), TrafficAnalyzer.Options.defaults());
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void linesFrom1970And2099AreModelledInWellUnderASecondAndTheGapIsNamed() throws IOException {
        Path log = dir.resolve("access.log");
        Files.write(log, List.of(
                line("10.0.0.1", "01/Jan/1970:00:00:00", "/"),
                line("10.0.0.2", "01/Jan/1970:00:00:00", "/"),
                line("10.0.0.3", "01/Jan/1970:00:00:00", "/"),
                line("10.0.0.4", "31/Dec/2099:23:59:59", "/")), StandardCharsets.UTF_8);

        TrafficModel m = model(log);

        // a quarter of the requests is not a stray few: both ends stay in the window
        assertThat(m.timeRange().excludedRequests()).isZero();
        assertThat(m.timeRange().seconds()).isEqualTo(4_102_444_800L);
        assertThat(m.peak().minuteStart()).isEqualTo(OffsetDateTime.parse("1970-01-01T00:00:00Z"));
        assertThat(m.peak().requests()).isEqualTo(3);
        assertThat(m.peak().sustainedRps()).isEqualTo(0.05);
        assertThat(m.peak().burstRps()).isEqualTo(3);
        assertThat(m.rates().maxSecondRps()).isEqualTo(3);
        assertThat(m.rates().meanRps()).isEqualTo(0.0);
        assertThat(m.rates().p99Rps()).isEqualTo(0.0);
        assertThat(m.heatmap().values()).allSatisfy(hours -> assertThat(hours).doesNotContainNull());
        assertThat(m.notes()).containsExactly("no request for 47,481 days, from 1970-01-01T00:00:00Z to 2099-12-31T23:59:59Z "
                + "(100% of the time range): the mean rate, the percentiles and the heatmap count those seconds as silent");
    }

    @Test
    void theSilentSecondsOfAGapFallInTheHoursOfWeekACountSecondBySecondGives() {
        long from = OffsetDateTime.parse("2026-03-18T17:42:13Z").toEpochSecond();
        long to = OffsetDateTime.parse("2026-04-09T03:00:00Z").toEpochSecond(); // across a DST change, 3 weeks and a bit
        for (String zone : List.of("Europe/Berlin", "Asia/Kolkata", "UTC")) {
            ZoneRules rules = ZoneId.of(zone).getRules();
            long[] counted = new long[168];
            TrafficAnalyzer.addSilent(from, to, rules, counted);
            long[] expected = new long[168];
            for (long t = from; t < to; t++) {
                long local = t + rules.getOffset(Instant.ofEpochSecond(t)).getTotalSeconds();
                int dow = (int) Math.floorMod(Math.floorDiv(local, 86_400) + 3, 7);
                expected[dow * 24 + (int) (Math.floorMod(local, 86_400) / 3600)]++;
            }
            assertThat(counted).as(zone).containsExactly(expected);
        }
    }

    @Test
    void aStrayLineFrom1970AndOneFrom2099AreLeftOutOfTheRatesWithANoteNamingThem() throws IOException {
        Path clean = dir.resolve("clean.log");
        AccessLogGenerator.write(clean, new AccessLogGenerator.Options(LocalDate.parse("2026-11-16"), 2, 3, 11, true));
        List<String> lines = new ArrayList<>(Files.readAllLines(clean, StandardCharsets.UTF_8));
        int middle = lines.size() / 2;
        lines.add(middle, line("192.0.2.99", "31/Dec/2099:23:59:59", "/product/99"));
        lines.add(0, line("192.0.2.70", "01/Jan/1970:00:00:00", "/product/70"));
        Path stray = dir.resolve("stray.log");
        Files.write(stray, lines, StandardCharsets.UTF_8);

        TrafficModel expected = model(clean);
        TrafficModel m = model(stray);

        assertThat(m.timeRange().excludedRequests()).isEqualTo(2);
        assertThat(m.timeRange()).isEqualTo(new TrafficModel.TimeRange(expected.timeRange().start(), expected.timeRange().end(),
                "Z", expected.timeRange().seconds(), 2));
        assertThat(m.rates()).isEqualTo(expected.rates());
        assertThat(m.rates().meanRps()).isGreaterThan(0.5);
        assertThat(m.peak()).isEqualTo(expected.peak());
        assertThat(m.heatmap()).isEqualTo(expected.heatmap());
        assertThat(m.windows()).isEqualTo(expected.windows());
        // the stray lines are still requests, each its own session; the sessions open at 2099 are not cut short
        assertThat(m.requests().total()).isEqualTo(expected.requests().total() + 2);
        assertThat(m.sessions().count()).isEqualTo(expected.sessions().count() + 2);
        assertThat(m.thinkTime()).isEqualTo(expected.thinkTime());
        assertThat(m.notes()).containsExactly("2 requests are dated far outside the rest of the log ("
                + expected.timeRange().start().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME) + " to "
                + expected.timeRange().end().format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + ") and left out of the rates, the peak and the heatmap: " + stray + ":1 at 1970-01-01T00:00:00Z, "
                + stray + ":" + (middle + 2) + " at 2099-12-31T23:59:59Z");
    }

    @Test
    void aFarPartHoldingMoreThanOnePercentOfTheRequestsIsKept() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 98; i++) {
            lines.add(line("10.0.0." + i, "16/Nov/2026:10:00:" + String.format("%02d", i % 60), "/"));
        }
        lines.add(line("10.0.1.1", "16/Nov/2027:10:00:00", "/"));
        lines.add(line("10.0.1.2", "16/Nov/2027:10:00:01", "/"));
        Path log = dir.resolve("two-years.log");
        Files.write(log, lines, StandardCharsets.UTF_8);

        TrafficModel m = model(log);

        assertThat(m.timeRange().excludedRequests()).isZero();
        assertThat(m.timeRange().end()).isEqualTo(OffsetDateTime.parse("2027-11-16T10:00:01Z"));
        assertThat(m.notes()).singleElement().asString().startsWith("no request for 364 days, from 2026-11-16T10:00:59Z");
    }
}
