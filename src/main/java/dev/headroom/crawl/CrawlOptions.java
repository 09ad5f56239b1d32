package dev.headroom.crawl;

import dev.headroom.http.TargetAllowlist;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import okhttp3.HttpUrl;

/**
 * What and how to crawl. Immutable; build with {@link #builder(String...)}. Every setter validates
 * its argument and throws {@link IllegalArgumentException} with a message fit for a person.
 *
 * <p>Scope: without include patterns, a URL is in scope when it has the origin (scheme, host, port)
 * of a start URL; with include patterns, when it matches one of them. Either way, a URL matching an
 * exclude pattern is out of scope. In-scope pages are crawled (parsed for links) down to {@link
 * #maxDepth()}; links found at that depth are still checked. Out-of-scope links are checked (HEAD,
 * then GET if HEAD fails) unless {@link #checkExternal()} is off, and never crawled.
 *
 * <p>Traffic: the crawl sends requests only to the hosts of its {@link #allowlist()} (loopback, the
 * start URLs' hosts and the hosts given to {@link Builder#allowlist}); links, sitemap entries and
 * redirects to any other host are never requested and are listed as {@link NotChecked not checked}.
 */
public final class CrawlOptions {

    /** Referring pages kept per finding (the count covers them all). */
    public static final int LINKED_FROM_KEPT = 20;

    /**
     * The default soft-404 patterns, matched against a 200 page's title and first h1: not-found
     * wording, or "404" as an error code ({@code Error 404}, {@code 404 error}, {@code HTTP 404}) or
     * standing alone ({@code 404}, {@code 404 | Shop}, {@code Shop - 404}, {@code Oops! 404}). A 404
     * inside a name or number ({@code Model 404 lamp}, {@code Order #1404}) is not one.
     */
    public static final List<Pattern> DEFAULT_SOFT_404 = List.of(
            Pattern.compile("(?i)\\b(?:page not found|not found|page (?:does not|doesn't) exist|no longer available)\\b"),
            Pattern.compile("(?i)\\b(?:error|http)\\s*[:#-]?\\s*404\\b|(?<![\\w#.-])404\\s*[-:]?\\s*(?:error|page)\\b"),
            Pattern.compile("(?:^|[!?.,]\\s+|\\s[|\\-\u2013\u2014:\u00b7\u2022]\\s*)404[!.]?\\s*(?:$|[|\\-\u2013\u2014:\u00b7\u2022]\\s)"));

    private final List<String> startUrls;
    private final boolean sitemap;
    private final List<Pattern> includes;
    private final List<Pattern> excludes;
    private final int maxDepth;
    private final int maxPages;
    private final boolean checkExternal;
    private final boolean respectRobots;
    private final int concurrency;
    private final double rate;
    private final int retries;
    private final Duration maxRetryAfter;
    private final Duration timeout;
    private final Duration maxTime;
    private final long maxBodyBytes;
    private final Duration slowBudget;
    private final List<ErrorSignature> errorSignatures;
    private final List<Pattern> soft404Patterns;
    private final int maxUrlLength;
    private final int maxQueryVariants;
    private final Set<String> stripParams;
    private final int maxRedirectHops;
    private final String userAgent;
    private final TargetAllowlist allowlist;
    private final Map<Finding.Kind, Finding.Severity> severities;

    private CrawlOptions(Builder b) {
        if (b.startUrls.isEmpty()) {
            throw new IllegalArgumentException("give at least one start URL");
        }
        this.startUrls = List.copyOf(b.startUrls);
        this.sitemap = b.sitemap;
        this.includes = List.copyOf(b.includes);
        this.excludes = List.copyOf(b.excludes);
        this.maxDepth = b.maxDepth;
        this.maxPages = b.maxPages;
        this.checkExternal = b.checkExternal;
        this.respectRobots = b.respectRobots;
        this.concurrency = b.concurrency;
        this.rate = b.rate;
        this.retries = b.retries;
        this.maxRetryAfter = b.maxRetryAfter;
        this.timeout = b.timeout;
        this.maxTime = b.maxTime;
        this.maxBodyBytes = b.maxBodyBytes;
        this.slowBudget = b.slowBudget;
        List<ErrorSignature> sigs = new ArrayList<>(b.defaultSignatures ? ErrorSignature.DEFAULTS : List.of());
        b.extraSignatures.forEach(s -> sigs.add(ErrorSignature.custom(s)));
        this.errorSignatures = List.copyOf(sigs);
        this.soft404Patterns = List.copyOf(b.soft404);
        this.maxUrlLength = b.maxUrlLength;
        this.maxQueryVariants = b.maxQueryVariants;
        this.stripParams = Set.copyOf(b.stripParams);
        this.maxRedirectHops = b.maxRedirectHops;
        this.userAgent = b.userAgent;
        this.allowlist = TargetAllowlist.forTargets(startUrls, b.allowed);
        this.severities = java.util.Collections.unmodifiableMap(new java.util.EnumMap<>(b.severities));
    }

