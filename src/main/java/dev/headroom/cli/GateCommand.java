package dev.headroom.cli;

import dev.headroom.gate.Baseline;
import dev.headroom.gate.Gate;
import dev.headroom.gate.GateOutputs;
import dev.headroom.gate.GateRecheck;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import java.util.EnumSet;
import dev.headroom.gate.GateResult;
import dev.headroom.gate.GateStage;
import dev.headroom.report.CheckCase;
import dev.headroom.shop.ShopFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headroom gate}: the release gate. Parses the options into a {@link Gate}, runs it, writes every
 * report ({@link GateOutputs}) and exits with its verdict: 0 passed, 1 a check failed, 2 usage or config,
 * 3 the shop could not be reached, 6 refused (a change window, an open change, a promotion not earned).
 */
@Command(name = "gate", description = {
    "Gate a release: the shop file's crawl, every journey several times in a row, a short load test at a"
            + " multiple of the modelled peak with its SLOs, and every origin, in order; stops at the first failed"
            + " stage unless the gate section says runAll.",
    "Writes report.json, junit.xml, summary.md, metrics.txt and report.html to --out; prints GitHub"
            + " annotations when GITHUB_ACTIONS=true.",
    "Exit codes: 0 passed, 1 a check failed, 2 usage or config error, 3 the shop could not be reached,"
            + " 6 refused (inside a change window without --override, another change open, or a promotion"
            + " whose --require-passed report is not a pass of --version)."})
