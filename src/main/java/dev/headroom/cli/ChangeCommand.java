package dev.headroom.cli;

import dev.headroom.config.Durations;
import dev.headroom.gate.Changes;
import dev.headroom.shop.ShopFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code headroom change open|close|list}: a change of the shop, recorded in Alertmanager as a silence
 * ({@link Changes}), so on-call sees it and the alerts it explains are silenced. The gate, and a second
 * {@code change open}, refuse while one is open for the same shop (exit 6).
 */
@Command(name = "change", description = {
    "Record a change of the shop (a firewall update, a deploy) in Alertmanager as a silence matching shop=\"NAME\":",
    "`change open` refuses (exit 6) while another change of the shop is open; `gate` refuses too.",
    "Exit codes: 0 done, 2 usage or config error, 3 Alertmanager could not be reached, 6 refused."},
        subcommands = {ChangeCommand.Open.class, ChangeCommand.Close.class, ChangeCommand.ListOpen.class})
final class ChangeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: try 'headroom change open --what WHAT --for 1h'");
    }

    /** Where and for which shop: the options every change subcommand has. */
    static final class Where {
        @Option(names = "--config", paramLabel = "FILE", description = "The shop file: its shop name, allowlist and gate.alertmanager.")
        Path config;

        @Option(names = "--shop", paramLabel = "NAME", description = "The shop's name, if no --config.")
        String shop;

        @Option(names = "--alertmanager", paramLabel = "URL", description = "Alertmanager's base URL; default: the shop file's"
                + " gate.alertmanager, else HEADROOM_ALERTMANAGER.")
        String alertmanager;

        String shopName;
        List<String> allowlist = List.of();

        Changes connect(CommandLine cmd) {
            String am = alertmanager;
            if (config != null) {
                ShopFile file = ShopFile.load(config);
                shopName = shop != null ? shop : file.shop();
                allowlist = file.allowlist().patterns();
                am = am != null ? am : file.gate().alertmanager();
            } else {
                shopName = shop;
            }
            am = am != null ? am : System.getenv("HEADROOM_ALERTMANAGER");
            if (shopName == null) {
                throw new CommandLine.ParameterException(cmd, "Missing --config FILE (or --shop NAME)");
            }
            if (am == null) {
                throw new CommandLine.ParameterException(cmd, "Missing --alertmanager URL (or gate.alertmanager in the shop file,"
                        + " or HEADROOM_ALERTMANAGER)");
            }
            try {
                return new Changes(am, allowlist);
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--alertmanager: " + e.getMessage());
            }
        }
    }

    @Command(name = "open", description = {"Open a change of the shop for --for: a silence in Alertmanager.",
        "Refuses (exit 6) while another change of the shop is open."})
    static final class Open implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--what", required = true, paramLabel = "TEXT", description = "What is being changed (the silence's comment).")
        String what;

        @Option(names = "--for", required = true, paramLabel = "DURATION", converter = Durations.PicocliConverter.class,
                description = "How long the change lasts at most (e.g. 1h); it closes by itself then.")
        Duration length;

        @Option(names = "--by", paramLabel = "WHO", description = "Who makes the change. Default: $USER.")
        String by;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (what.isBlank()) {
                throw CliException.usage("--what: say what is being changed");
            }
            if (length.isZero() || length.isNegative() || length.compareTo(Duration.ofDays(7)) > 0) {
                throw CliException.usage("--for: must be more than 0 and at most 7d, got " + Durations.format(length));
            }
            try (Changes changes = where.connect(spec.commandLine())) {
                List<Changes.Change> open = changes.open(where.shopName);
                if (!open.isEmpty()) {
                    spec.commandLine().getErr().println("headroom: refused: another change is open: " + open.get(0).describe());
                    spec.commandLine().getErr().flush();
                    return ExitCode.REFUSED;
                }
                Changes.Change c = changes.openChange(where.shopName, what, by != null ? by : System.getenv("USER"), length);
                out.printf("Opened %s%n", c.describe());
                out.printf("Close it with: headroom change close --id %s%n", c.id());
                out.println(c.id());
                out.flush();
                return ExitCode.OK;
            } catch (Changes.Unavailable e) {
                throw CliException.unreachable(e.getMessage());
            }
        }
    }

    @Command(name = "close", description = "Close the shop's open change (--id, or the only one open).")
    static final class Close implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Option(names = "--id", paramLabel = "ID", description = "The change to close; default: the shop's only open change.")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Changes changes = where.connect(spec.commandLine())) {
                List<Changes.Change> open = changes.open(where.shopName);
                Changes.Change target;
                if (id != null) {
                    target = open.stream().filter(c -> c.id().equals(id)).findFirst()
                            .orElseThrow(() -> CliException.usage("--id: no open change " + id + " of shop " + where.shopName));
                } else if (open.isEmpty()) {
                    out.printf("No change of shop %s is open.%n", where.shopName);
                    out.flush();
                    return ExitCode.OK;
                } else if (open.size() > 1) {
                    throw CliException.usage(open.size() + " changes of shop " + where.shopName + " are open; name one with --id: "
                            + String.join(", ", open.stream().map(Changes.Change::id).toList()));
                } else {
                    target = open.get(0);
                }
                changes.closeChange(target.id());
                out.printf("Closed %s%n", target.describe());
                out.flush();
                return ExitCode.OK;
            } catch (Changes.Unavailable e) {
                throw CliException.unreachable(e.getMessage());
            }
        }
    }

    @Command(name = "list", description = "List the shop's open changes.")
    static final class ListOpen implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Changes changes = where.connect(spec.commandLine())) {
                List<Changes.Change> open = changes.open(where.shopName);
                if (open.isEmpty()) {
                    out.printf("No change of shop %s is open.%n", where.shopName);
                }
                open.forEach(c -> out.println(c.describe()));
                out.flush();
                return ExitCode.OK;
            } catch (Changes.Unavailable e) {
                throw CliException.unreachable(e.getMessage());
            }
        }
    }
}