    /** A builder crawling from these start URLs (absolute http or https). */
    public static Builder builder(String... startUrls) {
        Builder b = new Builder();
        for (String u : startUrls) {
            b.addStartUrl(u);
        }
        return b;
    }

    public List<String> startUrls() {
        return startUrls;
    }

    /** Whether each start origin's sitemap (from robots.txt, else /sitemap.xml) seeds the crawl; default true. */
    public boolean sitemap() {
        return sitemap;
    }

    public List<Pattern> includes() {
        return includes;
    }

    public List<Pattern> excludes() {
        return excludes;
    }

    /** Pages deeper than this are checked but not parsed for links; default 100. */
    public int maxDepth() {
        return maxDepth;
    }

    /** At most this many URLs are requested (pages, assets and external links); default 100,000. */
    public int maxPages() {
        return maxPages;
    }

    /** Whether out-of-scope links are checked; default true. */
    public boolean checkExternal() {
        return checkExternal;
    }

    /** Whether robots.txt is honoured; default true. */
    public boolean respectRobots() {
        return respectRobots;
    }

    /** Requests in flight per host; default 8. */
    public int concurrency() {
        return concurrency;
    }

    /** Requests per second per host (token bucket); 0 means unlimited, the default. */
    public double rate() {
        return rate;
    }

    /** Retries (with jitter) after a timeout, reset, 502, 503 or 504, and after 429; default 2. */
    public int retries() {
        return retries;
    }

    /** The longest Retry-After the crawler waits; longer ones count as BLOCKED. Default 30s. */
    public Duration maxRetryAfter() {
        return maxRetryAfter;
    }

    /** Deadline of one request (redirects included); default 30s. */
    public Duration timeout() {
        return timeout;
    }

    /** The crawl stops after this long (the report says it is incomplete); zero is unbounded. Default 1h. */
    public Duration maxTime() {
        return maxTime;
    }

    /** Body bytes read per response; longer bodies are cut there (and parsed as far as read). Default 10 MiB. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Responses slower than this are SLOW; default 3s. */
    public Duration slowBudget() {
        return slowBudget;
    }

    /** The regexes of the error signatures, defaults first. */
    public List<String> errorSignatures() {
        return errorSignatures.stream().map(s -> s.pattern().pattern()).toList();
    }

    List<ErrorSignature> signatures() {
        return errorSignatures;
    }

    /** Matched against the title and first h1 of 200 pages to find soft 404s. */
    public List<Pattern> soft404Patterns() {
        return soft404Patterns;
    }

    /** Longer URLs are skipped as traps; default 2000. */
    public int maxUrlLength() {
        return maxUrlLength;
    }

    /** Distinct query strings followed per path; the rest are skipped as traps. Default 100. */
    public int maxQueryVariants() {
        return maxQueryVariants;
    }

    /** Query and path parameters removed from URLs (lower case): session ids. */
    public Set<String> stripParams() {
        return stripParams;
    }

    /** Redirect chains longer than this are a REDIRECT warning; default 3. */
    public int maxRedirectHops() {
        return maxRedirectHops;
    }

    public String userAgent() {
        return userAgent;
    }

    /**
     * The hosts the crawl may request: loopback, the start URLs' hosts and those given to {@link
     * Builder#allowlist}. Every other URL is never requested (see {@link NotChecked.Reason#NOT_ALLOWED}).
     */
    public TargetAllowlist allowlist() {
        return allowlist;
    }

