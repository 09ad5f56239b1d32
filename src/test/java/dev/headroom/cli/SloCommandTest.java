package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SloCommandTest {
    private static final String SPEC = "src/test/resources/slo/checkout.openslo.yaml";

    @TempDir
    Path dir;

    @Test
    void generateWritesTheRulesAndTheirTestsAndCheckThenFindsThemUpToDate() throws Exception {
        CliRun cli = new CliRun();
        String out = dir.resolve("rules").toString();

        assertThat(cli.run("slo", "generate", "--spec", SPEC, "--out", out)).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("wrote " + Path.of(out, "checkout-slos.yml"))
                .contains("wrote " + Path.of(out, "checkout-slos.test.yml"));
        assertThat(Files.readString(Path.of(out, "checkout-slos.yml"))).contains("record: slo:sli_error:ratio_rate5m");

        CliRun check = new CliRun();
        assertThat(check.run("slo", "generate", "--spec", SPEC, "--out", out, "--check")).isEqualTo(ExitCode.OK);
        assertThat(check.out.toString()).contains("is up to date (2 files)");
    }

    @Test
    void checkFailsWithASummaryOfWhatDiffersAndWritesNothing() throws Exception {
        String out = dir.toString();
        new CliRun().run("slo", "generate", "--spec", SPEC, "--out", out);
        Path rules = dir.resolve("checkout-slos.yml");
        Files.writeString(rules, Files.readString(rules).replace("vector(30)", "vector(31)"));
        Files.delete(dir.resolve("checkout-slos.test.yml"));
        CliRun cli = new CliRun();

        assertThat(cli.run("slo", "generate", "--spec", SPEC, "--out", out, "--check")).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(cli.err.toString()).contains("is out of date: 2 of 2 files differ")
                .containsPattern("checkout-slos.yml:\\d+: differs")
                .contains("checkout-slos.test.yml: missing")
                .contains("run ./headroom slo generate --spec " + SPEC + " --out " + out + " to update");
        assertThat(Files.exists(dir.resolve("checkout-slos.test.yml"))).isFalse();
    }

    @Test
    void aBadSpecIsAConfigErrorWithFileLineAndFieldAndNoStackTrace() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.sloth.yaml"), """
                version: prometheus/v1
                service: shop
                slos:
                  - name: a
                    objective: 101
                    sli: {events: {error_query: 'e[{{.window}}]', total_query: 't[{{.window}}]'}}
                    alerting: {name: A}
                """);
        CliRun cli = new CliRun();

        assertThat(cli.run("slo", "generate", "--spec", spec.toString(), "--out", dir.resolve("out").toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains(spec + ":5:16: slos[0].objective: must be a percentage between 0 and 100")
                .doesNotContain("at dev.headroom");
        assertThat(Files.exists(dir.resolve("out"))).isFalse();
    }

    @Test
    void aMissingSpecFileIsAConfigError() {
        CliRun cli = new CliRun();

        assertThat(cli.run("slo", "generate", "--spec", dir.resolve("nope.yaml").toString(), "--out", dir.toString()))
                .isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("nope.yaml: file not found");
    }
}
