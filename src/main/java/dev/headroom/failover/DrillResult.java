package dev.headroom.failover;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a failover drill measured, and what it means for customers: every request through the front
 * door (time, page, outcome, latency), every direct probe of an origin, and the down and up
 * commands. Times are milliseconds since the drill started.
 */
public final class DrillResult implements Outcome {
    /** One customer request through the front door. {@code outcome}: the status code, or the failure kind. */
    public record Request(long atMs, String path, boolean ok, String outcome, long latencyMs) {
    }

    /** One direct probe of an origin, bypassing the front door. */
    public record Probe(long atMs, String origin, boolean up) {
    }

    /**
     * The down or up command: when it started, how long it took and how it ended ({@code failure} is
     * null when it exited 0, else "exit 3", "timed out after ...", "could not start: ..."; {@code
     * exitCode} is -1 when it was killed or never started), the last lines of its stdout and stderr,
     * and the log files holding all of its output up to a cap (null when none could be written).
     */
    public record Command(String name, String command, long atMs, long tookMs, int exitCode, String failure,
            String stdoutTail, String stderrTail, String stdoutLog, String stderrLog) {
        /** It exited 0 in time. */
        public boolean ok() {
            return failure == null;
        }
    }

    /** Requests, failures and latency of one phase of the drill. */
    public record PhaseStats(String phase, long requests, long failed, long p50Ms, long p99Ms, long maxMs) {
    }

    /** One second of the drill, for the timeline. */
    public record Second(long second, int ok, int failed, long maxLatencyMs) {
    }

    private final DrillPlan plan;
    private final Instant startedAt;
    private final Duration duration;
    private final List<Request> requests;
    private final List<Probe> probes;
    private final List<Command> commands;
    private final int notSent;

    DrillResult(DrillPlan plan, Instant startedAt, Duration duration, List<Request> requests, List<Probe> probes,
            List<Command> commands, int notSent) {
        this.plan = plan;
        this.startedAt = startedAt;
        this.duration = duration;
        this.requests = requests.stream().sorted(Comparator.comparingLong(Request::atMs)).toList();
        this.probes = probes.stream().sorted(Comparator.comparingLong(Probe::atMs)).toList();
        this.commands = List.copyOf(commands);
        this.notSent = notSent;
    }

    public DrillPlan plan() {
        return plan;
    }

    public List<Request> requests() {
        return requests;
    }

    public List<Probe> probes() {
        return probes;
    }

    public List<Command> commands() {
        return commands;
    }

    /** When the down command started (the plan's {@code before}, to within a millisecond or so). */
    public long downAtMs() {
        return command("down").map(Command::atMs).orElse(plan.before().toMillis());
    }

    /** When the up command started, or the end of the during phase if there is none. */
    public long upAtMs() {
        return command("up").map(Command::atMs).orElse(plan.before().plus(plan.during()).toMillis());
    }

