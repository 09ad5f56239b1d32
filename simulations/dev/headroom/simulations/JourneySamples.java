package dev.headroom.simulations;

import dev.headroom.journey.JourneyResult;
import dev.headroom.load.JourneySample;
import dev.headroom.load.RunSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first runs of each journey, and its first failed ones, kept as {@link JourneySample}s (step
 * verdicts, messages and variables, all redacted) for the report and for the parity test between
 * the monitor's runner and the injector. Bounded: a load test runs journeys by the million.
 */
final class JourneySamples {
    static final int FIRST_RUNS = 20;
    static final int FIRST_FAILURES = 5;

    private final Path file;
    private final Map<String, int[]> counts = new HashMap<>(); // journey -> {runs kept, failures kept}
    private final List<JourneySample> kept = new ArrayList<>();

    JourneySamples(RunSettings settings) {
        this.file = settings.samplesFile() == null ? null : Path.of(settings.samplesFile());
    }

    synchronized void offer(String name, JourneyResult result) {
        if (file == null) {
            return;
        }
        int[] n = counts.computeIfAbsent(name, k -> new int[2]);
        boolean failed = !result.passed();
        if (n[0] < FIRST_RUNS || failed && n[1] < FIRST_FAILURES) {
            n[0]++;
            if (failed) {
                n[1]++;
            }
            kept.add(JourneySample.of(name, result));
        }
    }

    synchronized void write() {
        if (file == null) {
            return;
        }
        try {
            JourneySample.writeAll(file, kept);
        } catch (IOException e) {
            System.err.println("headroom: cannot write the journey samples " + file + ": " + e.getMessage());
        }
    }
}
