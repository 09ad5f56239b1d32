package dev.headroom.crawl;

import dev.headroom.http.CheckResult;
import dev.headroom.http.FailureKind;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.RedirectHop;
import dev.headroom.http.TargetAllowlist;
import dev.headroom.process.Threads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * The link crawler: crawls a site from its start URLs (and sitemap), checks every link and asset,
 * and classifies what is wrong as {@link Finding}s. The one entry class of {@code dev.headroom.crawl}.
 *
 * <pre>{@code
 * CrawlResult r = Crawler.crawl(CrawlOptions.builder("http://127.0.0.1:8080/").maxPages(5000).build());
 * r.findings().forEach(f -> System.out.println(f.kind() + " " + f.url() + " <- " + f.linkedFrom()));
 * }</pre>
 *
 * <p>All HTTP goes through one shared {@link HttpChecker} (one connection pool). A bounded worker
 * pool takes URLs from the frontier; each host has its own concurrency limit and optional token
 * bucket. Per URL the crawler keeps only its normalised URL string, a few numbers, a bounded
 * list of referring pages and, for HTML pages, the hashes of its ids (for {@code #fragment}
 * checks); bodies and DOMs are dropped as soon as a page is parsed.
 *
 * <p>Only hosts on the options' {@link CrawlOptions#allowlist() allowlist} are requested: links,
 * sitemap entries and redirects to other hosts end up in {@link CrawlResult#notChecked()}, as do
 * the URLs the crawler-trap caps cut. A crawler's own checker ({@link #checkerFor}) enforces the
 * same allowlist on every redirect hop.
 *
 * <p>A crawler runs once: build one, call {@link #crawl()}, optionally poll {@link #progress()}
 * from another thread.
 *
 * <p>Inside, this class is the frontier (admitting URLs, scope, crawler-trap caps, the work queue),
 * the sitemap seeding and the processing of one URL; its collaborators are package-private:
 * {@code PoliteFetcher} (per-host concurrency, rate, robots.txt, retries), {@code FindingRules}
 * (what a response or a page shows, and whether a finding fails), {@code Node} (what is known
 * about one URL), {@code StartUrls} (whether anything could be crawled) and {@code ResultBuilder}
 * (pages and findings of the result).
 */
public final class Crawler {

    private static final int MAX_SITEMAPS = 50;
    private static final int MAX_REPEATED_SEGMENT = 3;

    enum Type {
        PAGE, ASSET, STYLESHEET, EXTERNAL
    }

    private final CrawlOptions options;
    private final HttpChecker checker;
    private final UrlNormalizer normalizer;
    private final FindingRules rules;
    private final PoliteFetcher fetcher;
    private final TargetAllowlist allowlist;
    private final Map<NotChecked.Reason, SkipLog> notChecked = new EnumMap<>(NotChecked.Reason.class);
    /** Findings about sitemap files (cut, corrupt), by normalised URL: merged with the URL's page findings. */
    private final ConcurrentHashMap<String, List<Node.Found>> sitemapFindings = new ConcurrentHashMap<>();
    private final Set<String> startOrigins = new LinkedHashSet<>();
    private final ConcurrentHashMap<String, Node> nodes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> queryVariants = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RefList> missingFragments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, RefList> mixedContent = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicInteger admitted = new AtomicInteger();
    final AtomicInteger findingCount = new AtomicInteger(); // Node counts its findings here
    private final CountDownLatch done = new CountDownLatch(1);
    private final LongAdder requested = new LongAdder();
    private final LongAdder pages = new LongAdder();
    private final LongAdder parsed = new LongAdder();
    private final LongAdder links = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder skippedRobots = new LongAdder();
    private final LongAdder skippedScope = new LongAdder();
    private final LongAdder skippedLimit = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final ExecutorService pool;
    /** Scanning is CPU work: one page per core at a time (and so at most that many DOMs, built for error signatures). */
    private final Semaphore parsePermits = new Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private volatile boolean stopped;
    private volatile boolean aborted;
    private volatile String stopReason;
    private volatile CrawlMemory memory; // continuous mode: validators, links and findings of the last crawl
    private volatile long startNs;
    private volatile long deadlineNs;
    private boolean started;

    /**
     * A crawler using {@code checker} (shared, not closed by the crawler). A URL is requested only
     * if the options' allowlist has its host; a shared checker's own allowlist also applies (what it
     * refuses is listed as not checked too), so give a shared checker at least the crawl's hosts.
     */
    public Crawler(CrawlOptions options, HttpChecker checker) {
        this.options = options;
        this.checker = checker;
        this.normalizer = new UrlNormalizer(options.stripParams());
        this.rules = new FindingRules(options, checker.redactor());
        this.fetcher = new PoliteFetcher(options, checker, () -> stopped, () -> deadlineNs, requests, retries);
        this.allowlist = options.allowlist();
        for (NotChecked.Reason reason : NotChecked.Reason.values()) {
            notChecked.put(reason, new SkipLog(reason == NotChecked.Reason.NOT_ALLOWED));
        }
        for (String s : options.startUrls()) {
            startOrigins.add(UrlNormalizer.origin(HttpUrl.get(s)));
        }
        int workers = Math.min(256, options.concurrency() * 2 + Runtime.getRuntime().availableProcessors());
        this.pool = Executors.newFixedThreadPool(workers, Threads.daemon("crawler"));
    }

    /**
     * Makes this crawl incremental: URLs that {@code memory} remembers are requested with {@code
     * If-None-Match}/{@code If-Modified-Since}, and a 304 replays their remembered links and findings
     * instead of parsing; what this crawl sees is remembered for the next. Call before {@link #crawl()}.
     */
    public Crawler withMemory(CrawlMemory memory) {
        this.memory = memory;
        return this;
    }

    /** Aborts a running crawl within seconds: {@link #crawl()} returns what it has (incomplete). Thread-safe. */
    public void stop() {
        stop("stopped before the end");
    }

    /**
     * {@link #stop()}, saying why ({@code "stopped by Ctrl-C or SIGTERM"}): the result's {@link
     * CrawlResult#incompleteReason()} and the report carry it. The first reason given wins.
     */
    public void stop(String reason) {
        if (stopReason == null) {
            stopReason = reason;
        }
        aborted = true;
        stopped = true;
        done.countDown();
    }

    /** Crawls with a checker of its own, configured from the options, closed at the end. */
    public static CrawlResult crawl(CrawlOptions options) {
        try (HttpChecker checker = checkerFor(options)) {
            return new Crawler(options, checker).crawl();
        }
    }

    /** An {@link HttpChecker} with the options' timeout, body cap, user agent and allowlist. */
    public static HttpChecker checkerFor(CrawlOptions options) {
        return checkerBuilder(options).build();
    }

    /** The builder of {@link #checkerFor}, to add to (private trust roots, an interceptor) before building. */
    public static HttpChecker.Builder checkerBuilder(CrawlOptions options) {
        Duration t = options.timeout();
        return HttpChecker.builder()
                .connectTimeout(t.compareTo(Duration.ofSeconds(10)) < 0 ? t : Duration.ofSeconds(10))
                .readTimeout(t)
                .callTimeout(t)
                .maxBodyBytes(options.maxBodyBytes())
                .userAgent(options.userAgent())
                .allowlist(options.allowlist());
    }

    /** A snapshot for progress lines; thread-safe. */
    public CrawlProgress progress() {
        long s = startNs;
        return new CrawlProgress(requested.sum(), Math.max(0, outstanding.get()), findingCount.get(),
                s == 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - s));
    }

    /** Runs the crawl to the end (or to max time); blocking. Call once. */
    public CrawlResult crawl() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("a Crawler runs once; build another");
            }
            started = true;
        }
        Instant startedAt = Instant.now();
        startNs = System.nanoTime();
        deadlineNs = options.maxTime().isZero() ? 0 : startNs + options.maxTime().toNanos();
        outstanding.incrementAndGet(); // held by this thread while seeding
        List<Node> starts = new ArrayList<>();
        for (String s : options.startUrls()) {
            HttpUrl u = HttpUrl.get(s);
            Node n = discover(u, Links.Use.NAVIGATE, null, 0, true);
            if (n != null) {
                starts.add(n);
            }
        }
        if (options.sitemap()) {
            for (String origin : startOrigins) {
                submit(() -> seedSitemaps(origin));
            }
        }
        finishOne();
        boolean finished;
        try {
            finished = deadlineNs == 0 ? awaitDone(Long.MAX_VALUE) : awaitDone(deadlineNs - System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished || aborted) {
            finished = false;
            stopped = true;
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(aborted ? 2 : 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startNs);
        return buildResult(startedAt, took, finished, starts);
    }

    private boolean awaitDone(long nanos) throws InterruptedException {
        return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    // ---- frontier ------------------------------------------------------------------------------

    private void submit(Runnable task) {
        outstanding.incrementAndGet();
        try {
            pool.execute(() -> {
                try {
                    if (!stopped) {
                        task.run();
                    }
                } catch (RuntimeException | Error e) {
                    // a bug must not hang the crawl; the URL stays without a result
                    System.err.println("crawler: internal error: " + e);
                } finally {
                    finishOne();
                }
            });
        } catch (RejectedExecutionException e) {
            finishOne();
        }
    }

    private void finishOne() {
        if (outstanding.decrementAndGet() == 0) {
            done.countDown();
        }
    }

    enum Scope {
        IN, EXTERNAL, EXCLUDED
    }

    Scope scope(HttpUrl u) {
        String s = u.toString();
        for (Pattern p : options.excludes()) {
            if (p.matcher(s).find()) {
                return Scope.EXCLUDED;
            }
        }
        if (options.includes().isEmpty()) {
            return startOrigins.contains(UrlNormalizer.origin(u)) ? Scope.IN : Scope.EXTERNAL;
        }
        for (Pattern p : options.includes()) {
            if (p.matcher(s).find()) {
                return Scope.IN;
            }
        }
        return Scope.EXTERNAL;
    }

    /**
     * Registers a link to {@code raw} (fragment kept) found on {@code from}; schedules the URL if it
     * is new and admissible. Returns its node, or null if it is not followed.
     */
    private Node discover(HttpUrl raw, Links.Use use, Node from, int depth, boolean addRef) {
        return discover(raw, normalizer.key(raw), use, from, depth, addRef);
    }

    /** {@link #discover(HttpUrl, Links.Use, Node, int, boolean)} with the normalised key already known. */
    private Node discover(HttpUrl raw, String key, Links.Use use, Node from, int depth, boolean addRef) {
        Node node = nodes.get(key);
        if (node == null) {
            node = admit(normalizer.normalize(raw), key, use, depth, from);
            if (node == null) {
                return null;
            }
        } else {
            node.offer(use, depth);
        }
        if (from != null && addRef) {
            node.refs.add(from);
        }
        String fragment = raw.encodedFragment();
        if (fragment != null && from != null && node.type == Type.PAGE && checkableFragment(fragment)) {
            node.fragmentRef(fragment, raw.fragment(), from, this);
        }
        return node;
    }

    private Node admit(HttpUrl url, String key, Links.Use use, int depth, Node from) {
        if (key.length() > options.maxUrlLength()) {
            notChecked(NotChecked.Reason.URL_TOO_LONG, key, url, from);
            return null;
        }
        Scope scope = scope(url);
        if (scope == Scope.EXCLUDED || scope == Scope.EXTERNAL && !options.checkExternal()) {
            skippedScope.increment();
            return null;
        }
        if (!allowlist.isAllowed(url)) {
            notChecked(NotChecked.Reason.NOT_ALLOWED, key, url, from);
            return null;
        }
        Type type;
        if (scope == Scope.EXTERNAL) {
            type = Type.EXTERNAL;
        } else {
            type = switch (use) {
                case NAVIGATE -> Type.PAGE;
                case ASSET -> Type.ASSET;
                case STYLESHEET -> Type.STYLESHEET;
            };
            if (repeatsSegments(url)) {
                notChecked(NotChecked.Reason.REPEATED_SEGMENTS, key, url, from);
                return null;
            }
            if (options.respectRobots() && !fetcher.host(url).robots().allows(pathAndQuery(url))) {
                skippedRobots.increment();
                return null;
            }
        }
        Node fresh = new Node(key, type, depth);
        Node existing = nodes.putIfAbsent(key, fresh);
        if (existing != null) {
            existing.offer(use, depth);
            return existing;
        }
        if (scope == Scope.IN && url.encodedQuery() != null) {
            AtomicInteger variants = queryVariants.computeIfAbsent(
                    UrlNormalizer.origin(url) + url.encodedPath(), k -> new AtomicInteger());
            if (variants.incrementAndGet() > options.maxQueryVariants()) {
                fresh.skipped = "trap";
                notChecked(NotChecked.Reason.QUERY_VARIANTS, key, url, from);
                return null;
            }
        }
        if (admitted.incrementAndGet() > options.maxPages() || stopped) {
            fresh.skipped = "limit";
            skippedLimit.increment();
            return null;
        }
        submit(() -> process(fresh));
        return fresh;
    }

    private static boolean repeatsSegments(HttpUrl url) {
        List<String> segs = url.pathSegments();
        if (segs.size() <= MAX_REPEATED_SEGMENT) {
            return false;
        }
        Map<String, Integer> counts = new java.util.HashMap<>();
        for (String s : segs) {
            if (!s.isEmpty() && counts.merge(s, 1, Integer::sum) > MAX_REPEATED_SEGMENT) {
                return true;
            }
        }
        return false;
    }

    private static String pathAndQuery(HttpUrl u) {
        String q = u.encodedQuery();
        return q == null ? u.encodedPath() : u.encodedPath() + "?" + q;
    }

    private static boolean checkableFragment(String f) {
        return !f.isEmpty() && !f.equals("top") && !f.startsWith("!") && !f.startsWith(":~:") && f.indexOf('/') < 0
                && f.indexOf('=') < 0;
    }

    /** Notes a URL found but not requested; {@code from} is the page linking to it (or redirecting there), if any. */
    private void notChecked(NotChecked.Reason reason, String key, HttpUrl url, Node from) {
        notChecked.get(reason).add(key, url.host(), from == null ? "" : from.url);
    }

    // ---- one URL -------------------------------------------------------------------------------

    private void process(Node node) {
        HttpUrl url = HttpUrl.get(node.url);
        Type type = node.begin();
        if (type == Type.PAGE) {
            pages.increment();
        }
        requested.increment();
        boolean inScope = type != Type.EXTERNAL;
        boolean headFirst = type == Type.ASSET || type == Type.EXTERNAL;
        CrawlMemory.Page known = memory != null && inScope ? memory.previous(node.url) : null;
        CheckResult r = fetch(url, headFirst ? "HEAD" : "GET", options.maxBodyBytes(), known, node);
        if (r != null && headFirst && needsGet(r)) {
            r = fetch(url, "GET", type == Type.EXTERNAL ? 0 : 64 * 1024, known, node);
        }
        if (r == null) { // stopped meanwhile: never answered, so not counted as requested
            unrequested(node, type, "limit");
            skippedLimit.increment();
            return;
        }
        if (r.failure() == FailureKind.NOT_ALLOWED) {
            refused(node, type, r);
            return;
        }
        if (known != null && r.statusCode() == 304 && r.failure() == FailureKind.NONE) {
            replayUnchanged(node, known, r);
            return;
        }
        bytes.add(r.bodyLength());
        node.status = r.statusCode();
        String ct = r.contentType();
        node.contentType = ct == null ? "" : ct;
        node.timeMs = r.timings().total().toMillis();
        rules.response(r, node.attempts, inScope).forEach(f -> node.addFinding(this, f));

        boolean ok = r.failure() == FailureKind.NONE && r.statusCode() >= 200 && r.statusCode() < 300;
        boolean html = ok && type == Type.PAGE && isHtml(ct, r);
        boolean css = ok && !html && (type == Type.STYLESHEET || type == Type.PAGE && "text/css".equals(ct));
        if (r.truncated() && (html || css)) {
            // parsed as far as read: whatever the page links to past the cap was never seen
            node.addFinding(this, Finding.Kind.TRUNCATED, "longer than the " + sizeOf(options.maxBodyBytes())
                    + " body cap (--max-body): read and parsed up to the cap only, so links past it were not checked");
        }
        if (html) {
            parsePermits.acquireUninterruptibly();
            try {
                parsePage(node, r);
            } finally {
                parsePermits.release();
            }
        } else if (css) {
            parsed.increment();
            HttpUrl base = finalUrl(r, url);
            int n = 0;
            Set<String> seen = new HashSet<>();
            List<Links.Link> cssLinks = Links.css(r.bodyText(), base);
            for (Links.Link l : cssLinks) {
                n++;
                String key = normalizer.key(l.url());
                discover(l.url(), key, l.use(), node, node.depth + 1, seen.add(key));
            }
            node.links = n;
            links.add(n);
            remember(node, r, cssLinks, null);
        } else if (ok) {
            remember(node, r, List.of(), null);
        }
        if (!html) {
            node.finishFragments();
        }
    }

    /** A URL that was admitted but in the end not requested: out of the pages and the request count. */
    private void unrequested(Node node, Type type, String why) {
        node.skipped = why;
        requested.decrement();
        if (type == Type.PAGE) {
            pages.decrement();
        }
        node.finishFragments();
    }

    /**
     * The checker refused a host off its allowlist: a redirect's target (the URL itself answered,
     * with the redirect), or, with a shared checker whose list is narrower than the crawl's, the URL
     * itself. Neither is a finding: the crawl did not look there.
     */
    private void refused(Node node, Type type, CheckResult r) {
        HttpUrl target = HttpUrl.parse(r.url());
        List<RedirectHop> hops = r.redirects();
        if (hops.isEmpty()) {
            unrequested(node, type, "not_allowed");
            List<String> refs = node.refs.urls();
            notChecked.get(NotChecked.Reason.NOT_ALLOWED).add(node.url, target == null ? "" : target.host(),
                    refs.isEmpty() ? "" : refs.get(0));
            return;
        }
        node.status = hops.get(hops.size() - 1).statusCode();
        node.timeMs = r.timings().total().toMillis();
        node.offListTarget = r.url();
        if (target != null) {
            notChecked(NotChecked.Reason.NOT_ALLOWED, normalizer.key(target), target, node);
        }
        node.finishFragments();
    }

    static String sizeOf(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + "-byte";
    }

    private static boolean needsGet(CheckResult head) {
        FailureKind f = head.failure();
        if (f == FailureKind.DNS || f == FailureKind.CONNECTION_REFUSED || f == FailureKind.TIMEOUT
                || f == FailureKind.NOT_ALLOWED) {
            return false;
        }
        return f != FailureKind.NONE || head.statusCode() >= 400;
    }

    private static boolean isHtml(String ct, CheckResult r) {
        if (ct == null) {
            byte[] b = r.body();
            // undeclared: let jsoup try, unless it is gzip (a sitemap.xml.gz, an archive)
            return b.length > 0 && !(b.length >= 2 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b);
        }
        return ct.contains("html");
    }

    private static HttpUrl finalUrl(CheckResult r, HttpUrl requested) {
        HttpUrl u = HttpUrl.parse(r.url());
        return u == null ? requested : u;
    }

    private CheckResult fetch(HttpUrl url, String method, long cap) {
        return fetcher.fetch(url, method, cap, null, null);
    }

    private CheckResult fetch(HttpUrl url, String method, long cap, CrawlMemory.Page known, Node node) {
        return fetcher.fetch(url, method, cap, known, node);
    }

    /** Retry-After as milliseconds (seconds or an HTTP date), or -1 if absent or unreadable. */
    static long retryAfterMs(String value) {
        return PoliteFetcher.retryAfterMs(value);
    }

    private void parsePage(Node node, CheckResult r) {
        parsed.increment();
        HttpUrl base = finalUrl(r, HttpUrl.get(node.url));
        String raw = r.bodyText();
        Links.Parsed p = HtmlScanner.scan(raw, base);
        rules.content(r, raw, base, p).forEach(f -> node.addFinding(this, f));
        node.setAnchors(p.anchorHashes(), this);
        remember(node, r, p.links(), p.anchorHashes());
        if (node.depth > options.maxDepth()) {
            return;
        }
        discoverLinks(node, base, p.links());
    }

    /**
     * Queues the links found on {@code node} (parsed now, or remembered from the last crawl when the
     * page answered 304), noting mixed content once per distinct target and page.
     */
    private void discoverLinks(Node node, HttpUrl base, List<Links.Link> found) {
        Set<String> seen = new HashSet<>();
        for (Links.Link l : found) {
            String key = normalizer.key(l.url());
            boolean first = seen.add(key);
            if (first && Links.mixedContent(base, l)) {
                mixedContent.computeIfAbsent(key, k -> {
                    findingCount.incrementAndGet();
                    return new RefList();
                }).add(node);
            }
            discover(l.url(), key, l.use(), node, node.depth + 1, first);
        }
        node.links = found.size();
        links.add(found.size());
    }

    // ---- continuous mode: conditional requests ----------------------------------------------------

    /** Keeps what the next crawl needs to skip parsing this response if it is unchanged (see {@link CrawlMemory}). */
    private void remember(Node node, CheckResult r, List<Links.Link> found, int[] anchors) {
        CrawlMemory m = memory;
        if (m != null && node.type != Type.EXTERNAL && r.redirects().isEmpty() && !r.truncated()) {
            m.remember(node.url, r, found, anchors, node.findings());
        }
    }

    /** A 304: the page is as the previous crawl saw it, so its links and findings are replayed, not parsed. */
    private void replayUnchanged(Node node, CrawlMemory.Page known, CheckResult r) {
        memory.notModified(node.url, known, r);
        node.status = known.status;
        node.contentType = known.contentType;
        node.timeMs = r.timings().total().toMillis();
        for (Node.Found f : known.findings()) {
            node.addFinding(this, f);
        }
        if (r.timings().total().compareTo(options.slowBudget()) > 0) {
            node.addFinding(this, Finding.Kind.SLOW, r.timings().total().toMillis() + " ms (304), budget "
                    + options.slowBudget().toMillis() + " ms");
        }
        if (known.anchors != null) {
            node.setAnchors(known.anchors, this);
        } else {
            node.finishFragments();
        }
        if (node.depth > options.maxDepth() || known.linkCount == 0) {
            return;
        }
        discoverLinks(node, HttpUrl.get(node.url), known.links());
    }

    void missingFragment(Node target, String fragment, RefList refs) {
        RefList list = missingFragments.computeIfAbsent(target.url + "#" + fragment, k -> {
            findingCount.incrementAndGet();
            return new RefList();
        });
        list.addAll(refs);
    }

    void missingFragment(Node target, String fragment, Node from) {
        RefList list = missingFragments.computeIfAbsent(target.url + "#" + fragment, k -> {
            findingCount.incrementAndGet();
            return new RefList();
        });
        list.add(from);
    }

    // ---- sitemap -------------------------------------------------------------------------------

    private void seedSitemaps(String origin) {
        HttpUrl originUrl = HttpUrl.get(origin.replaceFirst(":(\\d+)$", ":$1/"));
        PoliteFetcher.Host host = fetcher.host(originUrl);
        List<String> queue = new ArrayList<>(host.robots().sitemaps());
        boolean guessing = queue.isEmpty();
        if (guessing) {
            queue.add(originUrl.resolve("/sitemap.xml").toString());
        }
        Set<String> seenMaps = new HashSet<>();
        String lastIndex = null;
        int dropped = 0;
        int i = 0;
        for (; i < queue.size() && seenMaps.size() < MAX_SITEMAPS && !stopped; i++) {
            HttpUrl mapUrl = HttpUrl.parse(queue.get(i));
            if (mapUrl == null || !seenMaps.add(mapUrl.toString()) || scope(mapUrl) != Scope.IN) {
                continue;
            }
            if (!allowlist.isAllowed(mapUrl)) {
                notChecked(NotChecked.Reason.NOT_ALLOWED, normalizer.key(mapUrl), mapUrl, null);
                continue;
            }
            CheckResult r = fetch(mapUrl, "GET", options.maxBodyBytes());
            if (r == null) {
                return;
            }
            if (r.failure() == FailureKind.NOT_ALLOWED && !r.redirects().isEmpty()) {
                HttpUrl target = HttpUrl.parse(r.url());
                if (target != null) {
                    notChecked.get(NotChecked.Reason.NOT_ALLOWED).add(normalizer.key(target), target.host(),
                            mapUrl.toString());
                }
            }
            if (!r.isSuccessful()) {
                if (guessing && i == 0) {
                    queue.add(originUrl.resolve("/sitemap.xml.gz").toString()); // the other usual name
                }
                continue; // a missing sitemap is not a finding; a linked one is checked like any page
            }
            Node linked = discover(mapUrl, Links.Use.NAVIGATE, null, 0, false);
            Node from = linked != null ? linked : new Node(normalizer.normalize(mapUrl).toString(), Type.PAGE, 0);
            SitemapReader.Parsed map = SitemapReader.read(r.body());
            String what = map.index() ? "sitemap index" : "sitemap";
            if (r.truncated()) {
                sitemapFinding(from.url, Finding.Kind.TRUNCATED, what + " longer than the "
                        + sizeOf(options.maxBodyBytes()) + " body cap (--max-body): entries past it were not read");
            } else if (map.problem() != null) {
                sitemapFinding(from.url, map.broken() ? Finding.Kind.BROKEN : Finding.Kind.TRUNCATED,
                        what + (map.gzipped() ? " (gzip)" : "") + ": " + map.problem());
            }
            if (map.index()) {
                lastIndex = from.url;
            }
            for (String loc : map.locs()) {
                HttpUrl u = mapUrl.resolve(loc);
                if (u == null) {
                    continue;
                }
                if (!map.index()) {
                    discover(u, Links.Use.NAVIGATE, from, 1, true);
                } else if (queue.size() < MAX_SITEMAPS * 4) { // spares for duplicates and out-of-scope entries
                    queue.add(u.toString());
                } else {
                    dropped++;
                }
            }
        }
        if (stopped || lastIndex == null) {
            return;
        }
        Set<String> unread = new HashSet<>(queue.subList(i, queue.size()));
        unread.removeAll(seenMaps);
        if (dropped + unread.size() > 0) {
            sitemapFinding(lastIndex, Finding.Kind.TRUNCATED, "sitemap index lists " + (dropped + unread.size())
                    + " more sitemaps than the " + MAX_SITEMAPS + " read per site: their entries were not read");
        }
    }

    private void sitemapFinding(String url, Finding.Kind kind, String detail) {
        sitemapFindings.computeIfAbsent(url, k -> Collections.synchronizedList(new ArrayList<>()))
                .add(new Node.Found(kind, detail, null));
        findingCount.incrementAndGet();
    }

    // ---- result --------------------------------------------------------------------------------

    private CrawlResult buildResult(Instant startedAt, Duration took, boolean finished, List<Node> starts) {
        ResultBuilder.Collected collected = ResultBuilder.collect(nodes.values(), starts, sitemapFindings,
                missingFragments, mixedContent, rules);
        List<CrawledPage> pageList = collected.pages();
        List<Finding> findings = collected.findings();
        long notFetched = collected.notFetched();
        boolean complete = finished && skippedLimit.sum() == 0 && notFetched == 0;
        List<NotChecked> unchecked = new ArrayList<>();
        long traps = 0;
        for (Map.Entry<NotChecked.Reason, SkipLog> e : notChecked.entrySet()) {
            NotChecked nc = e.getValue().toNotChecked(e.getKey());
            if (nc.count() > 0) {
                unchecked.add(nc);
            }
            if (e.getKey().trap()) {
                traps += nc.count();
            }
        }
        CrawlStats stats = new CrawlStats(requested.sum(), pages.sum(), parsed.sum(), links.sum(), nodes.size(),
                requests.sum(), retries.sum(), skippedRobots.sum(), skippedScope.sum(), traps,
                notChecked.get(NotChecked.Reason.NOT_ALLOWED).count(), skippedLimit.sum() + notFetched, bytes.sum(),
                took, complete);
        StartUrls.Reach start = StartUrls.reach(starts);
        String incomplete = "";
        if (aborted) {
            incomplete = stopReason == null ? "stopped before the end" : stopReason;
        } else if (!finished) {
            incomplete = "max time (" + dev.headroom.config.Durations.format(options.maxTime()) + ") reached";
        } else if (skippedLimit.sum() > 0) {
            incomplete = "max pages (" + options.maxPages() + ") reached";
        } else if (notFetched > 0) {
            incomplete = notFetched + " URLs found were never requested";
        }
        return new CrawlResult(options, startedAt, List.copyOf(pageList), List.copyOf(findings), stats,
                start.unreachable(), start.problems(), unchecked, aborted,
                incomplete);
    }

    // ---- state -----------------------------------------------------------------------------------
}
