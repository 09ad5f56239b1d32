package dev.headroom.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.time.Duration;

/**
 * A service-level objective for a journey of the load test (every request of its steps: {@code
 * checkout}), one step of one ({@code checkout/place the order}, the journey's name, a slash and
 * the step's name), or {@code all} requests. Latency objectives apply to successful requests; the
 * error rate is failed / all requests (a step whose checks failed is a failed request).
 *
 * @param group request group, or {@link #ALL}
 * @param p95 95th-percentile latency limit, or null
 * @param p99 99th-percentile latency limit, or null
 * @param errorRate highest failed share (0.01 = 1%), or null
 */
public record Slo(@JsonProperty(required = true) String group, Duration p95, Duration p99, Double errorRate)
        implements Validatable {

    public static final String ALL = "all";

    @Override
    public void validate(Validation v) {
        v.require(!group.isBlank(), "group", "must not be blank");
        v.require(p95 != null || p99 != null || errorRate != null, "", "set at least one of p95, p99, errorRate");
        v.require(errorRate == null || (errorRate >= 0 && errorRate <= 1), "errorRate", "must be between 0 and 1");
        v.require(p95 == null || !p95.isZero(), "p95", "must be greater than 0");
        v.require(p99 == null || !p99.isZero(), "p99", "must be greater than 0");
    }

    /** True if a request of {@code requestGroup} ({@code journey/step}) counts towards this objective. */
    public boolean covers(String requestGroup) {
        return ALL.equals(group) || group.equals(requestGroup)
                || requestGroup.length() > group.length() && requestGroup.startsWith(group) && requestGroup.charAt(group.length()) == '/';
    }

    /** A short name such as {@code search p95 <= 500ms}. */
    public String describe() {
        StringBuilder sb = new StringBuilder(group);
        if (p95 != null) {
            sb.append(" p95<=").append(dev.headroom.config.Durations.format(p95));
        }
        if (p99 != null) {
            sb.append(" p99<=").append(dev.headroom.config.Durations.format(p99));
        }
        if (errorRate != null) {
            sb.append(" errors<=").append(String.format(java.util.Locale.ROOT, "%.2f%%", errorRate * 100));
        }
        return sb.toString();
    }
}
