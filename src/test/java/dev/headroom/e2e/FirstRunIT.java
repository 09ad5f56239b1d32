package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.cli.ExitCode;
import dev.headroom.testing.shops.ClassicJavaShop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first run, as a new user makes it on a shop no code of Headroom special-cases (the
 * classic Java shop: a context path, {@code ;jsessionid} URLs, GET add-to-cart links, a named order
 * button): {@code init} writes a shop file and journeys that pass; the user finishes the checkout
 * journey in YAML (as the skeleton asks) and lists it; then the monitor passes once and a load test
 * at 5x places orders the shop counts. No Java written, the real jar run.
 */
class FirstRunIT {
    private static final Duration LIMIT = Duration.ofMinutes(2);

    @Test
    void fromInitToAPassingMonitorAndALoadTestThatPlacesOrdersWithoutWritingJava(@TempDir Path dir) throws Exception {
        try (ClassicJavaShop shop = new ClassicJavaShop()) {
            Path out = dir.resolve("myshop");
            try (HeadroomProcess init = HeadroomProcess.start("init", shop.baseUrl(), "--out", out.toString())) {
                assertThat(init.awaitExit(LIMIT)).as(init.output()).isEqualTo(ExitCode.OK);
            }
            Path shopFile = out.resolve("headroom.yaml");
            assertThat(Files.readString(shopFile)).contains("journey: browse.yaml").contains("journey: search.yaml");
            assertThat(out.resolve("checkout.yaml")).as("a skeleton to finish").exists();

            // What the skeleton asks of the user: the checkout steps and the test account's secret, in YAML.
            Path classic = Path.of("src/test/resources/shops/classic").toAbsolutePath();
            Files.copy(classic.resolve("checkout.yaml"), out.resolve("checkout.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(shopFile, Files.readString(shopFile).replaceFirst("(?m)^journeys:\n",
                    "journeys:\n  - name: checkout\n    journey: checkout.yaml\n    share: 1\n"));
            Map<String, String> env = Map.of("CLASSIC_SHOP_PASSWORD", ClassicJavaShop.PASSWORD);

            try (HeadroomProcess monitor = HeadroomProcess.start(env, "monitor", "--config", shopFile.toString(), "--once",
                    "--port", "0")) {
                assertThat(monitor.awaitExit(LIMIT)).as(monitor.output()).isEqualTo(ExitCode.OK);
                assertThat(monitor.output()).contains("checkout").contains("browse").contains("search");
            }
            int before = shop.ordersPlaced();
            assertThat(before).as("the monitor's checkout placed one order").isEqualTo(1);

            Path report = dir.resolve("load");
            try (HeadroomProcess load = HeadroomProcess.start(env, "load", "--config", shopFile.toString(), "--multiplier", "5",
                    "--peak-rps", "2", "--duration", "8s", "--out", report.toString())) {
                assertThat(load.awaitExit(LIMIT)).as(load.output()).isEqualTo(ExitCode.OK);
                assertThat(load.output()).contains("stage     5x:").contains("PASSED   checkout under load");
            }
            assertThat(shop.ordersPlaced() - before).as("orders the load test placed, counted by the shop").isPositive();
        }
    }
}