    /** Builds {@link CrawlOptions}. */
    /**
     * Whether findings of class {@code kind} fail the crawl or only warn: {@link
     * Finding.Kind#defaultSeverity()} unless {@link Builder#severity} changed it. The one rule every
     * verdict of a crawl follows (exit code, report, monitor check, {@code
     * headroom_crawl_failing_findings}); the only exceptions are a blocked start URL (always fails)
     * and a long redirect chain or https-to-http redirect (always warns).
     */
    public Finding.Severity severity(Finding.Kind kind) {
        return severities.get(Objects.requireNonNull(kind, "kind"));
    }

    /** The classes whose findings fail the crawl, in class order. */
    public List<Finding.Kind> failOn() {
        return severities.entrySet().stream().filter(e -> e.getValue() == Finding.Severity.FAIL)
                .map(Map.Entry::getKey).toList();
    }

    public static final class Builder {
        private final List<String> startUrls = new ArrayList<>();
        private boolean sitemap = true;
        private final List<Pattern> includes = new ArrayList<>();
        private final List<Pattern> excludes = new ArrayList<>();
        private int maxDepth = 100;
        private int maxPages = 100_000;
        private boolean checkExternal = true;
        private boolean respectRobots = true;
        private int concurrency = 8;
        private double rate;
        private int retries = 2;
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Duration timeout = Duration.ofSeconds(30);
        private Duration maxTime = Duration.ofHours(1);
        private long maxBodyBytes = 10L * 1024 * 1024;
        private Duration slowBudget = Duration.ofSeconds(3);
        private boolean defaultSignatures = true;
        private final List<String> extraSignatures = new ArrayList<>();
        private final List<Pattern> soft404 = new ArrayList<>(DEFAULT_SOFT_404);
        private int maxUrlLength = 2000;
        private int maxQueryVariants = 100;
        private final Set<String> stripParams = new java.util.LinkedHashSet<>(List.of("jsessionid", "phpsessid", "sid"));
        private int maxRedirectHops = 3;
        private String userAgent = "Headroom-crawler (+https://github.com/headroom)";
        private final List<String> allowed = new ArrayList<>();
        private final Map<Finding.Kind, Finding.Severity> severities = new java.util.EnumMap<>(Finding.Kind.class);

        private Builder() {
            for (Finding.Kind k : Finding.Kind.values()) {
                severities.put(k, k.defaultSeverity());
            }
        }

        /** Findings of class {@code kind} fail the crawl ({@link Finding.Severity#FAIL}) or only warn. */
        public Builder severity(Finding.Kind kind, Finding.Severity severity) {
            severities.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(severity, "severity"));
            return this;
        }

        /**
         * {@link #severity(Finding.Kind, Finding.Severity)} by names, as the command line and the
         * config file write them: {@code ("missing-fragment", "fail")}.
         *
         * @throws IllegalArgumentException naming the classes (or the two severities) if a name is none
         */
        public Builder severity(String kind, String severity) {
            return severity(Finding.Kind.parse(kind), Finding.Severity.parse(severity));
        }

        /**
         * Also lets the crawl request the hosts of {@code more} (loopback and the start URLs' hosts
         * always are); repeatable, each call adds. Links to hosts on no list are not checked.
         */
        public Builder allowlist(TargetAllowlist more) {
            allowed.addAll(Objects.requireNonNull(more, "allowlist").patterns());
            return this;
        }

        /** {@link #allowlist(TargetAllowlist)} of host patterns ({@code cdn.example.com}, {@code *.example.com}). */
        public Builder allow(String... hostPatterns) {
            return allowlist(TargetAllowlist.of(hostPatterns));
        }

        public Builder addStartUrl(String url) {
            HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
            if (parsed == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL: '" + url + "'");
            }
            startUrls.add(parsed.toString());
            return this;
        }

        public Builder sitemap(boolean on) {
            this.sitemap = on;
            return this;
        }

        public Builder include(String regex) {
            includes.add(regex("include", regex));
            return this;
        }

        public Builder exclude(String regex) {
            excludes.add(regex("exclude", regex));
            return this;
        }

        public Builder maxDepth(int n) {
            this.maxDepth = atLeast("maxDepth", n, 0);
            return this;
        }

        public Builder maxPages(int n) {
            this.maxPages = atLeast("maxPages", n, 1);
            return this;
        }

        public Builder checkExternal(boolean on) {
            this.checkExternal = on;
            return this;
        }

