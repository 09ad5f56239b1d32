package dev.headroom.journey;

import dev.headroom.config.ConfigException;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.CheckSession;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HtmlForm;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.Redactor;
import dev.headroom.report.Status;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Runs {@link Journey}s with one shared {@link HttpChecker}. Thread-safe and stateless: many
 * journeys (or the same one) can run at once, each run in its own {@link CheckSession} (its own
 * cookies), so a monitor needs exactly one runner.
 *
 * <p>{@link #run} never throws because of the target: timeouts, refused connections, error pages
 * and missing elements are step results. It throws {@link ConfigException} before sending anything
 * when the run's inputs are wrong (a required variable without a value, an unknown variable, a
 * secret whose environment variable or file is missing, a malformed target URL).
 *
 * <p>Semantics: steps run in order; after a step FAILS (or ends in ERROR) the remaining steps are
 * SKIPPED except those marked {@code always}. A step with an {@code if} that does not hold is
 * SKIPPED. A step that sends a request fails when no response arrives, when the final status is not
 * 2xx (unless the step asserts a status itself), when an assertion fails or a non-optional
 * extraction finds nothing; then its budget makes it DEGRADED or FAILED. An interrupted run skips
 * the steps it did not get to and keeps the thread's interrupt flag.
 */
public final class JourneyRunner {
    /** Characters of response text kept in a step result that did not pass (cut after redaction). */
    public static final int EXCERPT_CHARS = 500;

    private final HttpChecker checker;

    public JourneyRunner(HttpChecker checker) {
        this.checker = java.util.Objects.requireNonNull(checker, "checker");
    }

    /** Runs {@code journey} once with {@code options}; blocks until every step has ended. */
    public JourneyResult run(Journey journey, RunOptions options) {
        Inputs inputs = resolve(journey, options);
        return new Run(journey, options, inputs).execute();
    }

    /** Runs {@code journey} once against {@code target} with its own variables and the process environment. */
    public JourneyResult run(Journey journey, String target) {
        return run(journey, RunOptions.target(target));
    }

    // ---- inputs

    /** Resolved variables and secrets, and the redactor that knows the secrets. */
    record Inputs(String target, Map<String, String> variables, Map<String, String> secrets, Redactor redactor) {
    }

    /**
     * Checks and resolves what a run needs before it sends anything: the target, every variable
     * value and every secret. All problems are reported together.
     */
    Inputs resolve(Journey journey, RunOptions options) {
        List<String> problems = new ArrayList<>();
        String where = journey.source() == null ? "journey '" + journey.name() + "'" : journey.source().toString();
        HttpUrl target = HttpUrl.parse(options.target());
        if (target == null) {
            problems.add("target '" + options.target() + "' is not an absolute http(s) URL");
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        journey.secrets().forEach((name, source) -> {
            String value = secretValue(journey, name, source, options.env(), problems);
            if (value != null) {
                secrets.put(name, value);
            }
        });
        for (String name : options.variables().keySet()) {
            if (!journey.variables().containsKey(name)) {
                problems.add(journey.secrets().containsKey(name)
                        ? "'" + name + "' is a secret; it comes from " + journey.secrets().get(name) + ", not from --var"
                        : "the journey declares no variable '" + name + "'"
                                + (journey.variables().isEmpty() ? "" : " (declared: " + String.join(", ", journey.variables().keySet()) + ")"));
            }
        }
        Map<String, String> vars = new LinkedHashMap<>(secrets);
        Map<String, String> declared = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            String name = e.getKey();
            String value = options.variables().containsKey(name) ? options.variables().get(name) : e.getValue();
            if (value == null) {
                problems.add("variable '" + name + "' needs a value: --var " + name + "=VALUE");
                continue;
            }
            if (!options.variables().containsKey(name)) {
                try {
                    value = Interpolation.apply(value, ref -> lookup(ref, vars, options.env()));
                } catch (Interpolation.UndefinedVariableException ex) {
                    problems.add("variable '" + name + "': " + ex.getMessage());
                    continue;
                }
            }
            vars.put(name, value);
            declared.put(name, value);
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("cannot run " + where + ":\n  " + String.join("\n  ", problems));
        }
        Redactor redactor = checker.redactor().withSecrets(secrets.values().toArray(String[]::new));
        return new Inputs(TargetUrl.root(target), declared, secrets, redactor);
    }

