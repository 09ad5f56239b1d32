package dev.headroom.cli;

import dev.headroom.init.InitException;
import dev.headroom.init.InitOptions;
import dev.headroom.init.InitResult;
import dev.headroom.init.PageKind;
import dev.headroom.init.ShopInit;
import dev.headroom.init.ShopSurvey;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code headroom init URL}: starter files for a shop Headroom has never seen (see {@link ShopInit}). */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Survey a shop with a small, polite crawl and write its starter files: headroom.yaml (the shop file),"
                    + " browse.yaml and search.yaml (run once first; written only if they pass), checkout.yaml"
                    + " (a commented skeleton to fill in) and routes.yaml (for model --classifier).",
            "Exit codes: 0 files written (what could not be worked out is listed), 2 bad URL or option, or files in"
                    + " the way without --force, 3 the shop gave no usable page (no answer, turned away, or a redirect"
                    + " off the allowlist)."})
final class InitCommand implements Callable<Integer> {
    static final String PASSWORD_ENV = "HEADROOM_SHOP_PASSWORD";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The shop's URL; under a context path (http://host/shop/) init stays under it.")
    String url;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the files go. Default: the current directory.")
    Path out = Path.of(".");

    @Option(names = "--max-pages", paramLabel = "N", description = "URLs the crawl requests at most. Default: ${DEFAULT-VALUE}.")
    int maxPages = InitOptions.DEFAULT_MAX_PAGES;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "How long the crawl may take at most. Default: 2m.")
    String maxTime = "2m";

    @Option(names = "--rate", paramLabel = "N", description = "Requests per second at most. Default: ${DEFAULT-VALUE}.")
    double rate = InitOptions.DEFAULT_RATE;

    @Option(names = "--allow", paramLabel = "HOST", description = "Another host init may request (repeatable); loopback and"
            + " the URL's host always may.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--sign-in", paramLabel = "USER", description = "A test account (password in HEADROOM_SHOP_PASSWORD):"
            + " init signs in, adds one product to the cart, opens checkout to read its form (submitting nothing there)"
            + " and empties the cart again, so that checkout.yaml names the checkout form's fields and buttons.")
    String signIn;

    @Option(names = "--force", description = "Overwrite files a previous init wrote.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        InitOptions options;
        try {
            options = new InitOptions(url, maxPages, dev.headroom.config.Durations.parse(maxTime), rate, allow, null);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (signIn != null) {
            String password = System.getenv(PASSWORD_ENV);
            if (password == null || password.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--sign-in " + signIn + " wants the account's password in "
                        + PASSWORD_ENV + ", which is not set");
            }
            options = options.withSignIn(new dev.headroom.init.SignIn(signIn, password));
        }
        InitResult result;
        try {
            result = ShopInit.run(options, out, force, stderr);
        } catch (InitException e) {
            int code = switch (e.reason()) {
                case BAD_INPUT, FILES_EXIST -> ExitCode.USAGE;
                case UNREACHABLE -> ExitCode.UNREACHABLE;
            };
            throw new CliException(code, "init: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.USAGE, "init: " + e.getMessage());
        }
        print(stdout, result);
        return ExitCode.OK;
    }

    private static void print(PrintWriter out, InitResult r) {
        ShopSurvey s = r.survey();
        out.printf("Surveyed %s: %d pages%n%nFound:%n", s.target(), s.crawled().size());
        for (PageKind kind : PageKind.values()) {
            ShopSurvey.Found f = s.found().get(kind);
            if (f == null) {
                out.printf("  %-24s not found%n", kind.label());
            } else {
                out.printf("  %-24s %s%s  (%s)%n", kind.label(), f.count() > 1 ? f.count() + " pages, e.g. " : "",
                        f.examples().get(0), f.why());
            }
        }
        s.searchForm().ifPresent(f -> out.printf("  %-24s %s, field %s, on %s%n", "search form", f.selector(), f.fields().get(0), f.page()));
        s.signInForm().ifPresent(f -> out.printf("  %-24s %s %s %s, fields %s%n", "sign-in form", f.selector(), f.method(),
                f.action(), String.join(", ", f.fields())));
        s.addToCart().ifPresent(a -> out.printf("  %-24s %s %s%n", "add to cart", a.isLink() ? "link" : "form", a.selector()));
        s.checkoutForm().ifPresent(f -> out.printf("  %-24s %s, fields %s%n", "checkout form", f.selector(), String.join(", ", f.fields())));
        out.printf("%nGenerated journeys, run once:%n");
        if (r.runs().isEmpty()) {
            out.printf("  none%n");
        }
        for (InitResult.JourneyRun run : r.runs()) {
            out.printf("  %-7s %-12s %s%s%n", run.passed() ? "PASSED" : "FAILED", run.file(), run.detail(),
                    run.passed() ? "" : " (not written)");
        }
        out.printf("%nCould not work out:%n");
        if (s.unknowns().isEmpty()) {
            out.printf("  nothing%n");
        }
        s.unknowns().forEach(u -> out.printf("  - %s%n", u));
        s.notes().forEach(n -> out.printf("  note: %s%n", n));
        out.printf("%nWrote:%n");
        r.written().forEach(p -> out.printf("  %s%n", p));
        Path shopFile = r.written().get(r.written().size() - 1);
        out.printf("%nNext:%n  ./headroom monitor --config %s --once%n  fill in checkout.yaml, add it to journeys: in %s,"
                + " then ./headroom load --config %s --multiplier 5%n", shopFile, shopFile, shopFile);
        out.flush();
    }
}
