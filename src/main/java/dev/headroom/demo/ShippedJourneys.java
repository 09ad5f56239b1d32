package dev.headroom.demo;

import dev.headroom.journey.EnvFile;
import dev.headroom.journey.Journey;
import dev.headroom.journey.JourneyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The journeys shipped in {@code monitors/}, read from the jar (the build copies them there), so
 * the demo runs exactly what a user would run with {@code headroom journey run monitors/...}.
 */
public final class ShippedJourneys {
    /** In the order the demo walks them. */
    public static final List<String> NAMES = List.of("browse-and-search", "checkout", "inventory");

    private ShippedJourneys() {
    }

    /** {@code monitors/NAME.yaml}, loaded and validated. */
    public static Journey load(String name) {
        String path = "monitors/" + name + ".yaml";
        return JourneyLoader.load(path, read(path));
    }

    /** The reference storefront's public demo credentials ({@code monitors/reference-storefront.env}). */
    public static Map<String, String> referenceStorefrontEnv() {
        String path = "monitors/reference-storefront.env";
        return EnvFile.parse(path, read(path).lines().toList());
    }

    /** The files the demo's load test runs: the journeys, their env file and the shoppers' data file. */
    public static final List<String> LOAD_FILES = List.of("browse-and-search.yaml", "checkout.yaml",
            "reference-storefront.env", "shoppers.csv");

    /**
     * Writes {@link #LOAD_FILES} from the build into {@code dir} (the injector reads journey files
     * from disk, as a user's load test does) and returns {@code dir}.
     */
    public static Path writeLoadFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : LOAD_FILES) {
            Files.writeString(dir.resolve(name), read("monitors/" + name));
        }
        return dir;
    }

    /** The shipped shop file and every file it names (journeys, env file, shoppers). */
    public static final List<String> SHOP_FILES = List.of("headroom.yaml", "browse-and-search.yaml", "checkout.yaml",
            "inventory.yaml", "reference-storefront.env", "shoppers.csv");

    /** Writes the shipped shop file ({@code monitors/headroom.yaml}) and its files into {@code dir}; returns the shop file. */
    public static Path writeShopFiles(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : SHOP_FILES) {
            Files.writeString(dir.resolve(name), read("monitors/" + name));
        }
        return dir.resolve("headroom.yaml");
    }

    private static String read(String path) {
        try (InputStream in = ShippedJourneys.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the build (the pom copies monitors/ into the jar)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
