package dev.headroom.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code headroom} command line in-process, as a user would, keeping what it prints. */
final class CliRun {
    /** Everything printed to standard output so far. */
    final StringWriter out = new StringWriter();
    /** Everything printed to standard error so far. */
    final StringWriter err = new StringWriter();

    /** Runs {@code headroom ARGS} and returns its exit code. */
    int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }
}
