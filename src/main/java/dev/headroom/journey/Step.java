package dev.headroom.journey;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a {@link Journey}, as written in YAML. A step does one thing: {@code request} a URL,
 * {@code follow} a link, {@code submit} a form or {@code think}; or, with none of those, it only
 * {@code extract}s and/or {@code assert}s on the page the previous step left. Request, follow and
 * submit steps may extract and assert too. Immutable; validated by the loader.
 *
 * @param name unique within the journey; used as-is (never interpolated) in reports and metrics
 * @param request an HTTP request
 * @param follow a link on the current page
 * @param submit a form on the current page
 * @param think a pause
 * @param extract variables to set from the response, by name, in order
 * @param assertions what must hold of the response ({@code assert} in YAML)
 * @param budget the step's time budget; null to use the journey's default
 * @param timeout the request deadline; null to use the journey's default
 * @param always run even after an earlier step failed (cleanup)
 * @param guard run only if this holds ({@code if} in YAML); otherwise the step is skipped
 * @param race send the request several times at once and count the copies that pass
 */
public record Step(
        @JsonProperty(required = true) String name,
        Request request,
        Follow follow,
        Submit submit,
        Duration think,
        Map<String, Extract> extract,
        @JsonProperty("assert") List<Assertion> assertions,
        Budget budget,
        Duration timeout,
        boolean always,
        @JsonProperty("if") Guard guard,
        Race race) {

    public Step {
        extract = extract == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extract));
        assertions = assertions == null ? List.of() : List.copyOf(assertions);
    }

    /** What the step does: request, follow, submit, think, or extract/assert (on the current page). */
    public String kind() {
        if (request != null) {
            return "request";
        }
        if (follow != null) {
            return "follow";
        }
        if (submit != null) {
            return "submit";
        }
        if (think != null) {
            return "think";
        }
        return extract.isEmpty() ? "assert" : "extract";
    }

    /** True if the step sends HTTP requests. */
    public boolean sendsRequest() {
        return request != null || follow != null || submit != null;
    }

    /**
     * An HTTP request. {@code url} may be relative to the target. At most one body: {@code form}
     * (url-encoded), {@code body} (text, with {@code content-type}) or {@code json} (any YAML value,
     * sent as JSON with every string interpolated).
     */
    public record Request(
            String method,
            @JsonProperty(required = true) String url,
            Map<String, String> headers,
            Map<String, String> form,
            String body,
            JsonNode json,
            @JsonProperty("content-type") String contentType) {
        public Request {
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
            form = form == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(form));
        }

        /** Upper-case method; GET unless given (POST if there is a body). */
        public String effectiveMethod() {
            if (method != null && !method.isBlank()) {
                return method.strip().toUpperCase(java.util.Locale.ROOT);
            }
            return form != null || body != null || json != null ? "POST" : "GET";
        }
    }

    /** A link on the current page, by its visible text or by a CSS selector ({@code a}, or anything with an href). */
    public record Follow(String text, String selector) {
    }

    /** The first form matching {@code form} (CSS) on the current page, with {@code fields} overridden. */
    public record Submit(@JsonProperty(required = true) String form, Map<String, String> fields) {
        public Submit {
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    /**
     * Where a value comes from: exactly one of {@code css} (an element's text, or its {@code attr};
     * {@code abs:href} gives an absolute URL), {@code header} (a response header), {@code json} (a
     * JSON path {@code $.a.b[0]} or pointer {@code /a/b/0} into a JSON body) or {@code regex} alone
     * (on the raw body). {@code regex} with another source filters that value. A regex yields its
     * first group if it has one, else the whole match.
     *
     * @param optional when nothing matches, leave the variable unset instead of failing the step
     */
    public record Extract(String css, String attr, String regex, String header, String json, boolean optional) {
    }

    /** Exactly one check per item of a step's {@code assert} list. */
    public record Assertion(
            Integer status,
            String text,
            @JsonProperty("no-text") String noText,
            String selector,
            @JsonProperty("no-selector") String noSelector,
            Count count,
            Value value) {
    }

    /** The number of elements matching {@code selector}: {@code equals}, or within {@code min}..{@code max}. */
    public record Count(@JsonProperty(required = true) String selector, Integer equals, Integer min, Integer max) {
    }

    /**
     * A value compared with something: the value comes from {@code var} (a variable) or from the
     * response like an {@link Extract} ({@code css}/{@code attr}, {@code header}, {@code json},
     * {@code regex}); it must satisfy every comparison given. {@code at-least}/{@code at-most}
     * compare numbers. Comparison values are interpolated, so they can name variables.
     */
    public record Value(
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

        Extract source() {
            return new Extract(css, attr, regex, header, json, false);
        }
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