        public Builder respectRobots(boolean on) {
            this.respectRobots = on;
            return this;
        }

        public Builder concurrency(int n) {
            this.concurrency = atLeast("concurrency", n, 1);
            if (n > 256) {
                throw new IllegalArgumentException("concurrency must be at most 256, got " + n);
            }
            return this;
        }

        public Builder rate(double perSecond) {
            if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("rate must be >= 0 requests/s (0 = unlimited), got " + perSecond);
            }
            this.rate = perSecond;
            return this;
        }

        public Builder retries(int n) {
            this.retries = atLeast("retries", n, 0);
            return this;
        }

        public Builder maxRetryAfter(Duration d) {
            this.maxRetryAfter = nonNegative("maxRetryAfter", d);
            return this;
        }

        public Builder timeout(Duration d) {
            this.timeout = positive("timeout", d);
            return this;
        }

        /** Zero means unbounded. */
        public Builder maxTime(Duration d) {
            this.maxTime = nonNegative("maxTime", d);
            return this;
        }

        public Builder maxBodyBytes(long n) {
            if (n < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024, got " + n);
            }
            this.maxBodyBytes = n;
            return this;
        }

        public Builder slowBudget(Duration d) {
            this.slowBudget = positive("slowBudget", d);
            return this;
        }

        /** Adds an error-signature regex (matched against the page text) to the defaults. */
        public Builder addErrorSignature(String regex) {
            regex("error signature", regex);
            extraSignatures.add(regex);
            return this;
        }

        /** Whether the built-in error signatures are used; default true. */
        public Builder defaultErrorSignatures(boolean on) {
            this.defaultSignatures = on;
            return this;
        }

        /** Replaces the soft-404 patterns (matched against page title and first h1). */
        public Builder soft404Patterns(List<String> regexes) {
            List<Pattern> ps = new ArrayList<>();
            for (String r : regexes) {
                ps.add(regex("soft-404 pattern", r));
            }
            soft404.clear();
            soft404.addAll(ps);
            return this;
        }

        public Builder maxUrlLength(int n) {
            this.maxUrlLength = atLeast("maxUrlLength", n, 64);
            return this;
        }

        public Builder maxQueryVariants(int n) {
            this.maxQueryVariants = atLeast("maxQueryVariants", n, 1);
            return this;
        }

        /** Replaces the parameters stripped from URLs (session ids). */
        public Builder stripParams(List<String> names) {
            stripParams.clear();
            names.forEach(n -> stripParams.add(n.toLowerCase(Locale.ROOT)));
            return this;
        }

        public Builder maxRedirectHops(int n) {
            this.maxRedirectHops = atLeast("maxRedirectHops", n, 1);
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = Objects.requireNonNull(ua, "userAgent");
            return this;
        }

        public CrawlOptions build() {
            return new CrawlOptions(this);
        }

        private static Pattern regex(String what, String regex) {
            try {
                return Pattern.compile(Objects.requireNonNull(regex, what));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(what + " '" + regex + "' is not a valid regex: "
                        + e.getDescription());
            }
        }

        private static int atLeast(String name, int n, int min) {
            if (n < min) {
                throw new IllegalArgumentException(name + " must be at least " + min + ", got " + n);
            }
            return n;
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
            }
            return d;
        }

        private static Duration nonNegative(String name, Duration d) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, got " + d);
            }
            return d;
        }
    }

    /** For reports: the options that shape the crawl, in a stable order. */
    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("startUrls", startUrls);
        m.put("sitemap", sitemap);
        m.put("includes", includes.stream().map(Pattern::pattern).toList());
        m.put("excludes", excludes.stream().map(Pattern::pattern).toList());
        m.put("maxDepth", maxDepth);
        m.put("maxPages", maxPages);
        m.put("checkExternal", checkExternal);
        m.put("respectRobots", respectRobots);
        m.put("concurrency", concurrency);
        m.put("rate", rate);
        m.put("retries", retries);
        m.put("timeout", timeout);
        m.put("maxTime", maxTime);
        m.put("maxBodyBytes", maxBodyBytes);
        m.put("slowBudget", slowBudget);
        m.put("allowlist", allowlist.patterns());
        m.put("failOn", failOn().stream().map(Finding.Kind::label).toList());
        return m;
    }
}
