package dev.headroom.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a simulation the supported way: a child JVM running {@code io.gatling.app.Gatling} with the
 * test classpath Maven saved at build time ({@code target/gatling.classpath}, from {@code
 * maven-dependency-plugin:build-classpath}) plus {@code target/test-classes} (the compiled
 * simulations) and {@code target/classes}. So {@code headroom.jar} needs no Maven at run time, only
 * the build directory next to it. {@code HEADROOM_GATLING_CLASSPATH} overrides the whole classpath.
 */
public final class GatlingLauncher {

    public static final String SIMULATION = "dev.headroom.simulations.StorefrontSimulation";
    public static final String CLASSPATH_ENV = "HEADROOM_GATLING_CLASSPATH";
    public static final String HEAP_ENV = "HEADROOM_GATLING_HEAP";
    public static final String DEFAULT_HEAP = "768m";

    private GatlingLauncher() {
    }

    /** The classpath for the Gatling JVM, or empty with the reason in {@code why}. */
    public static Optional<String> classpath(List<String> why) {
        String env = System.getenv(CLASSPATH_ENV);
        if (env != null && !env.isBlank()) {
            return Optional.of(env);
        }
        Path target;
        try {
            Path code = Path.of(GatlingLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            target = code.getParent(); // target/headroom.jar or target/classes: both sit in target/
        } catch (URISyntaxException | RuntimeException e) {
            why.add("cannot locate Headroom's build directory: " + e.getMessage());
            return Optional.empty();
        }
        Path deps = target.resolve("gatling.classpath");
        Path tests = target.resolve("test-classes");
        Path classes = target.resolve("classes");
        if (!Files.isRegularFile(deps) || !Files.isDirectory(tests.resolve("dev/headroom/simulations"))) {
            why.add("Gatling is not built: expected " + deps + " and the compiled simulations in " + tests
                    + "; run `mvn -DskipTests package` (./headroom does) or set " + CLASSPATH_ENV);
            return Optional.empty();
        }
        try {
            return Optional.of(String.join(java.io.File.pathSeparator, tests.toString(), classes.toString(),
                    Files.readString(deps).strip()));
        } catch (IOException e) {
            why.add("cannot read " + deps + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The injector JVM's tuning, measured in {@code bench/injector-capacity.sh}: the parallel
     * collector (G1's concurrent work took about a third more CPU per request on 2 cores, where the
     * injector competes with its target), and the whole heap from the start so that the first
     * seconds of a run do not pause to grow it.
     */
    public static List<String> jvmOptions(String heap) {
        return List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseParallelGC");
    }

    /** The child's command line. */
    public static List<String> command(String classpath, Path settingsFile, Path resultsFolder, String description) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(Optional.ofNullable(System.getenv(HEAP_ENV)).filter(h -> !h.isBlank()).orElse(DEFAULT_HEAP)));
        cmd.add("-D" + RunSettings.PROPERTY + "=" + settingsFile.toAbsolutePath());
        // no traffic leaves the machine besides the test's own: no warm-up request, no analytics
        cmd.add("-Dgatling.http.warmUpUrl=");
        cmd.add("-Dgatling.data.enableAnalytics=false");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.gatling.app.Gatling");
        cmd.addAll(List.of("-s", SIMULATION, "-rf", resultsFolder.toAbsolutePath().toString(), "-rd", description,
                "-l", "headroom"));
        return cmd;
    }

    /**
     * Runs the child, copying its output line by line to {@code out}; kills it if it outlives
     * {@code deadline}. Returns its exit code (-1 if killed).
     */
    public static int run(List<String> command, PrintWriter out, Duration deadline) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread pump = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.println(line);
                    out.flush();
                }
            } catch (IOException ignored) {
                // the child ended
            }
        }, "gatling-output");
        pump.setDaemon(true);
        pump.start();
        Thread killer = new Thread(p::destroyForcibly, "gatling-stop");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                out.println("headroom: the injector outlived its deadline of " + deadline.toSeconds() + "s; stopping it");
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                pump.join(2000);
                return -1;
            }
            pump.join(5000);
            return p.exitValue();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** The newest Gatling HTML report under {@code resultsFolder}, if any. */
    public static Optional<Path> htmlReport(Path resultsFolder) throws IOException {
        if (!Files.isDirectory(resultsFolder)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(resultsFolder)) {
            return dirs.map(d -> d.resolve("index.html")).filter(Files::isRegularFile)
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()));
        }
    }
}
