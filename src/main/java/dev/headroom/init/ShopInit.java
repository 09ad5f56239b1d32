package dev.headroom.init;

import dev.headroom.config.ConfigException;
import dev.headroom.crawl.Crawler;
import dev.headroom.http.HttpChecker;
import dev.headroom.http.Redactor;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import dev.headroom.journey.StepResult;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * {@code headroom init URL}: surveys a shop no code of Headroom knows ({@link ShopSurvey}), writes
 * its starter files, and runs the journeys it generated once before writing them: a journey that
 * fails is reported and left out, never written as working.
 *
 * <pre>{@code
 * InitResult r = ShopInit.run(InitOptions.of("http://127.0.0.1:8080/"), Path.of("."), false, stderr);
 * r.runs().forEach(run -> System.out.println(run.file() + (run.passed() ? " passed" : " failed: " + run.detail())));
 * }</pre>
 *
 * <p>The files, in {@code outDir}: {@code headroom.yaml} (the shop file), {@code browse.yaml} and
 * {@code search.yaml} (when they passed), {@code checkout.yaml} (a commented skeleton) and {@code
 * routes.yaml} (a route classifier for {@code headroom model --classifier}). Every request goes
 * through one {@link HttpChecker} whose allowlist is loopback, the URL's host and {@link
 * InitOptions#allow()}.
 */
public final class ShopInit {
    private ShopInit() {
    }

    /**
     * Surveys the shop, writes the files and returns what was done.
     *
     * @param progress where progress lines go (stderr)
     * @throws InitException when nothing was written: a bad URL, files in the way without {@code
     *     force}, or a shop that gave no usable page
     */
    public static InitResult run(InitOptions options, Path outDir, boolean force, PrintWriter progress) {
        HttpUrl url = HttpUrl.parse(options.url());
        if (url == null) {
            throw new InitException(InitException.Reason.BAD_INPUT, "not an absolute http(s) URL: '" + options.url() + "'");
        }
        List<Path> inTheWay = StarterFiles.ALL.stream().map(outDir::resolve).filter(Files::exists).toList();
        if (!inTheWay.isEmpty() && !force) {
            throw new InitException(InitException.Reason.FILES_EXIST, "would overwrite "
                    + String.join(", ", inTheWay.stream().map(Path::toString).toList()) + " (--force to overwrite them)");
        }
        try (HttpChecker checker = Crawler.checkerFor(Surveyor.crawlOptions(options))) {
            ShopSurvey survey = new Surveyor(options, checker, progress).survey();
            if (options.signIn() != null) {
                survey = new CheckoutLook(checker, progress, options.rate()).look(survey, options.signIn());
            }
            List<InitResult.JourneyRun> runs = new ArrayList<>();
            List<String> passed = new ArrayList<>();
            List<String> leftOut = new ArrayList<>();
            List<Path> written = new ArrayList<>();

            Optional<String> browse = tryJourney(StarterFiles.BROWSE, Optional.of(StarterFiles.browse(survey)), survey, checker,
                    progress, runs);
            if (browse.isEmpty() && failedAtProduct(runs)) {
                // Fixed if it can be: the follows alone still check the way from the home page to a product.
                InitResult.JourneyRun failed = runs.remove(runs.size() - 1);
                String fixed = StarterFiles.browseWithoutProductAssertions(survey, failed.detail());
                browse = tryJourney(StarterFiles.BROWSE, Optional.of(fixed), survey, checker, progress, runs);
                if (browse.isPresent()) {
                    InitResult.JourneyRun second = runs.remove(runs.size() - 1);
                    runs.add(new InitResult.JourneyRun(second.file(), true, second.detail() + ", without the product page's"
                            + " assertions (with them: " + failed.detail() + ")"));
                } else {
                    runs.set(runs.size() - 1, failed);
                }
            }
            browse.ifPresentOrElse(text -> {
                        written.add(write(outDir, StarterFiles.BROWSE, text));
                        passed.add(StarterFiles.BROWSE);
                    }, () -> leftOut.add("browse.yaml failed when init ran it, so it is not written: " + detail(runs, StarterFiles.BROWSE)));
            Optional<String> search = StarterFiles.search(survey);
            tryJourney(StarterFiles.SEARCH, search, survey, checker, progress, runs).ifPresentOrElse(text -> {
                written.add(write(outDir, StarterFiles.SEARCH, text));
                passed.add(StarterFiles.SEARCH);
            }, () -> {
                if (search.isPresent()) {
                    leftOut.add("search.yaml failed when init ran it, so it is not written: " + detail(runs, StarterFiles.SEARCH));
                }
            });
            for (String file : List.of(StarterFiles.BROWSE, StarterFiles.SEARCH)) {
                if (!passed.contains(file)) {
                    deleteStale(outDir.resolve(file));
                }
            }
            written.add(write(outDir, StarterFiles.CHECKOUT, StarterFiles.checkout(survey)));
            written.add(write(outDir, StarterFiles.ROUTES, StarterFiles.routes(survey)));
            written.add(write(outDir, StarterFiles.SHOP_FILE, StarterFiles.shopFile(survey, passed, leftOut)));
            return new InitResult(survey, written, runs);
        }
    }

    private static Optional<String> tryJourney(String file, Optional<String> text, ShopSurvey survey, HttpChecker checker,
            PrintWriter progress, List<InitResult.JourneyRun> runs) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        progress.printf("init: running the generated %s once%n", file);
        progress.flush();
        Journey journey;
        try {
            journey = JourneyLoader.load(file, text.get());
        } catch (ConfigException e) {
            runs.add(new InitResult.JourneyRun(file, false, "it does not load: " + e.getMessage().strip()));
            return Optional.empty();
        }
        JourneyResult result = new JourneyRunner(checker).run(journey, RunOptions.target(survey.target()));
        if (result.passed()) {
            runs.add(new InitResult.JourneyRun(file, true, result.steps().size() + " steps passed in "
                    + result.duration().toMillis() + " ms"));
            return text;
        }
        StepResult failed = result.firstFailure().orElseThrow();
        runs.add(new InitResult.JourneyRun(file, false, "step '" + failed.name() + "' failed"
                + (failed.sentRequest() ? " (" + failed.request() + " -> " + failed.responseStatus() + ")" : "") + ": " + failed.message()));
        return Optional.empty();
    }

    private static boolean failedAtProduct(List<InitResult.JourneyRun> runs) {
        InitResult.JourneyRun last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        return last != null && !last.passed() && last.detail().startsWith("step 'open a product' failed");
    }

    private static String detail(List<InitResult.JourneyRun> runs, String file) {
        return runs.stream().filter(r -> r.file().equals(file)).map(InitResult.JourneyRun::detail).findFirst().orElse("");
    }

    private static Path write(Path dir, String name, String text) {
        try {
            return ReportWriter.writeText(text, dir.resolve(name), Redactor.none());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the stale " + file + ": " + e.getMessage(), e);
        }
    }
}
