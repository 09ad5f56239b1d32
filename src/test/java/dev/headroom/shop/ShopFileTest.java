package dev.headroom.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.crawl.CrawlConfig;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.monitor.CheckKind;
import dev.headroom.monitor.MonitorConfig;
import dev.headroom.monitor.MonitorPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom.yaml}: the shipped one gives each command what its own file gives; sections
 * inherit the shop's target, allowlist and journeys; relative paths are the shop file's folder's;
 * one fixture per mistake, each refused at its line.
 */
class ShopFileTest {
    private static final Path MONITORS = Path.of("monitors");
    private static final Path SHIPPED = MONITORS.resolve("headroom.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedShopFileLoadsAndNamesTheReferenceStorefront() {
        ShopFile shop = ShopFile.load(SHIPPED);

        assertThat(shop.shop()).isEqualTo("reference-storefront");
        assertThat(shop.target()).isEqualTo("http://127.0.0.1:8080");
        assertThat(shop.journeys()).extracting(LoadJourney::name).containsExactly("browse-and-search", "checkout");
    }

    @Test
    void theShippedMonitorSectionIsWhatMonitorYamlSays() {
        MonitorConfig fromShop = ShopFile.load(SHIPPED).monitor();
        MonitorConfig own = MonitorConfig.load(MONITORS.resolve("monitor.yaml"));

        assertThat(fromShop).isEqualTo(own);
    }

    @Test
    void theShippedMonitorSectionResolvesIntoTheSameChecksAsMonitorYaml() {
        MonitorPlan fromShop = ShopFile.load(SHIPPED).monitorPlan(null, Map.of());
        MonitorPlan own = MonitorPlan.load(MONITORS.resolve("monitor.yaml"), null, Map.of());

        assertThat(fromShop.checks()).isEqualTo(own.checks());
        assertThat(fromShop.allowlist()).isEqualTo(own.allowlist());
        assertThat(fromShop.maintenance()).extracting(w -> w.name()).isEqualTo(own.maintenance().stream().map(w -> w.name()).toList());
        assertThat(fromShop.port()).isEqualTo(own.port());
    }

