package dev.headroom.demo;

import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.crawl.CrawlOptions;
import dev.headroom.crawl.CrawlResult;
import dev.headroom.crawl.Crawler;
import dev.headroom.crawl.Finding;
import dev.headroom.http.HttpChecker;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.load.LoadTest;
import dev.headroom.load.ModelAdapter;
import dev.headroom.load.Slo;
import dev.headroom.load.StopTrigger;
import dev.headroom.model.AccessLogGenerator;
import dev.headroom.model.AccessLogReader;
import dev.headroom.model.JsonFields;
import dev.headroom.model.LogFormat;
import dev.headroom.model.ModelYaml;
import dev.headroom.model.Modelling;
import dev.headroom.model.RouteClassifier;
import dev.headroom.model.TrafficAnalyzer;
import dev.headroom.model.TrafficModel;
import dev.headroom.report.CheckCase;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What {@code headroom demo} runs against the reference storefront: the shipped journeys (browse
 * and search, checkout, inventory) as a customer walks them, a crawl of every page and link, then
 * fault drills that switch one fault on at a time and prove that a journey or the crawl catches it
 * where a customer would meet it; then a traffic model of a generated week of access log and a
 * load test at 1x, 5x and 10x its peak. Each part calls its engine directly, with its config as a value.
 */
public final class Demo {
    /** The password of the demo accounts seeded into every reference storefront; redacted from every report. */
    public static final String PASSWORD = "shop-secret";
    /** Suite name of the drill verdicts in the report. */
    public static final String DRILL_SUITE = "fault-drills";

    /**
     * The drills: each fault, with the value used and what must catch it: a step of a shipped
     * journey (and how it must end) or a class of crawl finding.
     */
    public static final List<Drill> DRILLS = List.of(
            Drill.journey(Fault.ERROR_RATE, "1", "checkout", "open checkout", Status.FAILED),
            Drill.journey(Fault.SLOW_ROUTE, "checkout:1300", "checkout", "open checkout", Status.DEGRADED),
            Drill.journey(Fault.OVERSELL, "", "inventory", "two simultaneous orders for the last units", Status.FAILED),
            Drill.journey(Fault.HARD_DOWN, "", "browse-and-search", "home page", Status.FAILED),
            Drill.crawl(Fault.BROKEN_LINKS, Finding.Kind.BROKEN),
            Drill.crawl(Fault.ERROR_LEAK, Finding.Kind.ERROR_LEAK));

    /**
     * A drill's crawl follows links from the home page this deep, without the sitemap: every page
     * with a content fault is within two clicks of home, and a complete shallow crawl finds the
     * same things every time (a crawl cut short by a page limit would not).
     */
    static final int DRILL_CRAWL_DEPTH = 2;

    /**
     * One fault drill: switch {@code fault} on, then either run {@code journey} and expect its
     * {@code step} to end {@code caughtAs} (FAILED: failed or no answer), or crawl and expect at
     * least one {@code finding}.
     */
    public record Drill(Fault fault, String value, String journey, String step, Status caughtAs, Finding.Kind finding) {
        static Drill journey(Fault fault, String value, String journey, String step, Status caughtAs) {
            return new Drill(fault, value, journey, step, caughtAs, null);
        }

        static Drill crawl(Fault fault, Finding.Kind finding) {
            return new Drill(fault, "", null, null, null, finding);
        }

        public String label() {
            return value.isEmpty() ? fault.cliName() : fault.cliName() + "=" + value;
        }

        /** Where the fault must be caught, for people: "at checkout: open checkout", "by the crawl". */
        public String caughtWhere() {
            return journey != null ? "at " + journey + ": " + step : "by the crawl";
        }

        boolean caught(Status seen) {
            return caughtAs == Status.FAILED ? seen.isFailure() : seen == caughtAs;
        }
    }

