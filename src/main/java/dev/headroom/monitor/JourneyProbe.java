package dev.headroom.monitor;

import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Status;
import java.util.List;

/**
 * Runs a journey once with {@link JourneyRunner}, the engine of {@code headroom journey run}: its
 * steps are the phases, its first failing step the failure (cleanup steps still run).
 */
final class JourneyProbe implements Probe {
    private final JourneyRunner runner;
    private final Journey journey;
    private final RunOptions options;

    JourneyProbe(JourneyRunner runner, Journey journey, RunOptions options) {
        this.runner = runner;
        this.journey = journey;
        this.options = options;
    }

    @Override
    public ProbeResult run() {
        JourneyResult r = runner.run(journey, options);
        List<ProbeResult.Phase> phases = r.steps().stream()
                .filter(s -> s.status() != Status.SKIPPED)
                .map(s -> new ProbeResult.Phase(s.name(), s.status(), s.duration()))
                .toList();
        ProbeResult.Failure failure = null;
        String message = r.steps().size() + " steps";
        var first = r.firstFailure();
        if (first.isPresent()) {
            StepResult s = first.get();
            message = "step '" + s.name() + "': " + s.message();
            failure = new ProbeResult.Failure(s.name(), s.request(), s.responseStatus(), s.message(), s.bodyExcerpt());
        } else if (r.status() == Status.DEGRADED) {
            StepResult slow = r.steps().stream().filter(s -> s.status() == Status.DEGRADED).findFirst().orElseThrow();
            message = "step '" + slow.name() + "' degraded: " + slow.message();
        }
        return new ProbeResult(r.status(), message, phases, failure);
    }
}
