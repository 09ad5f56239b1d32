package dev.headroom.monitor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.headroom.http.Redactor;
import dev.headroom.serve.LocalServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The monitor's HTTP face on 127.0.0.1: {@code /} (the live status page), {@code /api/status}
 * (what the page shows, as JSON), {@code /metrics}, {@code /health} and {@code POST /-/reload}.
 */
public final class StatusPage {
    // streamed, compact (the page polls it every few seconds): a monitor that runs for months is
    // spared the ~550 classes of data binding, which this page alone would otherwise load
    private static final JsonFactory JSON = new JsonFactory();
    private static final String HTML = readPage();

    private StatusPage() {
    }

    /**
     * Starts serving.
     *
     * @param reload re-reads the config and answers what happened (200 applied, 400 refused)
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static LocalServer serve(int port, Monitor monitor, PrometheusMeterRegistry registry, Redactor redactor,
            Supplier<LocalServer.Response> reload) {
        return LocalServer.builder().port(port).threadName("monitor-http")
                .get("/", LocalServer.HTML, () -> HTML)
                .get("/api/status", LocalServer.JSON, () -> statusJson(monitor, redactor))
                .get("/metrics", LocalServer.PROMETHEUS_TEXT, registry::scrape)
                .get("/health", LocalServer.JSON, () -> monitor.stopped() ? "{\"status\":\"stopping\"}" : "{\"status\":\"up\"}")
                .post("/-/reload", reload)
                .start();
    }

    /** Every check with its state, its recent runs (oldest first) and its last failure. */
    static String statusJson(Monitor monitor, Redactor redactor) {
        Map<String, Object> root = new LinkedHashMap<>();
        Instant now = Instant.now();
        root.put("now", now.toString());
        root.put("nowMs", now.toEpochMilli());
        root.put("startedAt", monitor.startedAt().toString());
        root.put("startedAtMs", monitor.startedAt().toEpochMilli());
        root.put("location", monitor.plan().location());
        root.put("config", String.valueOf(monitor.plan().source()));
        root.put("reloads", monitor.reloads());
        List<Object> checks = new ArrayList<>();
        for (Monitor.CheckView v : monitor.view()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", v.check().name());
            c.put("kind", v.check().kind().label());
            c.put("target", redactor.redactUrl(v.check().url()));
            c.put("intervalMs", v.check().interval().toMillis());
            c.put("state", v.state().up().name());
            c.put("running", v.running());
            c.put("inMaintenance", v.inMaintenance());
            c.put("runs", v.state().runs());
            List<Object> history = new ArrayList<>();
            List<RunRecord> recent = v.state().recent();
            for (RunRecord r : recent) {
                history.add(run(r, false, redactor));
            }
            c.put("history", history);
            Budget b = Budget.of(recent, v.check().slo());
            Map<String, Object> bm = new LinkedHashMap<>();
            bm.put("runs", b.runs());
            bm.put("failed", b.failed());
            bm.put("successRate", b.successRate());
            bm.put("slo", b.slo());
            bm.put("budgetLeft", b.budgetLeft());
            c.put("budget", bm);
            RunRecord last = v.state().last();
            c.put("last", last == null ? null : run(last, true, redactor));
            RunRecord failure = v.state().lastFailure();
            c.put("lastFailure", failure == null ? null : run(failure, true, redactor));
            checks.add(c);
        }
        root.put("checks", checks);
        List<Object> groups = new ArrayList<>();
        for (OriginHealth.GroupView g : monitor.origins()) {
            Map<String, Object> gm = new LinkedHashMap<>();
            gm.put("group", g.name());
            gm.put("entry", redactor.redactUrl(g.entry()));
            gm.put("entryCheck", g.entryCheck());
            gm.put("redundancy", g.redundancy() == null ? null : g.redundancy().label());
            List<Object> origins = new ArrayList<>();
            for (OriginHealth.OriginView o : g.origins()) {
                Map<String, Object> om = new LinkedHashMap<>();
                om.put("name", o.name());
                om.put("url", redactor.redactUrl(o.url()));
                om.put("check", o.check());
                om.put("up", o.up());
                om.put("message", o.message() == null ? "" : redactor.redactUrl(o.message()));
                origins.add(om);
            }
            gm.put("origins", origins);
            groups.add(gm);
        }
        root.put("origins", groups);
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            write(g, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Maps, lists, texts, numbers, booleans and nulls, as JSON; anything else as its text. */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Integer || value instanceof Long) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue()); // NaN as "NaN", as Jackson's data binding writes it
        } else if (value instanceof Number n) {
            g.writeNumber(n.toString());
        } else {
            g.writeString(value.toString());
        }
    }

    /** One run; its texts were redacted by the probe that made them, and are again here (the status page's own redactor). */
    private static Map<String, Object> run(RunRecord r, boolean detail, Redactor redactor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startedAt", r.startedAt().toString());
        m.put("startedAtMs", r.startedAt().toEpochMilli());
        m.put("durationMs", r.duration().toMillis());
        m.put("status", r.status().name());
        m.put("maintenance", r.maintenance());
        if (!detail) {
            return m;
        }
        m.put("attempts", r.attempts());
        m.put("message", redactor.redactUrl(r.message()));
        List<Object> phases = new ArrayList<>();
        for (ProbeResult.Phase p : r.phases()) {
            phases.add(Map.of("name", p.name(), "status", p.status().name(), "durationMs", p.duration().toMillis()));
        }
        m.put("phases", phases);
        if (r.failure() != null) {
            ProbeResult.Failure f = r.failure();
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("step", f.step());
            fm.put("request", redactor.redactUrl(f.request()));
            fm.put("responseStatus", f.responseStatus());
            fm.put("message", redactor.redactUrl(f.message()));
            fm.put("bodyExcerpt", redactor.redactUrl(f.bodyExcerpt()));
            m.put("failure", fm);
        }
        return m;
    }

    /**
     * A check's objective over the runs the page has (its history, maintenance left out): how many
     * runs, how many failed, the share that passed, and, if the check has an {@code slo}, the share of
     * its error budget left: 1 with no failure, 0 with exactly as many as the objective allows,
     * below 0 once overspent.
     *
     * @param successRate null with no run yet
     * @param budgetLeft null without an SLO or a run
     */
    record Budget(int runs, int failed, Double successRate, Double slo, Double budgetLeft) {
        static Budget of(List<RunRecord> history, Double slo) {
            int runs = 0;
            int failed = 0;
            for (RunRecord r : history) {
                if (!r.maintenance()) {
                    runs++;
                    failed += r.ok() ? 0 : 1;
                }
            }
            Double rate = runs == 0 ? null : (runs - failed) / (double) runs;
            Double left = slo == null || runs == 0 ? null : 1 - (failed / (double) runs) / (1 - slo / 100);
            return new Budget(runs, failed, rate, slo, left);
        }
    }

    private static String readPage() {
        try (InputStream in = StatusPage.class.getResourceAsStream("status.html")) {
            if (in == null) {
                throw new IllegalStateException("status.html missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
