package dev.headroom.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.headroom.config.Validatable;
import dev.headroom.config.Validation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code headroom crawl --config crawl.yaml}: the command-line options as YAML, same names. Every
 * field is optional; options given on the command line win.
 */
record CrawlConfigFile(
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

    @Override
    public void validate(Validation v) {
        v.require(maxPages == null || maxPages >= 1, "max-pages", "must be at least 1");
        v.require(maxDepth == null || maxDepth >= 0, "max-depth", "must be at least 0");
        v.require(concurrency == null || concurrency >= 1 && concurrency <= 256, "concurrency", "must be 1..256");
        v.require(rate == null || rate >= 0, "rate", "must be >= 0 (0 = unlimited)");
        v.require(retries == null || retries >= 0, "retries", "must be >= 0");
        v.require(timeout == null || !timeout.isZero(), "timeout", "must be positive");
        v.require(slow == null || !slow.isZero(), "slow", "must be positive");
        v.require(maxBody == null || maxBody >= 1024, "max-body", "must be at least 1024 bytes");
        regexes(v, "include", include);
        regexes(v, "exclude", exclude);
        if (allow != null) {
            for (int i = 0; i < allow.size(); i++) {
                try {
                    dev.headroom.http.TargetAllowlist.of(allow.get(i) == null ? "" : allow.get(i));
                } catch (IllegalArgumentException e) {
                    v.error("allow[" + i + "]", e.getMessage());
                }
            }
        }
        if (severity != null) {
            severity.forEach((kind, level) -> {
                try {
                    dev.headroom.crawl.Finding.Kind.parse(kind);
                } catch (IllegalArgumentException e) {
                    v.error("severity." + kind, e.getMessage());
                    return;
                }
                try {
                    dev.headroom.crawl.Finding.Severity.parse(level);
                } catch (IllegalArgumentException e) {
                    v.error("severity." + kind, e.getMessage());
                }
            });
        }
        regexes(v, "error-signatures", errorSignatures);
        regexes(v, "soft-404-patterns", soft404Patterns);
        if (cataloguePatterns != null) {
            cataloguePatterns.forEach((k, re) -> regex(v, "catalogue-patterns." + k, re));
        }
    }

    private static void regexes(Validation v, String path, List<String> list) {
        if (list != null) {
            for (int i = 0; i < list.size(); i++) {
                regex(v, path + "[" + i + "]", list.get(i));
            }
        }
    }

    private static void regex(Validation v, String path, String re) {
        try {
            Pattern.compile(re == null ? "" : re);
        } catch (PatternSyntaxException e) {
            v.error(path, "not a valid regex: " + e.getDescription());
        }
    }
}
