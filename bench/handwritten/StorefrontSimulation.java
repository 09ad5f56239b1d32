package dev.headroom.simulations;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import dev.headroom.http.HttpChecker;
import dev.headroom.load.InjectorRuntime;
import dev.headroom.load.RunSettings;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ClosedInjectionStep;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * BENCHMARK COPY (bench/journey-vs-handwritten.sh): the hand-written Gatling chains that {@code
 * ./headroom load} ran before it ran the shop's journey files, kept to compare their cost with the
 * journey-driven load test. The script compiles this file as {@code
 * dev.headroom.simulations.JourneySimulation} into a folder of its own and puts that folder first
 * on {@code HEADROOM_GATLING_CLASSPATH}, so {@code ./headroom load} forks it exactly as it forks the
 * journey-driven simulation (same run.json, recorder, results, report, JVM options). Changes from
 * the original, which {@code git log --follow} shows, are only where {@link RunSettings} no longer
 * carries what it read: the journey mix comes from {@code -Dheadroom.bench.mix} (default below),
 * product ids and categories from the storefront's {@code /sitemap.xml}, search terms from {@code
 * -Dheadroom.bench.searchTerms} (default: the words of bench/lua/search.lua); and the arrival rate
 * is rescaled from the planned journeys' requests per customer to these chains', so the request
 * rate is the one planned. Pass the properties with {@code JAVA_TOOL_OPTIONS}.
 *
 * <p>Customers of the reference storefront (or any shop with the same routes), at stages of a
 * multiple of the modelled peak. Everything comes from the run settings that {@code ./headroom
 * load} writes ({@code -Dheadroom.load.settings=FILE}); nothing here needs a recompile.
 *
 * <p>Journeys (shares from the profile): browse (home, category, product), search (search, product),
 * product (a product page), cart (product, add to cart with the page's CSRF token) and checkout
 * (sign in as a demo shopper, product, add to cart, the checkout page, place the order with the test
 * card, then cancel it so that stock is not drained). Every request checks its status and a page
 * marker, and is recorded by Headroom's recorder under its request group (home, category, product,
 * search, cart, signin, checkout, order).
 *
 * <p>Redirects (the shop answers every form post with a 303) are followed by {@link Redirects}, not
 * by Gatling, so that no hop goes to a host off the run's allowlist; the page's checks apply to the
 * final response.
 */
public class StorefrontSimulation extends Simulation {

    private final RunSettings settings = RunSettings.fromSystemProperty();
    private final InjectorRuntime runtime = new InjectorRuntime(settings);
    private final Redirects redirects = new Redirects(settings.targetAllowlist(), HttpChecker.DEFAULT_MAX_REDIRECTS);

    // ---- what RunSettings no longer carries (see the class comment)
    private static final String DEFAULT_MIX = "browse:0.425,search:0.425,checkout:0.15";
    private static final String DEFAULT_TERMS = "lamp,oak,kettle,walnut,tent,copper,novel,linen,puzzle,steel,"
            + "speaker,cedar,towel,brass,yoga,leash,suitcase,vintage,nordic,glass";
    /** Requests each chain sends when every step runs (a redirect followed counts as one). */
    private static final Map<String, Integer> REQUESTS = Map.of("browse", 3, "search", 2, "product", 1, "cart", 2,
            "checkout", 7);
    private final Map<String, Double> mix = mix(System.getProperty("headroom.bench.mix", DEFAULT_MIX));
    private final List<Integer> productIds = new ArrayList<>();
    private final List<String> categories = new ArrayList<>();
    private final List<String> searchTerms = List.of(System.getProperty("headroom.bench.searchTerms", DEFAULT_TERMS)
            .split(","));
    /** The planned arrival rate is for the journeys' requests per customer; these chains send another number. */
    private final double rateScale;