    /** Peak of the generated week of traffic: small, so 10x of it stays a gentle load on one machine. */
    public static final double DEMO_PEAK_RPS = 2;
    /** The generated week: its first day (a Monday) and seed, so every demo models the same week. */
    static final LocalDate WEEK_START = LocalDate.of(2026, 11, 16);
    static final long WEEK_SEED = 42;
    /** The demo's load test, all three stages. */
    public static final Duration LOAD_DURATION = Duration.ofSeconds(30);
    /** Highest stage of the demo's load test: 10x the modelled peak. */
    public static final double LOAD_MULTIPLIER = 10;
    /**
     * The demo's load config: the defaults (loopback only, the caps, stages at 1x, 5x, 10x), the
     * shipped journeys in {@code journeyDir} (browse and search; the whole checkout, every customer
     * another demo shopper, each order cancelled again), the SLOs its load test asserts, one per
     * kind of customer so each is exercised, and an early abort after 15 s of a breach.
     */
    public static LoadConfig loadConfig(Path journeyDir) {
        return new LoadConfig(null, null, null, null, LOAD_SLOS,
                new LoadConfig.Abort(Duration.ofSeconds(10), Duration.ofSeconds(15)), null, null, null, List.of(
                        new LoadJourney(null, "browse-and-search.yaml", 0.85, null, null, null,
                                List.of("home", "category", "product", "search")),
                        new LoadJourney(null, "checkout.yaml", 0.15, "reference-storefront.env", null,
                                new LoadJourney.Data("shoppers.csv", "circular"), List.of("cart", "checkout", "account"))))
                .withJourneysUnder(journeyDir);
    }

    /** The objectives of the demo's load test. */
    public static final List<Slo> LOAD_SLOS = List.of(
            new Slo(Slo.ALL, Duration.ofMillis(800), null, 0.01),
            new Slo("browse-and-search/search for it by name", null, Duration.ofSeconds(2), null),
            new Slo("checkout", Duration.ofSeconds(1), null, null));
    /**
     * The customers' think time in the demo: the model's would make a checkout longer than the
     * demo's whole load test, and the demo shows every journey finishing under load.
     */
    public static final Duration LOAD_THINK_TIME = Duration.ofMillis(300);
    /** Suite and names of the model and load cases in the demo's report. */
    public static final String MODEL_CASE = "model of a week of access log";
    public static final String LOAD_CASE = "load test at 1x, 5x and 10x the modelled peak";

    private Demo() {
    }

    /**
     * Runs the shipped journeys one after the other, reporting each step to {@code progress} as it
     * ends, and returns a case per step (suite: the journey's name).
     */
    public static List<CheckCase> walk(HttpChecker checker, String baseUrl, Consumer<CheckCase> progress) {
        List<CheckCase> cases = new ArrayList<>();
        for (String name : ShippedJourneys.NAMES) {
            cases.addAll(run(checker, baseUrl, name, progress).toReport().cases());
        }
        return cases;
    }

    private static JourneyResult run(HttpChecker checker, String baseUrl, String name, Consumer<CheckCase> progress) {
        RunOptions options = RunOptions.target(baseUrl).withEnv(ShippedJourneys.referenceStorefrontEnv())
                .withListener(step -> progress.accept(CheckCase.builder(name, name + ": " + step.name())
                        .status(step.status()).duration(step.duration())
                        .message(step.message().isEmpty() ? null : step.message()).build()));
        return new JourneyRunner(checker).run(ShippedJourneys.load(name), options);
    }

