package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom monitor --once} with the classic Java shop's journeys: a shop under a context path, with servlet sessions. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClassicShopMonitorTest {
    @TempDir
    Path out;

    private final CliRun cli = new CliRun();

    @Test
    void theClassicShopsMonitorConfigPassesOnceAndItsCheckoutIsCountedByTheShop() throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            int exit = cli.run("monitor", "--config", "src/test/resources/shops/classic/monitor.yaml", "--target", shop.baseUrl(),
                    "--once", "--out", out.toString());

            assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
            assertThat(cli.out.toString()).contains("PASSED: all 4 checks passed");
            assertThat(shop.ordersOf(ClassicJavaShop.USER)).hasSize(1);
            JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
            assertThat(report.path("cases").findValuesAsText("name"))
                    .contains("classic-browse", "classic-search", "classic-checkout", "catalog");
            assertThat(report.toString()).doesNotContain(ClassicJavaShop.PASSWORD);
        }
    }
}
