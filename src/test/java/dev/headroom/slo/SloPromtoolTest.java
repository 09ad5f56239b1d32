package dev.headroom.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.headroom.report.GeneratedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus's own tools on what the generator writes: every rule file passes {@code promtool check
 * rules}, and the generated {@code promtool test rules} cases pass (a fast burn pages and resolves,
 * a single failure at low traffic and no traffic page nobody, an absent metric alerts).
 */
class SloPromtoolTest {
    @TempDir
    static Path out;

    @BeforeAll
    static void promtoolIsInstalled() {
        assumeTrue(onPath("promtool"), "promtool is not installed (Debian: apt-get install prometheus); CI installs it");
    }

    @Test
    void theShippedSpecsRulesPassPromtoolCheckAndTheirGeneratedTests() throws Exception {
        checkAndTest(SloGeneratedFilesTest.SPECS);
    }

    @Test
    void slothAndOpenSloSpecsRulesPassPromtoolCheckAndTheirGeneratedTests() throws Exception {
        checkAndTest(List.of(Path.of("src/test/resources/slo/getting-started.sloth.yaml"),
                Path.of("src/test/resources/slo/checkout.openslo.yaml")));
    }

    private static void checkAndTest(List<Path> specs) throws Exception {
        Path dir = Files.createTempDirectory(out, "rules");
        List<GeneratedFiles.File> files = SloGenerator.generate(specs, dir.toString());
        GeneratedFiles.write(files, dir);
        for (GeneratedFiles.File f : files) {
            List<String> command = new ArrayList<>(List.of("promtool"));
            command.addAll(f.name().endsWith(".test.yml") ? List.of("test", "rules") : List.of("check", "rules"));
            command.add(f.name());
            assertThat(run(dir, command)).contains("SUCCESS");
        }
        assertThat(files).extracting(GeneratedFiles.File::name).anyMatch(n -> n.endsWith(".test.yml"));
    }

    private static String run(Path dir, List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + output).isZero();
        return output;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