    private static String secretValue(Journey journey, String name, Journey.Secret source, Map<String, String> env,
            List<String> problems) {
        if (source.env() != null) {
            String value = env.get(source.env());
            if (value == null || value.isEmpty()) {
                problems.add("secret '" + name + "' comes from the environment variable " + source.env() + ", which is not set");
                return null;
            }
            return value;
        }
        Path file = Path.of(source.file());
        if (!file.isAbsolute() && journey.source() != null && journey.source().toAbsolutePath().getParent() != null) {
            file = journey.source().toAbsolutePath().getParent().resolve(file);
        }
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\r?\\n$", "");
            if (value.isEmpty()) {
                problems.add("secret '" + name + "': file " + file + " is empty");
                return null;
            }
            return value;
        } catch (IOException e) {
            problems.add("secret '" + name + "': cannot read file " + file + " (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static String lookup(String ref, Map<String, String> vars, Map<String, String> env) {
        if (ref.startsWith(Interpolation.ENV_PREFIX)) {
            return env.get(ref.substring(Interpolation.ENV_PREFIX.length()));
        }
        return vars.get(ref);
    }

    // ---- one run

    /** A step could not do its work because the target's page was not what it needed. */
    private static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** The state of one run: its session, variables and current page. Confined to the running thread. */
    private final class Run {
        private final Journey journey;
        private final RunOptions options;
        private final Inputs inputs;
        private final CheckSession session;
        private final Map<String, String> vars = new LinkedHashMap<>();
        private final List<StepResult> results = new ArrayList<>();
        private CheckResult page;
        private Document doc;
        private String blockedBy;
        private boolean interrupted;

        Run(Journey journey, RunOptions options, Inputs inputs) {
            this.journey = journey;
            this.options = options;
            this.inputs = inputs;
            this.session = checker.newSession();
            vars.putAll(inputs.secrets());
            vars.putAll(inputs.variables());
        }

        JourneyResult execute() {
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            List<Step> steps = journey.steps();
            for (int i = 0; i < steps.size(); i++) {
                StepResult r = step(i, steps.get(i));
                results.add(r);
                if (r.status().isFailure() && blockedBy == null) {
                    blockedBy = r.name();
                }
                options.listener().stepFinished(r);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Redactor red = inputs.redactor();
            Map<String, String> shownInputs = new LinkedHashMap<>();
            inputs.variables().forEach((k, v) -> shownInputs.put(k, shown(k, v)));
            Map<String, String> shownVars = new LinkedHashMap<>();
            vars.forEach((k, v) -> {
                if (!inputs.secrets().containsKey(k)) { // secrets are never shown, not even masked
                    shownVars.put(k, shown(k, v));
                }
            });
            return new JourneyResult(journey.name(), journey.source(), red.redactUrl(inputs.target()), started,
                    Duration.ofNanos(System.nanoTime() - t0), results, shownInputs, shownVars, red);
        }

        /**
         * A variable as results show it. A declared variable is not a secret (the journey file
         * holds its value, and the loader refuses secret-looking names), so it shows its value,
         * with any secret inside it masked: {@code recheck} replays it. A value extracted from a
         * page under a sensitive name ({@code csrf_token}, {@code session_id}) is a credential the
         * site handed out: masked whole.
         */
        private String shown(String name, String value) {
            Redactor red = inputs.redactor();
            boolean declared = inputs.variables().containsKey(name);
            return !declared && red.isSensitiveParam(name) ? Redactor.MASK : red.redact(value);
        }

        private StepResult step(int index, Step step) {
            Result r = new Result(index, step);
            if (interrupted || Thread.currentThread().isInterrupted()) {
                interrupted = true;
                return r.skipped("run interrupted");
            }
            if (blockedBy != null && !step.always()) {
                return r.skipped("skipped: step '" + blockedBy + "' failed");
            }
            try {
                if (step.guard() != null && !guardHolds(step.guard())) {
                    return r.skipped("skipped: " + describe(step.guard()));
                }
                if (step.think() != null) {
                    long t0 = System.nanoTime();
                    try {
                        Thread.sleep(step.think().toMillis());
                    } catch (InterruptedException e) {
                        interrupted = true;
                        return r.skipped("run interrupted");
                    }
                    return r.done(Status.PASSED, Duration.ofNanos(System.nanoTime() - t0), null);
                }
                if (step.sendsRequest()) {
                    return request(step, r);
                }
                if (page == null) {
                    return r.done(Status.ERROR, Duration.ZERO, "no page to work on: no earlier step loaded one");
                }
                String problem = extract(step, page);
                if (problem == null) {
                    problem = assertions(step, page, true);
                }
                return problem == null ? r.done(Status.PASSED, Duration.ZERO, null) : r.failed(problem, page);
            } catch (StepFailure e) {
                return r.failed(e.getMessage(), page);
            } catch (Interpolation.UndefinedVariableException e) {
                return r.done(Status.ERROR, Duration.ZERO, e.getMessage());
            } catch (RuntimeException e) {
                return r.done(Status.ERROR, Duration.ZERO, "internal error: " + e);
            }
        }

        private StepResult request(Step step, Result r) {
            CheckRequest request = build(step);
            r.request(request);
            Step.Race race = step.race();
            CheckResult response;
            Duration took;
            String raceProblem = null;
            List<CheckResult> winners = new ArrayList<>();
            if (race == null) {
                response = session.execute(request);
                took = response.timings().total();
            } else {
                List<CheckResult> copies = race(request, race.copies());
                took = copies.stream().map(c -> c.timings().total()).max(Duration::compareTo).orElse(Duration.ZERO);
                List<String> outcomes = new ArrayList<>();
                for (CheckResult c : copies) {
                    boolean won = c.reachable() && assertions(step, c, false) == null;
                    if (won) {
                        winners.add(c);
                    }
                    outcomes.add((c.reachable() ? String.valueOf(c.statusCode()) : "no response") + (won ? " (won)" : ""));
                }
                response = winners.isEmpty() ? copies.get(0) : winners.get(0);
                if (winners.size() != race.winners()) {
                    raceProblem = race.copies() + " copies raced and " + winners.size() + " passed the step's checks;"
                            + " expected exactly " + race.winners() + " (responses: " + String.join(", ", outcomes) + ")";
                }
            }
            setPage(response);
            r.response(response, took);
            if (!response.reachable()) {
                return r.failed("no response: " + response.failure().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + (response.failureMessage().isEmpty() ? "" : " (" + response.failureMessage() + ")"), response);
            }
            String problem = race == null ? assertions(step, response, false) : null;
            if (problem == null && (race == null || !winners.isEmpty())) {
                problem = extract(step, response);
            }
            if (race != null) {
                extractOtherWinners(step, winners); // even when the race failed: cleanup needs every winner
            }
            if (raceProblem != null) {
                return r.failed(raceProblem, response);
            }
            if (problem == null) {
                problem = assertions(step, response, true);
            }
            if (problem != null) {
                return r.failed(problem, response);
            }
            Step.Budget budget = journey.budgetOf(step);
            if (budget.failed() != null && took.compareTo(budget.failed()) > 0) {
                return r.failed("took " + ms(took) + ", over the failed budget of " + ms(budget.failed()), response);
            }
            if (budget.degraded() != null && took.compareTo(budget.degraded()) > 0) {
                return r.done(Status.DEGRADED, took, "took " + ms(took) + ", over the degraded budget of " + ms(budget.degraded()));
            }
            return r.done(Status.PASSED, took, null);
        }

        private List<CheckResult> race(CheckRequest request, int copies) {
            ExecutorService pool = Executors.newFixedThreadPool(copies, runnable -> {
                Thread t = new Thread(runnable, "journey-race");
                t.setDaemon(true);
                return t;
            });
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<CheckResult>> futures = new ArrayList<>();
                for (int i = 0; i < copies; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return session.execute(request);
                    }));
                }
                go.countDown();
                List<CheckResult> out = new ArrayList<>();
                for (Future<CheckResult> f : futures) {
                    out.add(f.get());
                }
                return out;
            } catch (InterruptedException e) {
                interrupted = true;
                Thread.currentThread().interrupt();
                throw new StepFailure("run interrupted during the race");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("race copy failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private CheckRequest build(Step step) {
            Duration timeout = journey.timeoutOf(step);
            if (step.request() != null) {
                Step.Request spec = step.request();
                CheckRequest.Builder b = CheckRequest.builder().baseUrl(inputs.target() + "/")
                        .method(spec.effectiveMethod());
                String url = s(spec.url());
                String resolved = TargetUrl.resolve(inputs.target(), url);
                b.url(resolved != null ? resolved : url); // unresolvable: the builder says why
                spec.headers().forEach((k, v) -> b.header(s(k), s(v)));
                if (spec.form() != null) {
                    Map<String, String> form = new LinkedHashMap<>();
                    spec.form().forEach((k, v) -> form.put(s(k), s(v)));
                    b.form(form);
                } else if (spec.body() != null) {
                    b.body(s(spec.body()), spec.contentType() == null ? "text/plain; charset=utf-8" : s(spec.contentType()));
                } else if (spec.json() != null) {
                    b.body(JsonValues.mapStrings(spec.json(), this::s).toString(), "application/json");
                }
                try {
                    return b.timeout(timeout).build();
                } catch (IllegalArgumentException e) {
                    throw new StepFailure("cannot build the request: " + e.getMessage());
                }
            }
            if (page == null) {
                throw new StepFailure("no page to work on: no earlier step loaded one");
            }
            if (step.follow() != null) {
                Element link = findLink(step.follow());
                String href = link.hasAttr("href") ? link.absUrl("href") : "";
                if (href.isEmpty()) {
                    throw new StepFailure("the link " + describe(step.follow()) + " has no usable href");
                }
                try {
                    return CheckRequest.builder().url(href).timeout(timeout).build();
                } catch (IllegalArgumentException e) {
                    throw new StepFailure("cannot follow " + describe(step.follow()) + ": " + e.getMessage());
                }
            }
            String selector = s(step.submit().form());
            Optional<HtmlForm> form = HtmlForm.find(doc(), selector);
            if (form.isEmpty()) {
                throw new StepFailure("no form matches '" + selector + "' on " + page.url());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            step.submit().fields().forEach((k, v) -> fields.put(s(k), s(v)));
            try {
                return form.get().set(fields).toRequest().toBuilder().timeout(timeout).build();
            } catch (IllegalArgumentException e) {
                throw new StepFailure("cannot submit '" + selector + "': " + e.getMessage());
            }
        }

        private Element findLink(Step.Follow follow) {
            if (follow.selector() != null) {
                String selector = s(follow.selector());
                for (Element e : doc().select(selector)) {
                    Element link = e.hasAttr("href") ? e : e.selectFirst("[href]");
                    if (link != null) {
                        return link;
                    }
                }
                throw new StepFailure("no link matches '" + selector + "' on " + page.url());
            }
            String text = normalize(s(follow.text()));
            Element partial = null;
            for (Element a : doc().select("a[href]")) {
                String linkText = normalize(a.text());
                if (linkText.equalsIgnoreCase(text)) {
                    return a;
                }
                if (partial == null && linkText.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT))) {
                    partial = a;
                }
            }
            if (partial != null) {
                return partial;
            }
            throw new StepFailure("no link with the text '" + text + "' on " + page.url());
        }