final class GateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code --version} here is the version gated, so the inherited {@code -V/--version} gives way; help stays. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The shop file (headroom.yaml); its gate section says what runs.")
    Path config;

    @Option(names = "--target", paramLabel = "URL", description = "Base URL of the shop for every stage; default: the shop file's target."
            + " Its host must be on the shop file's allowlist.")
    String target;

    @Option(names = "--stages", paramLabel = "STAGE", split = ",", description = "Stages to run, in order: crawl, journeys, load, origins."
            + " Default: the gate section's (all four).")
    List<String> stages;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "headroom-reports/gate", description = "Where the reports go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--baseline", paramLabel = "REPORT|DIR", description = "Earlier gate report.json (or a folder of them):"
            + " latencies and error rates beyond the baseline's noise band fail, crawl findings it had are known.")
    Path baseline;

    @Option(names = "--model", paramLabel = "FILE", description = "Traffic model (from `headroom model`): its peak is the load stage's 1x,"
            + " its peak hours are change windows. Default: the gate section's model.")
    Path model;

    @Option(names = "--override", paramLabel = "REASON", description = "Run inside a change window anyway; the reason is recorded in every report.")
    String override;

    @Option(names = "--version", paramLabel = "V", description = "The version being gated, recorded in every report.")
    String version;

    @Option(names = "--environment", paramLabel = "NAME", description = "The environment gated (e.g. staging, production), recorded in every report.")
    String environment;

    @Option(names = "--require-passed", paramLabel = "REPORT", description = "Refuse (exit 6) unless REPORT is a passing gate of --version"
            + " (e.g. staging's report.json before production).")
    Path requirePassed;

    @Option(names = "--alertmanager", paramLabel = "URL", description = "Alertmanager where open changes are recorded; default: the gate"
            + " section's alertmanager, else HEADROOM_ALERTMANAGER.")
    String alertmanager;

    @Option(names = "--change", paramLabel = "ID", description = "The open change this gate belongs to (from `headroom change open`):"
            + " not counted as another change.")
    String change;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Judge the change windows at this time (ISO-8601, e.g."
            + " 2026-11-16T20:30:00Z), to rehearse a release. Default: now.")
    String at;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        if (!ShopFile.isShopFile(config)) {
            ShopFile.load(config); // says what is wrong with it, file and line
            throw CliException.usage("--config: " + config + " is not a shop file (it needs 'shop:')");
        }
        ShopFile shop = ShopFile.load(config);
        List<GateStage> chosen = null;
        if (stages != null) {
            chosen = new ArrayList<>();
            for (String s : stages) {
                try {
                    GateStage st = GateStage.parse(s);
                    if (chosen.contains(st)) {
                        throw CliException.usage("--stages: " + st.label() + " is listed twice");
                    }
                    chosen.add(st);
                } catch (IllegalArgumentException e) {
                    throw CliException.usage("--stages: " + e.getMessage());
                }
            }
        }
        Instant now;
        try {
            now = at == null ? Instant.now() : Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw CliException.usage("--at: not an ISO-8601 instant such as 2026-11-16T20:30:00Z: '" + at + "'");
        }
        if (override != null && override.isBlank()) {
            throw CliException.usage("--override: give the reason, it is recorded in every report");
        }
        String am = alertmanager != null ? alertmanager : System.getenv("HEADROOM_ALERTMANAGER");
        Baseline base = null;
        if (baseline != null && Baseline.isEmptyFolder(baseline)) {
            stdout.printf("warning: --baseline %s holds no report.json yet (a first run?): nothing to compare with%n", baseline);
        } else if (baseline != null) {
            base = Baseline.read(baseline);
        }
        Gate gate = Gate.plan(new Gate.Options(shop, target, chosen, out, base, version, environment, override, now, model,
                requirePassed, am, change, System.getenv(), false));
        gate.printPlan(stdout);
        GateResult result = gate.run(stdout, LoadCommand.SIGNALS);
        List<Path> written = GateOutputs.write(result, out.toAbsolutePath().normalize());
        if ("true".equals(System.getenv("GITHUB_ACTIONS"))) {
            GateOutputs.annotations(result).forEach(stdout::println);
        }
        stdout.printf("%nGate %s: %s%n", result.verdict(), String.join(", ", result.data().stages().stream()
                .map(s -> s.stage() + " " + s.status()).toList()));
        for (CheckCase c : result.failures().subList(0, Math.min(10, result.failures().size()))) {
            stdout.printf("  %-7s %s / %s: %s%n", c.status(), c.suite(), c.name(), c.message());
        }
        if (!result.data().override().isEmpty()) {
            stdout.printf("Override recorded: %s%n", result.data().override());
        }
        stdout.println("Reports:");
        written.forEach(p -> stdout.printf("  %s%n", p));
        stdout.flush();
        if (result.verdict() == dev.headroom.report.Verdict.REFUSED) {
            spec.commandLine().getErr().println("headroom: gate refused: " + result.data().refusal());
            spec.commandLine().getErr().flush();
        }
        return ExitCode.of(result.verdict());
    }

    /**
     * {@code headroom recheck REPORT} for a gate's report.json: reruns its failed checks, writes the rerun's
     * gate reports to {@code out/gate} and the recheck's own to {@code out} (default: a {@code recheck} folder
     * beside the report), and exits 0 when every one is fixed, 1 when one still fails, 3 unreachable.
     */
    static int recheck(Path report, Path config, String target, Path out, PrintWriter stdout)
            throws IOException, InterruptedException {
        Path dir = (out != null ? out : report.toAbsolutePath().getParent().resolve("recheck")).toAbsolutePath().normalize();
        GateRecheck.Result r = GateRecheck.run(report, config, target, dir.resolve("gate"), System.getenv(), stdout,
                LoadCommand.SIGNALS);
        List<Path> written = new ArrayList<>(GateOutputs.write(r.rerun(), dir.resolve("gate")));
        written.addAll(ReportWriter.write(r.toReport(), dir, EnumSet.allOf(Format.class)));
        stdout.printf("%n%s%n", r.toReport().summary().get("verdict"));
        stdout.println("Reports:");
        written.forEach(p -> stdout.printf("  %s%n", p));
        stdout.flush();
        return ExitCode.of(r.verdict());
    }
}
