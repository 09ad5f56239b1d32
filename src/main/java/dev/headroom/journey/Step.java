package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a {@link Journey}: what it does (its {@link Action}: request a URL, follow a link,
 * submit a form, think, or work on the current page), then what it {@link Extract}s and which
 * {@link Assertion}s must hold. Request, follow and submit steps may extract and assert too.
 * Immutable; validated by the loader.
 *
 * <p>The YAML keeps one key per action ({@code request}, {@code follow}, {@code submit}, {@code
 * think}); {@link #bind} turns them into one {@link Action} here, once, so that nothing downstream
 * tells kinds apart by null checks.
 */
public final class Step {
    private final String name;
    private final Action action;
    private final Map<String, Extract> extract;
    private final List<Assertion> assertions;
    private final Budget budget;
    private final Duration timeout;
    private final boolean always;
    private final Guard guard;
    private final Race race;

    /**
     * @param name unique within the journey; used as-is (never interpolated) in reports and metrics
     * @param action what the step does
     * @param extract variables to set from the response, by name, in order
     * @param assertions what must hold of the response ({@code assert} in YAML)
     * @param budget the step's time budget; null to use the journey's default
     * @param timeout the request deadline; null to use the journey's default
     * @param always run even after an earlier step failed (cleanup)
     * @param guard run only if this holds ({@code if} in YAML); otherwise the step is skipped
     * @param race send the request several times at once and count the copies that pass
     */
    public Step(String name, Action action, Map<String, Extract> extract, List<Assertion> assertions, Budget budget,
            Duration timeout, boolean always, Guard guard, Race race) {
        this.name = name;
        this.action = Objects.requireNonNull(action, "action");
        this.extract = extract == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extract));
        this.assertions = assertions == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(assertions));
        this.budget = budget;
        this.timeout = timeout;
        this.always = always;
        this.guard = guard;
        this.race = race;
    }

    /**
     * The YAML binding (the loader's only way in). The parameters are the step's fields in the
     * order the loader lists them in "unknown field" messages; each action key given becomes an
     * {@link Action}, more than one an {@link Action.Several} the validator refuses. Adding a step
     * kind adds its key here and its class in {@link Action}.
     */
    @JsonCreator
    static Step bind(
            @JsonProperty(value = "name", required = true) String name,
            @JsonProperty("request") Action.Request request,
            @JsonProperty("follow") Action.Follow follow,
            @JsonProperty("submit") Action.Submit submit,
            @JsonProperty("think") Duration think,
            @JsonProperty("extract") Map<String, Extract> extract,
            @JsonProperty("assert") List<Assertion.Yaml> assertions,
            @JsonProperty("budget") Budget budget,
            @JsonProperty("timeout") Duration timeout,
            @JsonProperty("always") boolean always,
            @JsonProperty("if") Guard guard,
            @JsonProperty("race") Race race) {
        List<Action> given = new ArrayList<>();
        if (request != null) {
            given.add(request);
        }
        if (follow != null) {
            given.add(follow);
        }
        if (submit != null) {
            given.add(submit);
        }
        if (think != null) {
            given.add(new Action.Think(think));
        }
        Action action = given.isEmpty() ? new Action.OnPage() : given.size() == 1 ? given.get(0) : new Action.Several(given);
        List<Assertion> bound = new ArrayList<>();
        if (assertions != null) {
            for (Assertion.Yaml a : assertions) {
                bound.add(a == null ? new Assertion.Invalid(Assertion.Yaml.ONE_CHECK, List.of()) : a.bind());
            }
        }
        return new Step(name, action, extract, bound, budget, timeout, always, guard, race);
    }

    public String name() {
        return name;
    }

    /** What the step does. */
    public Action action() {
        return action;
    }

    /** Variables to set from the response, by name, in order. */
    public Map<String, Extract> extract() {
        return extract;
    }

    /** What must hold of the response, in order. */
    public List<Assertion> assertions() {
        return assertions;
    }

    /** The step's own budget; null to use the journey's ({@link Journey#budgetOf}). */
    public Budget budget() {
        return budget;
    }

    /** The step's own request deadline; null to use the journey's ({@link Journey#timeoutOf}). */
    public Duration timeout() {
        return timeout;
    }

    /** Runs even after an earlier step failed (cleanup). */
    public boolean always() {
        return always;
    }

    /** Runs only if this holds; null: always runs. */
    public Guard guard() {
        return guard;
    }

    /** Sends its request several times at once; null: once. */
    public Race race() {
        return race;
    }

    /** What the step does: request, follow, submit, think, or extract/assert (on the current page). */
    public String kind() {
        if (action instanceof Action.OnPage) {
            return extract.isEmpty() ? "assert" : "extract";
        }
        return action.kind();
    }

    /** True if the step sends HTTP requests. */
    public boolean sendsRequest() {
        return action.sendsRequest();
    }

    /**
     * Whether the step keeps its meaning when thousands of virtual customers run it at once: its
     * action's answer, and never for a {@code race} (copies of one customer's request racing each
     * other say nothing once every customer races everyone). The loader of a load test refuses a
     * journey with a step that does not.
     */
    public Action.UnderLoad underLoad() {
        if (race != null) {
            return Action.UnderLoad.no("a race sends one customer's request " + race.copies()
                    + " times at once to see how many win; under load every customer competes with every other,"
                    + " so the count means nothing");
        }
        return action.underLoad();
    }

    /** Equal when every field is: the monitor's reload keeps a check's state only if its journey is unchanged. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Step other && Objects.equals(name, other.name) && action.equals(other.action)
                && extract.equals(other.extract) && assertions.equals(other.assertions) && Objects.equals(budget, other.budget)
                && Objects.equals(timeout, other.timeout) && always == other.always && Objects.equals(guard, other.guard)
                && Objects.equals(race, other.race);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, action, extract, assertions, budget, timeout, always, guard, race);
    }

    @Override
    public String toString() {
        return "Step{" + name + ": " + kind() + "}";
    }

    /** A time budget: over {@code degraded} the step is DEGRADED, over {@code failed} it FAILED. */
    public record Budget(Duration degraded, Duration failed) {
        /** No budget at all. */
        public static final Budget NONE = new Budget(null, null);
    }

    /** A condition for running a step: a variable has a value ({@code defined}), or the current page has an element ({@code selector}). */
    public record Guard(String defined, String selector) {
    }

    /**
     * Send the step's request {@code copies} times at once (a double click, two customers after the
     * last unit). A copy <em>wins</em> when its response passes every assertion of the step; the
     * step passes when exactly {@code winners} copies won (default 1).
     */
    public record Race(@JsonProperty(required = true) Integer copies, Integer winners) {
        public Race {
            winners = winners == null ? Integer.valueOf(1) : winners;
        }
    }
}