        private boolean guardHolds(Step.Guard g) {
            if (g.defined() != null) {
                String v = vars.get(g.defined());
                return v != null && !v.isEmpty();
            }
            return page != null && page.reachable() && doc().selectFirst(s(g.selector())) != null;
        }

        /** Default status check and every assertion (or only the value ones, after extraction). */
        private String assertions(Step step, CheckResult response, boolean valuesOnly) {
            Document d = response == page ? doc() : null;
            Lazy lazy = new Lazy(response, d);
            if (!valuesOnly) {
                boolean statusAsserted = step.assertions().stream().anyMatch(a -> a.status() != null);
                if (!statusAsserted && step.sendsRequest() && (response.statusCode() < 200 || response.statusCode() > 299)) {
                    return "HTTP " + response.statusCode() + (response.reason().isEmpty() ? "" : " " + response.reason())
                            + " from " + response.url();
                }
            }
            for (Step.Assertion a : step.assertions()) {
                if ((a.value() != null) != valuesOnly) {
                    continue;
                }
                String problem = check(a, lazy);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }

        private String check(Step.Assertion a, Lazy p) {
            if (a.status() != null) {
                return p.response.statusCode() == a.status() ? null
                        : "expected status " + a.status() + ", got " + p.response.statusCode() + " from " + p.response.url();
            }
            if (a.text() != null) {
                String t = s(a.text());
                return p.text().contains(t) ? null : "the text '" + t + "' is not on the page";
            }
            if (a.noText() != null) {
                String t = s(a.noText());
                return p.text().contains(t) ? "the text '" + t + "' is on the page" : null;
            }
            if (a.selector() != null) {
                String sel = s(a.selector());
                return p.doc().selectFirst(sel) != null ? null : "no element matches '" + sel + "'";
            }
            if (a.noSelector() != null) {
                String sel = s(a.noSelector());
                return p.doc().selectFirst(sel) == null ? null : "an element matches '" + sel + "', expected none";
            }
            if (a.count() != null) {
                Step.Count c = a.count();
                String sel = s(c.selector());
                int n = p.doc().select(sel).size();
                boolean ok = c.equals() != null ? n == c.equals()
                        : (c.min() == null || n >= c.min()) && (c.max() == null || n <= c.max());
                String want = c.equals() != null ? "exactly " + c.equals()
                        : c.max() == null ? "at least " + c.min() : c.min() == null ? "at most " + c.max()
                        : "between " + c.min() + " and " + c.max();
                return ok ? null : n + " elements match '" + sel + "', expected " + want;
            }
            return value(a.value(), p);
        }

        private String value(Step.Value v, Lazy p) {
            String what;
            String actual;
            if (v.var() != null) {
                what = "${" + v.var() + "}";
                actual = vars.get(v.var());
                if (actual != null && v.regex() != null) {
                    actual = regex(s(v.regex()), actual);
                }
            } else {
                Step.Extract source = v.source();
                what = describe(source);
                actual = extractValue(source, p);
            }
            if (actual == null) {
                return "value " + what + ": nothing found";
            }
            String shown = "value " + what + " is '" + actual + "'";
            if (v.equals() != null && !actual.equals(s(v.equals()))) {
                return shown + ", expected '" + s(v.equals()) + "'";
            }
            if (v.notEquals() != null && actual.equals(s(v.notEquals()))) {
                return shown + ", expected anything else";
            }
            if (v.contains() != null && !actual.contains(s(v.contains()))) {
                return shown + ", expected it to contain '" + s(v.contains()) + "'";
            }
            if (v.matches() != null && !Pattern.compile(s(v.matches())).matcher(actual).find()) {
                return shown + ", expected it to match /" + s(v.matches()) + "/";
            }
            if (v.atLeast() != null || v.atMost() != null) {
                BigDecimal n = number(actual);
                if (n == null) {
                    return shown + ", expected a number";
                }
                if (v.atLeast() != null && n.compareTo(number(s(v.atLeast()), "at-least")) < 0) {
                    return shown + ", expected at least " + s(v.atLeast());
                }
                if (v.atMost() != null && n.compareTo(number(s(v.atMost()), "at-most")) > 0) {
                    return shown + ", expected at most " + s(v.atMost());
                }
            }
            return null;
        }

        private String extract(Step step, CheckResult response) {
            if (step.extract().isEmpty()) {
                return null;
            }
            Lazy p = new Lazy(response, response == page ? doc() : null);
            for (Map.Entry<String, Step.Extract> e : step.extract().entrySet()) {
                String value = extractValue(e.getValue(), p);
                if (value == null) {
                    if (!e.getValue().optional()) {
                        return "extract " + e.getKey() + ": nothing matches " + describe(e.getValue());
                    }
                    vars.remove(e.getKey());
                } else {
                    vars.put(e.getKey(), value);
                }
            }
            return null;
        }

        /** In a race, winner k (from 2) extracts into {@code name_k}, so cleanup steps can undo every winner. */
        private void extractOtherWinners(Step step, List<CheckResult> winners) {
            for (int k = 2; k <= step.race().copies(); k++) {
                for (String name : step.extract().keySet()) {
                    vars.remove(name + "_" + k);
                }
            }
            for (int k = 2; k <= winners.size(); k++) {
                Lazy p = new Lazy(winners.get(k - 1), null);
                for (Map.Entry<String, Step.Extract> e : step.extract().entrySet()) {
                    String value = extractValue(e.getValue(), p);
                    if (value != null) {
                        vars.put(e.getKey() + "_" + k, value);
                    }
                }
            }
        }

        private String extractValue(Step.Extract e, Lazy p) {
            String value;
            if (e.css() != null) {
                Element el = p.doc().selectFirst(s(e.css()));
                if (el == null) {
                    return null;
                }
                if (e.attr() != null) {
                    String attr = s(e.attr());
                    value = el.hasAttr(attr) ? el.attr(attr) : null;
                } else {
                    value = el.text();
                }
            } else if (e.header() != null) {
                value = p.response.header(s(e.header()));
            } else if (e.json() != null) {
                value = JsonValues.text(p.json() == null ? null : p.json().at(JsonValues.pointer(s(e.json()))));
            } else {
                value = p.response.bodyText();
            }
            if (value != null && e.regex() != null) {
                value = regex(s(e.regex()), value);
            }
            return value;
        }

        private String regex(String regex, String input) {
            Matcher m = Pattern.compile(regex).matcher(input);
            if (!m.find()) {
                return null;
            }
            return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
        }

        private BigDecimal number(String text, String what) {
            BigDecimal n = number(text);
            if (n == null) {
                throw new StepFailure(what + " '" + text + "' is not a number");
            }
            return n;
        }

        private BigDecimal number(String text) {
            try {
                return new BigDecimal(text.strip().replace(",", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private void setPage(CheckResult response) {
            page = response;
            doc = null;
        }

        private Document doc() {
            if (doc == null) {
                doc = HtmlForm.parse(page);
            }
            return doc;
        }

        /** Interpolates a journey string with this run's variables and environment. */
        private String s(String text) {
            return Interpolation.apply(text, ref -> lookup(ref, vars, options.env()));
        }

        private String describe(Step.Guard g) {
            return g.defined() != null ? "${" + g.defined() + "} has no value" : "nothing on the page matches '" + g.selector() + "'";
        }

        private String describe(Step.Follow f) {
            return f.selector() != null ? "'" + f.selector() + "'" : "with the text '" + f.text() + "'";
        }

        private String describe(Step.Extract e) {
            String src = e.css() != null ? "css '" + e.css() + "'" + (e.attr() != null ? " attr " + e.attr() : "")
                    : e.header() != null ? "header " + e.header()
                    : e.json() != null ? "json " + e.json() : "the body";
            return src + (e.regex() != null ? " regex /" + e.regex() + "/" : "");
        }

        /** Builds one step's result, redacting what it keeps. */
        private final class Result {
            private final int index;
            private final Step step;
            private String method;
            private String url;
            private String finalUrl;
            private int status;
            private FailureKind failure = FailureKind.NONE;
            private Duration took = Duration.ZERO;
            private long truncatedAt = -1; // the body cap, when the response was cut at it

            Result(int index, Step step) {
                this.index = index;
                this.step = step;
            }

            void request(CheckRequest request) {
                method = request.method();
                url = red(request.url());
            }

            void response(CheckResult response, Duration duration) {
                finalUrl = red(response.url());
                status = response.statusCode();
                failure = response.failure();
                took = duration;
                truncatedAt = response.truncated() ? response.bodyLength() : -1;
            }

            StepResult skipped(String why) {
                return make(Status.SKIPPED, Duration.ZERO, why, "");
            }

            StepResult done(Status s, Duration d, String message) {
                return make(s, d, message, "");
            }

            StepResult failed(String message, CheckResult response) {
                return make(Status.FAILED, took, message, response == null ? "" : excerpt(response));
            }

            private StepResult make(Status s, Duration d, String message, String excerpt) {
                if (truncatedAt >= 0) {
                    // Assertions and extraction saw only the start of the page: a pass must say so.
                    String note = "the response was cut at the body cap of " + truncatedAt
                            + " bytes; the step's checks saw only its start";
                    message = message == null || message.isEmpty() ? note : message + " (" + note + ")";
                }
                return new StepResult(index, step.name(), step.kind(), s, d, step.always(), method, url, finalUrl, status,
                        failure, message == null ? "" : red(message), excerpt);
            }

            private String excerpt(CheckResult response) {
                if (!response.reachable()) {
                    return "";
                }
                Lazy p = new Lazy(response, response == page ? doc() : null);
                // The parsed text, not the raw body: the redactor also knows the forms a secret
                // takes once entities are decoded and whitespace collapsed.
                return inputs.redactor().redactedExcerpt(p.mainText().strip(), EXCERPT_CHARS);
            }

            private String red(String text) {
                return inputs.redactor().redactUrl(text);
            }
        }
    }

    /** A response with its parsed forms computed on first use. */
    private static final class Lazy {
        final CheckResult response;
        private Document doc;
        private String text;
        private com.fasterxml.jackson.databind.JsonNode json;
        private boolean jsonParsed;

        Lazy(CheckResult response, Document doc) {
            this.response = response;
            this.doc = doc;
        }

        Document doc() {
            if (doc == null) {
                doc = HtmlForm.parse(response);
            }
            return doc;
        }

        /** What a customer reads: the visible text of an HTML page, the body of anything else. */
        String text() {
            if (text == null) {
                String ct = response.contentType();
                text = ct == null || ct.contains("html") ? doc().text() : response.bodyText();
            }
            return text;
        }

        /** For excerpts: the page's main content when it marks one, else {@link #text()}. */
        String mainText() {
            if (response.contentType() == null || response.contentType().contains("html")) {
                Element main = doc().selectFirst("main, [role=main]");
                if (main != null) {
                    return main.text();
                }
            }
            return text();
        }

        com.fasterxml.jackson.databind.JsonNode json() {
            if (!jsonParsed) {
                json = JsonValues.parse(response.bodyText());
                jsonParsed = true;
            }
            return json;
        }
    }

    private static String normalize(String s) {
        return s.strip().replaceAll("\\s+", " ");
    }

    private static String ms(Duration d) {
        return d.toMillis() + " ms";
    }
}
