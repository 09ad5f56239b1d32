package dev.headroom.crawl;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Outcome;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a crawl found: every URL requested ({@link #pages()}, sorted by URL), every {@link Finding}
 * (sorted by class, then URL), the URLs found but {@link #notChecked() not checked} (off the
 * allowlist, cut by the crawler-trap caps) and {@link #stats()}. Immutable.
 *
 * <p>Its {@link #verdict()} is the crawl's one answer: the exit code of {@code headroom crawl}, the
 * monitor's crawl check and the report's case statuses all follow from each finding's {@link
 * Finding#failing()}, which the crawler set from its class's {@link CrawlOptions#severity severity}.
 */
public final class CrawlResult implements Outcome {
    private final CrawlOptions options;
    private final Instant startedAt;
    private final List<CrawledPage> pages;
    private final List<Finding> findings;
    private final CrawlStats stats;
    private final boolean startUnreachable;
    private final List<String> startProblems;
    private final List<NotChecked> notChecked;
    private final boolean aborted;
    private final String incompleteReason;

    CrawlResult(CrawlOptions options, Instant startedAt, List<CrawledPage> pages, List<Finding> findings,
            CrawlStats stats, boolean startUnreachable, List<String> startProblems, List<NotChecked> notChecked,
            boolean aborted, String incompleteReason) {
        this.options = options;
        this.startedAt = startedAt;
        this.pages = pages;
        this.findings = findings;
        this.stats = stats;
        this.startUnreachable = startUnreachable;
        this.startProblems = List.copyOf(startProblems);
        this.notChecked = List.copyOf(notChecked);
        this.aborted = aborted;
        this.incompleteReason = incompleteReason == null ? "" : incompleteReason;
    }

    public CrawlOptions options() {
        return options;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public List<CrawledPage> pages() {
        return pages;
    }

    public List<Finding> findings() {
        return findings;
    }

    /** The findings of one class. */
    public List<Finding> findings(Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }

    public CrawlStats stats() {
        return stats;
    }

    /**
     * True if nothing could be crawled: no start URL gave a usable (2xx) page, and none answered with
     * an error status the site must fix (that is a finding). A start URL gives no usable page when it
     * gets no HTTP response, is turned away (401, 403, 429 and 999, after the retries, or a bot
     * challenge), or redirects to a host off the allowlist. {@link #startProblems()} says which.
     */
    public boolean startUnreachable() {
        return startUnreachable;
    }

    /** True if {@link Crawler#stop()} ended the crawl (Ctrl-C, SIGTERM, an abort): the result is partial. */
    public boolean aborted() {
        return aborted;
    }

    /**
     * Why the crawl is incomplete ({@code "stopped by Ctrl-C or SIGTERM"}, {@code "max pages (500)
     * reached"}, {@code "max time (1h) reached"}), or empty if it is complete.
     */
    public String incompleteReason() {
        return incompleteReason;
    }

    /**
     * The URLs found but never requested, one entry per {@link NotChecked.Reason} that has any: off
     * the allowlist, too long, past the query-variant cap, repeating path segments.
     */
    public List<NotChecked> notChecked() {
        return notChecked;
    }

    /** The URLs not requested for {@code reason}: count 0 and no examples if none. */
    public NotChecked notChecked(NotChecked.Reason reason) {
        return notChecked.stream().filter(n -> n.reason() == reason).findFirst()
                .orElse(new NotChecked(reason, 0, List.of(), Map.of()));
    }

    /** Why start URLs failed, one line each. */
    public List<String> startProblems() {
        return startProblems;
    }

    /**
     * Why nothing could be crawled, one line for people ({@code cannot reach the start URL: ...} when
     * no start URL answered at all, {@code cannot crawl: no start URL gave a usable page: ...} when
     * some answered but turned the crawler away), or empty if {@link #startUnreachable()} is false.
     */
    public String unreachableReason() {
        if (!startUnreachable) {
            return "";
        }
        boolean answered = pages.stream().anyMatch(p -> p.status() > 0);
        return (answered ? "cannot crawl: no start URL gave a usable page: " : "cannot reach the start URL: ")
                + String.join("; ", startProblems);
    }

    /**
     * True if no finding {@link Finding#failing() fails}: warnings alone leave a crawl clean. Says
     * nothing of whether the crawl ran to its end; {@link #verdict()} does.
     */
    public boolean clean() {
        return findings.stream().noneMatch(Finding::failing);
    }

    /** How many findings fail the crawl (the others are warnings). */
    public int failingCount() {
        return (int) findings.stream().filter(Finding::failing).count();
    }

    /**
     * What the crawl came to, decided here only: {@link Verdict#STOPPED} if {@link #aborted()},
     * else {@link Verdict#UNREACHABLE} if {@link #startUnreachable()}, else {@link Verdict#FAILED}
     * if any finding {@link Finding#failing() fails}, else {@link Verdict#PASSED} (warnings, or a
     * crawl ended by {@code --max-pages} or {@code --max-time}, alone pass).
     */
    @Override
    public Verdict verdict() {
        if (aborted) {
            return Verdict.STOPPED;
        }
        if (startUnreachable) {
            return Verdict.UNREACHABLE;
        }
        return clean() ? Verdict.PASSED : Verdict.FAILED;
    }

    /** Findings per class, every class present, in enum order. */
    public Map<Finding.Kind, Integer> counts() {
        return counts(findings);
    }

    /** Failing findings per class (warnings not counted), every class present, in enum order. */
    public Map<Finding.Kind, Integer> failingCounts() {
        return counts(findings.stream().filter(Finding::failing).toList());
    }

    private static Map<Finding.Kind, Integer> counts(List<Finding> fs) {
        Map<Finding.Kind, Integer> m = new EnumMap<>(Finding.Kind.class);
        for (Finding.Kind k : Finding.Kind.values()) {
            m.put(k, 0);
        }
        fs.forEach(f -> m.merge(f.kind(), 1, Integer::sum));
        return m;
    }

    /** The page as {@link CrawledPage}, if requested. */
    public java.util.Optional<CrawledPage> page(String url) {
        return pages.stream().filter(p -> p.url().equals(url)).findFirst();
    }

    /**
     * The JSON {@code data} of the report: options, stats, whether it is complete (and if not, why),
     * every page, every finding and the URLs not checked.
     */
    public record Data(Map<String, Object> options, CrawlStats stats, boolean complete, String incompleteReason,
            List<String> startProblems, Map<String, Integer> findingCounts, List<CrawledPage> pages,
            List<Finding> findings, List<NotChecked> notChecked) {
    }

    /**
     * The report: one case per URL requested (suites {@code pages}, {@code assets}, {@code external})
     * and per link finding ({@code links}: missing fragments, mixed content); {@link Finding#failing()
     * failing} findings make a case FAILED, warnings DEGRADED, so the report passes exactly when the
     * {@link #verdict()} is PASSED. Problem cases come first, grouped by finding class. A crawl
     * that did not run to its end has a {@code crawl} case saying why: ERROR when stopped or when
     * nothing could be crawled (so the report's status is ERROR), DEGRADED when a limit ended it.
     * URLs not checked are SKIPPED cases (suite {@code not-checked}): one per host off the allowlist,
     * one per crawler-trap cap, with examples.
     */
    public Report toReport() {
        Map<String, List<Finding>> byUrl = new LinkedHashMap<>();
        findings.forEach(f -> byUrl.computeIfAbsent(f.url(), k -> new ArrayList<>()).add(f));
        record Ranked(int rank, CheckCase c) {
        }
        List<Ranked> ranked = new ArrayList<>();
        CheckCase verdict = completeness();
        if (verdict != null) {
            ranked.add(new Ranked(-1, verdict));
        }
        for (CrawledPage p : pages) {
            List<Finding> fs = byUrl.remove(p.url());
            CheckCase.Builder b = CheckCase.builder(p.type().name().toLowerCase(Locale.ROOT)
                    + (p.type() == CrawledPage.Type.PAGE ? "s" : ""), p.url())
                    .duration(Duration.ofMillis(p.timeMs()))
                    .attribute("status", p.status())
                    .attribute("contentType", p.contentType())
                    .attribute("depth", p.depth());
            if ((fs == null || fs.isEmpty()) && p.outcome().equals("not_allowed")) {
                b.status(Status.SKIPPED).message("redirects (" + p.status() + ") to a host not on the allowlist;"
                        + " the target was not requested");
                ranked.add(new Ranked(Integer.MAX_VALUE - 1, b.build()));
                continue;
            }
            ranked.add(new Ranked(rank(fs), describe(b, fs).build()));
        }
        byUrl.forEach((url, fs) -> ranked.add(new Ranked(rank(fs), describe(CheckCase.builder("links", url), fs).build())));
        notCheckedCases().forEach(c -> ranked.add(new Ranked(Integer.MAX_VALUE - 1, c)));
        ranked.sort(Comparator.comparingInt(Ranked::rank)); // stable: URL order within a class
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts().forEach((k, v) -> counts.put(k.name().toLowerCase(Locale.ROOT), v));
        Report.Builder rb = Report.builder("crawl")
                .title("Headroom crawl: " + String.join(", ", options.startUrls()))
                .target(options.startUrls().get(0))
                .startedAt(startedAt)
                .duration(stats.duration())
                .addCases(ranked.stream().map(Ranked::c).toList())
                .summary("URLs checked", stats.requested())
                .summary("pages", stats.pages())
                .summary("pages/s", Math.round(stats.pagesPerSecond() * 10) / 10.0)
                .summary("findings", findings.size())
                .summary("failing findings", failingCount())
                .summary("verdict", verdict().name());
        counts.forEach((k, v) -> {
            if (v > 0) {
                rb.summary("findings: " + k, v);
            }
        });
        for (NotChecked nc : notChecked) {
            rb.summary("not checked: " + nc.reason().words(), nc.count());
        }
        rb.summary("complete", stats.complete() && !startUnreachable);
        if (!incompleteReason.isEmpty()) {
            rb.summary("incomplete", incompleteReason);
        }
        return rb.data(new Data(options.describe(), stats, stats.complete() && !startUnreachable, incompleteReason,
                startProblems, counts, pages, findings, notChecked)).build();
    }

    /** The {@code crawl} case of a crawl that did not run to its end, or null. */
    private CheckCase completeness() {
        if (startUnreachable) {
            return CheckCase.builder("crawl", "start").status(Status.ERROR)
                    .message("nothing could be crawled: no start URL gave a usable page: " + String.join("; ", startProblems))
                    .build();
        }
        if (stats.complete()) {
            return null;
        }
        String left = stats.skippedLimit() > 0 ? "; " + stats.skippedLimit() + " URLs found were not requested" : "";
        return CheckCase.builder("crawl", "complete").status(aborted ? Status.ERROR : Status.DEGRADED)
                .message("incomplete: " + (incompleteReason.isEmpty() ? "stopped early" : incompleteReason) + left
                        + (aborted ? "; this report covers only what was checked before the stop" : ""))
                .build();
    }

    private List<CheckCase> notCheckedCases() {
        List<CheckCase> cases = new ArrayList<>();
        for (NotChecked nc : notChecked) {
            StringBuilder examples = new StringBuilder("For example:\n");
            nc.examples().forEach(e -> examples.append("  ").append(e.url())
                    .append(e.linkedFrom().isEmpty() ? "" : "  (from " + e.linkedFrom() + ")").append('\n'));
            if (nc.reason() == NotChecked.Reason.NOT_ALLOWED) {
                nc.hosts().forEach((host, n) -> cases.add(CheckCase.builder("not-checked", host).status(Status.SKIPPED)
                        .message(n + (n == 1 ? " URL" : " URLs") + " on this host not checked: not on the allowlist"
                                + (host.startsWith("(") ? "" : " (to check them: --allow " + host + ")"))
                        .attribute("reason", nc.reason().name())
                        .attribute("count", n)
                        .details(examples.toString()).build()));
            } else {
                cases.add(CheckCase.builder("not-checked", nc.reason().name().toLowerCase(Locale.ROOT))
                        .status(Status.SKIPPED)
                        .message(nc.count() + (nc.count() == 1 ? " URL" : " URLs") + " not checked: " + nc.reason().words())
                        .attribute("reason", nc.reason().name())
                        .attribute("count", nc.count())
                        .details(examples.toString()).build());
            }
        }
        return cases;
    }

    private static int rank(List<Finding> fs) {
        if (fs == null || fs.isEmpty()) {
            return Integer.MAX_VALUE;
        }
        return fs.stream().mapToInt(f -> (f.failing() ? 0 : 100) + f.kind().ordinal()).min().getAsInt();
    }

    private static CheckCase.Builder describe(CheckCase.Builder b, List<Finding> fs) {
        if (fs == null || fs.isEmpty()) {
            return b.status(Status.PASSED);
        }
        boolean failing = fs.stream().anyMatch(Finding::failing);
        b.status(failing ? Status.FAILED : Status.DEGRADED);
        StringBuilder msg = new StringBuilder();
        StringBuilder details = new StringBuilder();
        for (Finding f : fs) {
            if (msg.length() > 0) {
                msg.append("; ");
            }
            msg.append(f.kind()).append(": ").append(f.detail());
        }
        Finding first = fs.get(0);
        if (first.linkedFromCount() > 0) {
            msg.append(" (linked from ").append(first.linkedFromCount()).append(first.linkedFromCount() == 1 ? " page)" : " pages)");
            details.append("Linked from:\n");
            first.linkedFrom().forEach(u -> details.append("  ").append(u).append('\n'));
            if (first.linkedFromCount() > first.linkedFrom().size()) {
                details.append("  ... and ").append(first.linkedFromCount() - first.linkedFrom().size()).append(" more\n");
            }
            b.attribute("linkedFrom", String.join(" ", first.linkedFrom()));
        }
        b.attribute("findings", String.join(",", fs.stream().map(f -> f.kind().name()).toList()));
        return b.message(msg.toString()).details(details.toString());
    }
}
