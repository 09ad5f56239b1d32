/**
 * Journeys as code: customer journeys written in YAML, loaded and validated whole, run with no
 * browser against a target through the shared HTTP core, and the records they leave.
 *
 * <ul>
 *   <li>{@link dev.headroom.journey.JourneyLoader} loads a {@link dev.headroom.journey.Journey}
 *       (validated by {@code JourneyValidator}: every problem at once, as {@code file:line:column:
 *       path: step 'NAME': message}).
 *   <li>A {@link dev.headroom.journey.Step} is bound once, at load, into types: its {@link
 *       dev.headroom.journey.Action} (one record per step kind: {@code Request}, {@code Follow},
 *       {@code Submit}, {@code Think}, {@code OnPage} for extract/assert alone), its {@link
 *       dev.headroom.journey.Extract}s and its {@link dev.headroom.journey.Assertion}s (one record per
 *       check, and one {@code Assertion.Comparison} per operator of {@code value}). Each validates
 *       itself ({@code Rules}: paths, references, selectors, regexes) and runs itself against a
 *       {@code StepContext}; each step kind says how it runs under load ({@link
 *       dev.headroom.journey.Step#underLoad()}).
 *   <li>{@link dev.headroom.journey.JourneyRunner} runs journeys: {@code Inputs} resolves variables
 *       and secrets before anything is sent; {@code Run} orders the steps (skips, guards, {@code
 *       always}, interrupts) and is each step's {@code StepContext}; {@code Exchange} judges every
 *       request-sending step the same way (status, assertions, extraction, budget), {@code Racing}
 *       a {@code race}; {@code Page} parses a response once; {@code StepRecorder} builds the
 *       redacted {@link dev.headroom.journey.StepResult}.
 *   <li>{@link dev.headroom.journey.JourneyResult} is a run; a failed one leaves a {@link
 *       dev.headroom.journey.FailureRecord}, the one model of {@code failure.json} (written by
 *       {@code journey run} and the monitor, read by {@link dev.headroom.journey.Recheck}, Jackson
 *       both ways).
 * </ul>
 *
 * <h2>Adding a step kind: two files</h2>
 *
 * <ol>
 *   <li>{@code Action.java}: a record implementing {@code Action} ({@code kind()}, {@code
 *       validate}, {@code run}, {@code underLoad}); one that sends a request implements {@code
 *       Action.Sends} and only builds its {@code CheckRequest}. The interface is sealed with no
 *       {@code permits} list, so every record in the file is permitted.
 *   <li>{@code Step.java}: its YAML key, a parameter of {@code Step.bind}.
 * </ol>
 *
 * <pre>{@code
 * // Action.java
 * record Reload() implements Sends {
 *     public String kind() { return "reload"; }
 *     public boolean needsPage() { return true; }
 *     public void validate(Step step, String path, Rules rules) { }
 *     public CheckRequest build(StepContext ctx) {
 *         return CheckRequest.builder().url(ctx.page().url()).timeout(ctx.timeout()).build();
 *     }
 * }
 * // Step.java, in bind(...): @JsonProperty("reload") Action.Reload reload, ... if (reload != null) given.add(reload);
 * }</pre>
 *
 * <h2>Adding an assertion: one file</h2>
 *
 * {@code Assertion.java}: a record implementing {@code Assertion} ({@code check} returns null or
 * the problem, {@code validate}) and its key in {@code Assertion.Yaml}; a new operator of {@code
 * value} is a record implementing {@code Assertion.Comparison} and its key in {@code
 * Assertion.Yaml.Value}.
 */
package dev.headroom.journey;
