package dev.headroom.journey;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to run a journey once: against which target, with which variable values, which environment
 * (for {@code ${env.NAME}} and {@code {env: NAME}} secrets) and who to tell about each step.
 * Immutable; start with {@link #target(String)} and add with the {@code with...} methods.
 *
 * @param target the base URL relative step URLs resolve against, e.g. {@code http://127.0.0.1:8080}
 * @param variables values for declared variables, overriding the journey's defaults
 * @param env the environment; {@link System#getenv()} unless given
 * @param listener told about each step as it ends
 */
public record RunOptions(String target, Map<String, String> variables, Map<String, String> env, JourneyListener listener) {

    public RunOptions {
        Objects.requireNonNull(target, "target");
        variables = variables == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        env = env == null ? System.getenv() : Collections.unmodifiableMap(new LinkedHashMap<>(env));
        listener = listener == null ? JourneyListener.NONE : listener;
    }

    /** Run against {@code target} with the journey's own variables and the process environment. */
    public static RunOptions target(String target) {
        return new RunOptions(target, null, null, null);
    }

    public RunOptions withVariables(Map<String, String> values) {
        return new RunOptions(target, values, env, listener);
    }

    public RunOptions withVariable(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(variables);
        more.put(name, value);
        return new RunOptions(target, more, env, listener);
    }

    /** Replaces the environment (the process environment by default). */
    public RunOptions withEnv(Map<String, String> environment) {
        return new RunOptions(target, variables, environment, listener);
    }

    public RunOptions withListener(JourneyListener l) {
        return new RunOptions(target, variables, env, l);
    }
}