    /**
     * Runs every drill against {@code shop}, one fault at a time, and returns a verdict per drill:
     * PASSED when the journey (or the crawl) caught the fault where expected, and a journey's cleanup
     * steps still ran; FAILED otherwise. Every fault is switched off again, whatever happens.
     */
    public static List<CheckCase> faultDrills(HttpChecker checker, RunningStorefront shop, Consumer<CheckCase> progress) {
        List<CheckCase> verdicts = new ArrayList<>();
        for (Drill drill : DRILLS) {
            shop.faults().set(drill.fault(), drill.value());
            Instant started = Instant.now();
            String seen;
            boolean caught;
            try {
                if (drill.journey() != null) {
                    JourneyResult r = run(checker, shop.baseUrl(), drill.journey(), c -> { });
                    StepResult step = r.steps().stream().filter(s -> s.name().equals(drill.step())).findFirst().orElseThrow();
                    List<String> cleanup = r.steps().stream().filter(s -> s.always() && s.status() != Status.SKIPPED)
                            .map(s -> s.name() + " " + s.status()).toList();
                    boolean cleanedUp = drill.fault() == Fault.HARD_DOWN
                            || r.steps().stream().filter(StepResult::always).allMatch(s -> !s.status().isFailure());
                    caught = drill.caught(step.status()) && cleanedUp;
                    seen = (drill.caught(step.status()) ? "" : "expected " + drill.caughtAs() + ", ")
                            + "the journey saw " + step.status() + (step.message().isEmpty() ? "" : ": " + step.message())
                            + (cleanup.isEmpty() ? "" : "; cleanup: " + String.join(", ", cleanup));
                } else {
                    CrawlOptions shallow = CrawlOptions.builder(shop.baseUrl() + "/").sitemap(false)
                            .maxDepth(DRILL_CRAWL_DEPTH).maxTime(Duration.ofMinutes(2)).build();
                    List<Finding> found = new Crawler(shallow, checker).crawl().findings(drill.finding());
                    caught = !found.isEmpty();
                    seen = caught
                            ? "the crawl found " + found.size() + " " + drill.finding() + ", e.g. " + found.get(0).url()
                                    + " linked from " + found.get(0).linkedFrom().get(0)
                            : "the crawl found no " + drill.finding() + " finding";
                }
            } finally {
                shop.faults().clear(drill.fault());
            }
            CheckCase verdict = CheckCase.builder(DRILL_SUITE, drill.label() + " is caught " + drill.caughtWhere())
                    .status(caught ? Status.PASSED : Status.FAILED)
                    .duration(Duration.between(started, Instant.now()))
                    .message(seen)
                    .attribute("fault", drill.label())
                    .build();
            verdicts.add(verdict);
            progress.accept(verdict);
        }
        return verdicts;
    }

    /**
     * Crawls the storefront at {@code baseUrl}: every page in scope and every link and asset on
     * them, up to {@code maxPages} URLs.
     */
    public static CrawlResult crawl(HttpChecker checker, String baseUrl, int maxPages) {
        CrawlOptions options = CrawlOptions.builder(baseUrl + "/").maxPages(maxPages).maxTime(Duration.ofMinutes(5)).build();
        return new Crawler(options, checker).crawl();
    }

    /**
     * Writes a week of access log for the reference storefront to {@code accessLog}, builds the
     * traffic model from it and writes it to {@code modelFile}, printing what {@code headroom model
     * generate} and {@code headroom model} print. PASSED when the model was written from the whole log.
     */
    public static CheckCase trafficModel(Path accessLog, Path modelFile, PrintWriter out, PrintWriter err) {
        Instant started = Instant.now();
        CheckCase.Builder c = CheckCase.builder("traffic", MODEL_CASE);
        try {
            long t0 = System.nanoTime();
            AccessLogGenerator.Result week = AccessLogGenerator.write(accessLog,
                    new AccessLogGenerator.Options(WEEK_START, 7, DEMO_PEAK_RPS, WEEK_SEED, false));
            out.printf(Locale.ROOT, "Wrote %s: %,d lines (%,d malformed), %,d customer sessions, %,d bot sessions, %s to %s, in %.1f s%n",
                    accessLog, week.lines(), week.malformed(), week.customerSessions(), week.botSessions(), WEEK_START,
                    WEEK_START.plusDays(7), (System.nanoTime() - t0) / 1e9);
            out.printf("Customer page requests by class: %s%n", week.pages());

            Modelling.Result result = Modelling.run(List.of(accessLog), new Modelling.Options(RouteClassifier.defaults(),
                    Duration.ofMinutes(30), LogFormat.AUTO, JsonFields.parse(null), "HRSESSION",
                    TrafficAnalyzer.Options.defaults(), null));
            TrafficModel model = result.model();
            AccessLogReader.FileResult read = result.files().get(0);
            ModelYaml.write(model, modelFile);
            model.notes().forEach(note -> err.println("headroom model: warning: " + note));
            err.flush();
            out.print(result.summaryText());
            out.printf("%nModel written to %s (schemaVersion %d)%n", modelFile, model.schemaVersion());
            out.flush();
            c.status(read.readError() == null ? Status.PASSED : Status.FAILED)
                    .message(read.readError() == null
                            ? String.format(Locale.ROOT, "%,d requests, peak %s rps", model.requests().total(),
                                    model.peak().sustainedRps())
                            : "the generated log could not be read to its end: " + read.readError());
        } catch (IOException | Modelling.UnusableInput | RuntimeException e) {
            c.status(Status.FAILED).message("no traffic model: " + e.getMessage());
        }
        return c.duration(Duration.between(started, Instant.now())).build();
    }

