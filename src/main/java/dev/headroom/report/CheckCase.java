package dev.headroom.report;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One checked thing in a {@link Report}: a crawled URL, a journey step, an SLO of a load test.
 * Immutable; build with {@link #builder(String, String)}.
 *
 * <p>{@code suite} groups cases (a JUnit {@code testsuite}, a {@code classname}): e.g. "links",
 * "checkout-journey", "slo". {@code message} is one line for tables; {@code details} is free text
 * (a stack of evidence, a response excerpt); {@code attributes} are ordered key/values (url,
 * status code, p95...).
 */
public final class CheckCase {
    private final String suite;
    private final String name;
    private final Status status;
    private final Duration duration;
    private final String message;
    private final String details;
    private final Map<String, String> attributes;

    private CheckCase(Builder b) {
        this.suite = b.suite;
        this.name = b.name;
        this.status = b.status;
        this.duration = b.duration;
        this.message = b.message;
        this.details = b.details;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
    }

    public static Builder builder(String suite, String name) {
        return new Builder(suite, name);
    }

    /** A case with just a status (and message, which may be null). */
    public static CheckCase of(String suite, String name, Status status, String message) {
        return builder(suite, name).status(status).message(message).build();
    }

    public Builder toBuilder() {
        Builder b = new Builder(suite, name).status(status).duration(duration).message(message).details(details);
        b.attributes.putAll(attributes);
        return b;
    }

    public String suite() {
        return suite;
    }

    public String name() {
        return name;
    }

    public Status status() {
        return status;
    }

    public Duration duration() {
        return duration;
    }

    /** One-line summary; empty if none. */
    public String message() {
        return message;
    }

    /** Free text; empty if none. */
    public String details() {
        return details;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckCase c && suite.equals(c.suite) && name.equals(c.name) && status == c.status
                && duration.equals(c.duration) && message.equals(c.message) && details.equals(c.details)
                && attributes.equals(c.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(suite, name, status, duration, message, details, attributes);
    }

    @Override
    public String toString() {
        return status + " " + suite + " / " + name + (message.isEmpty() ? "" : ": " + message);
    }

    /** Builds a {@link CheckCase}; status defaults to PASSED, duration to zero. */
    public static final class Builder {
        private String suite;
        private String name;
        private Status status = Status.PASSED;
        private Duration duration = Duration.ZERO;
        private String message = "";
        private String details = "";
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(String suite, String name) {
            this.suite = Objects.requireNonNull(suite, "suite");
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder suite(String suite) {
            this.suite = Objects.requireNonNull(suite, "suite");
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        public Builder status(Status status) {
            this.status = Objects.requireNonNull(status, "status");
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder message(String message) {
            this.message = message == null ? "" : message;
            return this;
        }

        public Builder details(String details) {
            this.details = details == null ? "" : details;
            return this;
        }

        /** Adds an attribute; {@code value} is rendered with {@link String#valueOf}. */
        public Builder attribute(String key, Object value) {
            attributes.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
            return this;
        }

        public CheckCase build() {
            return new CheckCase(this);
        }
    }
}
