package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The {@code ./headroom} launcher script at the repository root, on an up-to-date jar. */
class LauncherIT {

    @Test
    void launcherRunsTheBuiltJarWithoutRebuildingIt() throws Exception {
        HeadroomProcess.jar();
        Process launcher = new ProcessBuilder("bash", Path.of("headroom").toAbsolutePath().toString(), "--version")
                .redirectErrorStream(true).start();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).startsWith("headroom ").doesNotContain("building");
    }
}
