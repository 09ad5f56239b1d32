package dev.headroom.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one Headroom run found, in a shape every capability fills the same way so that one {@link
 * ReportWriter} serves them all. Immutable; build with {@link #builder(String)}.
 *
 * <p>{@code summary} holds the headline numbers in display order (values: String, Number,
 * Boolean or {@link Duration}). {@code data} is an optional tool-specific object (crawl graph,
 * latency histogram...) that goes into {@code report.json} as Jackson serialises it.
 */
public final class Report {
    private final String tool;
    private final String title;
    private final String target;
    private final Instant startedAt;
    private final Duration duration;
    private final List<CheckCase> cases;
    private final Map<String, Object> summary;
    private final Object data;

    private Report(Builder b) {
        this.tool = b.tool;
        this.title = b.title == null ? "Headroom " + b.tool : b.title;
        this.target = b.target == null ? "" : b.target;
        this.startedAt = b.startedAt;
        this.duration = b.duration;
        this.cases = List.copyOf(b.cases);
        this.summary = Collections.unmodifiableMap(new LinkedHashMap<>(b.summary));
        this.data = b.data;
    }

    /** A builder for a report of {@code tool} ("crawl", "journey", "load"...). */
    public static Builder builder(String tool) {
        return new Builder(tool);
    }

    public Builder toBuilder() {
        Builder b = new Builder(tool).title(title).target(target).startedAt(startedAt).duration(duration).data(data);
        b.cases.addAll(cases);
        b.summary.putAll(summary);
        return b;
    }

    public String tool() {
        return tool;
    }

    public String title() {
        return title;
    }

    /** What was checked (usually a base URL); empty if not set. */
    public String target() {
        return target;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Duration duration() {
        return duration;
    }

    public List<CheckCase> cases() {
        return cases;
    }

    public Map<String, Object> summary() {
        return summary;
    }

    /** The tool-specific payload, or null. */
    public Object data() {
        return data;
    }

    /** The worst case status; SKIPPED for a report with no cases (nothing was checked). */
    public Status status() {
        Status worst = Status.SKIPPED;
        for (CheckCase c : cases) {
            worst = worst.worst(c.status());
        }
        return worst;
    }

    /** True unless some case FAILED or is in ERROR (DEGRADED and SKIPPED do not fail a run). */
    public boolean passed() {
        return !status().isFailure();
    }

    /** Number of cases per status, every status present (zero if none), in enum order. */
    public Map<Status, Integer> counts() {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0);
        }
        cases.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public String toString() {
        return "Report{" + tool + " " + status() + ", " + cases.size() + " cases, target=" + target + "}";
    }

    /** Builds a {@link Report}; start time defaults to now, duration to zero. */
    public static final class Builder {
        private final String tool;
        private String title;
        private String target;
        private Instant startedAt = Instant.now();
        private Duration duration = Duration.ZERO;
        private final List<CheckCase> cases = new ArrayList<>();
        private final Map<String, Object> summary = new LinkedHashMap<>();
        private Object data;

        private Builder(String tool) {
            this.tool = Objects.requireNonNull(tool, "tool");
        }

        /** Defaults to "Headroom &lt;tool&gt;". */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder target(String target) {
            this.target = target;
            return this;
        }

        public Builder startedAt(Instant startedAt) {
            this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = Objects.requireNonNull(duration, "duration");
            return this;
        }

        public Builder addCase(CheckCase c) {
            cases.add(Objects.requireNonNull(c, "case"));
            return this;
        }

        public Builder addCases(Collection<CheckCase> more) {
            more.forEach(this::addCase);
            return this;
        }

        /** Adds or replaces a summary entry, keeping first-insertion order. */
        public Builder summary(String key, Object value) {
            Objects.requireNonNull(key, "key");
            if (!(value instanceof String || value instanceof Number || value instanceof Boolean
                    || value instanceof Duration)) {
                throw new IllegalArgumentException(
                        "summary values are String, Number, Boolean or Duration; got " + value);
            }
            summary.put(key, value);
            return this;
        }

        /** Tool-specific payload, serialised as-is into report.json. */
        public Builder data(Object data) {
            this.data = data;
            return this;
        }

        public Report build() {
            return new Report(this);
        }
    }
}
