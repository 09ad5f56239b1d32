package dev.headroom.init;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.http.HttpChecker;
import dev.headroom.journey.JourneyLoader;
import dev.headroom.journey.JourneyResult;
import dev.headroom.journey.JourneyRunner;
import dev.headroom.journey.RunOptions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.config.ConfigLoader;
import dev.headroom.crawl.CrawlConfig;
import dev.headroom.load.LoadConfig;
import dev.headroom.load.LoadJourney;
import dev.headroom.monitor.CheckKind;
import dev.headroom.monitor.MonitorConfig;
import dev.headroom.shop.ShopFile;
import dev.headroom.model.RouteClassifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What every init test checks of the files it wrote, whatever the shop. */
final class InitChecks {
    static final StringWriter PROGRESS = new StringWriter();

    private InitChecks() {
    }

    /** Runs init against {@code url} into {@code dir}, quickly (the shops are on loopback). */
    static InitResult init(String url, Path dir) {
        return ShopInit.run(InitOptions.of(url).withRate(50), dir, false, new PrintWriter(PROGRESS, true));
    }

    static JourneyResult runAgain(Path journey, String target) {
        try (HttpChecker checker = HttpChecker.builder().build()) {
            return new JourneyRunner(checker).run(JourneyLoader.load(journey), RunOptions.target(target));
        }
    }

    /** Every crawled page of a kind classifies into the kind's class, with and without {@code ;jsessionid=...}. */
    static void classifierPutsEveryCrawledPageInItsClass(InitResult r, Path routes) {
        RouteClassifier classifier = RouteClassifier.load(routes);
        int checked = 0;
        for (Map.Entry<String, PageKind> e : r.survey().crawled().entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            String path = UrlShapes.path(e.getKey());
            assertThat(classifier.name(classifier.classify(path))).as(path).isEqualTo(e.getValue().routeClass());
            assertThat(classifier.name(classifier.classify(path + ";jsessionid=0A1B2C3D4E")))
                    .as(path + ";jsessionid=...").isEqualTo(e.getValue().routeClass());
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    }

    /**
     * The shop file's sections bind to the config types of the commands that read them ({@link
     * CrawlConfig}, {@link MonitorConfig} with the journeys as checks, {@link LoadConfig}), through the
     * config loader's validation; its journeys bind to {@link LoadJourney} and name files that exist.
     */
    static void shopFileSectionsAreTheCommandsConfigs(Path shopFile) throws IOException {
        JsonNode shop = yaml(shopFile);
        assertThat(shop.path("shop").asText()).matches("[a-z0-9][a-z0-9_.-]{0,62}");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        CrawlConfig crawl = ConfigLoader.load("crawl", yaml.writeValueAsString(shop.path("crawl")), CrawlConfig.class);
        assertThat(crawl.exclude()).isNotEmpty();
        ObjectNode monitor = shop.path("monitor").deepCopy();
        monitor.put("target", shop.path("target").asText());
        ArrayNode checks = (ArrayNode) monitor.path("checks");
        for (JsonNode j : shop.path("journeys")) {
            checks.addObject().put("name", j.path("name").asText()).put("journey", j.path("journey").asText());
        }
        assertThat(ConfigLoader.load("monitor", yaml.writeValueAsString(monitor), MonitorConfig.class).checks())
                .hasSize(checks.size());
        ConfigLoader.load("load", yaml.writeValueAsString(shop.path("load")), LoadConfig.class);
        ShopFile loaded = ShopFile.load(shopFile);
        assertThat(loaded.target()).isEqualTo(shop.path("target").asText());
        assertThat(loaded.monitor().checks()).extracting(CheckKind.Spec::name)
                .containsAll(loaded.journeys().stream().map(LoadJourney::name).toList()).contains("home");
        assertThat(loaded.model().classifier()).endsWith("routes.yaml");
        assertThat(java.nio.file.Path.of(loaded.model().classifier())).exists();
        assertThat(shop.path("model").path("classifier").asText()).isEqualTo("routes.yaml");
        ObjectMapper json = new ObjectMapper();
        for (JsonNode j : shop.path("journeys")) {
            LoadJourney journey = json.convertValue(j, LoadJourney.class);
            assertThat(shopFile.resolveSibling(journey.journey())).exists();
            assertThat(journey.routeClasses()).isNotEmpty();
        }
    }
}