    public StorefrontSimulation() {
        readSitemap();
        double planned = settings.journeys().stream().mapToDouble(j -> j.share() * j.requests()).sum();
        double own = mix.entrySet().stream().mapToDouble(e -> e.getValue() * REQUESTS.get(e.getKey())).sum();
        rateScale = planned > 0 && own > 0 ? planned / own : 1;
        System.out.printf("headroom bench: hand-written chains, mix %s, %d products, %d categories, %d search terms, "
                + "%.2f requests per customer (the plan's journeys: %.2f), arrival rate x %.3f%n", mix, productIds.size(),
                categories.size(), searchTerms.size(), own, planned, rateScale);
        settings.targetAllowlist().check(settings.target()); // ./headroom load checked it; so does the injector
        HttpProtocolBuilder protocol = http.baseUrl(settings.target())
                .disableWarmUp()
                .disableFollowRedirect() // Redirects follows them, through the allowlist
                .acceptHeader("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                .userAgentHeader("headroom-load/" + settings.shard());

        ScenarioBuilder customers = scenario("customers")
                .feed(feeder())
                .randomSwitch().on(journeys())
                .exec(stopInjectorIf(s -> "SLO breach: " + runtime.abortReason(), s -> runtime.aborting()));

        PopulationBuilder population = settings.closed()
                ? customers.injectClosed(closedSteps())
                : customers.injectOpen(openSteps());
        setUp(population.protocols(protocol))
                .maxDuration(settings.maxDuration());
    }

    @Override
    public void before() {
        runtime.start();
        System.out.printf("headroom: %s model, %d stage(s), %s planned, shard %s, target %s, allowlist %s%n",
                settings.closed() ? "closed" : "open", settings.stages().size(), settings.plannedDuration(),
                settings.shard(), settings.target(), settings.allowlist());
    }

    @Override
    public void after() {
        var results = runtime.finish();
        System.out.printf("headroom: recorded %d requests (%d failed)%s; results in %s%n", results.totalRequests(),
                results.failedRequests(), results.aborted() ? ", stopped early" : "", settings.resultsFile());
    }

    // ---- journeys

    private io.gatling.javaapi.core.Choice.WithWeight[] journeys() {
        List<io.gatling.javaapi.core.Choice.WithWeight> choices = new ArrayList<>();
        for (Map.Entry<String, Double> e : mix.entrySet()) {
            double percent = Math.floor(e.getValue() * 100 * 1000) / 1000; // never above 100 in total
            if (percent <= 0) {
                continue;
            }
            choices.add(percent(percent).then(journey(e.getKey())));
        }
        if (choices.isEmpty()) {
            throw new IllegalStateException("the journey mix is empty");
        }
        return choices.toArray(io.gatling.javaapi.core.Choice.WithWeight[]::new);
    }

    private ChainBuilder journey(String name) {
        return switch (name) {
            case "browse" -> chain(home(), think(), category(), think(), product());
            case "search" -> chain(search(), think(), product());
            case "product" -> product();
            case "cart" -> chain(product(), think(), addToCart());
            case "checkout" -> chain(signIn(), think(), product(), think(), addToCart(), think(), checkout());
            default -> throw new IllegalStateException("unknown journey " + name);
        };
    }

    private ChainBuilder home() {
        return recorded("home", PageRequest.get("home", "/").check(substring("Welcome to Headroom Store")));
    }

    private ChainBuilder category() {
        return recorded("category", PageRequest.get("category", "/category/#{category}").check(css("h1").exists()));
    }

    private ChainBuilder product() {
        // the add-to-cart token comes from this page only (an out-of-stock product has no form)
        return exec(s -> s.remove("csrf")).exec(recorded("product", PageRequest.get("product", "/product/#{productId}")
                .check(css("#product-name").exists(),
                        css("form.add-to-cart input[name=_csrf]", "value").optional().saveAs("csrf"))));
    }

    private ChainBuilder search() {
        return recorded("search", PageRequest.get("search", "/search").queryParam("q", "#{term}")
                .check(substring("<h1>Search</h1>")));
    }

    private ChainBuilder addToCart() {
        // Only with a token from the product page; without one the step is skipped, not faked.
        return doIf(s -> s.contains("csrf")).then(recorded("cart", PageRequest.post("add to cart", "/cart/add")
                .formParam("_csrf", "#{csrf}").formParam("productId", "#{productId}").formParam("qty", "1")
                .check(currentLocationRegex("/cart$").exists()))
                .exec(s -> s.set("carted", true)));
    }

    private ChainBuilder signIn() {
        return chain(
                recorded("signin", PageRequest.get("sign-in page", "/signin")
                        .check(css("input[name=_csrf]", "value").saveAs("csrf"))),
                think(),
                doIf(s -> s.contains("csrf")).then(recorded("signin", PageRequest.post("sign in", "/signin")
                        .formParam("_csrf", "#{csrf}").formParam("email", "#{email}")
                        .formParam("password", "shop-secret").formParam("next", "/")
                        .check(substring("Sign out")))));
    }

    private ChainBuilder checkout() {
        // Only with something in the cart (the product may have been out of stock). The order is
        // placed with the approved test card, then cancelled, which puts its stock back: a load test
        // must not empty the shop it measures, and the cancel is a write path customers use too.
        return doIf(s -> s.contains("carted")).then(chain(
                recorded("checkout", PageRequest.get("checkout page", "/checkout")
                        .check(substring("<h1>Checkout</h1>"),
                                css("form.checkout input[name=_csrf]", "value").saveAs("csrf"))),
                think(),
                exec(s -> s.remove("orderNumber").remove("cancelCsrf")),
                recorded("checkout", PageRequest.post("place order", "/checkout")
                        .formParam("_csrf", "#{csrf}")
                        .formParam("name", "Headroom Load").formParam("address", "1 Loopback Lane")
                        .formParam("city", "Localhost").formParam("postcode", "LO1 1HR")
                        .formParam("country", "United Kingdom").formParam("cardNumber", "4242 4242 4242 4242")
                        .formParam("expiry", "12/30").formParam("cvc", "123")
                        .check(substring("Order confirmed"),
                                css("#order-number").saveAs("orderNumber"),
                                css("form.cancel input[name=_csrf]", "value").saveAs("cancelCsrf"))),
                exec(s -> s.remove("carted")),
                doIf(s -> s.contains("orderNumber") && s.contains("cancelCsrf")).then(
                        recorded("order", PageRequest.post("cancel order", "/orders/#{orderNumber}/cancel")
                                .formParam("_csrf", "#{cancelCsrf}")
                                .check(substring("Order cancelled"))))));
    }

    private ChainBuilder think() {
        long mean = settings.thinkTime().toMillis();
        if (mean <= 0) {
            return exec(s -> s);
        }
        return pause(Duration.ofMillis(mean / 2), Duration.ofMillis(mean * 3 / 2));
    }

    private static ChainBuilder chain(ChainBuilder... steps) {
        ChainBuilder c = steps[0];
        for (int i = 1; i < steps.length; i++) {
            c = c.exec(steps[i]);
        }
        return c;
    }

    /** Every request goes through the redirect guard and the recorder, then the early-abort check. */
    private ChainBuilder recorded(String group, PageRequest request) {
        return redirects.recorded(runtime, group, request)
                .exec(stopInjectorIf(s -> "SLO breach: " + runtime.abortReason(), s -> runtime.aborting()));
    }

    // ---- data

    private Iterator<Map<String, Object>> feeder() {
        List<Integer> products = productIds;
        List<String> terms = searchTerms;
        Supplier<Map<String, Object>> next = () -> {
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return Map.of(
                    "productId", products.get(r.nextInt(products.size())),
                    "category", categories.get(r.nextInt(categories.size())),
                    "term", terms.get(r.nextInt(terms.size())),
                    "email", "shopper" + (1 + r.nextInt(20)) + "@example.test");
        };
        return Stream.generate(next).iterator();
    }

    private static Map<String, Double> mix(String spec) {
        Map<String, Double> m = new LinkedHashMap<>();
        double sum = 0;
        for (String part : spec.split(",")) {
            String[] kv = part.strip().split(":");
            if (!REQUESTS.containsKey(kv[0].strip())) {
                throw new IllegalArgumentException("headroom.bench.mix: unknown chain '" + kv[0] + "' (" + REQUESTS.keySet() + ")");
            }
            double share = Double.parseDouble(kv[1].strip());
            m.put(kv[0].strip(), share);
            sum += share;
        }
        for (Map.Entry<String, Double> e : m.entrySet()) {
            e.setValue(e.getValue() / sum);
        }
        return m;
    }

    /** Product ids and category slugs from the shop's sitemap, as the load test read them before journeys. */
    private void readSitemap() {
        String xml;
        try {
            xml = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(settings.target() + "/sitemap.xml"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read " + settings.target() + "/sitemap.xml: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Set<String> slugs = new LinkedHashSet<>();
        Matcher m = Pattern.compile("<loc>[^<]*/(product|category)/([^<?/]+)</loc>").matcher(xml);
        while (m.find()) {
            if (m.group(1).equals("product")) {
                productIds.add(Integer.parseInt(m.group(2)));
            } else {
                slugs.add(m.group(2));
            }
        }
        categories.addAll(slugs);
        if (productIds.isEmpty() || categories.isEmpty()) {
            throw new IllegalStateException(settings.target() + "/sitemap.xml lists no product or no category");
        }
    }

    // ---- injection

    private OpenInjectionStep[] openSteps() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        double previous = 0;
        for (RunSettings.Stage stage : settings.stages()) {
            double usersPerSec = stage.usersPerSec() * rateScale;
            if (!stage.ramp().isZero()) {
                steps.add(rampUsersPerSec(previous).to(usersPerSec).during(stage.ramp()));
            }
            steps.add(constantUsersPerSec(usersPerSec).during(stage.hold()));
            previous = usersPerSec;
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    private ClosedInjectionStep[] closedSteps() {
        List<ClosedInjectionStep> steps = new ArrayList<>();
        int previous = 0;
        for (RunSettings.Stage stage : settings.stages()) {
            int users = Math.max(1, (int) Math.ceil(stage.users() * rateScale));
            if (!stage.ramp().isZero()) {
                steps.add(rampConcurrentUsers(previous).to(users).during(stage.ramp()));
            }
            steps.add(constantConcurrentUsers(users).during(stage.hold()));
            previous = users;
        }
        return steps.toArray(ClosedInjectionStep[]::new);
    }
}
