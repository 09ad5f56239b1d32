package dev.headroom.init;

import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.CrawledPage;
import dev.headroom.crawl.Crawler;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HtmlForm;
import dev.headroom.http.HttpChecker;
import dev.headroom.journey.TargetUrl;
import dev.headroom.model.RouteClassifier;
import dev.headroom.process.Threads;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.FormElement;

/**
 * Surveys a shop: crawls it (bounded and polite, through {@link Crawler}), reads a few pages of each
 * URL group again to look at their markup, tells their kinds with {@link PageKindRules}, derives
 * selectors that hold on every page of a kind, tries the search form, and writes route rules.
 */
final class Surveyor {
    /** Static assets: the survey needs pages only. */
    static final String STATIC = "(?i)\\.(css|js|mjs|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|eot|pdf|zip)([?;#]|$)";
    /** Links a polite crawl, and so the shop file's crawl, must not follow: they change what a session holds. */
    static final List<String> UNSAFE = List.of(
            "(?i)sign-?out|log-?out|log-?off",
            "(?i)(cart|basket|bag)[^?]*(remove|delete|clear|empty)|remove-?item",
            AddToCartDetector.WORDS.pattern());
    static final int SAMPLES_PER_GROUP = 6;
    static final int MAX_SAMPLES = 60;

    private final InitOptions options;
    private final HttpChecker checker;
    private final PrintWriter progress;
    private final long pauseMs;

    private final SearchFormDetector searchForms = new SearchFormDetector();
    private final SignInFormDetector signInForms = new SignInFormDetector();
    private final AddToCartDetector addToCarts = new AddToCartDetector();
    private final CheckoutFormDetector checkoutForms = new CheckoutFormDetector();
    private final PriceDetector prices = new PriceDetector();

    Surveyor(InitOptions options, HttpChecker checker, PrintWriter progress) {
        this.options = options;
        this.checker = checker;
        this.progress = progress;
        this.pauseMs = (long) Math.ceil(1000 / options.rate());
    }

    /** The crawl's options for {@code options}: bounded, polite, pages only, under the URL's context path. */
    static CrawlOptions crawlOptions(InitOptions options) {
        HttpUrl target = HttpUrl.get(options.url());
        CrawlOptions.Builder b = CrawlOptions.builder(options.url()).maxPages(options.maxPages()).maxTime(options.maxTime())
                .rate(options.rate()).concurrency(2).checkExternal(false).retries(1).timeout(Duration.ofSeconds(15))
                .slowBudget(Duration.ofSeconds(10)).maxQueryVariants(3).sitemap(false).exclude(STATIC);
        UNSAFE.forEach(b::exclude);
        if (!target.encodedPath().equals("/")) {
            b.include("^" + Pattern.quote(TargetUrl.root(target) + "/"));
        }
        if (!options.allow().isEmpty()) {
            b.allow(options.allow().toArray(String[]::new));
        }
        return b.build();
    }

