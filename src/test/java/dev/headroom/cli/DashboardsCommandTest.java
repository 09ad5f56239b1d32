package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DashboardsCommandTest {
    @TempDir
    Path dir;

    @Test
    void generateWritesAShopFilesDashboardsAndCheckThenFindsThemUpToDate() throws Exception {
        String out = dir.resolve("grafana").toString();
        CliRun cli = new CliRun();

        assertThat(cli.run("dashboards", "generate", "--config", "monitors/headroom.yaml", "--slo-spec",
                "dashboards/slos/monitor.headroom.yaml", "--out", out)).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("wrote " + Path.of(out, "reference-storefront-slos.json"))
                .contains("wrote " + Path.of(out, "reference-storefront-journeys.json"))
                .contains("wrote " + Path.of(out, "reference-storefront-crawl.json"))
                .contains("wrote " + Path.of(out, "reference-storefront-load.json"));
        assertThat(Files.readString(Path.of(out, "reference-storefront-slos.json")))
                .contains("\"uid\": \"reference-storefront-slos\"").contains("shop-journeys-checkout");

        CliRun check = new CliRun();
        assertThat(check.run("dashboards", "generate", "--config", "monitors/headroom.yaml", "--slo-spec",
                "dashboards/slos/monitor.headroom.yaml", "--out", out, "--check")).isEqualTo(ExitCode.OK);
        assertThat(check.out.toString()).contains("is up to date (4 files)");
    }

    @Test
    void aMonitorYamlNeedsTheShopsNameAndCheckNamesTheCommandThatUpdates() throws Exception {
        String out = dir.toString();
        new CliRun().run("dashboards", "generate", "--monitor", "monitors/monitor.yaml", "--shop", "Acme", "--out", out);
        assertThat(dir.resolve("acme-journeys.json")).exists();
        assertThat(dir.resolve("acme-slos.json")).as("no --slo-spec, no overview").doesNotExist();
        Files.writeString(dir.resolve("acme-load.json"), "{}\n");
        CliRun cli = new CliRun();

        assertThat(cli.run("dashboards", "generate", "--monitor", "monitors/monitor.yaml", "--shop", "Acme", "--out", out,
                "--check")).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(cli.err.toString()).contains("1 of 3 files differ").contains("acme-load.json:1: differs")
                .contains("run ./headroom dashboards generate --monitor monitors/monitor.yaml --shop Acme --out " + out
                        + " to update");
    }

    @Test
    void aMonitorAndAShopFileTogetherIsAUsageError() {
        CliRun cli = new CliRun();

        assertThat(cli.run("dashboards", "generate", "--monitor", "monitors/monitor.yaml", "--config",
                "monitors/headroom.yaml", "--out", dir.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(cli.err.toString()).contains("mutually exclusive");
    }
}
