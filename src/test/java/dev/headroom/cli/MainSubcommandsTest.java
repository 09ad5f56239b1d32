package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The command line models only the subcommand named, and all of them when none is. */
class MainSubcommandsTest {
    @Test
    void aNamedSubcommandIsTheOnlyOneModelled() {
        assertThat(Main.subcommandsFor("monitor", "--config", "monitor.yaml")).containsExactly(MonitorCommand.class);
        assertThat(Main.subcommandsFor("journey", "run", "x.yaml")).containsExactly(JourneyCommand.class);
    }

    @Test
    void helpVersionAndUnknownWordsGetEverySubcommand() {
        int all = Main.commandLine().getSubcommands().size();
        assertThat(Main.subcommandsFor()).hasSize(all);
        assertThat(Main.subcommandsFor("help", "monitor")).hasSize(all);
        assertThat(Main.subcommandsFor("--version")).hasSize(all);
        assertThat(Main.subcommandsFor("moniter")).hasSize(all);
    }

    @Test
    void theSameCommandRunsEitherWay() {
        // usage errors come from the one subcommand's model as from the full one
        assertThat(Main.run("monitor")).isEqualTo(ExitCode.USAGE);
        assertThat(Main.run("monitor", "--config", "does-not-exist.yaml")).isEqualTo(ExitCode.USAGE);
    }
}
