package dev.headroom.load;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Watches the SLOs live, on the last {@code window} of requests, and decides to stop the run once
 * one has stayed breached for {@code after}. {@link #tick()} is called about once a second (by the
 * simulation's scheduler); the injector polls {@link #abortReason()} after every request.
 */
public final class SloWatch {

    private record Sample(long atMs, Map<Recorder.Key, Histogram> histograms) {
    }

    private final Recorder recorder;
    private final List<Slo> slos;
    private final Duration window;
    private final Duration after;
    private final LongSupplier clock;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final Map<Slo, Long> breachedSince = new HashMap<>();
    private final Map<Slo, Boolean> breachedNow = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicReference<String> abortReason = new AtomicReference<>();

    public SloWatch(Recorder recorder, List<Slo> slos, Duration window, Duration after, LongSupplier clockMs) {
        this.recorder = recorder;
        this.slos = List.copyOf(slos);
        this.window = window;
        this.after = after;
        this.clock = clockMs;
        // The run starts from nothing: without this baseline, the first tick's sample would be, and
        // whatever was recorded before it would never be in any window.
        samples.addLast(new Sample(clockMs.getAsLong(), Map.of()));
    }

    /** Takes a sample and re-evaluates; returns the abort reason once decided (then it stays). */
    public synchronized String tick() {
        long now = clock.getAsLong();
        Map<Recorder.Key, Histogram> current = recorder.snapshot();
        samples.addLast(new Sample(now, current));
        // keep the newest sample at or before the window start as the baseline
        while (samples.size() > 1 && samples.toArray(new Sample[0])[1].atMs() <= now - window.toMillis()) {
            samples.removeFirst();
        }
        Map<Recorder.Key, Histogram> inWindow = delta(current, samples.getFirst().histograms());
        for (Slo slo : slos) {
            SloEvaluator.Outcome o = SloEvaluator.evaluate(slo, inWindow);
            breachedNow.put(slo, o.breached());
            if (!o.breached()) {
                breachedSince.remove(slo);
                continue;
            }
            long since = breachedSince.computeIfAbsent(slo, s -> now);
            if (!after.isZero() && now - since >= after.toMillis() && abortReason.get() == null) {
                abortReason.set("SLO '" + slo.describe() + "' breached for " + dev.headroom.config.Durations.format(
                        Duration.ofMillis(now - since)) + " (over the last " + dev.headroom.config.Durations.format(window)
                        + ": " + o.message() + ")");
            }
        }
        return abortReason.get();
    }

    /** Why the run must stop, or null to go on. */
    public String abortReason() {
        return abortReason.get();
    }

    /** Whether the SLO was breached at the last tick. */
    public boolean breached(Slo slo) {
        return breachedNow.getOrDefault(slo, false);
    }

    public List<Slo> slos() {
        return slos;
    }

    private static Map<Recorder.Key, Histogram> delta(Map<Recorder.Key, Histogram> now, Map<Recorder.Key, Histogram> base) {
        Map<Recorder.Key, Histogram> out = new TreeMap<>();
        now.forEach((k, h) -> {
            Histogram d = h.copy();
            Histogram b = base.get(k);
            if (b != null && b != h) {
                d.subtract(b);
            } else if (b == h) {
                d.reset();
            }
            out.put(k, d);
        });
        return out;
    }
}