    public Optional<Command> command(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Requests that failed from the down command on (a 5xx, a timeout, a refused or reset connection). */
    public List<Request> failuresSinceDown() {
        long down = downAtMs();
        return requests.stream().filter(r -> !r.ok() && r.atMs() >= down).toList();
    }

    /** Customer requests in each phase: before, during (down to up), after. */
    public List<PhaseStats> phases() {
        long down = downAtMs();
        long up = upAtMs();
        return List.of(stats("before", 0, down), stats("during", down, up), stats("after", up, Long.MAX_VALUE));
    }

    private PhaseStats stats(String phase, long from, long to) {
        List<Request> in = requests.stream().filter(r -> r.atMs() >= from && r.atMs() < to).toList();
        long[] latencies = in.stream().mapToLong(Request::latencyMs).sorted().toArray();
        return new PhaseStats(phase, in.size(), in.stream().filter(r -> !r.ok()).count(), percentile(latencies, 0.50),
                percentile(latencies, 0.99), latencies.length == 0 ? 0 : latencies[latencies.length - 1]);
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /**
     * For each origin probed, when its direct probes first failed after the down command, and when
     * they passed again after that (empty when it never went down, or never came back).
     */
    public Map<String, long[]> originDownWindows() {
        Map<String, long[]> out = new LinkedHashMap<>();
        long down = downAtMs();
        for (String origin : plan.origins().keySet()) {
            Long wentDown = null;
            Long cameBack = null;
            for (Probe p : probes) {
                if (!p.origin().equals(origin) || p.atMs() < down) {
                    continue;
                }
                if (wentDown == null && !p.up()) {
                    wentDown = p.atMs();
                } else if (wentDown != null && cameBack == null && p.up()) {
                    cameBack = p.atMs();
                }
            }
            out.put(origin, new long[] {wentDown == null ? -1 : wentDown, cameBack == null ? -1 : cameBack});
        }
        return out;
    }

    /** The up command ran and failed: it exited non-zero, timed out or could not start. */
    public boolean upFailed() {
        return command("up").map(c -> !c.ok()).orElse(false);
    }

    /**
     * The drill may have left the shop short of an origin: the up command failed, or an origin still
     * failed its probes at the end. Someone has to restore it now, which is why the command line
     * gives this its own exit code rather than the one for "customers saw errors".
     */
    public boolean leftDown() {
        return upFailed() || !originsDownAtEnd().isEmpty();
    }

    /**
     * When {@link #leftDown()}: which origin is still down, what to run to restore it, and the up
     * command's stderr; each element a line for the console. Empty otherwise.
     */
    public List<String> restoreAdvice() {
        if (!leftDown()) {
            return List.of();
        }
        List<String> stillDown = originsDownAtEnd();
        Optional<Command> up = command("up");
        List<String> lines = new ArrayList<>();
        String what;
        if (!stillDown.isEmpty()) {
            what = "origin(s) " + String.join(", ", stillDown) + " still failed " + plan.probePath() + " at the end of the drill";
            what += up.isEmpty() ? ", and there was no --up command" : up.get().ok() ? ", although the up command exited 0"
                    : ", and the up command failed (" + up.get().failure() + ")";
        } else if (plan.origins().isEmpty()) {
            what = "the up command failed (" + up.get().failure() + "); no --origin was probed, so what --down took down may"
                    + " still be down";
        } else {
            what = "the up command failed (" + up.get().failure() + "); every origin answered " + plan.probePath()
                    + " at the end, but check that what --down took down is really back";
        }
        lines.add("ORIGIN LEFT DOWN: " + what + ".");
        lines.add(up.isPresent() ? "  restore it with:  " + up.get().command()
                : "  restore it by hand (the down command was:  " + plan.down() + ")");
        up.filter(c -> !c.ok()).ifPresent(c -> {
            String log = c.stderrLog() == null ? "" : "; all of it in " + c.stderrLog();
            if (c.stderrTail().isEmpty()) {
                lines.add("  the up command printed nothing on stderr" + log);
            } else {
                lines.add("  the up command's stderr (last lines" + log + "):");
                c.stderrTail().lines().forEach(l -> lines.add("    " + l));
            }
        });
        return lines;
    }

    /** Origins whose last probe failed: still down when the drill ended. */
    public List<String> originsDownAtEnd() {
        Map<String, Boolean> last = new LinkedHashMap<>();
        probes.forEach(p -> last.put(p.origin(), p.up()));
        return last.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    /** Per second: requests that passed and failed, and the slowest. */
    public List<Second> timeline() {
        TreeMap<Long, long[]> bySecond = new TreeMap<>();
        long seconds = Math.max(1, (duration.toMillis() + 999) / 1000);
        for (long s = 0; s < seconds; s++) {
            bySecond.put(s, new long[3]);
        }
        for (Request r : requests) {
            long[] c = bySecond.computeIfAbsent(r.atMs() / 1000, k -> new long[3]);
            c[r.ok() ? 0 : 1]++;
            c[2] = Math.max(c[2], r.latencyMs());
        }
        List<Second> out = new ArrayList<>();
        bySecond.forEach((s, c) -> out.add(new Second(s, (int) c[0], (int) c[1], c[2])));
        return out;
    }

    /**
     * LEFT_DOWN when an origin is still down at the end (the up command failed, or it did not
     * bring the origin back): someone must act now; else FAILED when customers saw more errors or
     * slower pages than allowed or nothing went down, PASSED otherwise.
     */
    @Override
    public Verdict verdict() {
        return leftDown() ? Verdict.LEFT_DOWN : toReport().passed() ? Verdict.PASSED : Verdict.FAILED;
    }

    /** The verdict and the figures, as the report writer takes them. */
    @Override
    public Report toReport() {
        Report.Builder b = Report.builder("failover").title("Failover drill through " + plan.front())
                .target(plan.front()).startedAt(startedAt).duration(duration);
        List<Request> failures = failuresSinceDown();
        long down = downAtMs();

        for (Command c : commands) {
            String message = c.ok() ? "exit 0 at +" + seconds(c.atMs())
                    : c.failure() + " at +" + seconds(c.atMs()) + ": the drill's " + c.name() + " command failed";
            if (!c.ok() && c.name().equals("up")) {
                message += "; an origin may still be down: restore it with: " + c.command();
            }
            b.addCase(CheckCase.builder("commands", c.name() + ": " + c.command())
                    .status(c.ok() ? Status.PASSED : Status.ERROR)
                    .duration(Duration.ofMillis(c.tookMs()))
                    .message(message)
                    .details(commandDetails(c)).build());
        }

        String impact = failures.isEmpty() ? "no customer request failed"
                : failures.size() + " customer request(s) failed between +" + seconds(failures.get(0).atMs()) + " and +"
                        + seconds(failures.get(failures.size() - 1).atMs()) + " (" + outcomes(failures) + ")";
        b.addCase(CheckCase.builder("customers", "at most " + plan.maxErrors() + " failed request(s)")
                .status(failures.size() <= plan.maxErrors() ? Status.PASSED : Status.FAILED)
                .message(impact).build());

        List<PhaseStats> phases = phases();
        PhaseStats during = phases.get(1);
        if (plan.maxLatency() != null) {
            b.addCase(CheckCase.builder("customers", "slowest request while an origin was down <= " + plan.maxLatency().toMillis() + " ms")
                    .status(during.maxMs() <= plan.maxLatency().toMillis() ? Status.PASSED : Status.FAILED)
                    .message("slowest " + during.maxMs() + " ms, p99 " + during.p99Ms() + " ms").build());
        }
        if (notSent > 0) {
            b.addCase(CheckCase.of("customers", "every planned request sent", Status.DEGRADED, notSent
                    + " arrivals not sent: " + Drill.MAX_IN_FLIGHT + " requests were already waiting (the front door stalled)"));
        }

        Map<String, long[]> windows = originDownWindows();
        boolean anyDown = windows.values().stream().anyMatch(w -> w[0] >= 0);
        if (!plan.origins().isEmpty()) {
            b.addCase(CheckCase.builder("origins", "the down command took an origin down")
                    .status(anyDown ? Status.PASSED : Status.FAILED)
                    .message(anyDown ? describe(windows, down)
                            : "every origin answered its probes throughout: the drill tested nothing (check --down)").build());
            List<String> stillDown = originsDownAtEnd();
            b.addCase(CheckCase.builder("origins", "every origin up again at the end")
                    .status(stillDown.isEmpty() ? Status.PASSED : Status.FAILED)
                    .message(stillDown.isEmpty() ? "all " + plan.origins().size() + " origin(s) answer " + plan.probePath()
                            : "still down: " + String.join(", ", stillDown) + "; restore " + command("up")
                                    .map(up -> "with: " + up.command()).orElse("by hand (no --up was given)"))
                    .build());
        }

        b.summary("customer requests", requests.size());
        b.summary("failed since down", failures.size());
        for (PhaseStats p : phases) {
            b.summary(p.phase(), String.format(Locale.ROOT, "%d requests, %d failed, p50 %d ms, p99 %d ms, max %d ms",
                    p.requests(), p.failed(), p.p50Ms(), p.p99Ms(), p.maxMs()));
        }
        windows.forEach((origin, w) -> b.summary("origin " + origin, w[0] < 0 ? "never seen down"
                : "down from +" + seconds(w[0]) + (w[1] < 0 ? ", not back" : " to +" + seconds(w[1]))));
        if (leftDown()) {
            b.summary("left down", String.join(" ", restoreAdvice().get(0), restoreAdvice().get(1).strip()));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("leftDown", leftDown());
        data.put("downAtMs", down);
        data.put("upAtMs", upAtMs());
        data.put("phases", phases);
        data.put("commands", commands);
        data.put("timeline", timeline());
        data.put("failures", failures.size() > 1000 ? failures.subList(0, 1000) : failures);
        b.data(data);
        return b.build();
    }

    private static String commandDetails(Command c) {
        List<String> parts = new ArrayList<>();
        if (!c.stderrTail().isEmpty()) {
            parts.add("stderr (last lines):\n" + c.stderrTail());
        }
        if (!c.stdoutTail().isEmpty()) {
            parts.add("stdout (last lines):\n" + c.stdoutTail());
        }
        if (c.stdoutLog() != null || c.stderrLog() != null) {
            parts.add("all of its output: " + c.stdoutLog() + ", " + c.stderrLog());
        }
        return String.join("\n\n", parts);
    }

    private static String describe(Map<String, long[]> windows, long down) {
        List<String> parts = new ArrayList<>();
        windows.forEach((origin, w) -> {
            if (w[0] >= 0) {
                parts.add(origin + " failed its probes " + seconds(w[0] - down) + " after the down command"
                        + (w[1] < 0 ? "" : ", answered again at +" + seconds(w[1])));
            }
        });
        return String.join("; ", parts);
    }

    private static String outcomes(List<Request> failures) {
        Map<String, Integer> counts = new TreeMap<>();
        failures.forEach(r -> counts.merge(r.outcome(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((k, v) -> parts.add(v + " x " + k));
        return String.join(", ", parts);
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }

    /**
     * A self-contained page (inline SVG, no scripts, nothing fetched): the verdict of {@code report}
     * (this drill's {@link #toReport()}), requests per second through the front door, passed in
     * green and failed in red, the slowest request of each second as a line, the down and up
     * commands marked, and the phases' figures.
     */
    public String timelineHtml(Report report) {
        List<Second> seconds = timeline();
        int w = 900;
        int h = 240;
        int pad = 40;
        long maxCount = Math.max(1, seconds.stream().mapToLong(s -> s.ok() + s.failed()).max().orElse(1));
        long maxLatency = Math.max(1, seconds.stream().mapToLong(Second::maxLatencyMs).max().orElse(1));
        double bw = (w - 2.0 * pad) / Math.max(1, seconds.size());
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img'>", w, h + 40));
        StringBuilder line = new StringBuilder();
        for (Second s : seconds) {
            double x = pad + s.second() * bw;
            double okH = (h - pad) * (double) s.ok() / maxCount;
            double failH = (h - pad) * (double) s.failed() / maxCount;
            svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#3a3'><title>+%ds: %d ok</title></rect>",
                    x, h - okH, Math.max(1, bw - 1), okH, s.second(), s.ok()));
            if (s.failed() > 0) {
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='#d33'><title>+%ds: %d failed</title></rect>",
                        x, h - okH - failH, Math.max(1, bw - 1), failH, s.second(), s.failed()));
            }
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", x + bw / 2, h - (h - pad) * (double) s.maxLatencyMs() / maxLatency));
        }
        svg.append("<polyline fill='none' stroke='#36c' stroke-width='1.5' points='").append(line).append("'/>");
        for (Command c : commands) {
            double x = pad + c.atMs() / 1000.0 * bw;
            svg.append(String.format(Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#000' stroke-dasharray='4'/>"
                    + "<text x='%.1f' y='%d' font-size='12'>%s</text>", x, pad / 2, x, h, x + 3, pad / 2 + 10, c.name()));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='12'>seconds since the start; bars: requests per second"
                + " (max %d), green passed, red failed; blue line: slowest request each second (max %d ms)</text></svg>",
                pad, h + 25, maxCount, maxLatency));

        StringBuilder rows = new StringBuilder();
        for (PhaseStats p : phases()) {
            rows.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td></tr>",
                    p.phase(), p.requests(), p.failed(), p.p50Ms(), p.p99Ms(), p.maxMs()));
        }
        StringBuilder cases = new StringBuilder();
        for (CheckCase c : report.cases()) {
            cases.append("<li><b>").append(c.status()).append("</b> ").append(escape(c.name())).append(": ")
                    .append(escape(c.message())).append("</li>");
        }
        return "<!doctype html><html><head><meta charset='utf-8'><title>Failover drill</title>"
                + "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "td:first-child{text-align:left}</style></head><body>"
                + "<h1>Failover drill: " + report.status() + "</h1><p>Through " + escape(plan.front()) + ", "
                + plan.rate() + " requests a second, started " + startedAt + ".</p><ul>" + cases + "</ul>" + svg
                + "<h2>Customer requests by phase</h2><table><tr><th>phase</th><th>requests</th><th>failed</th><th>p50 ms</th>"
                + "<th>p99 ms</th><th>max ms</th></tr>" + rows + "</table></body></html>\n";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
