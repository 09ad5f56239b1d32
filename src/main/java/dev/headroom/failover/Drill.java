package dev.headroom.failover;

import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.process.Threads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a {@link DrillPlan}: customer traffic through the front door at a fixed rate (an open model:
 * a slow answer does not slow the arrivals), each origin probed on its own, the down and up
 * commands at their times. Every loop is bounded by the plan's length; nothing outlives {@link #run}.
 */
public final class Drill {
    /** Requests in flight at most; beyond it an arrival is counted as not sent (the drill's own limit). */
    static final int MAX_IN_FLIGHT = 256;

    private final HttpChecker checker;
    private final Consumer<String> progress;
    private final Path commandLogs;

    /**
     * @param checker the shared HTTP-check core (one client for the traffic and the probes)
     * @param progress receives one line a second (phase, requests, errors) and each event
     * @param commandLogs where the down and up commands' output goes ({@code down.stdout.log},
     *     {@code down.stderr.log}, {@code up.stdout.log}, {@code up.stderr.log}): the report folder
     */
    public Drill(HttpChecker checker, Consumer<String> progress, Path commandLogs) {
        this.checker = checker;
        this.progress = progress;
        this.commandLogs = commandLogs;
    }

    /**
     * Runs the drill to its end (the up command runs even if the down command failed). A command
     * that outlives {@code --command-timeout} is killed with every process it started, and the drill
     * goes on only once they are gone.
     */
    public DrillResult run(DrillPlan plan) throws InterruptedException {
        for (String stale : List.of("down.stdout.log", "down.stderr.log", "up.stdout.log", "up.stderr.log")) {
            try {
                Files.deleteIfExists(commandLogs.resolve(stale)); // a previous drill's, which this one's report must not point to
            } catch (IOException ignored) {
                // overwritten if this drill runs that command; else left, and not named in the report
            }
        }
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        ConcurrentLinkedQueue<DrillResult.Request> requests = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<DrillResult.Probe> probes = new ConcurrentLinkedQueue<>();
        List<DrillResult.Command> commands = new ArrayList<>();
        AtomicInteger notSent = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ExecutorService senders = Executors.newCachedThreadPool(Threads.daemon("drill-request"));
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, Threads.daemon("drill-clock"));
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / plan.rate();
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean ending = new AtomicBoolean();
        try {
            clock.scheduleAtFixedRate(() -> {
                if (!inFlight.tryAcquire()) {
                    notSent.incrementAndGet();
                    return;
                }
                String path = plan.paths().get(Math.floorMod(next.getAndIncrement(), plan.paths().size()));
                try {
                    senders.execute(() -> {
                        try {
                            DrillResult.Request r = send(plan, path, t0);
                            requests.add(r);
                            answered.incrementAndGet();
                            if (!r.ok()) {
                                failed.incrementAndGet();
                            }
                        } finally {
                            inFlight.release();
                        }
                    });
                } catch (RejectedExecutionException stopping) {
                    inFlight.release();
                }
            }, 0, periodNanos, TimeUnit.NANOSECONDS);
            if (!plan.origins().isEmpty()) {
                // A probe may take up to two periods (at most 2 s) before the origin counts as down.
                Duration probeTimeout = plan.probeEvery().multipliedBy(2).compareTo(Duration.ofSeconds(2)) < 0
                        ? plan.probeEvery().multipliedBy(2) : Duration.ofSeconds(2);
                clock.scheduleAtFixedRate(() -> probeOrigins(plan, t0, probeTimeout, probes, ending), 0, plan.probeEvery().toNanos(),
                        TimeUnit.NANOSECONDS);
            }
            ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("drill-progress"));
            ticker.scheduleAtFixedRate(() -> progress.accept(progressLine(plan, t0, answered.get(), failed.get(), notSent.get())),
                    1, 1, TimeUnit.SECONDS);
            try {
                sleepUntil(t0, plan.before());
                commands.add(runCommand("down", plan.down(), plan.commandTimeout(), t0));
                sleepUntil(t0, plan.before().plus(plan.during()));
                if (plan.up() != null && !plan.up().isBlank()) {
                    commands.add(runCommand("up", plan.up(), plan.commandTimeout(), t0));
                }
                sleepUntil(t0, plan.length());
            } finally {
                ticker.shutdownNow();
            }
        } finally {
            ending.set(true);
            clock.shutdownNow();
            senders.shutdown();
            // Requests already sent finish within their timeout; the drill waits for them.
            senders.awaitTermination(plan.requestTimeout().toMillis() + 2000, TimeUnit.MILLISECONDS);
            senders.shutdownNow();
        }
        return new DrillResult(plan, startedAt, Duration.ofNanos(System.nanoTime() - t0), new ArrayList<>(requests),
                new ArrayList<>(probes), commands, notSent.get());
    }

    private DrillResult.Request send(DrillPlan plan, String path, long t0) {
        long start = System.nanoTime();
        CheckResult r = checker.execute(CheckRequest.builder().url(plan.front() + path).timeout(plan.requestTimeout()).build());
        long end = System.nanoTime();
        boolean ok = r.failure() == FailureKind.NONE && r.statusCode() < 500;
        String outcome = r.failure() != FailureKind.NONE ? r.failure().name().toLowerCase(java.util.Locale.ROOT)
                : Integer.toString(r.statusCode());
        return new DrillResult.Request(millisSince(t0, start), path, ok, outcome, (end - start) / 1_000_000);
    }

    /** The origins that fail their probe now, by name: checked before a drill takes another one down. */
    public List<String> originsDown(DrillPlan plan, Duration timeout) {
        return plan.origins().entrySet().stream().filter(o -> !originUp(plan, o.getValue(), timeout)).map(Map.Entry::getKey).toList();
    }

    /** One direct probe of an origin: up when it answers {@code probePath} with a 2xx in time. */
    private boolean originUp(DrillPlan plan, String origin, Duration timeout) {
        CheckResult r = checker.execute(CheckRequest.builder().url(origin + plan.probePath()).timeout(timeout).build());
        return r.failure() == FailureKind.NONE && r.statusCode() / 100 == 2;
    }

    private void probeOrigins(DrillPlan plan, long t0, Duration timeout, ConcurrentLinkedQueue<DrillResult.Probe> probes,
            AtomicBoolean ending) {
        for (Map.Entry<String, String> origin : plan.origins().entrySet()) {
            long start = System.nanoTime();
            boolean up = originUp(plan, origin.getValue(), timeout);
            // A probe cut off by the drill's own end (shutdownNow interrupts it) says nothing about the origin, and
            // as the last probe it would report the origin still down.
            if (!ending.get()) {
                probes.add(new DrillResult.Probe(millisSince(t0, start), origin.getKey(), up));
            }
        }
    }

    private DrillResult.Command runCommand(String name, String command, Duration timeout, long t0) throws InterruptedException {
        long at = millisSince(t0, System.nanoTime());
        progress.accept(String.format("%5.1fs  %s: %s", at / 1000.0, name, command));
        ShellCommand.Outcome o = new ShellCommand(timeout, commandLogs).run(name, command);
        progress.accept(String.format("%5.1fs  %s: %s after %s", (System.nanoTime() - t0) / 1e9, name,
                o.failure() == null ? "exit 0" : o.failure(), DrillResult.seconds(o.tookMs())));
        return new DrillResult.Command(name, command, at, o.tookMs(), o.exitCode(), o.failure(),
                checker.redactor().redact(o.stdoutTail()), checker.redactor().redact(o.stderrTail()),
                o.stdoutLog() == null ? null : o.stdoutLog().toString(), o.stderrLog() == null ? null : o.stderrLog().toString());
    }

    private static String progressLine(DrillPlan plan, long t0, int total, int failed, int notSent) {
        long now = millisSince(t0, System.nanoTime());
        String phase = now < plan.before().toMillis() ? "before" : now < plan.before().plus(plan.during()).toMillis() ? "during" : "after";
        return String.format("%5.1fs  %-6s %6d requests, %d failed%s", now / 1000.0, phase, total, failed,
                notSent > 0 ? ", " + notSent + " not sent (in-flight cap)" : "");
    }

    private static void sleepUntil(long t0, Duration at) throws InterruptedException {
        long wait = t0 + at.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long millisSince(long t0, long nanos) {
        return (nanos - t0) / 1_000_000;
    }
}
