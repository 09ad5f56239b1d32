package dev.headroom.cli;

import dev.headroom.report.GeneratedFiles;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** The output half of every {@code generate} subcommand: write the files, or {@code --check} them. */
final class GeneratedOutput {
    private GeneratedOutput() {
    }

    /**
     * Writes {@code files} into {@code out} and lists them on stdout ({@link ExitCode#OK}); with
     * {@code check}, writes nothing and says on stdout that {@code out} is up to date ({@link
     * ExitCode#OK}), or on stderr what differs and {@code regenerate}, the command that updates it
     * ({@link ExitCode#CHECKS_FAILED}).
     *
     * @throws CliException ({@link ExitCode#USAGE}) when {@code out} cannot be written
     */
    static int writeOrCheck(CommandLine.Model.CommandSpec spec, List<GeneratedFiles.File> files, String out,
            boolean check, String regenerate) {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        Path dir = Path.of(out);
        if (check) {
            List<String> differences = GeneratedFiles.differences(files, dir);
            if (differences.isEmpty()) {
                stdout.printf("%s is up to date (%d files)%n", out, files.size());
                stdout.flush();
                return ExitCode.OK;
            }
            stderr.printf("headroom: %s is out of date: %d of %d files differ%n", out, differences.size(), files.size());
            differences.forEach(d -> stderr.println("  " + d));
            stderr.printf("headroom: run %s to update%n", regenerate);
            stderr.flush();
            return ExitCode.CHECKS_FAILED;
        }
        try {
            GeneratedFiles.write(files, dir);
        } catch (UncheckedIOException e) {
            throw CliException.usage(e.getMessage());
        }
        files.forEach(f -> stdout.println("wrote " + dir.resolve(f.name())));
        stdout.flush();
        return ExitCode.OK;
    }
}
