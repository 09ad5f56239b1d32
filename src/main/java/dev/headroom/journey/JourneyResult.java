package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.headroom.http.Redactor;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a journey: its steps' results in order, the overall status, and what a report or a
 * failure record needs. Immutable; every text in it is already redacted. Build the shared report
 * with {@link #toReport()} and write it with the run's {@link #redactor()}.
 */
public final class JourneyResult implements Outcome {
    private final String journey;
    private final Path source;
    private final String target;
    private final Instant startedAt;
    private final Duration duration;
    private final List<StepResult> steps;
    private final Map<String, String> inputs;
    private final Map<String, String> variables;
    private final Redactor redactor;

    JourneyResult(String journey, Path source, String target, Instant startedAt, Duration duration, List<StepResult> steps,
            Map<String, String> inputs, Map<String, String> variables, Redactor redactor) {
        this.journey = journey;
        this.source = source;
        this.target = target;
        this.startedAt = startedAt;
        this.duration = duration;
        this.steps = List.copyOf(steps);
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        this.redactor = redactor;
    }

    /** The journey's name. */
    public String journey() {
        return journey;
    }

    /** The journey file, or null for an in-memory journey. */
    public Path source() {
        return source;
    }

    /** The (redacted) target base URL. */
    public String target() {
        return target;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Wall-clock time of the whole run, think steps included. */
    public Duration duration() {
        return duration;
    }

    /** One result per step of the journey, in order (skipped steps included). */
    public List<StepResult> steps() {
        return steps;
    }

    /**
     * The declared variables' values the run started with (journey defaults and overrides), shown
     * as they are but for any secret inside them, which is masked. Secrets are not in it.
     */
    public Map<String, String> inputs() {
        return inputs;
    }

    /**
     * Every variable at the end of the run, extracted ones included: secrets left out, any secret
     * inside a value masked, and values extracted under a sensitive name ({@code csrf_token},
     * {@code session_id}: credentials the site handed out) masked whole.
     */
    public Map<String, String> variables() {
        return variables;
    }

    /** Worst step status (SKIPPED counts for nothing): PASSED, DEGRADED, FAILED or ERROR. */
    public Status status() {
        Status worst = Status.PASSED;
        for (StepResult s : steps) {
            worst = worst.worst(s.status());
        }
        return worst;
    }

    /** True unless a step FAILED or ended in ERROR (DEGRADED passes). */
    public boolean passed() {
        return !status().isFailure();
    }

    /** The first step that FAILED or ended in ERROR. */
    public Optional<StepResult> firstFailure() {
        return steps.stream().filter(s -> s.status().isFailure()).findFirst();
    }

    /** True if the first request of the run got no HTTP response at all: the target is unreachable. */
    public boolean unreachable() {
        return steps.stream().filter(StepResult::sentRequest).findFirst().map(StepResult::noResponse).orElse(false);
    }

    /**
     * UNREACHABLE when the first request got no response at all, else PASSED unless a step failed
     * (DEGRADED passes): the same in {@code journey run}, {@code recheck} and the monitor.
     */
    @Override
    @JsonIgnore
    public Verdict verdict() {
        return unreachable() ? Verdict.UNREACHABLE : passed() ? Verdict.PASSED : Verdict.FAILED;
    }

    /** The redactor the run used (defaults plus the journey's secret values): pass it to every writer. */
    @JsonIgnore
    public Redactor redactor() {
        return redactor;
    }

    /** The shared report: one case per step (suite = the journey's name), the steps in {@code data}. */
    @Override
    public Report toReport() {
        Report.Builder b = Report.builder("journey")
                .title("Journey " + journey)
                .target(target)
                .startedAt(startedAt)
                .duration(duration);
        for (StepResult s : steps) {
            CheckCase.Builder c = CheckCase.builder(journey, s.name())
                    .status(s.status())
                    .duration(s.duration())
                    .message(s.message().isEmpty() ? null : s.message())
                    .details(s.bodyExcerpt().isEmpty() ? null : s.bodyExcerpt())
                    .attribute("kind", s.kind());
            if (s.sentRequest()) {
                c.attribute("request", s.request()).attribute("response status", s.responseStatus());
            }
            if (s.always()) {
                c.attribute("always", true);
            }
            b.addCase(c.build());
        }
        b.summary("journey", journey);
        if (source != null) {
            b.summary("file", source.toString());
        }
        b.summary("status", status().name()).summary("steps", steps.size());
        firstFailure().ifPresent(f -> b.summary("failed step", f.name()));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("journey", journey);
        data.put("file", source == null ? null : source.toString());
        data.put("inputs", inputs);
        data.put("variables", variables);
        data.put("steps", steps);
        return b.data(data).build();
    }

    /** What {@code headroom recheck} needs to replay a failed run; empty if the run passed. */
    public Optional<FailureRecord> failureRecord() {
        return firstFailure().map(f -> FailureRecord.of(this, f));
    }

    @Override
    public String toString() {
        return "JourneyResult{" + journey + " " + status() + " in " + duration.toMillis() + "ms, " + steps.size() + " steps}";
    }
}
