package dev.headroom.monitor;

import dev.headroom.http.HttpChecker;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.process.Threads;
import dev.headroom.report.Status;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs every check of a {@link MonitorPlan} on its own schedule until stopped: each check every
 * {@code interval} plus or minus {@code jitter}, the next run planned only when the last one has
 * ended (so runs of one check never overlap), retried by its policy, its state moved by its
 * thresholds, every run recorded in a bounded history and in the metrics. Anything the target does
 * is a result; nothing it does stops the monitor. Threads are bounded: one timer, and a pool of
 * workers that grows to {@link #MAX_WORKERS} only when that many checks run at once.
 */
public final class Monitor implements AutoCloseable {
    /** Workers: at most this many checks run at the same moment; the rest wait their turn. */
    static final int MAX_WORKERS = 8;
    /** A worker left without a run for this long ends; checks every minute or more often keep theirs. */
    static final Duration WORKER_IDLE = Duration.ofSeconds(90);
    /**
     * A probe's own request timeout is the check's timeout, and says best what happened ("no
     * answer: timeout"); the monitor's deadline, a backstop for checks that ignore theirs, comes
     * this much later.
     */
    static final Duration DEADLINE_GRACE = Duration.ofSeconds(1);

    private final HttpChecker checker;
    /** What each kind makes its probes with. */
    private final CheckKind.Probes probes;
    private final MonitorMetrics metrics;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<String> log;
    private final ExecutorService workers;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Instant startedAt;
    /** By check name; replaced whole on reload. */
    private volatile Map<String, Scheduled> scheduled = Map.of();
    /** Survive reloads: a check keeps its state, history and run slot under the same name. */
    private final Map<String, CheckState> states = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> slots = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile MonitorPlan plan;
    private volatile OriginHealth origins;
    private final AtomicInteger reloads = new AtomicInteger();
    private final java.nio.file.Path failures;

    public Monitor(MonitorPlan plan, HttpChecker checker, MeterRegistry registry, Clock clock, Consumer<String> log) {
        this(plan, checker, registry, clock, log, null);
    }

    /**
     * @param checker every request of every check goes through it, so it must enforce the plan's
     *     allowlist: build it with {@link MonitorPlan#checkerBuilder()}
     * @param registry where every series goes; with a plan {@link MonitorPlan#location() location}, its
     *     common tag {@code location} is added to it here, before the first meter
     * @param failures where a failed journey run leaves its {@code failure.json} (in a folder named
     *     after the check) for {@code headroom recheck}; null: nowhere
     * @throws IllegalArgumentException if the checker's allowlist is not the plan's
     */
    public Monitor(MonitorPlan plan, HttpChecker checker, MeterRegistry registry, Clock clock, Consumer<String> log,
            java.nio.file.Path failures) {
        this(plan, checker, registry, Scheduler.system(clock), log, failures);
    }

    /** With the time of {@code scheduler}: tests move a manual one forward instead of sleeping. */
    Monitor(MonitorPlan plan, HttpChecker checker, MeterRegistry registry, Scheduler scheduler, Consumer<String> log,
            java.nio.file.Path failures) {
        this.failures = failures;
        this.plan = Objects.requireNonNull(plan, "plan");
        this.checker = Objects.requireNonNull(checker, "checker");
        if (!checker.allowlist().equals(plan.allowlist())) {
            throw new IllegalArgumentException("the checker enforces the allowlist " + checker.allowlist().patterns()
                    + ", the plan's is " + plan.allowlist().patterns() + ": build it with MonitorPlan.checkerBuilder()");
        }
        if (plan.location() != null) {
            // before any meter is registered: every series of this monitor, the crawler's too, has it
            registry.config().commonTags("location", plan.location());
        }
        this.probes = new CheckKind.Probes(checker, new JourneyRunner(checker), registry, failures, log);
        this.metrics = new MonitorMetrics(registry);
        this.origins = new OriginHealth(plan.origins(), states::get);
        metrics.origins(origins);
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.log = log;
        this.startedAt = clock.instant();
        this.workers = Threads.elasticPool("monitor-worker", MAX_WORKERS, WORKER_IDLE);
    }


    /** Schedules every check; the first runs are spread over their jitter so they do not all start at once. */
    public synchronized void start() {
        Map<String, Scheduled> next = new LinkedHashMap<>();
        for (Check c : plan.checks()) {
            Scheduled s = new Scheduled(c);
            next.put(c.name(), s);
            s.scheduleIn(randomUpTo(c.jitter()));
        }
        scheduled = next;
    }

    /**
     * Runs every check once, now, in parallel, and returns their runs in config order (for
     * {@code --once}). Does not schedule anything.
     */
    public List<RunRecord> runAllOnce() throws InterruptedException {
        List<Future<RunRecord>> futures = new ArrayList<>();
        List<Scheduled> all = new ArrayList<>();
        for (Check c : plan.checks()) {
            // the same check keeps its probe: a crawl stays incremental and its series keep moving
            Scheduled s = scheduled.get(c.name());
            if (s == null || !s.check.sameAs(c)) {
                s = new Scheduled(c);
            }
            all.add(s);
            futures.add(workers.submit(s::runNow));
        }
        scheduled = toMap(all);
        List<RunRecord> out = new ArrayList<>();
        for (Future<RunRecord> f : futures) {
            try {
                out.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return out;
    }

    /** Runs every check once, now, in parallel ({@code --once}): its runs, verdict and report. */
    public MonitorRound runRound() throws InterruptedException {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        List<RunRecord> runs = runAllOnce();
        return new MonitorRound(start, Duration.ofNanos(System.nanoTime() - t0), runs);
    }

    private static Map<String, Scheduled> toMap(List<Scheduled> all) {
        Map<String, Scheduled> m = new LinkedHashMap<>();
        all.forEach(s -> m.put(s.check.name(), s));
        return m;
    }

    /**
     * Switches to {@code next}: unchanged checks carry on undisturbed; changed ones keep their state
     * and history and restart on the new settings; removed ones stop (a run in progress finishes)
     * and their series leave {@code /metrics}; new ones start.
     *
     * @throws IllegalArgumentException if {@code next} has another allowlist (nothing is changed)
     */
    public synchronized void reload(MonitorPlan next) {
        // the checker enforces the allowlist on every hop, and it is built once, at start
        if (!next.allowlist().equals(checker.allowlist())) {
            throw new IllegalArgumentException("a reload cannot change the allowlist (from " + checker.allowlist().patterns()
                    + " to " + next.allowlist().patterns() + "); restart the monitor to apply it");
        }
        if (!Objects.equals(next.location(), plan.location())) {
            throw new IllegalArgumentException("a reload cannot change the location (from " + plan.location() + " to "
                    + next.location() + "): it labels every series; restart the monitor to apply it");
        }
        Map<String, Scheduled> old = scheduled;
        Map<String, Scheduled> now = new LinkedHashMap<>();
        for (Check c : next.checks()) {
            Scheduled before = old.get(c.name());
            if (before != null && before.check.sameAs(c)) {
                now.put(c.name(), before);
                continue;
            }
            if (before != null) {
                before.cancel();
            }
            Scheduled s = new Scheduled(c);
            now.put(c.name(), s);
            if (!stopped.get()) {
                s.scheduleIn(randomUpTo(c.jitter()));
            }
        }
        for (Map.Entry<String, Scheduled> e : old.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                e.getValue().cancel();
                states.remove(e.getKey());
                metrics.unregister(e.getKey());
            }
        }
        plan = next;
        scheduled = now;
        if (!next.origins().equals(origins.groups())) {
            origins = new OriginHealth(next.origins(), states::get);
            metrics.origins(origins);
        }
        reloads.incrementAndGet();
    }

    public MonitorPlan plan() {
        return plan;
    }

    public int reloads() {
        return reloads.get();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** The check's state, or null if there is no such check. */
    public CheckState state(String check) {
        return scheduled.containsKey(check) ? states.get(check) : null;
    }

    /** Every check in config order with its state and whether it is running or in maintenance now. */
    public List<CheckView> view() {
        List<CheckView> out = new ArrayList<>();
        Instant now = clock.instant();
        for (Scheduled s : scheduled.values()) {
            out.add(new CheckView(s.check, s.state, s.slot.get(), inMaintenance(s.check.name(), now)));
        }
        return out;
    }

    /** Each group of origins with its origins' health and its redundancy, now. */
    List<OriginHealth.GroupView> origins() {
        return origins.view();
    }

    /** A check as the status page shows it. */
    public record CheckView(Check check, CheckState state, boolean running, boolean inMaintenance) {
    }

    /** Stops scheduling, aborts runs in progress and waits (bounded) for the workers to end. */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        scheduler.close();
        scheduled.values().forEach(Scheduled::cancel);
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduled.values().forEach(Scheduled::closeProbe);
    }

    private boolean inMaintenance(String check, Instant now) {
        for (MaintenanceWindow w : plan.maintenance()) {
            if (w.appliesTo(check) && w.isOpen(now)) {
                return true;
            }
        }
        return false;
    }

    private static Duration randomUpTo(Duration max) {
        return max.isZero() ? Duration.ZERO : Duration.ofMillis(ThreadLocalRandom.current().nextLong(max.toMillis() + 1));
    }

    /** The delay before the next run: interval plus or minus up to jitter, never below zero. */
    static Duration nextDelay(Duration interval, Duration jitter) {
        long j = jitter.toMillis();
        long offset = j == 0 ? 0 : ThreadLocalRandom.current().nextLong(-j, j + 1);
        return Duration.ofMillis(Math.max(0, interval.toMillis() + offset));
    }

    /** One generation of one check's schedule. */
    private final class Scheduled {
        final Check check;
        final CheckState state;
        final AtomicBoolean slot;
        private volatile boolean cancelled;
        private volatile Scheduler.Job next;
        private Probe probe;

        Scheduled(Check check) {
            this.check = check;
            this.state = states.computeIfAbsent(check.name(),
                    n -> new CheckState(plan.historySize(), check.failuresBeforeDown(), check.successesBeforeUp()));
            state.configure(plan.historySize(), check.failuresBeforeDown(), check.successesBeforeUp());
            this.slot = slots.computeIfAbsent(check.name(), n -> new AtomicBoolean());
            metrics.register(check, state);
        }

        void scheduleIn(Duration delay) {
            if (cancelled || stopped.get()) {
                return;
            }
            try {
                next = scheduler.schedule(() -> {
                    try {
                        workers.execute(this::runScheduled);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // the monitor is closing
                    }
                }, delay);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                // the monitor is closing
            }
        }

        void runScheduled() {
            if (cancelled || stopped.get()) {
                return;
            }
            if (!slot.compareAndSet(false, true)) {
                // the previous generation of this check (before a reload) is still running
                scheduleIn(Duration.ofSeconds(1));
                return;
            }
            try {
                record(attempts());
            } catch (RuntimeException e) {
                log.accept("check " + check.name() + ": internal error: " + e);
            } finally {
                slot.set(false);
                scheduleIn(nextDelay(check.interval(), check.jitter()));
            }
        }

        RunRecord runNow() {
            slot.set(true);
            try {
                return record(attempts());
            } finally {
                slot.set(false);
            }
        }

        void cancel() {
            cancelled = true;
            Scheduler.Job job = next;
            if (job != null) {
                job.cancel();
            }
        }

        synchronized void closeProbe() {
            if (probe != null) {
                probe.close();
                probe = null;
            }
        }

        private RunRecord attempts() {
            Instant start = clock.instant();
            long t0 = System.nanoTime();
            boolean maintenance = inMaintenance(check.name(), start);
            metrics.maintenance(check.name(), maintenance);
            ProbeResult result = null;
            int attempt = 0;
            while (attempt < check.retry().attempts()) {
                attempt++;
                result = tryOnce();
                if (!result.status().isFailure() || cancelled || stopped.get() || attempt == check.retry().attempts()) {
                    break;
                }
                try {
                    scheduler.sleep(check.retry().delayBefore(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            return new RunRecord(check.name(), start, took, result.status(), attempt, maintenance, result.message(),
                    result.phases(), result.status().isFailure() ? result.failure() : null, result.http());
        }

        /** One try, cut at the check's timeout. */
        private ProbeResult tryOnce() {
            Probe p = probe();
            Thread worker = Thread.currentThread();
            AtomicBoolean timedOut = new AtomicBoolean();
            Scheduler.Job deadline;
            try {
                deadline = scheduler.schedule(() -> {
                    timedOut.set(true);
                    p.abort();
                    worker.interrupt();
                }, check.timeout().plus(DEADLINE_GRACE));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                return ProbeResult.error("monitor stopping");
            }
            try {
                ProbeResult r = p.run();
                return timedOut.get() ? timedOut() : r;
            } catch (InterruptedException e) {
                return timedOut.get() ? timedOut() : ProbeResult.error("interrupted: monitor stopping");
            } catch (RuntimeException e) {
                return ProbeResult.error("check failed to run: " + e);
            } finally {
                deadline.cancel();
                Thread.interrupted(); // a deadline firing late must not leak into the next run
            }
        }

        private ProbeResult timedOut() {
            return ProbeResult.error("timed out after " + dev.headroom.config.Durations.format(check.timeout()));
        }

        private synchronized Probe probe() {
            if (probe == null) {
                probe = check.kind().probe(check, probes);
            }
            return probe;
        }

        private RunRecord record(RunRecord run) {
            CheckState.Up before = state.up();
            CheckState.Up after = state.record(run);
            metrics.recorded(check, run);
            // what String.format("%s %-8s %-20s %s in %d ms%s%s") wrote, without parsing a format every run
            StringBuilder line = new StringBuilder(96)
                    .append(run.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)).append(' ');
            padRight(line, run.status().toString(), 8).append(' ');
            padRight(line, check.name(), 20).append(' ');
            line.append(run.message()).append(" in ").append(run.duration().toMillis()).append(" ms");
            if (run.attempts() > 1) {
                line.append(" (").append(run.attempts()).append(" attempts)");
            }
            if (run.maintenance()) {
                line.append(" [maintenance]");
            }
            log.accept(line.toString());
            if (before != after) {
                log.accept("check " + check.name() + " is " + after
                        + (after == CheckState.Up.DOWN ? " after " + state.failuresInARow() + " failed run(s)" : ""));
            }
            return run;
        }
    }

    private static StringBuilder padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) {
            sb.append(' ');
        }
        return sb;
    }

    /** True once {@link #close()} was called. */
    public boolean stopped() {
        return stopped.get();
    }

    /** For tests: the status of the check's last run, or null. */
    Status lastStatus(String check) {
        CheckState s = state(check);
        RunRecord r = s == null ? null : s.last();
        return r == null ? null : r.status();
    }
}
