package dev.headroom.journey;

import dev.headroom.config.Validation;
import dev.headroom.http.Redactor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a journey file beyond its types, all checked at load so that every mistake is
 * reported before anything runs: the journey's own (names, variables, secrets, defaults), what
 * every step has in common (a page to work on, guard, budget, timeout, race, extraction names),
 * then each step's {@link Action} and {@link Assertion}s validate themselves with the {@link Rules}
 * of this point of the journey. {@link JourneyLoader} adds the step name to each problem.
 */
final class JourneyValidator {
    static final int MAX_RACE_COPIES = 20;

    private final Journey journey;
    private final Validation v;
    private final Rules rules;

    JourneyValidator(Journey journey, Validation v) {
        this.journey = journey;
        this.v = v;
        this.rules = new Rules(journey, v);
    }

    /**
     * Checks every rule. A required field may be null here: it did not bind, and the loader has
     * reported why; the rules that need it are skipped.
     */
    void validate() {
        v.require(journey.name() == null || !journey.name().isBlank(), "name", "must not be blank");
        Redactor names = Redactor.defaults();
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            String path = Rules.key("variables", e.getKey());
            if (v.require(Interpolation.NAME.matcher(e.getKey()).matches(), path,
                    "'" + e.getKey() + "' is not a valid variable name (letters, digits, _ and -, not starting with a digit)")
                    && names.isSensitiveParam(e.getKey())) {
                v.error(path, "'" + e.getKey() + "' looks like a secret; declare it under secrets: with {env: NAME} or"
                        + " {file: PATH}, never inline");
            }
        }
        for (Map.Entry<String, Journey.Secret> e : journey.secrets().entrySet()) {
            String path = Rules.key("secrets", e.getKey());
            Journey.Secret s = e.getValue();
            v.require(Interpolation.NAME.matcher(e.getKey()).matches(), path, "'" + e.getKey() + "' is not a valid secret name");
            v.require(!journey.variables().containsKey(e.getKey()), path, "'" + e.getKey() + "' is both a variable and a secret");
            if (s == null) {
                v.error(path, "must be {env: NAME} or {file: PATH}");
            } else if (s.inlineValue() != null) {
                v.error(path, "secret '" + e.getKey() + "' is given inline; secrets come only from the environment"
                        + " ({env: NAME}) or a file ({file: PATH})");
            } else if ((s.env() == null) == (s.file() == null)) {
                v.error(path, "give exactly one of env or file");
            } else if (s.env() != null) {
                v.require(s.env().matches("[A-Za-z_][A-Za-z0-9_]*"), path + ".env", "'" + s.env() + "' is not an environment variable name");
            } else {
                v.require(!s.file().isBlank(), path + ".file", "must not be blank");
            }
        }
        rules.define(journey.secrets().keySet());
        // Variables may refer to the environment, secrets and variables declared before them.
        for (Map.Entry<String, String> e : journey.variables().entrySet()) {
            if (e.getValue() != null) {
                rules.text(Rules.key("variables", e.getKey()), e.getValue());
            }
            rules.define(List.of(e.getKey()));
        }
        budget("defaults.budget", journey.defaults().budget());
        rules.positive("defaults.timeout", journey.defaults().timeout());

        if (!v.require(!journey.steps().isEmpty(), "steps", "must list at least one step")) {
            return;
        }
        Set<String> stepNames = new HashSet<>();
        boolean pageSoFar = false;
        for (int i = 0; i < journey.steps().size(); i++) {
            Step step = journey.steps().get(i);
            String path = "steps[" + i + "]";
            if (step == null) {
                v.error(path, "must be a step");
                continue;
            }
            if (step.name() == null) {
                // missing or not text: reported by the loader
            } else if (!step.name().isBlank()) {
                v.require(stepNames.add(step.name()), path + ".name", "another step has this name; step names must be unique");
            } else {
                v.error(path + ".name", "must not be blank");
            }
            step(path, step, pageSoFar);
            pageSoFar |= step.sendsRequest();
        }
    }

    private void step(String path, Step s, boolean pageSoFar) {
        Action action = s.action();
        boolean needsPage = action.needsPage() || (s.guard() != null && s.guard().selector() != null);
        if (needsPage && !pageSoFar && !action.opensPage()) {
            v.error(path, "works on the current page, but no earlier step loads one; start with a request step");
        }
        if (s.guard() != null) {
            guard(path + ".if", s.guard());
        }
        action.validate(s, path, rules);
        budget(path + ".budget", s.budget());
        rules.positive(path + ".timeout", s.timeout());
        if (s.timeout() != null || s.budget() != null || s.race() != null) {
            v.require(s.sendsRequest(), path, "budget, timeout and race apply only to request, follow and submit steps");
        }
        if (s.race() != null) {
            Step.Race r = s.race();
            if (r.copies() != null) {
                v.require(r.copies() >= 2 && r.copies() <= MAX_RACE_COPIES, path + ".race.copies",
                        "must be between 2 and " + MAX_RACE_COPIES);
                v.require(r.winners() >= 0 && r.winners() <= r.copies(), path + ".race.winners", "must be between 0 and copies");
            }
        }
        // The step's own extracted values can be asserted on in the same step.
        Set<String> extracted = new LinkedHashSet<>();
        s.extract().forEach((name, e) -> {
            String p = Rules.key(path + ".extract", name);
            v.require(Interpolation.NAME.matcher(name).matches(), p, "'" + name + "' is not a valid variable name");
            v.require(!journey.secrets().containsKey(name), p, "'" + name + "' is a secret; extract into another name");
            if (e == null) {
                v.error(p, "must say where the value comes from: css, regex, header or json");
            } else {
                e.validate(p, rules);
            }
            extracted.add(name);
        });
        rules.define(extracted);
        if (s.race() != null && s.race().copies() != null) {
            List<String> others = new ArrayList<>();
            for (int k = 2; k <= Math.min(s.race().copies(), MAX_RACE_COPIES); k++) {
                for (String name : extracted) {
                    others.add(name + "_" + k); // the other winners' values
                }
            }
            rules.define(others);
        }
        for (int j = 0; j < s.assertions().size(); j++) {
            s.assertions().get(j).validate(path + ".assert[" + j + "]", rules);
        }
    }

    private void guard(String path, Step.Guard g) {
        if ((g.defined() == null) == (g.selector() == null)) {
            v.error(path, "give exactly one of defined (a variable) or selector (on the current page)");
        }
        if (g.defined() != null && !rules.known(g.defined())
                && journey.steps().stream().noneMatch(s -> s != null && s.extract().containsKey(g.defined()))) {
            v.error(path + ".defined", rules.undefined(g.defined()));
        }
        rules.selector(path + ".selector", g.selector());
    }

    private void budget(String path, Step.Budget b) {
        if (b == null) {
            return;
        }
        v.require(b.degraded() != null || b.failed() != null, path, "give degraded and/or failed");
        rules.positive(path + ".degraded", b.degraded());
        rules.positive(path + ".failed", b.failed());
        if (b.degraded() != null && b.failed() != null) {
            v.require(b.degraded().compareTo(b.failed()) < 0, path, "degraded must be less than failed");
        }
    }
}
