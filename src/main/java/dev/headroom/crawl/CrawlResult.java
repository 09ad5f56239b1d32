package dev.headroom.crawl;

import dev.headroom.report.CheckCase;
import dev.headroom.report.Report;
import dev.headroom.report.Status;
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
 * (sorted by class, then URL) and {@link #stats()}. Immutable.
 */
public final class CrawlResult {
    private final CrawlOptions options;
    private final Instant startedAt;
    private final List<CrawledPage> pages;
    private final List<Finding> findings;
    private final CrawlStats stats;
    private final boolean startUnreachable;
    private final List<String> startProblems;

    CrawlResult(CrawlOptions options, Instant startedAt, List<CrawledPage> pages, List<Finding> findings,
            CrawlStats stats, boolean startUnreachable, List<String> startProblems) {
        this.options = options;
        this.startedAt = startedAt;
        this.pages = pages;
        this.findings = findings;
        this.stats = stats;
        this.startUnreachable = startUnreachable;
        this.startProblems = List.copyOf(startProblems);
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

    /** True if no start URL got any HTTP response: nothing could be crawled. */
    public boolean startUnreachable() {
        return startUnreachable;
    }

    /** Why start URLs failed, one line each. */
    public List<String> startProblems() {
        return startProblems;
    }

    /** True if no finding other than BLOCKED and SLOW warnings: the exit code is 0. */
    public boolean clean() {
        return findings.stream().allMatch(f -> f.kind().tolerated());
    }

    /** Findings per class, every class present, in enum order. */
    public Map<Finding.Kind, Integer> counts() {
        Map<Finding.Kind, Integer> m = new EnumMap<>(Finding.Kind.class);
        for (Finding.Kind k : Finding.Kind.values()) {
            m.put(k, 0);
        }
        findings.forEach(f -> m.merge(f.kind(), 1, Integer::sum));
        return m;
    }

    /** The page as {@link CrawledPage}, if requested. */
    public java.util.Optional<CrawledPage> page(String url) {
        return pages.stream().filter(p -> p.url().equals(url)).findFirst();
    }

    /** The JSON {@code data} of the report: options, stats, every page and every finding. */
    public record Data(Map<String, Object> options, CrawlStats stats, Map<String, Integer> findingCounts,
            List<CrawledPage> pages, List<Finding> findings) {
    }

    /**
     * The report: one case per URL requested (suites {@code pages}, {@code assets}, {@code external})
     * and per link finding ({@code links}: missing fragments, mixed content); failing findings make
     * a case FAILED, warnings DEGRADED. Problem cases come first, grouped by finding class.
     */
    public Report toReport() {
        Map<String, List<Finding>> byUrl = new LinkedHashMap<>();
        findings.forEach(f -> byUrl.computeIfAbsent(f.url(), k -> new ArrayList<>()).add(f));
        record Ranked(int rank, CheckCase c) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (CrawledPage p : pages) {
            List<Finding> fs = byUrl.remove(p.url());
            CheckCase.Builder b = CheckCase.builder(p.type().name().toLowerCase(Locale.ROOT)
                    + (p.type() == CrawledPage.Type.PAGE ? "s" : ""), p.url())
                    .duration(Duration.ofMillis(p.timeMs()))
                    .attribute("status", p.status())
                    .attribute("contentType", p.contentType())
                    .attribute("depth", p.depth());
            ranked.add(new Ranked(rank(fs), describe(b, fs).build()));
        }
        byUrl.forEach((url, fs) -> ranked.add(new Ranked(rank(fs), describe(CheckCase.builder("links", url), fs).build())));
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
                .summary("findings", findings.size());
        counts.forEach((k, v) -> {
            if (v > 0) {
                rb.summary("findings: " + k, v);
            }
        });
        rb.summary("complete", stats.complete());
        return rb.data(new Data(options.describe(), stats, counts, pages, findings)).build();
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