    ShopSurvey survey() {
        CrawlOptions crawlOptions = crawlOptions(options);
        Crawler crawler = new Crawler(crawlOptions, checker);
        progress.printf("init: crawling %s (at most %d pages, %s, %s requests/s)%n", options.url(), options.maxPages(),
                human(options.maxTime()), trim(options.rate()));
        progress.flush();
        Thread ticker = Threads.daemonThread("init-progress", () -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(2000);
                    progress.println("init: " + crawler.progress().line());
                    progress.flush();
                }
            } catch (InterruptedException e) {
                // crawl finished
            }
        });
        ticker.start();
        CrawlResult crawl;
        try {
            crawl = crawler.crawl();
        } finally {
            ticker.interrupt();
        }
        if (crawl.startUnreachable()) {
            throw new InitException(InitException.Reason.UNREACHABLE, crawl.unreachableReason());
        }
        List<String> notes = new ArrayList<>();
        if (!crawl.incompleteReason().isEmpty()) {
            notes.add("the crawl stopped early (" + crawl.incompleteReason() + "): kinds of page it did not reach are not in the files");
        }
        List<CrawledPage> html = crawl.pages().stream()
                .filter(p -> p.type() == CrawledPage.Type.PAGE && p.status() >= 200 && p.status() < 300)
                .filter(p -> p.contentType().contains("html"))
                .sorted(Comparator.comparingInt(CrawledPage::depth).thenComparing(CrawledPage::url)).toList();
        return new Analysis(crawl, html, notes).run();
    }

    /** One survey's working state, from the crawl to the survey. */
    private final class Analysis {
        final CrawlResult crawl;
        final List<CrawledPage> html;
        final List<String> notes;
        final List<String> unknowns = new ArrayList<>();
        final String target;
        final UrlShapes shapes;
        final Map<String, Document> samples = new LinkedHashMap<>(); // final URL (stripped) -> page
        final Map<String, String> sampleGroup = new HashMap<>();
        final Set<String> priced = new java.util.HashSet<>();
        String startUrl;

        Analysis(CrawlResult crawl, List<CrawledPage> html, List<String> notes) {
            this.crawl = crawl;
            this.html = html;
            this.notes = notes;
            this.target = HttpUrl.get(options.url()).toString();
            this.shapes = new UrlShapes(html.stream().map(CrawledPage::url).toList(), HttpUrl.get(options.url()).encodedPath());
        }

        ShopSurvey run() {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            for (CrawledPage p : html) {
                groups.computeIfAbsent(shapes.groupKey(p.url()), k -> new ArrayList<>()).add(UrlShapes.strip(p.url()));
            }
            startUrl = fetch(target).map(this::keep).orElseThrow(() -> new InitException(InitException.Reason.UNREACHABLE,
                    "cannot read the start page " + target + " again after the crawl"));
            int budget = MAX_SAMPLES;
            for (List<String> urls : groups.values()) {
                for (String u : urls.subList(0, Math.min(SAMPLES_PER_GROUP, urls.size()))) {
                    if (budget-- <= 0 || samples.containsKey(u)) {
                        continue;
                    }
                    fetch(u).ifPresent(this::keep);
                }
            }
            progress.printf("init: crawled %d pages in %d groups of URLs; read %d of them again to look at their markup%n",
                    html.size(), groups.size(), samples.size());
            progress.flush();

            Optional<FormInfo> searchForm = first(searchForms::find);
            Optional<FormInfo> signInForm = first(signInForms::find);
            Optional<FormInfo> checkoutForm = first(checkoutForms::find);
            String searchPath = searchForm.map(f -> UrlShapes.path(resolve(f.page(), f.action()))).orElse(null);

            // Pass 1 finds product pages from their own markup; pass 2 counts links to the product groups.
            Map<String, PageKind> kinds = classify(Set.of(), searchPath);
            Set<String> productGroups = groupsOf(kinds, PageKind.PRODUCT);
            kinds = classify(productGroups, searchPath);
            Map<String, PageKind> groupKinds = groupKinds(kinds);
            productGroups = keysOf(groupKinds, PageKind.PRODUCT);

            Map<String, PageKind> crawled = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> g : groups.entrySet()) {
                for (String u : g.getValue()) {
                    crawled.put(u, groupKinds.get(g.getKey()));
                }
            }
            samples.keySet().forEach(u -> crawled.putIfAbsent(u, groupKinds.get(sampleGroup.get(u))));
            crawled.put(startUrl, PageKind.HOME);
            for (Map.Entry<String, PageKind> e : kinds.entrySet()) {
                if (e.getValue() == PageKind.HOME || e.getValue() == PageKind.SEARCH) {
                    crawled.put(e.getKey(), e.getValue());
                }
            }

            Predicate<String> isProduct = inGroups(keysOf(groupKinds, PageKind.PRODUCT));
            Predicate<String> isListing = inGroups(keysOf(groupKinds, PageKind.LISTING));
            Document home = samples.get(startUrl);
            List<Document> listingDocs = docsOf(kinds, PageKind.LISTING);
            List<Document> productDocs = samples.entrySet().stream().filter(e -> isProduct.test(e.getKey())).map(Map.Entry::getValue).toList();

            Map<ShopSurvey.Selector, String> selectors = new EnumMap<>(ShopSurvey.Selector.class);
            Selectors.linksTo(List.of(home), isListing, hints(keysOf(groupKinds, PageKind.LISTING)))
                    .ifPresent(s -> selectors.put(ShopSurvey.Selector.LISTING_LINK, s));
            List<String> productHint = hints(productGroups);
            if (!productGroups.isEmpty()) {
                Selectors.linksTo(listingDocs.isEmpty() ? List.of(home) : listingDocs, isProduct, productHint)
                        .or(() -> Selectors.linksTo(List.of(home), isProduct, productHint))
                        .ifPresent(s -> selectors.put(ShopSurvey.Selector.PRODUCT_LINK, s));
            }
            if (!productDocs.isEmpty()) {
                List<String> priceCandidates = new ArrayList<>();
                prices.find(productDocs.get(0)).forEach(e -> priceCandidates.addAll(Selectors.elementCandidates(e)));
                Selectors.presentOnAll(productDocs, priceCandidates, e -> e.text().matches(".*\\d.*"))
                        .ifPresent(s -> selectors.put(ShopSurvey.Selector.PRICE, s));
                if (!selectors.containsKey(ShopSurvey.Selector.PRICE)) {
                    prices.find(productDocs.get(0)).stream().map(e -> PriceDetector.currencyPattern(e.ownText())).flatMap(Optional::stream)
                            .filter(re -> productDocs.stream().allMatch(d -> Pattern.compile(re).matcher(d.html()).find()))
                            .findFirst().ifPresent(re -> selectors.put(ShopSurvey.Selector.PRICE_TEXT, re));
                }
                List<String> nameCandidates = new ArrayList<>();
                for (String heading : List.of("h1", "h2")) {
                    Element h = productDocs.get(0).selectFirst(heading);
                    if (h != null) {
                        nameCandidates.addAll(Selectors.elementCandidates(h));
                        nameCandidates.add(heading);
                    }
                }
                Selectors.presentOnAll(productDocs, nameCandidates, e -> !e.text().isBlank())
                        .ifPresent(s -> selectors.put(ShopSurvey.Selector.PRODUCT_NAME, s));
            }

            Optional<AddToCart> addToCart = Optional.empty();
            for (Document d : productDocs) {
                addToCart = addToCarts.find(d, d.location());
                if (addToCart.isPresent()) {
                    break;
                }
            }

            String term = "";
            String termSource = "";
            if (searchForm.isPresent() && !productDocs.isEmpty()) {
                String name = productName(productDocs.get(0), selectors.get(ShopSurvey.Selector.PRODUCT_NAME));
                for (String candidate : termCandidates(name).subList(0, Math.min(4, termCandidates(name).size()))) {
                    Optional<Document> results = search(searchForm.get(), candidate);
                    if (results.isEmpty()) {
                        continue;
                    }
                    Document r = results.get();
                    String kept = keep(r.location(), r);
                    crawled.put(kept, PageKind.SEARCH);
                    Optional<String> sel = Optional.ofNullable(selectors.get(ShopSurvey.Selector.PRODUCT_LINK))
                            .filter(s -> Selectors.onlyTargets(r, s, isProduct))
                            .or(() -> Selectors.linksTo(List.of(r), isProduct, productHint));
                    if (sel.isPresent()) {
                        term = candidate;
                        termSource = "\"" + name + "\", " + productDocs.get(0).location();
                        selectors.put(ShopSurvey.Selector.SEARCH_RESULT_LINK, sel.get());
                        break;
                    }
                }
                if (term.isEmpty()) {
                    unknowns.add("searching for words of a real product name (\"" + name + "\") found no links to product"
                            + " pages: search.yaml is not written");
                }
            }

            Map<PageKind, ShopSurvey.Found> found = found(crawled);
            Map<String, PageKind> linked = new LinkedHashMap<>(crawled);
            if (!found.containsKey(PageKind.CART)) {
                cartLink(home).ifPresent(cart -> {
                    found.put(PageKind.CART, new ShopSurvey.Found(PageKind.CART, "a link to the cart on the home page (not read:"
                            + " robots.txt or the crawl's bounds kept it out)", List.of(cart), 1));
                    linked.put(cart, PageKind.CART);
                });
            }
            List<RouteClassifier.Rule> routes = routes(linked);
            checkRoutes(routes, crawled);
            List<String> excludes = new ArrayList<>(UNSAFE);

            explainUnknowns(found, searchForm, signInForm, addToCart, checkoutForm, selectors);
            return new ShopSurvey(target, found, crawled, searchForm, signInForm, addToCart, checkoutForm, selectors,
                    term, termSource, routes, excludes, unknowns, notes);
        }

        private void explainUnknowns(Map<PageKind, ShopSurvey.Found> found, Optional<FormInfo> searchForm,
                Optional<FormInfo> signInForm, Optional<AddToCart> addToCart, Optional<FormInfo> checkoutForm,
                Map<ShopSurvey.Selector, String> selectors) {
            if (!found.containsKey(PageKind.PRODUCT)) {
                unknowns.add(0, "no product page found (a page with a price and an add-to-cart form or link): browse.yaml"
                        + " ends before a product, and search.yaml is not written");
            } else if (!found.containsKey(PageKind.LISTING)) {
                unknowns.add(0, "no listing (category) page found (a page linking to three or more product pages):"
                        + " browse.yaml goes from the home page straight to a product");
            }
            if (found.containsKey(PageKind.LISTING) && !selectors.containsKey(ShopSurvey.Selector.LISTING_LINK)) {
                unknowns.add("no selector for links from the home page to listing pages held: browse.yaml starts at a listing page");
            }
            if (found.containsKey(PageKind.PRODUCT) && !selectors.containsKey(ShopSurvey.Selector.PRICE)
                    && !selectors.containsKey(ShopSurvey.Selector.PRICE_TEXT)) {
                unknowns.add("no price selector holds on every product page: browse.yaml does not assert the price");
            }
            if (searchForm.isEmpty()) {
                unknowns.add("no search form found (a form with a text input named q, query, keyword or search):"
                        + " search.yaml is not written");
            }
            if (signInForm.isEmpty()) {
                unknowns.add("no sign-in form found (a form with one password field): the checkout skeleton has no sign-in steps");
            }
            if (found.containsKey(PageKind.PRODUCT) && addToCart.isEmpty()) {
                unknowns.add("no add-to-cart form or link found on the product pages: the checkout skeleton's add-to-cart step is a TODO");
            }
            if (!found.containsKey(PageKind.CART)) {
                unknowns.add("no cart page found: the checkout skeleton's cart step is a TODO");
            }
            if (checkoutForm.isEmpty()) {
                unknowns.add("no checkout form seen (card or address fields; usually behind sign-in and a full cart: --sign-in"
                        + " USER lets init look): the checkout skeleton's order step is a TODO");
            }
        }

        private Optional<CheckResult> fetchResult(CheckRequest request) {
            try {
                Thread.sleep(pauseMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            CheckResult r = checker.execute(request);
            if (!r.isSuccessful() || r.contentType() == null || !r.contentType().contains("html")) {
                return Optional.empty();
            }
            return Optional.of(r);
        }

        private Optional<Document> fetch(String url) {
            return fetchResult(CheckRequest.get(url)).map(r -> Jsoup.parse(r.bodyText(), r.url()));
        }

        private String keep(Document d) {
            return keep(d.location(), d);
        }

        private String keep(String url, Document d) {
            String u = UrlShapes.strip(url);
            samples.putIfAbsent(u, d);
            sampleGroup.putIfAbsent(u, shapes.groupKey(u));
            return u;
        }

        /** A link on the page to the cart (its path names the cart, basket or bag, and it adds or removes nothing). */
        private Optional<String> cartLink(Document page) {
            return page.select("a[href]").stream().map(a -> UrlShapes.strip(a.absUrl("href")))
                    .filter(u -> !u.isEmpty() && sameSite(u))
                    .filter(u -> PageKindRules.CART_PATH.matcher(UrlShapes.path(u)).find())
                    .filter(u -> UNSAFE.stream().noneMatch(x -> Pattern.compile(x).matcher(u).find()))
                    .findFirst();
        }

        private <T> Optional<T> first(java.util.function.BiFunction<Document, String, Optional<T>> detector) {
            Optional<T> onHome = detector.apply(samples.get(startUrl), startUrl);
            if (onHome.isPresent()) {
                return onHome;
            }
            // The plainest URL first: /signin rather than /signin?next=/orders.
            List<Map.Entry<String, Document>> plainestFirst = samples.entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Document> e) -> e.getKey().contains("?"))
                            .thenComparingInt(e -> e.getKey().length())).toList();
            for (Map.Entry<String, Document> e : plainestFirst) {
                Optional<T> found = detector.apply(e.getValue(), e.getKey());
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }

        private Map<String, PageKind> classify(Set<String> productGroups, String searchPath) {
            Map<String, PageKind> out = new LinkedHashMap<>();
            priced.clear();
            Predicate<String> isProduct = inGroups(productGroups);
            for (Map.Entry<String, Document> e : samples.entrySet()) {
                Document d = e.getValue();
                String url = e.getKey();
                long productLinks = d.select("a[href]").stream().map(a -> UrlShapes.strip(a.absUrl("href")))
                        .filter(u -> !u.equals(url) && isProduct.test(u)).distinct().count();
                PageKindRules.Facts facts = new PageKindRules.Facts(url, url.equals(startUrl),
                        searchPath != null && UrlShapes.path(url).equals(searchPath) && !url.equals(startUrl),
                        signInForms.find(d, url), checkoutForms.find(d, url), addToCarts.find(d, url),
                        !prices.find(d).isEmpty(), (int) productLinks,
                        sampleGroup.get(url).contains("*") || sampleGroup.get(url).contains("?"));
                PageKindRules.match(facts).ifPresent(r -> out.put(url, r.kind()));
                if (facts.price()) {
                    priced.add(url);
                }
            }
            return out;
        }

        private Set<String> groupsOf(Map<String, PageKind> kinds, PageKind kind) {
            return keysOf(groupKinds(kinds), kind);
        }

        /**
         * Each group's kind: {@link PageKind#PRODUCT} when one of its pages read is a product page and all of them
         * show a price (a product out of stock has no add-to-cart, and its "customers also bought" makes it look
         * like a listing); else the most frequent kind among its pages read, ties to the earlier rule. Home and
         * search results stand alone.
         */
        private Map<String, PageKind> groupKinds(Map<String, PageKind> kinds) {
            Map<String, Map<PageKind, Integer>> votes = new LinkedHashMap<>();
            Map<String, Boolean> allPriced = new HashMap<>();
            samples.keySet().forEach(url -> allPriced.merge(sampleGroup.get(url), priced.contains(url), Boolean::logicalAnd));
            kinds.forEach((url, kind) -> {
                if (kind != PageKind.HOME) {
                    votes.computeIfAbsent(sampleGroup.get(url), k -> new EnumMap<>(PageKind.class)).merge(kind, 1, Integer::sum);
                }
            });
            List<PageKind> ruleOrder = PageKindRules.RULES.stream().map(PageKindRules.Rule::kind).toList();
            Map<String, PageKind> out = new LinkedHashMap<>();
            votes.forEach((group, v) -> {
                if (v.containsKey(PageKind.PRODUCT) && allPriced.getOrDefault(group, false)) {
                    out.put(group, PageKind.PRODUCT);
                    return;
                }
                v.entrySet().stream().max(Map.Entry.<PageKind, Integer>comparingByValue()
                        .thenComparing(e -> -ruleOrder.indexOf(e.getKey()))).ifPresent(e -> out.put(group, e.getKey()));
            });
            return out;
        }

        private Set<String> keysOf(Map<String, PageKind> groupKinds, PageKind kind) {
            Set<String> out = new LinkedHashSet<>();
            groupKinds.forEach((g, k) -> {
                if (k == kind) {
                    out.add(g);
                }
            });
            return out;
        }

        private Predicate<String> inGroups(Set<String> groups) {
            return url -> url != null && !url.isEmpty() && groups.contains(shapes.groupKey(UrlShapes.strip(url)))
                    && sameSite(url);
        }

        private boolean sameSite(String url) {
            HttpUrl u = HttpUrl.parse(url);
            HttpUrl t = HttpUrl.get(target);
            return u != null && u.host().equals(t.host()) && u.port() == t.port();
        }

        private List<Document> docsOf(Map<String, PageKind> kinds, PageKind kind) {
            return kinds.entrySet().stream().filter(e -> e.getValue() == kind).map(e -> samples.get(e.getKey())).limit(8).toList();
        }

        private List<String> hints(Set<String> groups) {
            return groups.stream().map(UrlShapes::hrefHint).filter(h -> !h.isBlank()).distinct().toList();
        }

        private Optional<Document> search(FormInfo form, String term) {
            Document page = samples.get(UrlShapes.strip(form.page()));
            if (page == null) {
                return Optional.empty();
            }
            Element element = page.selectFirst(form.selector());
            if (!(element instanceof FormElement fe)) {
                return Optional.empty();
            }
            CheckRequest request = HtmlForm.of(fe).set(form.fields().get(0), term).toRequest();
            return fetchResult(request).map(r -> Jsoup.parse(r.bodyText(), r.url()));
        }

        private Map<PageKind, ShopSurvey.Found> found(Map<String, PageKind> crawled) {
            Map<PageKind, ShopSurvey.Found> out = new EnumMap<>(PageKind.class);
            for (PageKind kind : PageKind.values()) {
                List<String> urls = crawled.entrySet().stream().filter(e -> e.getValue() == kind).map(Map.Entry::getKey).toList();
                if (!urls.isEmpty()) {
                    List<String> examples = new ArrayList<>(urls.stream().filter(samples::containsKey).limit(3).toList());
                    urls.stream().filter(u -> !examples.contains(u)).limit(3 - examples.size()).forEach(examples::add);
                    out.put(kind, new ShopSurvey.Found(kind, PageKindRules.why(kind), examples, urls.size()));
                }
            }
            return out;
        }

        /** Static assets first, then the most specific kinds; home last, as it is the shortest path. */
        private List<RouteClassifier.Rule> routes(Map<String, PageKind> crawled) {
            List<RouteClassifier.Rule> rules = new ArrayList<>();
            rules.add(RouteClassifier.DEFAULT_RULES.get(0));
            for (PageKind kind : List.of(PageKind.PRODUCT, PageKind.LISTING, PageKind.SEARCH, PageKind.CART,
                    PageKind.CHECKOUT, PageKind.SIGN_IN, PageKind.HOME)) {
                Map<String, Set<String>> paths = new LinkedHashMap<>();
                crawled.forEach((u, k) -> {
                    if (k == kind) {
                        String group = shapes.groupKey(u);
                        paths.computeIfAbsent(group.replaceAll("\\?.*", ""), g -> new LinkedHashSet<>()).add(UrlShapes.path(u));
                    }
                });
                if (!paths.isEmpty()) {
                    rules.add(new RouteClassifier.Rule(kind.routeClass(), UrlShapes.regex(paths.values())));
                }
            }
            return rules;
        }

        private void checkRoutes(List<RouteClassifier.Rule> routes, Map<String, PageKind> crawled) {
            RouteClassifier classifier = RouteClassifier.of(routes);
            Map<String, Integer> wrong = new LinkedHashMap<>();
            crawled.forEach((u, k) -> {
                if (k != null) {
                    String got = classifier.name(classifier.classify(UrlShapes.path(u)));
                    if (!got.equals(k.routeClass())) {
                        wrong.merge(k.routeClass() + " as " + got, 1, Integer::sum);
                    }
                }
            });
            wrong.forEach((what, n) -> notes.add(n + " crawled page(s) of class " + what.replace(" as ", " classify as ")
                    + " by path alone (their paths do not tell them apart; the query string is not classified)"));
        }
    }

    private static String resolve(String base, String action) {
        HttpUrl b = HttpUrl.get(base);
        HttpUrl r = action == null || action.isBlank() ? b : b.resolve(action);
        return r == null ? base : r.toString();
    }

    private static String productName(Document product, String selector) {
        Element e = selector != null ? product.selectFirst(selector)
                : product.selectFirst("h1") != null ? product.selectFirst("h1") : product.selectFirst("h2");
        String name = e != null ? e.text() : product.title();
        return name.strip();
    }

    /** The words of the name, longest first (a search engine's likeliest hits), then the name as it is. */
    static List<String> termCandidates(String name) {
        List<String> out = new ArrayList<>();
        Arrays.stream(name.split("[^\\p{L}\\p{N}]+")).filter(w -> w.length() >= 4 && w.chars().anyMatch(Character::isLetter))
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).limit(3).forEach(out::add);
        if (!name.isBlank() && !out.contains(name)) {
            out.add(name);
        }
        return out;
    }

    private static String human(Duration d) {
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
