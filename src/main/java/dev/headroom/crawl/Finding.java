package dev.headroom.crawl;

import java.util.List;
import java.util.Objects;

/**
 * One problem the crawl found: its {@link Kind class}, the URL it concerns, a one-line detail and
 * the pages that link to it ({@link #linkedFrom()}, the first {@value CrawlOptions#LINKED_FROM_KEPT}
 * in URL order; {@link #linkedFromCount()} counts them all).
 *
 * @param kind the class of problem
 * @param url the URL the finding is about (a fragment link keeps its {@code #fragment})
 * @param detail one line for people: status, matched signature, time against budget...
 * @param failing true if the finding fails a check (JUnit FAILED); false for warnings (DEGRADED)
 * @param linkedFrom referring pages, sorted, bounded
 * @param linkedFromCount how many distinct pages link to it
 */
public record Finding(Kind kind, String url, String detail, boolean failing, List<String> linkedFrom,
        int linkedFromCount) {

    /** The classes of problem. */
    public enum Kind {
        /** 4xx/5xx, DNS failure, connection refused or reset, TLS or protocol error. */
        BROKEN(true),
        /** A 2xx page whose body shows an error signature: SQL error, stack trace, IIS error code... */
        ERROR_LEAK(true),
        /** Slower than the slow-page budget (a warning). */
        SLOW(false),
        /** A 200 page that says "not found". */
        SOFT_404(true),
        /** 401/403/429/999 or a bot challenge: the crawler was turned away (a warning, not broken). */
        BLOCKED(false),
        /** No complete response within the timeout (after retries). */
        TIMEOUT(true),
        /** A redirect loop or too many redirects (failing); a long chain or https to http (warning). */
        REDIRECT(true),
        /** An https page loading an http asset (a warning). */
        MIXED_CONTENT(false),
        /** A link to {@code page#fragment} where the page has no such id or anchor name (a warning). */
        MISSING_FRAGMENT(false),
        /** A 2xx page with nothing in it (a warning). */
        EMPTY_PAGE(false),
        /**
         * A page, stylesheet or sitemap longer than the body cap: read and parsed up to the cap only,
         * so links (or sitemap entries) past it were not checked (a warning: raise {@code --max-body}).
         */
        TRUNCATED(false);

        private final boolean failingByDefault;

        Kind(boolean failingByDefault) {
            this.failingByDefault = failingByDefault;
        }

        /** Whether findings of this class fail a check unless said otherwise. */
        public boolean failingByDefault() {
            return failingByDefault;
        }

        /**
         * True for the classes that alone do not make the crawl exit 1: BLOCKED, SLOW and TRUNCATED
         * (a finding of these classes marked {@link Finding#failing()}, as a blocked start URL, still does).
         */
        public boolean tolerated() {
            return this == BLOCKED || this == SLOW || this == TRUNCATED;
        }
    }

    public Finding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(url, "url");
        detail = detail == null ? "" : detail;
        linkedFrom = List.copyOf(linkedFrom);
    }
}
