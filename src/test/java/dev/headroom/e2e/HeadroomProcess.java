package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built {@code target/headroom.jar} run as a user runs it: a separate JVM, its output read
 * line by line, always ended (forcibly if need be) within a bounded time.
 */
final class HeadroomProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private HeadroomProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "headroom-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("headroom.jar", "target/headroom.jar"));
        assertThat(jar).as("the runnable jar (mvn package builds it)").exists();
        return jar;
    }

    /** Starts {@code java -jar headroom.jar ARGS} with stderr merged into stdout. */
    static HeadroomProcess start(String... args) throws IOException {
        return start(java.util.Map.of(), args);
    }

    /**
     * As {@link #start(String...)}, with {@code env} added to the inherited environment (which the
     * JVMs headroom starts, such as the Gatling injector, inherit in turn).
     */
    static HeadroomProcess start(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new HeadroomProcess(pb.start());
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Waits for the first output line matching {@code match}; fails after {@code timeout}. */
    String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (lines) {
                for (String line : lines) {
                    if (match.test(line)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive() && !lines.isEmpty()) {
                Thread.sleep(100);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no matching line within " + timeout + "; output so far:\n" + output());
    }

    /** Waits for the process to exit by itself and returns its exit code; fails after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeout + "; output so far:\n" + output());
        }
        Thread.sleep(100); // let the reader drain the last lines
        return process.exitValue();
    }

    /** Sends a signal by name ({@code HUP}, {@code TERM}...) with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** The process id of the headroom JVM. */
    long pid() {
        return process.pid();
    }

    /** The processes it has started that are still running (e.g. a forked Gatling JVM). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    /** Sends SIGTERM, as a service manager would. */
    void terminate() {
        process.destroy();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
