package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * One check of a step's {@code assert} list, one small type per kind of check, as jsoup's
 * {@code Evaluator} has one per selector kind. Each validates itself at load and evaluates itself
 * against a page; failures are data: {@link #check} returns the problem, or null when it holds.
 *
 * <p>To add one: a record here implementing this interface, and
 * its YAML key in {@link Yaml#bind}. A new comparison of {@code value} is a {@link Comparison}
 * here and its key in {@link Yaml.Value}.
 */
public sealed interface Assertion {

    /**
     * Evaluates the check on {@code page}.
     *
     * @return null when it holds, else one line saying what was found and what was expected
     * @throws StepFailure when the journey's own operand is not usable at run time (a number that
     *     is not one once interpolated)
     */
    String check(Page page, StepContext ctx);

    /** Reports its own problems under {@code path} (the list item, {@code steps[i].assert[j]}). */
    void validate(String path, Rules rules);

    /**
     * True if it runs after the step's extractions, so it can compare the values just extracted
     * ({@code value}); the others run before, so a wrong page fails on them rather than on an
     * extraction that found nothing.
     */
    default boolean afterExtraction() {
        return false;
    }

    /** True if it asserts the HTTP status itself: the default "must be 2xx" check is then off. */
    default boolean assertsStatus() {
        return false;
    }

    /** {@code status: 201}: the final HTTP status, after redirects. */
    record Status(int status) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            int got = page.response().statusCode();
            return got == status ? null : "expected status " + status + ", got " + got + " from " + page.url();
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.require(status >= 100 && status <= 599, path + ".status", "must be an HTTP status between 100 and 599");
        }

        @Override
        public boolean assertsStatus() {
            return true;
        }
    }

    /** {@code text: ...}: the page's visible text contains it. */
    record Text(String text) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            String t = ctx.interpolate(text);
            return page.text().contains(t) ? null : "the text '" + t + "' is not on the page";
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.text(path + ".text", text);
        }
    }

    /** {@code no-text: ...}: the page's visible text does not contain it. */
    record NoText(String text) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            String t = ctx.interpolate(text);
            return page.text().contains(t) ? "the text '" + t + "' is on the page" : null;
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.text(path + ".no-text", text);
        }
    }

    /** {@code selector: CSS}: at least one element matches. */
    record Selector(String selector) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            String sel = ctx.interpolate(selector);
            return page.doc().selectFirst(sel) != null ? null : "no element matches '" + sel + "'";
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.selector(path + ".selector", selector);
        }
    }

    /** {@code no-selector: CSS}: no element matches. */
    record NoSelector(String selector) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            String sel = ctx.interpolate(selector);
            return page.doc().selectFirst(sel) == null ? null : "an element matches '" + sel + "', expected none";
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.selector(path + ".no-selector", selector);
        }
    }

    /** {@code count: {selector, equals | min, max}}: the number of elements matching {@code selector}. */
    record Count(@JsonProperty(required = true) String selector, Integer equals, Integer min, Integer max) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            String sel = ctx.interpolate(selector);
            int n = page.doc().select(sel).size();
            boolean ok = equals != null ? n == equals : (min == null || n >= min) && (max == null || n <= max);
            String want = equals != null ? "exactly " + equals
                    : max == null ? "at least " + min : min == null ? "at most " + max
                    : "between " + min + " and " + max;
            return ok ? null : n + " elements match '" + sel + "', expected " + want;
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.selector(path + ".count.selector", selector);
            boolean range = min != null || max != null;
            if (equals == null == !range) {
                rules.error(path + ".count", "give equals, or min and/or max");
            }
            rules.require(min == null || max == null || min <= max, path + ".count", "min must not exceed max");
        }
    }

    /**
     * {@code value: {var | css | header | json | regex, COMPARISONS}}: a value, from a variable
     * ({@code var}, filtered by {@code regex} if given) or from the response like an {@link Extract},
     * that must satisfy every {@link Comparison} given, in order.
     */
    record Value(String var, Extract source, List<Comparison> comparisons) implements Assertion {
        public Value {
            comparisons = List.copyOf(comparisons);
        }

        @Override
        public String check(Page page, StepContext ctx) {
            String what;
            String actual;
            if (var != null) {
                what = "${" + var + "}";
                actual = ctx.variables().get(var);
                if (actual != null && source.regex() != null) {
                    actual = Extract.firstGroup(ctx.interpolate(source.regex()), actual);
                }
            } else {
                what = source.describe();
                actual = source.read(page, ctx);
            }
            if (actual == null) {
                return "value " + what + ": nothing found";
            }
            for (Comparison c : comparisons) {
                String problem = c.test(actual, ctx);
                if (problem != null) {
                    return "value " + what + " is '" + actual + "', " + problem;
                }
            }
            return null;
        }

        @Override
        public void validate(String path, Rules rules) {
            String p = path + ".value";
            source.validate(p, rules, var);
            for (Comparison c : comparisons) {
                c.validate(p + "." + c.key(), rules);
            }
            rules.require(!comparisons.isEmpty(), p, "compare it with something: equals, not-equals, contains, matches,"
                    + " at-least or at-most");
        }

        @Override
        public boolean afterExtraction() {
            return true;
        }
    }

    /** A list item that is not exactly one check: refused at load, so it never runs. */
    record Invalid(String problem, List<Assertion> parts) implements Assertion {
        @Override
        public String check(Page page, StepContext ctx) {
            return problem;
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.error(path, problem);
            parts.forEach(a -> a.validate(path, rules));
        }
    }

    /** One comparison of a {@link Value} with the journey's {@code expected} operand (interpolated). */
    sealed interface Comparison {
        /** The YAML key. */
        String key();

        /** The journey's operand, uninterpolated. */
        String expected();

        /** Null when {@code actual} passes, else what was expected ("expected '3'"). */
        String test(String actual, StepContext ctx);

        /** Its operand's rules: references by default; a kind with more to check checks it too. */
        default void validate(String path, Rules rules) {
            rules.text(path, expected());
        }
    }

    record Equals(String expected) implements Comparison {
        @Override
        public String key() {
            return "equals";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            String want = ctx.interpolate(expected);
            return actual.equals(want) ? null : "expected '" + want + "'";
        }
    }

    record NotEquals(String expected) implements Comparison {
        @Override
        public String key() {
            return "not-equals";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            return actual.equals(ctx.interpolate(expected)) ? "expected anything else" : null;
        }
    }

    record Contains(String expected) implements Comparison {
        @Override
        public String key() {
            return "contains";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            String want = ctx.interpolate(expected);
            return actual.contains(want) ? null : "expected it to contain '" + want + "'";
        }
    }

    /** A regex found anywhere in the value (anchor it with {@code ^...$} for the whole). */
    record Matches(String expected) implements Comparison {
        @Override
        public String key() {
            return "matches";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            String regex = ctx.interpolate(expected);
            return Pattern.compile(regex).matcher(actual).find() ? null : "expected it to match /" + regex + "/";
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.regex(path, expected);
        }
    }

    /** The value, a number ({@code ,} thousands separators allowed), is at least the operand. */
    record AtLeast(String expected) implements Comparison {
        @Override
        public String key() {
            return "at-least";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            return compare(actual, this, ctx, c -> c >= 0, "expected at least ");
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.number(path, expected);
        }
    }

    /** The value, a number, is at most the operand. */
    record AtMost(String expected) implements Comparison {
        @Override
        public String key() {
            return "at-most";
        }

        @Override
        public String test(String actual, StepContext ctx) {
            return compare(actual, this, ctx, c -> c <= 0, "expected at most ");
        }

        @Override
        public void validate(String path, Rules rules) {
            rules.number(path, expected);
        }
    }

    /** A numeric comparison: {@code holds} gets {@code actual.compareTo(operand)}. */
    private static String compare(String actual, Comparison c, StepContext ctx, IntPredicate holds, String expected) {
        BigDecimal n = number(actual);
        if (n == null) {
            return "expected a number";
        }
        String limit = ctx.interpolate(c.expected());
        return holds.test(n.compareTo(operand(limit, c.key()))) ? null : expected + limit;
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text.strip().replace(",", ""));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BigDecimal operand(String text, String key) {
        BigDecimal n = number(text);
        if (n == null) {
            throw new StepFailure(key + " '" + text + "' is not a number");
        }
        return n;
    }

    /**
     * An item of {@code assert} as written in YAML, bound by the loader and turned into its
     * {@link Assertion} by {@link #bind}: exactly one key is a valid item.
     */
    record Yaml(
            Integer status,
            String text,
            @JsonProperty("no-text") String noText,
            String selector,
            @JsonProperty("no-selector") String noSelector,
            Count count,
            Value value) {

        static final String ONE_CHECK = "must be one check: status, text, no-text, selector, no-selector, count or value";

        Assertion bind() {
            List<Assertion> given = new ArrayList<>();
            if (status != null) {
                given.add(new Status(status));
            }
            if (text != null) {
                given.add(new Text(text));
            }
            if (noText != null) {
                given.add(new NoText(noText));
            }
            if (selector != null) {
                given.add(new Selector(selector));
            }
            if (noSelector != null) {
                given.add(new NoSelector(noSelector));
            }
            if (count != null) {
                given.add(count);
            }
            if (value != null) {
                given.add(value.bind());
            }
            if (given.size() == 1) {
                return given.get(0);
            }
            return new Invalid(given.isEmpty() ? ONE_CHECK : "holds " + given.size() + " checks; write one check per list item",
                    given);
        }

        /** {@code value:} as written: one source, then the comparisons, kept in this order. */
        record Value(
                String var,
                String css,
                String attr,
                String regex,
                String header,
                String json,
                String equals,
                @JsonProperty("not-equals") String notEquals,
                String contains,
                String matches,
                @JsonProperty("at-least") String atLeast,
                @JsonProperty("at-most") String atMost) {

            Assertion.Value bind() {
                List<Comparison> c = new ArrayList<>();
                if (equals != null) {
                    c.add(new Equals(equals));
                }
                if (notEquals != null) {
                    c.add(new NotEquals(notEquals));
                }
                if (contains != null) {
                    c.add(new Contains(contains));
                }
                if (matches != null) {
                    c.add(new Matches(matches));
                }
                if (atLeast != null) {
                    c.add(new AtLeast(atLeast));
                }
                if (atMost != null) {
                    c.add(new AtMost(atMost));
                }
                return new Assertion.Value(var, new Extract(css, attr, regex, header, json, false), c);
            }
        }
    }
}
