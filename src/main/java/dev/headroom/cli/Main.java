package dev.headroom.cli;

import dev.headroom.config.ConfigException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code headroom} command line: one entry point, one subcommand per capability, and the same
 * exit codes everywhere (see {@link ExitCode}).
 */
@Command(
        name = "headroom",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = Main.Version.class,
        description = "Load testing and site-reliability checks for online storefronts.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:all checks passed",
            "1:checks failed",
            "2:usage or configuration error",
            "3:target unreachable",
            "4:internal error (a bug in Headroom)",
            "5:a failover drill left an origin down (restore it by hand)",
            "6:gate or change open refused: a change window, an open change, or a promotion not earned",
            "130:stopped by Ctrl-C or SIGTERM (the partial report is written)"
        })
public final class Main implements Runnable {
    /** The subcommands, in the order {@code headroom --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(StorefrontCommand.class, DemoCommand.class,
            InitCommand.class, CrawlCommand.class, JourneyCommand.class, MonitorCommand.class, ModelCommand.class,
            LoadCommand.class, FailoverCommand.class, RecheckCommand.class, SloCommand.class, DashboardsCommand.class,
            GateCommand.class, ChangeCommand.class, CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code; never throws. */
    public static int run(String... args) {
        return commandLine(subcommandsFor(args)).execute(args);
    }

    /** The configured command line with every subcommand, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * Only the subcommand named first, if it is one: picocli models every command it is given (by
     * reflection over the classes and all their options' types), and a monitor running for months
     * would keep the other thirteen models, ~60 classes and ~2,000 reflection objects, for nothing.
     * Anything else ({@code help}, {@code --version}, a typo) gets them all.
     */
    static List<Class<?>> subcommandsFor(String... args) {
        if (args.length > 0) {
            for (Class<?> c : SUBCOMMANDS) {
                if (c != CommandLine.HelpCommand.class && c.getAnnotation(Command.class).name().equals(args[0])) {
                    return List.of(c);
                }
            }
        }
        return SUBCOMMANDS;
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new Main());
        subcommands.forEach(cli::addSubcommand);
        cli.setExitCodeExceptionMapper(Main::exitCodeFor);
        cli.setParameterExceptionHandler(Main::handleUsageError);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("headroom: " + oneLine(ex));
            if (exitCodeFor(ex) == ExitCode.INTERNAL) {
                if (System.getenv("HEADROOM_DEBUG") != null) {
                    ex.printStackTrace(err);
                } else {
                    err.println("headroom: this is a bug; rerun with HEADROOM_DEBUG=1 for the stack trace");
                }
            }
            err.flush();
            return exitCodeFor(ex);
        });
        return cli;
    }

    private static int handleUsageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("headroom: " + ex.getMessage());
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCode.USAGE;
    }

    static int exitCodeFor(Throwable ex) {
        if (ex instanceof CliException cli) {
            return cli.exitCode();
        }
        if (ex instanceof ConfigException || ex instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        return ExitCode.INTERNAL;
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank() || exitCodeFor(ex) == ExitCode.INTERNAL) {
            message = ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
        }
        return message.strip();
    }

    /** Reads the version from the jar manifest, falling back to the development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"headroom " + (version == null ? "development build" : version)};
        }
    }
}