    /**
     * Load-tests {@code baseUrl} at 1x, 5x and 10x the peak of {@code modelFile} with {@link
     * #loadConfig}, printing what {@code headroom load} prints, and writes its reports to {@code
     * out}. PASSED when the load test passed; {@code stop} (Ctrl-C) stops the injector.
     */
    public static CheckCase loadTest(String baseUrl, Path modelFile, Path out, PrintWriter progress, StopTrigger stop)
            throws InterruptedException {
        Instant started = Instant.now();
        CheckCase.Builder c = CheckCase.builder("load", LOAD_CASE);
        try {
            LoadConfig config = loadConfig(ShippedJourneys.writeLoadFiles(out.resolve("journeys")));
            LoadTest test = LoadTest.plan(LoadTest.Options.of(baseUrl).withConfig(config)
                    .withProfile(ModelAdapter.read(modelFile).withThinkTime(LOAD_THINK_TIME)).withMultiplier(LOAD_MULTIPLIER)
                    .withDuration(LOAD_DURATION).withOut(out));
            test.printPlan(progress);
            LoadTest.Result result = test.run(progress, stop);
            if (result.verdict() == Verdict.UNREACHABLE) {
                progress.println("headroom: " + result.reason());
                progress.flush();
            } else {
                result.write(progress);
            }
            c.status(result.verdict() == Verdict.PASSED ? Status.PASSED : Status.FAILED)
                    .message(result.verdict() == Verdict.UNREACHABLE ? "unreachable: " + result.reason()
                            : result.verdict() + ": " + result.report().summary().get("requests") + " requests, "
                                    + result.report().summary().get("failed") + " failed"
                                    + (result.reason() == null ? "" : " (" + result.reason() + ")"));
        } catch (IOException | RuntimeException e) {
            progress.println("headroom: " + e.getMessage());
            progress.flush();
            c.status(Status.FAILED).message("the load test could not run: " + e.getMessage());
        }
        return c.duration(Duration.between(started, Instant.now())).build();
    }

    /** Suite and names of the gate's cases in the demo's report. */
    public static final String GATE_CASE = "release gate passes on the clean shop";
    public static final String GATE_FAULT_CASE = "release gate fails on error-rate at the journeys stage";
    /** The demo's gate: every journey twice, a 15-second load test at 5x, the origins; the crawl ran above. */
    public static final String DEMO_GATE = "{stages: [journeys, load, origins], journeyRuns: 2, load: {multiplier: 5, duration: 15s}}";