    @Test
    void theShippedLoadSectionIsWhatTheExampleLoadYamlSaysWithTheShopsJourneys() {
        ShopFile shop = ShopFile.load(SHIPPED);
        LoadConfig fromShop = shop.load();
        LoadConfig own = LoadConfig.load(Path.of("simulations", "load.example.yaml"));

        assertThat(fromShop).usingRecursiveComparison().ignoringFields("journeys").isEqualTo(own);
        assertThat(fromShop.journeys()).isEqualTo(shop.journeys());
        assertThat(shop.loadTarget()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void theShippedCrawlSectionStartsAtTheTargetAndCrawlsAsMuchAsTheMonitorsSiteCheck() {
        ShopFile shop = ShopFile.load(SHIPPED);
        CrawlConfig crawl = shop.crawl();
        CheckKind.Spec site = MonitorConfig.load(MONITORS.resolve("monitor.yaml")).checks().stream()
                .filter(c -> c.name().equals("site")).findFirst().orElseThrow();

        assertThat(crawl.urls()).containsExactly("http://127.0.0.1:8080");
        assertThat(crawl.maxPages()).isEqualTo(site.maxPages());
        assertThat(crawl.maxTime()).isEqualTo(site.timeout());
        assertThat(crawl.allow()).isEqualTo(shop.allowlist().patterns());
    }

    @Test
    void theReadmesAnnotatedExampleIsAValidShopFile() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("## The shop file: headroom.yaml"));
        String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", section.indexOf("```yaml\n") + 8));

        ShopFile shop = ShopFile.load(write("headroom.yaml", yaml));

        assertThat(shop.monitor().checks()).extracting(CheckKind.Spec::name).containsExactly("checkout", "health");
        assertThat(shop.origins().byName()).containsOnlyKeys("a");
    }

    @Test
    void sectionsInheritTheShopsTargetAndAllowlistUnlessTheySetTheirOwn() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                target: http://shop.test:8080/shop/
                allowlist: [shop.test, 127.0.0.1]
                journeys: [{name: home, journey: home.yaml}]
                monitor:
                  target: http://127.0.0.1:9000
                  allowlist: [127.0.0.1]
                load: {}
                crawl: {max-pages: 10}
                """);
        ShopFile shop = ShopFile.load(file);

        assertThat(shop.monitor().target()).isEqualTo("http://127.0.0.1:9000");
        assertThat(shop.monitor().allowlist()).containsExactly("127.0.0.1");
        assertThat(shop.loadTarget()).isEqualTo("http://shop.test:8080/shop/");
        assertThat(shop.load().allowlist()).containsExactly("shop.test", "127.0.0.1");
        assertThat(shop.crawl().urls()).containsExactly("http://shop.test:8080/shop/");
        assertThat(shop.crawl().allow()).containsExactly("shop.test", "127.0.0.1");
        assertThat(shop.origins()).isNull();
    }

    @Test
    void withoutAnAllowlistEverySectionIsLoopbackOnly() throws IOException {
        ShopFile shop = ShopFile.load(write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                journeys: [{name: home, journey: home.yaml}]
                """));

        assertThat(shop.monitor().allowlist()).isEqualTo(MonitorConfig.load(write("m.yaml", "checks: [{name: a, probe: /}]\n"))
                .allowlist());
        assertThat(shop.load().allowlist()).isEqualTo(LoadConfig.defaults().allowlist());
        assertThat(shop.crawl().allow()).isNull(); // the crawl allows loopback and its start URLs' hosts anyway
    }

    @Test
    void theMonitorGetsAJourneyCheckPerShopJourneyUnlessItHasACheckOfThatName() throws IOException {
        ShopFile shop = ShopFile.load(write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                journeys:
                  - {name: browse, journey: browse.yaml, vars: {term: shoes}, monitor: {interval: 15s}}
                  - {name: checkout, journey: checkout.yaml, envFile: shop.env}
                  - {name: own, journey: own.yaml}
                monitor:
                  checks:
                    - {name: own, journey: elsewhere.yaml, interval: 1m}
                    - {name: health, probe: /health}
                """));

        List<CheckKind.Spec> checks = shop.monitor().checks();
        assertThat(checks).extracting(CheckKind.Spec::name).containsExactly("browse", "checkout", "own", "health");
        assertThat(checks.get(0).journey()).isEqualTo("browse.yaml");
        assertThat(checks.get(0).vars()).isEqualTo(Map.of("term", "shoes"));
        assertThat(checks.get(0).interval()).hasSeconds(15);
        assertThat(checks.get(1).envFile()).isEqualTo("shop.env");
        assertThat(checks.get(2).journey()).isEqualTo("elsewhere.yaml");
    }

    @Test
    void theLoadSectionsJourneysAreTheShopsUnlessItListsItsOwn() throws IOException {
        String top = """
                shop: demo
                target: http://127.0.0.1:8080
                journeys: [{name: browse, journey: browse.yaml, share: 0.9}]
                """;
        assertThat(ShopFile.load(write("a.yaml", top)).load().journeys()).extracting(LoadJourney::name)
                .containsExactly("browse");
        assertThat(ShopFile.load(write("b.yaml", top + "load:\n  journeys: [{name: Soak, journey: soak.yaml}]\n")).load()
                .journeys()).extracting(LoadJourney::name).containsExactly("Soak");
    }

    @Test
    void relativePathsAreRelativeToTheShopFilesFolderWhateverTheWorkingDirectory() throws IOException {
        Path shopDir = Files.createDirectories(dir.resolve("shops/demo"));
        Files.writeString(shopDir.resolve("home.yaml"), "name: home\nsteps:\n  - name: home\n    request: {url: /}\n");
        Files.writeString(shopDir.resolve("shop.env"), "HEADROOM_X=1\n");
        Path file = Files.writeString(shopDir.resolve("headroom.yaml"), """
                shop: demo
                target: http://127.0.0.1:8080
                journeys:
                  - name: home
                    journey: home.yaml
                    envFile: shop.env
                    data: {file: data/customers.csv}
                crawl: {catalogue: catalogue.json}
                model: {classifier: routes.yaml}
                """);
        ShopFile shop = ShopFile.load(file);

        LoadJourney home = shop.load().journeys().get(0);
        assertThat(Path.of(home.journey())).isEqualTo(shopDir.resolve("home.yaml").toAbsolutePath());
        assertThat(Path.of(home.envFile())).isEqualTo(shopDir.resolve("shop.env").toAbsolutePath());
        assertThat(Path.of(home.data().file())).isEqualTo(shopDir.resolve("data/customers.csv").toAbsolutePath());
        assertThat(Path.of(shop.crawl().catalogue())).isEqualTo(shopDir.resolve("catalogue.json").toAbsolutePath());
        assertThat(Path.of(shop.model().classifier())).isEqualTo(shopDir.resolve("routes.yaml").toAbsolutePath());
        // the monitor reads its journey files from the shop file's folder, as from a monitor.yaml's
        MonitorPlan plan = shop.monitorPlan(null, Map.of());
        assertThat(plan.checks()).hasSize(1);
        assertThat(plan.source()).isEqualTo(file);
    }

    @Test
    void theOriginsSectionGivesTheDrillItsFrontDoorOriginsAndHealthPath() throws IOException {
        ShopFile shop = ShopFile.load(write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                origins:
                  list:
                    - {name: a, url: 'http://127.0.0.1:8081'}
                    - {name: b, url: 'http://127.0.0.1:8082'}
                """));

        assertThat(shop.origins().entry()).isEqualTo("http://127.0.0.1:8080");
        assertThat(shop.origins().healthPath()).isEqualTo("/health");
        assertThat(shop.origins().byName()).containsExactly(Map.entry("a", "http://127.0.0.1:8081"),
                Map.entry("b", "http://127.0.0.1:8082"));
    }

    @Test
    void theShopsSlosAreHeadroomFormSpecsForSloGenerate() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                slos:
                  - {name: checkout, objective: 99, sli: {journey: checkout}}
                  - {name: home, objective: 99.5, sli: {probe: home}}
                """);
        ShopFile shop = ShopFile.load(file);
        assertThat(shop.slos()).extracting(dev.headroom.slo.HeadroomSlo::name).containsExactly("checkout", "home");
        assertThat(dev.headroom.slo.SloSpecs.read(file)).hasSize(2);
    }

    @Test
    void anSloOutsideZeroToAHundredIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                slos:
                  - {name: checkout, objective: 100, sli: {journey: checkout}}
                """);
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("headroom.yaml:3:").hasMessageContaining("slos[0].objective");
    }

    @Test
    void aShopFileIsToldFromEachCommandsOwnFile() throws IOException {
        assertThat(ShopFile.isShopFile(SHIPPED)).isTrue();
        assertThat(ShopFile.isShopFile(MONITORS.resolve("monitor.yaml"))).isFalse();
        assertThat(ShopFile.isShopFile(Path.of("simulations", "load.example.yaml"))).isFalse();
        assertThat(ShopFile.isShopFile(write("crawl.yaml", "urls: [http://127.0.0.1:8080]\nmax-pages: 5\n"))).isFalse();
        assertThat(ShopFile.isShopFile(write("no-name.yaml", "target: http://127.0.0.1:8080\nload: {}\n"))).isTrue();
        assertThat(ShopFile.isShopFile(write("broken.yaml", "shop: [\n"))).isFalse();
        assertThat(ShopFile.isShopFile(dir.resolve("missing.yaml"))).isFalse();
    }

    // One fixture per mistake: the file, the line and column, the field.

    @Test
    void anUnknownKeyIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                monitor:
                  port: 9470
                  histroySize: 10
                """);
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":5:3: monitor.histroySize: unknown field 'histroySize'");
    }

    @Test
    void anUnknownTopLevelKeyIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", "shop: demo\nmonitors: {}\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":2:1: monitors: unknown field 'monitors'");
    }

    @Test
    void aTargetThatIsNotAUrlIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", "shop: demo\ntarget: 127.0.0.1:8080\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":2:9: target: '127.0.0.1:8080' is not an absolute http(s) URL");
    }

    @Test
    void aTargetOffTheAllowlistIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", "shop: demo\ntarget: https://shop.example.com/\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":2:9: target: host 'shop.example.com' is not on the allowlist");
    }

    @Test
    void aShopFileWithoutItsNameIsRefused() throws IOException {
        Path file = write("headroom.yaml", "target: http://127.0.0.1:8080\nload: {}\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":1:1: shop: missing required field");
    }

    @Test
    void aBadLoadFieldIsRefusedAtItsLineWithItsSectionInThePath() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                load:
                  stages:
                    multipliers: [1, 5]
                    hold: 0s
                """);
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":6:11: load.stages.hold: must be greater than 0");
    }

    @Test
    void aBadCrawlFieldIsRefusedAtItsLineWithItsSectionInThePath() throws IOException {
        Path file = write("headroom.yaml", "shop: demo\ncrawl:\n  max-pages: 0\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3:14: crawl.max-pages: must be at least 1");
    }

    @Test
    void aBadMonitorCheckIsRefusedAtItsLineWithItsSectionInThePath() throws IOException {
        Path file = write("headroom.yaml", """
                shop: demo
                journeys: [{name: home, journey: home.yaml}]
                monitor:
                  checks:
                    - {name: health, probe: /health, expectStatus: [42]}
                """);
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":5:52: monitor.checks[0].expectStatus: '42' is not an HTTP status");
    }

    @Test
    void aJourneyNameUnfitForACheckNameIsRefusedAtItsLine() throws IOException {
        Path file = write("headroom.yaml", "shop: demo\njourneys:\n  - {name: Check Out, journey: checkout.yaml}\n");
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":3:12: journeys[0].name: 'Check Out' must be lower case");
    }

    @Test
    void aJourneyFileMissingFromTheShopFilesFolderIsReportedWhenTheMonitorResolvesIt() throws IOException {
        ShopFile shop = ShopFile.load(write("headroom.yaml", """
                shop: demo
                target: http://127.0.0.1:8080
                journeys: [{name: checkout, journey: checkout.yaml}]
                """));
        assertThatThrownBy(() -> shop.monitorPlan(null, Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining(dir.resolve("checkout.yaml").toString());
    }

    @Test
    void aMaintenanceWindowMayNameAJourneyCheck() throws IOException {
        ShopFile shop = ShopFile.load(write("headroom.yaml", """
                shop: demo
                journeys: [{name: checkout, journey: checkout.yaml}]
                monitor:
                  maintenance: [{name: deploys, cron: "0 3 * * *", duration: 15m, checks: [checkout]}]
                """));
        assertThat(shop.monitor().maintenance()).hasSize(1);
    }

    @Test
    void everyProblemInEverySectionIsReportedAtOnce() throws IOException {
        Path file = write("headroom.yaml", """
                shop: Demo Shop
                target: http://127.0.0.1:8080
                journeys: [{name: home, journey: home.yaml, monitor: {interval: 1ms}}]
                load: {requestTimeout: 0s}
                model: {zone: Mars/Olympus}
                """);
        assertThatThrownBy(() -> ShopFile.load(file)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(p -> p.path())
                        .containsExactly("shop", "journeys[0].monitor.interval", "load.requestTimeout", "model.zone"));
    }

    private Path write(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }
}
