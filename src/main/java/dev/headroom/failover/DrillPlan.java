package dev.headroom.failover;

import dev.headroom.config.ConfigException;
import dev.headroom.http.TargetAllowlist;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a failover drill does: steady customer traffic through the front door ({@code front} +
 * {@code paths}, {@code rate} requests a second) for {@code before}, then the {@code down} command
 * takes an origin away, traffic goes on for {@code during}, the {@code up} command brings it back,
 * and traffic goes on for {@code after}. Meanwhile each origin is probed directly ({@code
 * probePath} every {@code probeEvery}) so the report can set what customers saw against what the
 * origins were doing. Immutable; {@link #validate} refuses hosts outside the allowlist and plans
 * beyond the caps before anything is sent.
 *
 * @param maxErrors failed customer requests the drill may cost and still pass
 * @param maxLatency slowest customer request allowed while an origin is down (null: not judged)
 */
public record DrillPlan(String front, List<String> paths, int rate, Duration before, Duration during, Duration after,
        String down, String up, Map<String, String> origins, String probePath, Duration probeEvery,
        Duration requestTimeout, int maxErrors, Duration maxLatency, Duration commandTimeout) {

    /** Highest customer request rate a drill sends: a drill measures failover, not capacity. */
    public static final int MAX_RATE = 500;
    /** Longest drill, all three phases. */
    public static final Duration MAX_LENGTH = Duration.ofMinutes(30);

    public DrillPlan {
        Objects.requireNonNull(front, "front");
        paths = List.copyOf(paths);
        origins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(origins));
    }

    /** The whole drill's planned length. */
    public Duration length() {
        return before.plus(during).plus(after);
    }

    /**
     * Checks the plan as a whole, naming the option at fault; every problem at once.
     *
     * @throws ConfigException if anything is wrong
     */
    public void validate(TargetAllowlist allowlist) {
        List<String> problems = new ArrayList<>();
        checkUrl("--front", front, allowlist, problems);
        origins.forEach((name, url) -> checkUrl("--origin " + name, url, allowlist, problems));
        if (paths.isEmpty()) {
            problems.add("--path: give at least one page customers visit, e.g. /");
        }
        for (String p : paths) {
            if (!p.startsWith("/")) {
                problems.add("--path: '" + p + "' must start with /");
            }
        }
        if (!probePath.startsWith("/")) {
            problems.add("--probe-path: '" + probePath + "' must start with /");
        }
        if (rate < 1 || rate > MAX_RATE) {
            problems.add("--rate: must be 1 to " + MAX_RATE + " requests a second, got " + rate);
        }
        if (before.isNegative() || during.isZero() || during.isNegative() || after.isNegative()) {
            problems.add("--before, --during, --after: durations, --during above zero");
        }
        if (length().compareTo(MAX_LENGTH) > 0) {
            problems.add("the drill would last " + length().toSeconds() + " s, more than the cap of "
                    + MAX_LENGTH.toMinutes() + " min");
        }
        if (down == null || down.isBlank()) {
            problems.add("--down: the command that takes an origin down is required");
        }
        if (maxErrors < 0) {
            problems.add("--max-errors: must be 0 or more, got " + maxErrors);
        }
        if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
            problems.add("--command-timeout: must be above zero, got " + (commandTimeout == null ? "none" : commandTimeout.toMillis() + "ms"));
        }
        if (probeEvery.compareTo(Duration.ofMillis(100)) < 0) {
            problems.add("--probe-every: at least 100ms, got " + probeEvery.toMillis() + "ms");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems));
        }
    }

    private static void checkUrl(String option, String url, TargetAllowlist allowlist, List<String> problems) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            problems.add(option + ": '" + url + "' is not a URL");
            return;
        }
        if (uri.getHost() == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            problems.add(option + ": '" + url + "' is not an http(s) URL");
        } else if (!allowlist.isAllowed(uri)) {
            problems.add(option + ": refusing '" + uri.getHost() + "': not in the allowlist " + allowlist.patterns()
                    + " (add it with --allow)");
        }
    }
}
