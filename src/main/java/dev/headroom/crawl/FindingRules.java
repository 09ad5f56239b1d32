package dev.headroom.crawl;

import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.parser.Parser;

/**
 * The crawler's finding rules: which findings a response and a page's content show, and whether a
 * finding fails the crawl. Pure functions of what was fetched and the {@link CrawlOptions}; the
 * {@link Crawler} records what they return.
 */
final class FindingRules {
    private final CrawlOptions options;
    private final ErrorSignature.NeedleScan needles;
    private final Redactor redactor;

    FindingRules(CrawlOptions options, Redactor redactor) {
        this.options = options;
        this.needles = new ErrorSignature.NeedleScan(options.signatures());
        this.redactor = redactor;
    }

    /**
     * Whether a finding fails the crawl: its own fixed severity if it has one (a blocked start URL,
     * a long redirect chain), else its class's {@link CrawlOptions#severity}. Decided here only.
     */
    boolean fails(Node.Found f) {
        return (f.fixed() != null ? f.fixed() : options.severity(f.kind())) == Finding.Severity.FAIL;
    }

    /**
     * {@code f} as a finding about a start URL: a BLOCKED one always fails (turned away at the door,
     * nothing behind it was crawled, which must not pass as clean); others are unchanged.
     */
    Node.Found onStartUrl(Node.Found f) {
        if (f.kind() != Finding.Kind.BLOCKED) {
            return f;
        }
        return new Node.Found(f.kind(), f.detail() + "; a start URL, so nothing behind it was crawled", Finding.Severity.FAIL);
    }

    /**
     * The findings a response alone shows, in the order they are reported: a timeout or a redirect
     * loop (and nothing else), else turned away (BLOCKED), broken, then a long or downgrading
     * redirect chain (always a warning) and, in scope, a slow answer.
     *
     * @param attempts requests made for the URL, retries included (for "still after 2 retries")
     */
    List<Node.Found> response(CheckResult r, int attempts, boolean inScope) {
        List<Node.Found> found = new ArrayList<>(2);
        int s = r.statusCode();
        FailureKind f = r.failure();
        if (f == FailureKind.TIMEOUT) {
            found.add(new Node.Found(Finding.Kind.TIMEOUT, "no complete response within " + options.timeout().toMillis()
                    + " ms" + (s > 0 ? " (status " + s + " arrived)" : "") + ": " + r.failureMessage(), null));
            return found;
        }
        if (f == FailureKind.REDIRECT_LOOP || f == FailureKind.TOO_MANY_REDIRECTS) {
            found.add(new Node.Found(Finding.Kind.REDIRECT, r.failureMessage(), null));
            return found;
        }
        if (s == 401 || s == 403 || s == 429 || s == 999 || botChallenge(r)) {
            found.add(new Node.Found(Finding.Kind.BLOCKED, statusLine(r) + (s == 429 ? " (rate limited)" : "")
                    + (botChallenge(r) ? " (bot challenge)" : "") + retried(attempts), null));
        } else if (f != FailureKind.NONE) {
            found.add(new Node.Found(Finding.Kind.BROKEN, f.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + (s > 0 ? " after status " + s + " and " + r.bodyLength() + " body bytes" : "") + ": "
                    + r.failureMessage() + retried(attempts), null));
        } else if (s >= 400 || s < 200 && s > 0) {
            found.add(new Node.Found(Finding.Kind.BROKEN, statusLine(r) + retried(attempts), null));
        } else if (s >= 300) {
            found.add(new Node.Found(Finding.Kind.BROKEN, statusLine(r) + " without a usable Location", null));
        }
        if (r.redirectDowngraded()) {
            found.add(new Node.Found(Finding.Kind.REDIRECT, "redirects from https to http: " + r.url(), Finding.Severity.WARN));
        } else if (r.redirects().size() > options.maxRedirectHops()) {
            found.add(new Node.Found(Finding.Kind.REDIRECT, "chain of " + r.redirects().size() + " redirects to "
                    + r.url(), Finding.Severity.WARN));
        }
        if (inScope && r.reachable() && r.timings().total().compareTo(options.slowBudget()) > 0) {
            found.add(new Node.Found(Finding.Kind.SLOW, r.timings().total().toMillis() + " ms, budget "
                    + options.slowBudget().toMillis() + " ms", null));
        }
        return found;
    }

    private static String retried(int attempts) {
        int n = attempts - 1;
        return n <= 0 ? "" : ", still after " + n + (n == 1 ? " retry" : " retries");
    }

    private static boolean botChallenge(CheckResult r) {
        int s = r.statusCode();
        if (s != 403 && s != 503 && s != 429) {
            return false;
        }
        if (r.header("cf-mitigated") != null) {
            return true;
        }
        String ct = r.contentType();
        if (ct == null || !ct.contains("html") || r.bodyLength() == 0) {
            return false;
        }
        String text = r.bodyText();
        return text.contains("challenge-platform") || text.contains("<title>Just a moment...</title>")
                || text.contains("captcha") && text.length() < 100_000;
    }

    static String statusLine(CheckResult r) {
        return r.statusCode() + (r.reason().isEmpty() ? "" : " " + r.reason());
    }

    /**
     * The findings a 2xx HTML page's content shows: an error signature (the first that matches), a
     * soft 404 (the first pattern that matches the title or h1), an empty page.
     */
    List<Node.Found> content(CheckResult r, String raw, HttpUrl base, Links.Parsed p) {
        List<Node.Found> found = new ArrayList<>(1);
        // error signatures: cheap needle scans on the raw body; only when one hits (a few pages in a
        // hundred) is the DOM built, so the regex runs on exactly the text it always did
        String text = null;
        List<ErrorSignature> signatures = options.signatures();
        boolean[] worth = needles.worthTrying(raw);
        for (int i = 0; i < signatures.size(); i++) {
            ErrorSignature sig = signatures.get(i);
            if (!worth[i]) {
                continue;
            }
            if (text == null) {
                text = Jsoup.parse(raw, base.toString(), Parser.htmlParser()).wholeText();
            }
            Matcher m = sig.pattern().matcher(text);
            if (m.find()) {
                found.add(new Node.Found(Finding.Kind.ERROR_LEAK, sig.name() + ": " + excerpt(m.group()), null));
                break;
            }
        }
        for (Pattern soft : options.soft404Patterns()) {
            if (soft.matcher(p.title()).find() || soft.matcher(p.h1()).find()) {
                found.add(new Node.Found(Finding.Kind.SOFT_404, "status " + r.statusCode() + " but the page says \""
                        + excerpt(soft.matcher(p.title()).find() ? p.title() : p.h1()) + "\"", null));
                break;
            }
        }
        if (p.empty()) {
            found.add(new Node.Found(Finding.Kind.EMPTY_PAGE, "status " + r.statusCode() + " with "
                    + r.bodyLength() + " bytes and no visible content", null));
        }
        return found;
    }

    /** One line of page text for a finding, redacted before it is cut (a secret straddling the cut leaves nothing). */
    private String excerpt(String s) {
        return redactor.redactedExcerpt(s.replaceAll("\\s+", " ").strip(), 160);
    }
}
