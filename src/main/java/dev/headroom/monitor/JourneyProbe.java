package dev.headroom.monitor;

import dev.headroom.journey.FailureRecord;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.report.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs a journey once with {@link JourneyRunner}, the engine of {@code headroom journey run}: its
 * steps are the phases, its first failing step the failure (cleanup steps still run).
 */
final class JourneyProbe implements Probe {
    private final JourneyRunner runner;
    private final Journey journey;
    private final RunOptions options;

    private final Path failureFile;
    private final Consumer<String> log;

    /**
     * @param failureFile where a failed run leaves its failure record for {@code headroom recheck}
     *     (the last failure stays after later passes: on-call rechecks it after the fix); null: nowhere
     */
    JourneyProbe(JourneyRunner runner, Journey journey, RunOptions options, Path failureFile, Consumer<String> log) {
        this.runner = runner;
        this.journey = journey;
        this.options = options;
        this.failureFile = failureFile;
        this.log = log;
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
        Optional<FailureRecord> record = r.failureRecord();
        if (failureFile != null && record.isPresent()) {
            try {
                record.get().write(failureFile, r.redactor());
            } catch (IOException | RuntimeException e) {
                log.accept("could not write " + failureFile + ": " + e.getMessage());
            }
        }
        if (record.isPresent()) {
            StepResult s = record.get().failedStep();
            message = "step '" + s.name() + "': " + s.message();
            failure = ProbeResult.Failure.of(record.get());
        } else if (r.status() == Status.DEGRADED) {
            StepResult slow = r.steps().stream().filter(s -> s.status() == Status.DEGRADED).findFirst().orElseThrow();
            message = "step '" + slow.name() + "' degraded: " + slow.message();
        }
        return new ProbeResult(r.status(), message, phases, failure);
    }
}
