package dev.headroom.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Shop files for the gate's tests: the shipped journeys, a small crawl, a short gentle load test. */
final class GateShopFiles {
    static final Path MONITORS = Path.of("monitors").toAbsolutePath();

    private GateShopFiles() {
    }

    /**
     * A shop file in {@code dir} for the shop at {@code target}: both shipped load journeys, two "origins"
     * (the shop itself twice), a 4-second load test at 1x of 8 rps, and {@code gate} as the gate section's
     * body (indented two spaces; may be empty).
     */
    static Path write(Path dir, String target, String gate) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("shop"));
        for (String f : new String[] {"browse-and-search.yaml", "checkout.yaml", "reference-storefront.env"}) {
            Files.copy(MONITORS.resolve(f), folder.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String yaml = """
                shop: gate-test-shop
                target: %s
                journeys:
                  - {name: browse-and-search, journey: browse-and-search.yaml, share: 0.8}
                  - {name: checkout, journey: checkout.yaml, envFile: reference-storefront.env, share: 0.2}
                crawl:
                  max-pages: 400
                  max-time: 1m
                load:
                  limits: {maxDuration: 1m, maxRps: 50}
                  profile: {peakRps: 8, thinkTime: 50ms}
                  slos:
                    - {group: all, errorRate: 0.05}
                  abort: {window: 10s, after: 30s}
                  metricsPort: -1
                origins:
                  healthPath: /health
                  list:
                    - {name: a, url: '%s'}
                    - {name: b, url: '%s'}
                gate:
                  load: {multiplier: 1, duration: 4s}
                %s
                """.formatted(target, target, target, gate.isBlank() ? "" : gate.indent(2).stripTrailing());
        return Files.writeString(folder.resolve("headroom.yaml"), yaml);
    }
}
