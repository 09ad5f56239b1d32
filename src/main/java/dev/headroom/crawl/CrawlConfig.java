package dev.headroom.crawl;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.ConfigLoader;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The crawl's config file ({@code headroom crawl --config crawl.yaml}): the command-line options as
 * YAML, kebab-case names ({@code max-pages: 500}). Every field is optional; options given on the
 * command line win. Load it with {@link #load(Path)}.
 *
 * <p>Each field maps onto one {@link CrawlOptions.Builder} setter, and that setter is the only place
 * its value is validated: {@link #validate} calls it on a scratch builder and reports what it
 * refuses at the field's line, so a wrong value is a config error with {@code file:line} before
 * anything is crawled.
 *
 * @param urls start URLs, unless the command line gives some
 * @param out where the reports go
 * @param severity {@code fail} or {@code warn} per finding class ({@code missing-fragment: fail})
 * @param catalogue where the URL catalogue goes
 * @param cataloguePatterns the catalogue's URL patterns ({@link UrlCatalogue#DEFAULT_PATTERNS} if null)
 */
public record CrawlConfig(
        List<String> urls,
        String out,
        @JsonProperty("max-pages") Integer maxPages,
        @JsonProperty("max-depth") Integer maxDepth,
        List<String> include,
        List<String> exclude,
        List<String> allow,
        Boolean external,
        Boolean robots,
        Boolean sitemap,
        Integer concurrency,
        Double rate,
        Integer retries,
        Duration timeout,
        @JsonProperty("max-time") Duration maxTime,
        Duration slow,
        @JsonProperty("max-body") Long maxBody,
        @JsonProperty("error-signatures") List<String> errorSignatures,
        @JsonProperty("soft-404-patterns") List<String> soft404Patterns,
        Map<String, String> severity,
        String catalogue,
        @JsonProperty("catalogue-patterns") Map<String, String> cataloguePatterns) implements Validatable {

    /** {@code maxPages must be at least 1, got 0}: the path already names the field. */
    private static final Pattern NAMED = Pattern.compile("^[A-Za-z]+ (must .*)$");

    /**
     * Reads and validates {@code file}.
     *
     * @throws dev.headroom.config.ConfigException with every problem at its line
     */
    public static CrawlConfig load(Path file) {
        return ConfigLoader.load(file, CrawlConfig.class);
    }

    @Override
    public void validate(Validation v) {
        applyTo(CrawlOptions.builder(), v::error);
        if (cataloguePatterns != null) {
            cataloguePatterns.forEach((k, re) -> {
                try {
                    Pattern.compile(re == null ? "" : re);
                } catch (PatternSyntaxException e) {
                    v.error("catalogue-patterns." + k, "not a valid regex: " + e.getDescription());
                }
            });
        }
    }

    /** The catalogue's URL patterns: {@code catalogue-patterns}, else the defaults. */
    public Map<String, String> cataloguePatternsOrDefault() {
        return cataloguePatterns != null ? cataloguePatterns : UrlCatalogue.DEFAULT_PATTERNS;
    }

    /**
     * Sets every option of this file on {@code b} (the start URLs too, if {@code withUrls}).
     *
     * @throws IllegalArgumentException if a value is refused ({@link #load} has already reported it)
     */
    public CrawlOptions.Builder applyTo(CrawlOptions.Builder b, boolean withUrls) {
        StringBuilder refused = new StringBuilder();
        applyTo(b, withUrls, (path, message) -> refused.append(refused.length() == 0 ? "" : "; ")
                .append(path).append(": ").append(message));
        if (refused.length() > 0) {
            throw new IllegalArgumentException(refused.toString());
        }
        return b;
    }

    private void applyTo(CrawlOptions.Builder b, BiConsumer<String, String> problems) {
        applyTo(b, true, problems);
    }

    private void applyTo(CrawlOptions.Builder b, boolean withUrls, BiConsumer<String, String> problems) {
        if (withUrls) {
            each(problems, "urls", urls, b::addStartUrl);
        }
        set(problems, "max-pages", maxPages, b::maxPages);
        set(problems, "max-depth", maxDepth, b::maxDepth);
        each(problems, "include", include, b::include);
        each(problems, "exclude", exclude, b::exclude);
        each(problems, "allow", allow, b::allow);
        set(problems, "external", external, b::checkExternal);
        set(problems, "robots", robots, b::respectRobots);
        set(problems, "sitemap", sitemap, b::sitemap);
        set(problems, "concurrency", concurrency, b::concurrency);
        set(problems, "rate", rate, b::rate);
        set(problems, "retries", retries, b::retries);
        set(problems, "timeout", timeout, b::timeout);
        set(problems, "max-time", maxTime, b::maxTime);
        set(problems, "slow", slow, b::slowBudget);
        set(problems, "max-body", maxBody, b::maxBodyBytes);
        each(problems, "error-signatures", errorSignatures, b::addErrorSignature);
        set(problems, "soft-404-patterns", soft404Patterns, b::soft404Patterns);
        if (severity != null) {
            severity.forEach((kind, level) -> set(problems, "severity." + kind, level, l -> b.severity(kind, l)));
        }
    }

    private static <T> void set(BiConsumer<String, String> problems, String field, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            String m = e.getMessage() == null ? "must not be empty" : e.getMessage();
            Matcher named = NAMED.matcher(m);
            problems.accept(field, named.matches() ? named.group(1) : m);
        }
    }

    private static void each(BiConsumer<String, String> problems, String field, List<String> values,
            Consumer<String> setter) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null) {
                problems.accept(field + "[" + i + "]", "must not be empty");
            } else {
                set(problems, field + "[" + i + "]", value, setter);
            }
        }
    }
}
