package dev.headroom.load;

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

/**
 * Headroom's side of a running simulation, in the Gatling JVM: the {@link Recorder}, the live
 * {@link LocalServer}, the {@link SloWatch} ticking once a second, and the final {@code
 * results.json}. The simulation creates it in its constructor, calls {@link #start()} from {@code
 * before()}, {@link #record} after every request, polls {@link #abortReason()}, and calls {@link
 * #finish()} from {@code after()}.
 */
public final class InjectorRuntime implements AutoCloseable {
    private final RunSettings settings;
    private final Recorder recorder = new Recorder();
    private final SloWatch watch;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "headroom-slo-watch");
        t.setDaemon(true);
        return t;
    });
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

    /** Starts the clock, the live metrics endpoint and the SLO watch. */
    public void start() {
        startedAtMs = System.currentTimeMillis();
        if (settings.metricsPort() >= 0) {
            metrics = LocalServer.builder().port(settings.metricsPort()).threadName("headroom-load-metrics")
                    .get("/metrics", LocalServer.PROMETHEUS_TEXT, this::prometheus)
                    .start();
            System.out.println("headroom: live metrics at " + metrics.baseUrl() + "/metrics");
        }
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    private void tick() {
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

    /** Records one request. */
    public void record(String group, boolean ok, long millis) {
        recorder.record(group, ok, millis);
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
        return PrometheusText.render(recorder.snapshot(), new PrometheusText.State(settings.shard(), stage,
                s == null ? 0 : s.multiplier(), s == null ? 0 : s.rps(), aborting(), breached));
    }

    /** Takes a last SLO sample, writes {@code results.json} and stops the endpoint. */
    public LoadResults finish() {
        ticker.shutdownNow();
        LoadResults results = LoadResults.of(settings.target(), settings.shard(), startedAtMs, System.currentTimeMillis(),
                watch.abortReason(), recorder.snapshot());
        try {
            results.write(Path.of(settings.resultsFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.resultsFile(), e);
        } finally {
            close();
        }
        return results;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
    }
}
