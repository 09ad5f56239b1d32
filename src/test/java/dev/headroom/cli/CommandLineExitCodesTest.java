package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class CommandLineExitCodesTest {

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    @Test
    void helpExitsZeroAndListsEverySubcommandAndTheExitCodes() {
        assertThat(run("--help")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("storefront", "demo", "Exit codes", "target unreachable");
    }

    @Test
    void versionExitsZero() {
        assertThat(run("--version")).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).startsWith("headroom ");
    }

    @Test
    void noSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing subcommand").contains("--help");
    }

    @Test
    void unknownOptionIsAUsageErrorOnOneLineWithAHint() {
        assertThat(run("--no-such-option")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString().lines()).first().asString()
                .isEqualTo("headroom: Unknown option: '--no-such-option'");
        assertThat(err.toString()).doesNotContain("at dev.headroom");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        assertThat(run("nonsense")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("nonsense");
    }

    @Test
    void eachSubcommandHasHelp() {
        for (String sub : Main.commandLine().getSubcommands().keySet()) {
            out.getBuffer().setLength(0);
            assertThat(run(sub, "--help")).as(sub + " --help").isEqualTo(ExitCode.OK);
            assertThat(out.toString()).as(sub + " --help").contains("Usage: headroom " + sub);
        }
    }

    @Test
    void exceptionsMapToTheDocumentedExitCodes() {
        assertThat(Main.exitCodeFor(CliException.unreachable("down"))).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(Main.exitCodeFor(CliException.usage("typo"))).isEqualTo(ExitCode.USAGE);
        assertThat(Main.exitCodeFor(new IllegalStateException("bug"))).isEqualTo(ExitCode.INTERNAL);
    }
}
