package dev.headroom.load;

import dev.headroom.process.Threads;
import dev.headroom.serve.LocalServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Headroom's side of a running simulation, in the Gatling JVM: the {@link Recorder}, the live
 * {@link LocalServer}, the {@link SloWatch} ticking once a second, and the final {@code
 * results.json}. The simulation creates it in its constructor, calls {@link #start()} from {@code
 * before()}, {@link #record} after every request, polls {@link #abortReason()}, and calls {@link
 * #finish()} from {@code after()}.
 *
 * <p>If the JVM is stopped before {@code after()} (SIGTERM from {@code ./headroom load}, Ctrl-C, or
 * the headroom process that started it going away), a shutdown hook writes what was recorded so far,
 * marked stopped, so the run still leaves its results.
 */
public final class InjectorRuntime implements RequestSink, AutoCloseable {

    /** System property: the pid of the {@code ./headroom load} process; the injector stops when it is gone. */
    public static final String PARENT_PID_PROPERTY = "headroom.load.parentPid";
    /** The reason results carry when the JVM was stopped before the end of the plan. */
    public static final String STOPPED_REASON = "stopped before the end of its plan: the injector was terminated";

    private final RunSettings settings;
    private final Recorder recorder = new Recorder(this::holding);
    private final SloWatch watch;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> Threads.daemonThread("headroom-slo-watch", r));
    private final AtomicReference<LoadResults> finished = new AtomicReference<>();
    private final Thread stopHook = new Thread(this::writeStopped, "headroom-results-on-stop");
    private volatile long startedAtMs;
    private LocalServer metrics;
    private volatile boolean announcedAbort;

    public InjectorRuntime(RunSettings settings) {
        this.settings = settings;
        this.watch = new SloWatch(recorder, settings.slos(), settings.abortWindow(), settings.abortAfter(),
                System::currentTimeMillis);
    }

    public RunSettings settings() {
        return settings;
    }

    public Recorder recorder() {
        return recorder;
    }

    /** The live endpoint ({@code http://127.0.0.1:PORT/metrics}) while it runs, else null. */
    public synchronized String metricsUrl() {
        return metrics == null ? null : metrics.baseUrl() + "/metrics";
    }

    /** Starts the clock, the live metrics endpoint, the SLO watch and the stop hook. */
    public void start() {
        startedAtMs = System.currentTimeMillis();
        Runtime.getRuntime().addShutdownHook(stopHook);
        watchParent();
        if (settings.metricsPort() >= 0) {
            metrics = LocalServer.builder().port(settings.metricsPort()).threadName("headroom-load-metrics")
                    .get("/metrics", LocalServer.PROMETHEUS_TEXT, this::prometheus)
                    .start();
            System.out.println("headroom: live metrics at " + metrics.baseUrl() + "/metrics");
        }
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * An injector must never outlive the command that started it (killed with SIGKILL, that command
     * cannot stop its child): once a second, if this JVM's parent is no longer that process (the
     * kernel hands orphans to another at once), exit, which runs the stop hook.
     */
    private void watchParent() {
        String pid = System.getProperty(PARENT_PID_PROPERTY);
        if (pid == null || pid.isBlank()) {
            return;
        }
        long expected;
        try {
            expected = Long.parseLong(pid.strip());
        } catch (NumberFormatException e) {
            System.err.println("headroom: ignoring -D" + PARENT_PID_PROPERTY + "=" + pid + ": not a pid");
            return;
        }
        ticker.scheduleAtFixedRate(() -> {
            long parent = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
            if (parent != expected) {
                System.out.println("headroom: the headroom process " + expected + " is gone; stopping the injector");
                System.exit(3);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    void tick() {
        try {
            String reason = watch.tick();
            if (reason != null && !announcedAbort) {
                announcedAbort = true;
                System.out.println("headroom: stopping the injector early: " + reason);
            }
        } catch (RuntimeException e) {
            System.err.println("headroom: SLO watch failed: " + e);
        }
    }

    /**
     * Whether the plan is in a stage's hold now; false before {@link #start()}. The plan's clock is the
     * one {@link #start()} starts: Gatling calls {@code before()} and then begins injecting.
     */
    private boolean holding() {
        long started = startedAtMs;
        return started != 0 && settings.holdingAt(System.currentTimeMillis() - started);
    }

    /** Records one request. */
    @Override
    public void record(String group, boolean ok, long millis) {
        recorder.record(group, ok, millis);
    }

    /** Records a failed request with its message; the first of each message is printed, the rest counted. */
    @Override
    public void recordFailure(String group, long millis, String message, boolean refused) {
        if (recorder.recordFailureFirst(group, millis, message, refused)) {
            System.out.println("headroom: " + group + ": " + message
                    + " (a failed request; more like it are counted in the results, not printed)");
        }
    }

    /** Why the injector must stop now, or null. */
    public String abortReason() {
        return watch.abortReason();
    }

    public boolean aborting() {
        return watch.abortReason() != null;
    }

    /** The Prometheus text for the live endpoint. */
    public String prometheus() {
        long elapsed = startedAtMs == 0 ? -1 : System.currentTimeMillis() - startedAtMs;
        int stage = elapsed < 0 ? -1 : settings.stageAt(Duration.ofMillis(elapsed));
        RunSettings.Stage s = stage < 0 ? null : settings.stages().get(stage);
        Map<String, Boolean> breached = new LinkedHashMap<>();
        for (Slo slo : watch.slos()) {
            breached.put(slo.describe(), watch.breached(slo));
        }
        return PrometheusText.render(recorder, new PrometheusText.State(settings.shard(), stage,
                s == null ? 0 : s.multiplier(), s == null ? 0 : s.rps(), aborting(), breached));
    }

    /** Writes {@code results.json} and stops the endpoint; once (later calls return the first results). */
    public LoadResults finish() {
        return write(watch.abortReason());
    }

    /** The shutdown hook: the JVM is going down before {@code after()}; keep what was recorded. */
    private void writeStopped() {
        if (finished.get() != null) {
            return;
        }
        String abort = watch.abortReason();
        try {
            LoadResults r = write(abort == null ? STOPPED_REASON : abort + "; then " + STOPPED_REASON);
            System.out.printf("headroom: stopped; recorded %d requests (%d failed); results in %s%n", r.totalRequests(),
                    r.failedRequests(), settings.resultsFile());
        } catch (RuntimeException e) {
            System.err.println("headroom: could not write the results on stop: " + e.getMessage());
        }
    }

    private synchronized LoadResults write(String abortReason) {
        LoadResults done = finished.get();
        if (done != null) {
            return done;
        }
        ticker.shutdownNow();
        LoadResults results = LoadResults.of(settings.target(), settings.shard(), startedAtMs, System.currentTimeMillis(),
                abortReason, recorder);
        try {
            results.write(Path.of(settings.resultsFile()));
            finished.set(results);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.resultsFile(), e);
        } finally {
            close();
        }
        return results;
    }

    /** Stops the SLO watch and the endpoint, and removes the stop hook (no results are written). */
    @Override
    public synchronized void close() {
        ticker.shutdownNow();
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(stopHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running (it is what closes us) or the JVM is going down anyway
        }
    }
}
