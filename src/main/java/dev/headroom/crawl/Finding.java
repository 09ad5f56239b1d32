package dev.headroom.crawl;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One problem the crawl found: its {@link Kind class}, the URL it concerns, a one-line detail and
 * the pages that link to it ({@link #linkedFrom()}, the first {@value CrawlOptions#LINKED_FROM_KEPT}
 * in URL order; {@link #linkedFromCount()} counts them all).
 *
 * @param kind the class of problem
 * @param url the URL the finding is about (a fragment link keeps its {@code #fragment})
 * @param detail one line for people: status, matched signature, time against budget...
 * @param failing true if the finding fails the crawl (exit 1, a FAILED case in the report, a failed
 *     monitor check, {@code headroom_crawl_failing_findings}); false for a warning (DEGRADED). Set by
 *     the crawler from its class's {@link CrawlOptions#severity(Kind) severity}, with the two
 *     exceptions {@link Kind#REDIRECT} and {@link Kind#BLOCKED} document.
 * @param linkedFrom referring pages, sorted, bounded
 * @param linkedFromCount how many distinct pages link to it
 */
public record Finding(Kind kind, String url, String detail, boolean failing, List<String> linkedFrom,
        int linkedFromCount) {

    /**
     * Whether a finding fails the crawl or only warns. One severity per {@link Kind class}
     * ({@link Kind#defaultSeverity()}, changed with {@link CrawlOptions.Builder#severity}, {@code
     * --fail-on}/{@code --warn-on} or {@code severity:} in the config file); every verdict of a crawl
     * (exit code, report, monitor check, alert) follows from it.
     */
    public enum Severity {
        /** The finding fails the crawl: exit 1, a FAILED case, a failed monitor check, an alert. */
        FAIL,
        /** The finding is reported (a DEGRADED case) but the crawl still passes. */
        WARN;

        /** {@code fail} or {@code warn}, as the config file and the report write it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The severity called {@code name} ({@code fail} or {@code warn}, any case).
         *
         * @throws IllegalArgumentException for any other name
         */
        public static Severity parse(String name) {
            for (Severity s : values()) {
                if (s.label().equalsIgnoreCase(name == null ? "" : name.trim())) {
                    return s;
                }
            }
            throw new IllegalArgumentException("severity must be fail or warn, got '" + name + "'");
        }
    }

    /** The classes of problem, each with the severity it has unless configured otherwise. */
    public enum Kind {
        /** 4xx/5xx, DNS failure, connection refused or reset, TLS or protocol error (fails). */
        BROKEN(Severity.FAIL),
        /** A 2xx page whose body shows an error signature: SQL error, stack trace, IIS error code (fails). */
        ERROR_LEAK(Severity.FAIL),
        /** Slower than the slow-page budget (warns). */
        SLOW(Severity.WARN),
        /** A 200 page that says "not found" (fails). */
        SOFT_404(Severity.FAIL),
        /**
         * 401/403/429/999 or a bot challenge: the crawler was turned away (warns). A blocked start URL
         * always fails, whatever the severity: nothing behind it was crawled.
         */
        BLOCKED(Severity.WARN),
        /** No complete response within the timeout, after retries (fails). */
        TIMEOUT(Severity.FAIL),
        /**
         * A redirect loop or too many redirects (fails). A long chain or a redirect from https to http
         * is always a warning, whatever the severity.
         */
        REDIRECT(Severity.FAIL),
        /** An https page loading an http asset (warns). */
        MIXED_CONTENT(Severity.WARN),
        /** A link to {@code page#fragment} where the page has no such id or anchor name (warns). */
        MISSING_FRAGMENT(Severity.WARN),
        /** A 2xx page with nothing in it (warns). */
        EMPTY_PAGE(Severity.WARN),
        /**
         * A page, stylesheet or sitemap longer than the body cap: read and parsed up to the cap only,
         * so links (or sitemap entries) past it were not checked (warns: raise {@code --max-body}).
         */
        TRUNCATED(Severity.WARN);

        private final Severity defaultSeverity;

        Kind(Severity defaultSeverity) {
            this.defaultSeverity = defaultSeverity;
        }

        /** The severity of this class's findings unless {@link CrawlOptions#severity(Kind)} says otherwise. */
        public Severity defaultSeverity() {
            return defaultSeverity;
        }

        /** The class as the command line and the config file write it: {@code missing-fragment}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * The class called {@code name}: {@code missing-fragment}, {@code missing_fragment} or
         * {@code MISSING_FRAGMENT}.
         *
         * @throws IllegalArgumentException for any other name, listing the classes
         */
        public static Kind parse(String name) {
            String n = name == null ? "" : name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
            for (Kind k : values()) {
                if (k.name().equals(n)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("no finding class '" + name + "'; the classes are "
                    + String.join(", ", java.util.Arrays.stream(values()).map(Kind::label).toList()));
        }
    }

    /** {@link Severity#FAIL} if {@link #failing()}, else {@link Severity#WARN}. */
    public Severity severity() {
        return failing ? Severity.FAIL : Severity.WARN;
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        detail = detail == null ? "" : detail;
        linkedFrom = List.copyOf(linkedFrom);
    }
}
