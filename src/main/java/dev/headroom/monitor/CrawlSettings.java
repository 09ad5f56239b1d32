package dev.headroom.monitor;

import dev.headroom.config.Durations;
import dev.headroom.crawl.CrawlOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A crawl check's crawler options as {@code monitor.yaml} writes them; null leaves the crawler's
 * default, except {@code maxPages} (5000) and {@code maxDepth} (50). Each field maps onto one
 * {@link CrawlOptions.Builder} setter, and that setter is the only place its value is validated:
 * the config's validation calls it too, and reports what it refuses at the field's line.
 *
 * <p>The crawl's overall deadline ({@code --max-time}) is the check's {@code timeout}.
 *
 * @param external false for {@code --no-external}
 * @param robots false for {@code --ignore-robots}
 * @param sitemap false for {@code --no-sitemap}
 * @param requestRetries the crawler's retries of one URL ({@code --retries}); {@code retry} retries a whole run
 * @param requestTimeout the deadline of one request ({@code --timeout}); the check's {@code timeout} bounds the crawl
 * @param slow responses slower than this are SLOW ({@code --slow})
 * @param maxBody body bytes read per response ({@code --max-body})
 * @param errorSignatures extra error-signature regexes ({@code --error-signature})
 * @param soft404Patterns replace the soft-404 patterns ({@code soft-404-patterns} of crawl.yaml)
 */
public record CrawlSettings(
        Integer maxPages,
        Integer maxDepth,
        List<String> include,
        List<String> exclude,
        Boolean external,
        Boolean robots,
        Boolean sitemap,
        Integer concurrency,
        Double rate,
        Integer requestRetries,
        Duration requestTimeout,
        Duration slow,
        Long maxBody,
        List<String> errorSignatures,
        List<String> soft404Patterns) {

    static final int DEFAULT_MAX_PAGES = 5000;
    static final int DEFAULT_MAX_DEPTH = 50;
    /** {@code maxPages must be at least 1, got 0}: the path already names the field. */
    private static final Pattern NAMED = Pattern.compile("^[A-Za-z]+ (must .*)$");

    public CrawlSettings {
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        errorSignatures = errorSignatures == null ? List.of() : List.copyOf(errorSignatures);
        soft404Patterns = soft404Patterns == null ? null : List.copyOf(soft404Patterns);
    }

    /** The fields set, by their names in {@code monitor.yaml} (a check that is no crawl must set none). */
    List<String> given() {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("maxPages", maxPages);
        all.put("maxDepth", maxDepth);
        all.put("include", include.isEmpty() ? null : include);
        all.put("exclude", exclude.isEmpty() ? null : exclude);
        all.put("external", external);
        all.put("robots", robots);
        all.put("sitemap", sitemap);
        all.put("concurrency", concurrency);
        all.put("rate", rate);
        all.put("requestRetries", requestRetries);
        all.put("requestTimeout", requestTimeout);
        all.put("slow", slow);
        all.put("maxBody", maxBody);
        all.put("errorSignatures", errorSignatures.isEmpty() ? null : errorSignatures);
        all.put("soft404Patterns", soft404Patterns);
        List<String> given = new ArrayList<>();
        all.forEach((name, value) -> {
            if (value != null) {
                given.add(name);
            }
        });
        return given;
    }

    /**
     * Sets every option on {@code b}. A value the builder refuses goes to {@code problems} as
     * (field path, message), and the others are still set, so one pass finds every mistake.
     */
    void applyTo(CrawlOptions.Builder b, BiConsumer<String, String> problems) {
        set(problems, "maxPages", maxPages == null ? DEFAULT_MAX_PAGES : maxPages, b::maxPages);
        set(problems, "maxDepth", maxDepth == null ? DEFAULT_MAX_DEPTH : maxDepth, b::maxDepth);
        each(problems, "include", include, b::include);
        each(problems, "exclude", exclude, b::exclude);
        set(problems, "external", external, b::checkExternal);
        set(problems, "robots", robots, b::respectRobots);
        set(problems, "sitemap", sitemap, b::sitemap);
        set(problems, "concurrency", concurrency, b::concurrency);
        set(problems, "rate", rate, b::rate);
        set(problems, "requestRetries", requestRetries, b::retries);
        set(problems, "requestTimeout", requestTimeout, b::timeout);
        set(problems, "slow", slow, b::slowBudget);
        set(problems, "maxBody", maxBody, b::maxBodyBytes);
        each(problems, "errorSignatures", errorSignatures, b::addErrorSignature);
        set(problems, "soft404Patterns", soft404Patterns, b::soft404Patterns);
    }

    /**
     * A builder of the crawler's options for a crawl from {@code startUrl} that stops itself after
     * {@code maxTime}, every field of these settings set.
     *
     * @throws IllegalArgumentException if a value is refused (the config's validation has already reported it)
     */
    CrawlOptions.Builder builder(String startUrl, Duration maxTime) {
        CrawlOptions.Builder b = CrawlOptions.builder(startUrl).maxTime(maxTime);
        List<String> refused = new ArrayList<>();
        applyTo(b, (path, message) -> refused.add(path + ": " + message));
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", refused));
        }
        return b;
    }

    private static <T> void set(BiConsumer<String, String> problems, String field, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            problems.accept(field, message(e, value));
        }
    }

    private static void each(BiConsumer<String, String> problems, String field, List<String> values, Consumer<String> setter) {
        for (int i = 0; i < values.size(); i++) {
            set(problems, field + "[" + i + "]", values.get(i), setter);
        }
    }

    /** The builder's message, in the config's words: without the builder's own field name, durations as written. */
    private static String message(IllegalArgumentException e, Object value) {
        String m = String.valueOf(e.getMessage());
        if (value instanceof Duration d) {
            m = m.replace(d.toString(), Durations.format(d));
        }
        Matcher named = NAMED.matcher(m);
        return named.matches() ? named.group(1) : m;
    }
}