    /**
     * The release gate ({@code ./headroom gate}'s engine) against the shop, with the shipped shop
     * file and a short gate ({@link #DEMO_GATE}): once on the clean shop, which must pass, then with
     * {@code error-rate=1} switched on, which must fail at the journeys stage (and stop there). Its
     * outputs go to {@code out/gate} and {@code out/gate-error-rate}.
     */
    public static List<CheckCase> gate(RunningStorefront shop, Path out, PrintWriter progress, StopTrigger stop)
            throws InterruptedException {
        List<CheckCase> cases = new ArrayList<>();
        Instant started = Instant.now();
        CheckCase.Builder clean = CheckCase.builder("gate", GATE_CASE);
        CheckCase.Builder fault = CheckCase.builder("gate", GATE_FAULT_CASE);
        try {
            Path shopFile = ShippedJourneys.writeShopFiles(out.resolve("gate-shop"));
            com.fasterxml.jackson.databind.ObjectMapper yaml =
                    new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
            com.fasterxml.jackson.databind.node.ObjectNode doc =
                    (com.fasterxml.jackson.databind.node.ObjectNode) yaml.readTree(shopFile.toFile());
            doc.set("gate", yaml.readTree(DEMO_GATE));
            yaml.writeValue(shopFile.toFile(), doc);
            dev.headroom.shop.ShopFile shopSpec = dev.headroom.shop.ShopFile.load(shopFile);

            dev.headroom.gate.GateResult passed = runGate(shopSpec, shop.baseUrl(), out.resolve("gate"), progress, stop);
            clean.status(passed.verdict() == Verdict.PASSED ? Status.PASSED : Status.FAILED)
                    .message(passed.verdict() + ": " + passed.cases().size() + " checks"
                            + (passed.failures().isEmpty() ? "" : "; first failure: " + describe(passed.failures().get(0))));
            cases.add(clean.duration(Duration.between(started, Instant.now())).build());

            Instant faultStarted = Instant.now();
            shop.faults().set("error-rate=1");
            dev.headroom.gate.GateResult failed;
            try {
                failed = runGate(shopSpec, shop.baseUrl(), out.resolve("gate-error-rate"), progress, stop);
            } finally {
                shop.faults().clear(dev.headroom.storefront.Fault.ERROR_RATE);
            }
            boolean atJourneys = failed.verdict() == Verdict.FAILED && !failed.failures().isEmpty()
                    && failed.failures().get(0).suite().equals(dev.headroom.gate.GateStage.JOURNEYS.label());
            fault.status(atJourneys ? Status.PASSED : Status.FAILED)
                    .message(failed.verdict() + (failed.failures().isEmpty() ? ": nothing failed"
                            : " at " + describe(failed.failures().get(0))));
            cases.add(fault.duration(Duration.between(faultStarted, Instant.now())).build());
        } catch (IOException | RuntimeException e) {
            progress.println("headroom: the gate could not run: " + e.getMessage());
            progress.flush();
            if (cases.isEmpty()) {
                cases.add(clean.status(Status.FAILED).message("the gate could not run: " + e.getMessage()).build());
            }
            cases.add(fault.status(Status.FAILED).message("the gate could not run: " + e.getMessage()).build());
        }
        return cases;
    }

    private static dev.headroom.gate.GateResult runGate(dev.headroom.shop.ShopFile shopSpec, String target, Path out,
            PrintWriter progress, StopTrigger stop) throws IOException, InterruptedException {
        dev.headroom.gate.Gate.Options o = dev.headroom.gate.Gate.Options.of(shopSpec, out);
        dev.headroom.gate.Gate gate = dev.headroom.gate.Gate.plan(new dev.headroom.gate.Gate.Options(o.shop(), target,
                o.stages(), o.out(), o.baseline(), o.version(), o.environment(), o.override(), o.now(), o.modelFile(),
                o.requirePassed(), o.alertmanager(), o.ownChange(), o.env(), o.recheck()));
        gate.printPlan(progress);
        dev.headroom.gate.GateResult result = gate.run(progress, stop);
        List<Path> written = dev.headroom.gate.GateOutputs.write(result, out);
        progress.printf("gate %s: %s%n", result.verdict(), written.isEmpty() ? out : written.get(0).getParent());
        progress.flush();
        return result;
    }

    private static String describe(CheckCase c) {
        return c.suite() + ": " + c.name() + (c.message().isEmpty() ? "" : " (" + c.message() + ")");
    }
}
