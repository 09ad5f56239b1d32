package dev.headroom.load;

import dev.headroom.process.ProcessTree;
import dev.headroom.process.Threads;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    public static final String SIMULATION = "dev.headroom.simulations.JourneySimulation";
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
     * A running injector JVM. {@link #stop} may be called from any thread (a signal handler) and
     * returns at once; {@link #await} does the waiting, and kills what has not stopped within {@link
     * #GRACE}; {@link #close} kills whatever is left and waits for it. The child's descendants are
     * stopped with it: it has none today, but a process it started must not outlive the test.
     */
    public static final class Injector implements AutoCloseable {
        /** How long a stopped injector gets to write its results and exit before it is killed. */
        public static final Duration GRACE = Duration.ofSeconds(5);

        private final Process process;
        private final Thread pump;
        private final PrintWriter out;
        private final Thread lastResort;
        private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
        private volatile String stopReason;
        private volatile long stopRequestedAtNs;

        private Injector(Process process, PrintWriter out) {
            this.process = process;
            this.out = out;
            this.pump = Threads.daemonThread("gatling-output", () -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        out.println(line);
                        out.flush();
                    }
                } catch (IOException ignored) {
                    // the child ended
                }
            });
            // If this JVM exits some other way (System.exit elsewhere, SIGHUP), the injector goes too.
            this.lastResort = new Thread(() -> kill(Duration.ofSeconds(3)), "gatling-stop");
        }

        /** Starts the child, with {@code -Dheadroom.load.parentPid} so that it stops if this process dies. */
        public static Injector start(List<String> command, PrintWriter out) throws IOException {
            List<String> cmd = new ArrayList<>(command);
            cmd.add(1, "-D" + InjectorRuntime.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
            Injector injector = new Injector(new ProcessBuilder(cmd).redirectErrorStream(true).start(), out);
            injector.pump.start();
            Runtime.getRuntime().addShutdownHook(injector.lastResort);
            return injector;
        }

        /** Why it was stopped, if {@link #stop} was called. */
        public Optional<String> stopReason() {
            return Optional.ofNullable(stopReason);
        }

        /**
         * Asks the injector and its descendants to stop (SIGTERM: the injector then writes what it
         * recorded, marked stopped). Returns at once; the first reason is kept.
         */
        public synchronized void stop(String reason) {
            if (stopReason != null) {
                return;
            }
            stopRequestedAtNs = System.nanoTime(); // before the reason: await() reads them in that order
            stopReason = reason;
            process.descendants().forEach(tree::add);
            tree.forEach(ProcessHandle::destroy);
            // The handle, not Process.destroy(): that also closes our end of the child's output, and
            // the lines it prints while stopping (what it recorded) would be lost.
            process.toHandle().destroy();
        }

        /**
         * Waits for the injector to exit and for its last output. Past {@code deadline} it is stopped;
         * once stopped, it is killed if still running after {@link #GRACE}. Returns its exit code, or
         * -1 if it was stopped or killed.
         */
        public int await(Duration deadline) throws InterruptedException {
            long deadlineNs = System.nanoTime() + deadline.toNanos();
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) { // bounded: the deadline, then GRACE, then a kill
                long now = System.nanoTime();
                if (stopReason == null && now - deadlineNs > 0) {
                    out.println("headroom: the injector outlived its deadline of " + deadline.toSeconds() + "s; stopping it");
                    out.flush();
                    stop("the injector outlived its deadline of " + deadline.toSeconds() + "s");
                } else if (stopReason != null && now - stopRequestedAtNs > GRACE.toNanos()) {
                    out.println("headroom: the injector did not stop within " + GRACE.toSeconds() + "s; killing it");
                    out.flush();
                    kill(Duration.ofSeconds(10));
                    break;
                }
            }
            pump.join(stopReason == null ? 5000 : 2000);
            return stopReason == null ? process.exitValue() : -1;
        }

        /** Kills the injector and every descendant seen, and waits up to {@code wait} for them to go. */
        private void kill(Duration wait) {
            process.descendants().forEach(tree::add);
            try {
                ProcessTree.kill(process, false, tree, wait); // still there after the wait: nothing more a JVM can do
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Kills whatever is still running of the injector and waits for it. */
        @Override
        public void close() {
            if (process.isAlive() || process.descendants().findAny().isPresent() || !tree.isEmpty()) {
                kill(Duration.ofSeconds(10));
            }
            try {
                Runtime.getRuntime().removeShutdownHook(lastResort);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or will
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
