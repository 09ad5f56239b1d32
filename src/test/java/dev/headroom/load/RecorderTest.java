package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.http.Redactor;
import dev.headroom.report.Report;
import dev.headroom.report.ReportWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecorderTest {

    @Test
    void recordsByGroupAndOutcome() {
        Recorder r = new Recorder();
        r.record("home", true, 10);
        r.record("home", true, 30);
        r.record("home", false, 5);
        r.record("search", true, 2_000);
        Map<Recorder.Key, Histogram> s = r.snapshot();
        assertThat(s.keySet()).containsExactly(new Recorder.Key("home", "ko"), new Recorder.Key("home", "ok"),
                new Recorder.Key("search", "ok"));
        assertThat(s.get(new Recorder.Key("home", "ok")).getTotalCount()).isEqualTo(2);
        assertThat(s.get(new Recorder.Key("search", "ok")).getMaxValue()).isBetween(1998L, 2002L);
        assertThat(r.total()).isEqualTo(4);
    }

    @Test
    void keepsTheRequestsRecordedInAHoldApartFromThoseOfTheRamps() {
        AtomicBoolean holding = new AtomicBoolean(false);
        Recorder r = new Recorder(holding::get);
        r.record("search", true, 900); // ramping: a cold start
        r.record("search", false, 5);
        holding.set(true);
        r.record("search", true, 20);
        r.record("search", true, 30);
        r.recordFailure("search", 7, "too many redirects", false);
        holding.set(false);
        r.record("search", true, 800); // after the plan's end
        r.record("home", true, 10);

        Map<Recorder.Key, Histogram> all = r.snapshot();
        Map<Recorder.Key, Histogram> holds = r.holdSnapshot();
        assertThat(all.get(new Recorder.Key("search", "ok")).getTotalCount()).isEqualTo(4);
        assertThat(holds.keySet()).as("home had no request in a hold")
                .containsExactly(new Recorder.Key("search", "ko"), new Recorder.Key("search", "ok"));
        Histogram held = holds.get(new Recorder.Key("search", "ok"));
        assertThat(held.getTotalCount()).isEqualTo(2);
        assertThat(held.getMaxValue()).isEqualTo(30);
        assertThat(holds.get(new Recorder.Key("search", "ko")).getTotalCount()).as("the failure in the hold").isEqualTo(1);
        assertThat(new Recorder().holdSnapshot()).isEmpty();
    }

    @Test
    void holdsAreCarriedInTheResultsAndMergedExactlyOrNotAtAll(@TempDir Path dir) throws Exception {
        AtomicBoolean holding = new AtomicBoolean();
        Recorder a = new Recorder(holding::get);
        Recorder b = new Recorder(holding::get);
        Recorder both = new Recorder(holding::get);
        for (int i = 0; i < 600; i++) {
            holding.set(i % 4 != 0);
            Recorder one = i % 3 == 0 ? a : b;
            long ms = (i * 53L) % 700;
            one.record(i % 2 == 0 ? "product" : "search", i % 11 != 0, ms);
            both.record(i % 2 == 0 ? "product" : "search", i % 11 != 0, ms);
        }
        LoadResults ra = LoadResults.of("http://127.0.0.1:1", "1/2", 1000, 5000, null, a);
        LoadResults rb = LoadResults.of("http://127.0.0.1:1", "2/2", 1500, 6000, null, b);
        ra.write(dir.resolve("a.json"));
        LoadResults merged = LoadResults.merge(List.of(LoadResults.read(dir.resolve("a.json")), rb));

        assertThat(merged.holdHistograms()).isEqualTo(both.holdSnapshot());
        assertThat(merged.holds().stream().mapToLong(LoadResults.GroupHistogram::count).sum()).isEqualTo(450);
        assertThat(merged.histograms()).isEqualTo(both.snapshot());

        LoadResults older = new LoadResults(rb.target(), rb.shards(), rb.startedAtMs(), rb.endedAtMs(), false, null, rb.groups(),
                null, null, null);
        assertThat(older.holdHistograms()).isNull();
        LoadResults withOlder = LoadResults.merge(List.of(ra, older));
        assertThat(withOlder.holds()).as("a sum missing a part's holds would look complete").isNull();
        assertThat(withOlder.histograms()).isEqualTo(both.snapshot());
    }

    @Test
    void clampsOutOfRangeValues() {
        Recorder r = new Recorder();
        r.record("x", true, -5);
        r.record("x", true, Long.MAX_VALUE);
        Histogram h = r.snapshot().get(new Recorder.Key("x", "ok"));
        assertThat(h.getTotalCount()).isEqualTo(2);
        assertThat(h.getMaxValue()).isGreaterThanOrEqualTo(Recorder.HIGHEST_MS);
    }

    @Test
    void concurrentRecordingLosesNothing() throws Exception {
        Recorder r = new Recorder();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    r.record(i % 2 == 0 ? "a" : "b", i % 10 != 0, i % 500);
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(r.total()).isEqualTo(40_000);
    }

    @Test
    void encodingRoundTripsExactlyAndHasNoPadding() {
        Histogram h = Recorder.newHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 7L % 3000);
        }
        String encoded = Recorder.encode(h);
        assertThat(encoded).doesNotContain("=");
        Histogram back = Recorder.decode(encoded);
        assertThat(back).isEqualTo(h);
        assertThat(back.getValueAtPercentile(95)).isEqualTo(h.getValueAtPercentile(95));
        assertThat(Recorder.decode(encoded + "==")).isEqualTo(h); // padded input is fine too
        assertThatThrownBy(() -> Recorder.decode("not-a-histogram")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void mergeAddsHistogramsExactly() {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder both = new Recorder();
        for (int i = 0; i < 500; i++) {
            Recorder one = i % 3 == 0 ? a : b;
            boolean ok = i % 17 != 0;
            long ms = (i * 37L) % 900;
            one.record(i % 2 == 0 ? "product" : "search", ok, ms);
            both.record(i % 2 == 0 ? "product" : "search", ok, ms);
        }
        LoadResults ra = LoadResults.of("http://127.0.0.1:1", "1/2", 1000, 5000, null, a);
        LoadResults rb = LoadResults.of("http://127.0.0.1:1", "2/2", 1500, 6000, "SLO x", b);
        LoadResults merged = LoadResults.merge(List.of(ra, rb));
        assertThat(merged.histograms()).isEqualTo(both.snapshot());
        assertThat(merged.totalRequests()).isEqualTo(500);
        assertThat(merged.shards()).containsExactly("1/2", "2/2");
        assertThat(merged.startedAtMs()).isEqualTo(1000);
        assertThat(merged.endedAtMs()).isEqualTo(6000);
        assertThat(merged.aborted()).isTrue();
        assertThat(merged.abortReasons()).containsExactly("SLO x");
        assertThat(merged.target()).isEqualTo("http://127.0.0.1:1");
    }

    @Test
    void resultsSurviveTheReportWriterAndReadBack(@TempDir Path dir) throws Exception {
        Recorder r = new Recorder();
        for (int i = 0; i < 2000; i++) {
            r.record(i % 2 == 0 ? "home" : "checkout", i % 50 != 0, i % 1234);
        }
        LoadResults results = LoadResults.of("http://127.0.0.1:8080", "1/1", 1, 2, null, r);
        Report report = LoadReport.build("t", results, List.of(new Slo("all", null, null, 0.5)), Map.of());
        ReportWriter.write(report, dir, java.util.EnumSet.allOf(dev.headroom.report.Format.class), Redactor.defaults());
        LoadResults back = LoadResults.read(dir); // report.json's data
        assertThat(back.histograms()).isEqualTo(results.histograms());
        results.write(dir.resolve("results.json"));
        assertThat(LoadResults.read(dir.resolve("results.json")).histograms()).isEqualTo(results.histograms());
        StringWriter md = new StringWriter();
        ReportWriter.writeMarkdown(report, md);
        assertThat(md.toString()).contains("requests").contains("2000");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("testcase classname=\"slo\"");
    }
}
