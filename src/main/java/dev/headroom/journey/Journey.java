package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A customer journey as code: a name, variables, secrets and a list of {@link Step}s, loaded from
 * YAML by {@link JourneyLoader} (which validates all of it first) and run by {@link JourneyRunner}.
 * Immutable and safe to share between threads and runs.
 *
 * @param name the journey's name (reports, metrics)
 * @param description free text
 * @param variables declared variables and their default values, in order; a {@code null} value
 *     (written {@code ~}) must be given at run time ({@code --var name=value})
 * @param secrets values that come only from the environment or a file, never from the journey
 * @param defaults budget and timeout for steps that set none
 * @param steps what the customer does, in order
 * @param source the file the journey was loaded from (null for in-memory YAML); relative secret
 *     files resolve against its directory
 */
public record Journey(
        @JsonProperty(required = true) String name,
        String description,
        Map<String, String> variables,
        Map<String, Secret> secrets,
        Defaults defaults,
        @JsonProperty(required = true) List<Step> steps,
        @JsonIgnore Path source) implements Validatable {

    /** Request deadline for steps when neither the step nor {@code defaults} set one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public Journey {
        description = description == null ? "" : description;
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        secrets = secrets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        defaults = defaults == null ? new Defaults(null, null) : defaults;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A copy that remembers the file it came from. */
    public Journey withSource(Path file) {
        return new Journey(name, description, variables, secrets, defaults, steps, file);
    }

    /** The step called {@code stepName}. */
    public Optional<Step> step(String stepName) {
        return steps.stream().filter(s -> s.name().equals(stepName)).findFirst();
    }

    /** The request deadline of {@code step}. */
    public Duration timeoutOf(Step step) {
        if (step.timeout() != null) {
            return step.timeout();
        }
        return defaults.timeout() != null ? defaults.timeout() : DEFAULT_TIMEOUT;
    }

    /** The budget of {@code step}: its own levels, each falling back to the journey default. */
    public Step.Budget budgetOf(Step step) {
        Step.Budget own = step.budget() == null ? Step.Budget.NONE : step.budget();
        Step.Budget def = defaults.budget() == null ? Step.Budget.NONE : defaults.budget();
        return new Step.Budget(own.degraded() != null ? own.degraded() : def.degraded(),
                own.failed() != null ? own.failed() : def.failed());
    }

    @Override
    public void validate(Validation v) {
        new JourneyValidator(this, v).validate();
    }

    /** Journey-wide defaults for steps. */
    public record Defaults(Step.Budget budget, Duration timeout) {
    }

    /**
     * Where a secret comes from: exactly one of {@code env} (an environment variable) or {@code
     * file} (its whole content, trailing newline removed; relative to the journey's directory).
     * Written inline as a plain value it is refused by the loader.
     */
    public record Secret(String env, String file, @JsonIgnore String inlineValue) {

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Secret(@JsonProperty("env") String env, @JsonProperty("file") String file) {
            this(env, file, null);
        }

        /** A secret written inline: bound so the loader can refuse it with a clear message and a line. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Secret inline(String value) {
            return new Secret(null, null, value == null ? "" : value);
        }

        public static Secret fromEnv(String name) {
            return new Secret(name, null, null);
        }

        public static Secret fromFile(String path) {
            return new Secret(null, path, null);
        }

        @Override
        public String toString() {
            return env != null ? "{env: " + env + "}" : file != null ? "{file: " + file + "}" : "{inline}";
        }
    }
}
