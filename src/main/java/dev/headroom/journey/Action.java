package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.HtmlForm;
import dev.headroom.report.Status;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a {@link Step} does, one small type per step kind, as jsoup's {@code Evaluator} has one
 * per selector kind. Each kind validates itself at load, runs itself against the {@link
 * StepContext} the runner gives it, and says whether it keeps its meaning under load.
 *
 * <p>To add a kind: a record here implementing this interface (a kind that sends a request
 * implements {@link Sends} and only builds it), and its YAML key in {@link Step#bind}. Nothing
 * else changes: the interface is sealed without a {@code permits} list, so every kind in this
 * file is permitted.
 */
public sealed interface Action {

    /** Its name in results and reports: request, follow, submit, think... */
    String kind();

    /** True if it sends HTTP requests (and so has a budget, a timeout, and may race). */
    default boolean sendsRequest() {
        return false;
    }

    /** True if it works on the page an earlier step loaded. */
    default boolean needsPage() {
        return false;
    }

    /** True if it loads a page without needing one (so it can start a journey). */
    default boolean opensPage() {
        return false;
    }

    /** Reports its own problems under {@code path} ({@code steps[i]}). */
    void validate(Step step, String path, Rules rules);

    /** Runs it; never throws because of the target (the runner turns a {@link StepFailure} into FAILED). */
    StepResult run(StepContext ctx);

    /** Whether it keeps its meaning in a load test, and why not. */
    UnderLoad underLoad();

    /**
     * Whether a step keeps its meaning when many virtual customers run it at once.
     *
     * @param supported true if a load test may run it
     * @param why when not, one line for the load test's refusal; empty otherwise
     */
    record UnderLoad(boolean supported, String why) {
        public static final UnderLoad YES = new UnderLoad(true, "");

        public static UnderLoad no(String why) {
            return new UnderLoad(false, why);
        }
    }

    /**
     * A kind that sends one HTTP request: it only builds it; sending it (or its race copies),
     * judging the response, extracting and timing are the same for all ({@link Exchange}).
     */
    sealed interface Sends extends Action {
        /**
         * The request to send now.
         *
         * @throws StepFailure when the page does not have what it needs
         */
        CheckRequest build(StepContext ctx);

        @Override
        default boolean sendsRequest() {
            return true;
        }

        @Override
        default StepResult run(StepContext ctx) {
            return Exchange.run(build(ctx), ctx);
        }

        @Override
        default UnderLoad underLoad() {
            return UnderLoad.YES;
        }
    }

    /**
     * {@code request}: any HTTP request. {@code url} may be relative to the target. At most one
     * body: {@code form} (url-encoded), {@code body} (text, with {@code content-type}) or {@code
     * json} (any YAML value, sent as JSON with every string interpolated).
     */
    record Request(
            String method,
            @JsonProperty(required = true) String url,
            Map<String, String> headers,
            Map<String, String> form,
            String body,
            JsonNode json,
            @JsonProperty("content-type") String contentType) implements Sends {
        private static final Pattern HTTP_METHOD = Pattern.compile("[A-Za-z]+");

        public Request {
            headers = headers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            form = form == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(form));
        }

        /** Upper-case method; GET unless given (POST if there is a body). */
        public String effectiveMethod() {
            if (method != null && !method.isBlank()) {
                return method.strip().toUpperCase(Locale.ROOT);
            }
            return form != null || body != null || json != null ? "POST" : "GET";
        }

        @Override
        public String kind() {
            return "request";
        }

        @Override
        public boolean opensPage() {
            return true;
        }

        @Override
        public void validate(Step step, String stepPath, Rules rules) {
            String path = stepPath + ".request";
            if (method != null) {
                rules.require(HTTP_METHOD.matcher(method.strip()).matches(), path + ".method",
                        "'" + method + "' is not an HTTP method");
            }
            rules.text(path + ".url", url);
            rules.require(url == null || !url.isBlank(), path + ".url", "must not be blank");
            int bodies = (form != null ? 1 : 0) + (body != null ? 1 : 0) + (json != null ? 1 : 0);
            rules.require(bodies <= 1, path, "give at most one of form, body and json");
            String m = effectiveMethod();
            rules.require(bodies == 0 || !(m.equals("GET") || m.equals("HEAD")), path + ".method",
                    m + " requests cannot have a body");
            rules.require(contentType == null || body != null, path + ".content-type", "content-type goes with body");
            headers.forEach((k, val) -> {
                rules.text(Rules.key(path + ".headers", k), k);
                rules.text(Rules.key(path + ".headers", k), val);
            });
            if (form != null) {
                form.forEach((k, val) -> {
                    rules.text(Rules.key(path + ".form", k), k);
                    rules.text(Rules.key(path + ".form", k), val);
                });
            }
            rules.text(path + ".body", body);
            rules.json(path + ".json", json);
        }

        @Override
        public CheckRequest build(StepContext ctx) {
            CheckRequest.Builder b = CheckRequest.builder().baseUrl(ctx.target() + "/").method(effectiveMethod());
            String u = ctx.interpolate(url);
            String resolved = TargetUrl.resolve(ctx.target(), u);
            b.url(resolved != null ? resolved : u); // unresolvable: the builder says why
            headers.forEach((k, v) -> b.header(ctx.interpolate(k), ctx.interpolate(v)));
            if (form != null) {
                b.form(interpolated(form, ctx));
            } else if (body != null) {
                b.body(ctx.interpolate(body), contentType == null ? "text/plain; charset=utf-8" : ctx.interpolate(contentType));
            } else if (json != null) {
                b.body(JsonValues.mapStrings(json, ctx::interpolate).toString(), "application/json");
            }
            try {
                return b.timeout(ctx.timeout()).build();
            } catch (IllegalArgumentException e) {
                throw new StepFailure("cannot build the request: " + e.getMessage());
            }
        }
    }

    /**
     * {@code follow}: a link on the current page, by its visible text or by a CSS selector ({@code
     * a}, or anything with an href). {@code pick} chooses among the links that match: {@code first}
     * (the default) or {@code random}, so that many customers spread over a catalogue as real ones
     * do, with no sitemap. The monitor picks the same way.
     */
    record Follow(String text, String selector, String pick) implements Sends {
        /** The links a {@code follow} may choose from. */
        public enum Pick { FIRST, RANDOM }

        /** {@code pick} as given, FIRST if not; null if it is not a pick (refused by validation). */
        public Pick choice() {
            if (pick == null) {
                return Pick.FIRST;
            }
            for (Pick p : Pick.values()) {
                if (p.name().equalsIgnoreCase(pick.strip())) {
                    return p;
                }
            }
            return null;
        }

        @Override
        public String kind() {
            return "follow";
        }

        @Override
        public boolean needsPage() {
            return true;
        }

        @Override
        public void validate(Step step, String path, Rules rules) {
            if ((text == null) == (selector == null)) {
                rules.error(path + ".follow", "give exactly one of text or selector");
            }
            rules.text(path + ".follow.text", text);
            rules.selector(path + ".follow.selector", selector);
            rules.require(choice() != null, path + ".follow.pick", "must be first or random, not '" + pick + "'");
        }

        @Override
        public CheckRequest build(StepContext ctx) {
            Page page = requirePage(ctx);
            var links = page.links(selector == null ? null : ctx.interpolate(selector), text == null ? null : ctx.interpolate(text));
            var link = choice() == Pick.RANDOM ? links.get(ThreadLocalRandom.current().nextInt(links.size())) : links.get(0);
            String href = link.hasAttr("href") ? link.absUrl("href") : "";
            if (href.isEmpty()) {
                throw new StepFailure("the link " + describe() + " has no usable href");
            }
            try {
                return CheckRequest.builder().url(href).timeout(ctx.timeout()).build();
            } catch (IllegalArgumentException e) {
                throw new StepFailure("cannot follow " + describe() + ": " + e.getMessage());
            }
        }

        private String describe() {
            return selector != null ? "'" + selector + "'" : "with the text '" + text + "'";
        }
    }

    /**
     * {@code submit}: the first form matching {@code form} (CSS) on the current page, its hidden
     * fields kept, {@code fields} overridden, sent as a browser sends it when {@code button} is
     * clicked: that submit button's {@code name=value} only (by its label, else its name; see
     * {@link HtmlForm#click}), or the form's first button when no {@code button} is given.
     */
    record Submit(@JsonProperty(required = true) String form, Map<String, String> fields, String button) implements Sends {
        public Submit {
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        @Override
        public String kind() {
            return "submit";
        }

        @Override
        public boolean needsPage() {
            return true;
        }

        @Override
        public void validate(Step step, String path, Rules rules) {
            rules.selector(path + ".submit.form", form);
            fields.forEach((k, val) -> {
                rules.text(Rules.key(path + ".submit.fields", k), k);
                rules.text(Rules.key(path + ".submit.fields", k), val);
            });
            rules.text(path + ".submit.button", button);
            rules.require(button == null || !button.isBlank(), path + ".submit.button",
                    "must not be blank: give the button's label (Continue) or its name (newOrder)");
        }

        @Override
        public CheckRequest build(StepContext ctx) {
            Page page = requirePage(ctx);
            String selector = ctx.interpolate(form);
            Optional<HtmlForm> found = HtmlForm.find(page.doc(), selector);
            if (found.isEmpty()) {
                throw new StepFailure("no form matches '" + selector + "' on " + page.url());
            }
            try {
                HtmlForm chosen = button == null ? found.get() : found.get().click(ctx.interpolate(button));
                return chosen.set(interpolated(fields, ctx)).toRequest().toBuilder().timeout(ctx.timeout()).build();
            } catch (IllegalArgumentException e) {
                throw new StepFailure("cannot submit '" + selector + "': " + e.getMessage());
            }
        }
    }

    /** {@code think: 2s}: a pause, as a customer reading the page. */
    record Think(Duration duration) implements Action {
        /** The longest pause a journey may take. */
        public static final Duration MAX = Duration.ofMinutes(10);

        @Override
        public String kind() {
            return "think";
        }

        @Override
        public void validate(Step step, String path, Rules rules) {
            rules.require(!duration.isZero() && duration.compareTo(MAX) <= 0, path + ".think",
                    "must be between 1ms and " + MAX.toMinutes() + "m");
            rules.require(step.extract().isEmpty() && step.assertions().isEmpty(), path,
                    "a think step only pauses; put extract and assert on a step that loads a page");
        }

        @Override
        public StepResult run(StepContext ctx) {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                ctx.interrupted();
                return ctx.result().skipped("run interrupted");
            }
            return ctx.result().done(Status.PASSED, Duration.ofNanos(System.nanoTime() - t0), null);
        }

        @Override
        public UnderLoad underLoad() {
            return UnderLoad.YES; // think time: each virtual customer pauses on its own
        }
    }

    /** No action: the step only extracts and/or asserts, on the page the previous step left. */
    record OnPage() implements Action {
        @Override
        public String kind() {
            return "assert";
        }

        @Override
        public boolean needsPage() {
            return true;
        }

        @Override
        public void validate(Step step, String path, Rules rules) {
            if (step.extract().isEmpty() && step.assertions().isEmpty()) {
                rules.error(path, "does nothing: give it one of request, follow, submit, think, extract or assert");
            }
        }

        @Override
        public StepResult run(StepContext ctx) {
            Page page = ctx.page();
            if (page == null) {
                return ctx.result().done(Status.ERROR, Duration.ZERO, "no page to work on: no earlier step loaded one");
            }
            String problem = Exchange.onPage(page, ctx);
            return problem == null ? ctx.result().done(Status.PASSED, Duration.ZERO, null) : ctx.result().failed(problem, page);
        }

        @Override
        public UnderLoad underLoad() {
            return UnderLoad.YES;
        }
    }

    /** More than one action in one step: refused at load ("a step does one thing"), so it never runs. */
    record Several(List<Action> actions) implements Action {
        public Several {
            actions = List.copyOf(actions);
        }

        @Override
        public String kind() {
            return actions.get(0).kind();
        }

        @Override
        public boolean sendsRequest() {
            return actions.stream().anyMatch(Action::sendsRequest);
        }

        @Override
        public boolean needsPage() {
            return actions.stream().anyMatch(Action::needsPage);
        }

        @Override
        public boolean opensPage() {
            return actions.stream().anyMatch(Action::opensPage);
        }

        @Override
        public void validate(Step step, String path, Rules rules) {
            rules.error(path, "has " + actions.stream().map(Action::kind).collect(Collectors.joining(" and "))
                    + "; a step does one thing (split it into several steps)");
            actions.forEach(a -> a.validate(step, path, rules));
        }

        @Override
        public StepResult run(StepContext ctx) {
            return ctx.result().done(Status.ERROR, Duration.ZERO, "a step does one thing; this one has several");
        }

        @Override
        public UnderLoad underLoad() {
            return UnderLoad.no("a step does one thing; this one has several");
        }
    }

    private static Page requirePage(StepContext ctx) {
        if (ctx.page() == null) {
            throw new StepFailure("no page to work on: no earlier step loaded one");
        }
        return ctx.page();
    }

    private static Map<String, String> interpolated(Map<String, String> values, StepContext ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(ctx.interpolate(k), ctx.interpolate(v)));
        return out;
    }
}
