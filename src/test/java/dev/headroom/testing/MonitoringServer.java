package dev.headroom.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.process.ProcessTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Prometheus, Alertmanager or blackbox_exporter (Debian's packages, which {@code .ci/run}
 * installs) for integration tests: started on 127.0.0.1 and a free port with the given config, ready
 * when the factory returns, stopped by {@link #close()}. In {@code dir} it leaves {@code NAME.yml}
 * (the config), {@code NAME.log} (everything the binary printed) and {@code NAME-data} (its storage),
 * NAME being {@code prometheus}, {@code alertmanager} or {@code blackbox}; a failure names the log.
 *
 * <pre>{@code
 * @TempDir static Path dir;
 * static MonitoringServer alertmanager;
 * @BeforeAll static void start() { alertmanager = MonitoringServer.alertmanager(dir, "route: ..."); }
 * @AfterAll static void stop() { if (alertmanager != null) alertmanager.close(); }
 * }</pre>
 */
public final class MonitoringServer implements AutoCloseable {
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private MonitoringServer(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Prometheus with {@code config} as its {@code prometheus.yml}; ready when {@code /-/ready} answers 200. */
    public static MonitoringServer prometheus(Path dir, String config) {
        return start(dir, "prometheus", "/usr/bin/prometheus", "apt-get install prometheus", "/-/ready", config,
                (yml, data, listen) -> List.of("--config.file=" + yml, "--storage.tsdb.path=" + data,
                        "--web.listen-address=" + listen));
    }

    /**
     * Alertmanager with {@code config} as its {@code alertmanager.yml}, clustering off; ready when
     * {@code /-/ready} answers 200.
     */
    public static MonitoringServer alertmanager(Path dir, String config) {
        return start(dir, "alertmanager", "/usr/bin/prometheus-alertmanager", "apt-get install prometheus-alertmanager",
                "/-/ready", config, (yml, data, listen) -> List.of("--config.file=" + yml, "--storage.path=" + data,
                        "--web.listen-address=" + listen, "--cluster.listen-address="));
    }

    /** blackbox_exporter with {@code config} as its {@code blackbox.yml}; ready when {@code /-/healthy} answers 200. */
    public static MonitoringServer blackboxExporter(Path dir, String config) {
        return start(dir, "blackbox", "/usr/bin/prometheus-blackbox-exporter", "apt-get install prometheus-blackbox-exporter",
                "/-/healthy", config, (yml, data, listen) -> List.of("--config.file=" + yml, "--web.listen-address=" + listen));
    }

    /** Its base URL, {@code http://127.0.0.1:PORT}, no trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Where its output goes, for a failure message. */
    public Path log() {
        return log;
    }

    /** Stops it (SIGTERM, then SIGKILL after 10 s) and waits until it is gone. */
    @Override
    public void close() {
        ProcessTree.stop(process, STOP_WITHIN);
    }

    @Override
    public String toString() {
        return name + " at " + url() + " (log " + log + ")";
    }

    /** The command-line flags of a binary, given its config file, storage folder and listen address. */
    private interface Flags {
        List<String> of(Path config, Path data, String listen);
    }

    private static MonitoringServer start(Path dir, String name, String binary, String install, String readyPath,
            String config, Flags flags) {
        assertThat(Path.of(binary)).as(name + " (" + install + "; .ci/run installs it)").exists();
        try {
            Path yml = Files.writeString(dir.resolve(name + ".yml"), config);
            Path log = dir.resolve(name + ".log");
            int port = freePort();
            List<String> command = new ArrayList<>(List.of(binary));
            command.addAll(flags.of(yml, dir.resolve(name + "-data"), "127.0.0.1:" + port));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            MonitoringServer server = new MonitoringServer(name, process, port, log);
            try {
                // Gives up at once if the binary exits (a bad config, a port taken meanwhile).
                Eventually.await(READY_WITHIN, () -> status(server.url() + readyPath), s -> s == 200, process::isAlive);
            } catch (AssertionError e) {
                server.close();
                throw new AssertionError(server + " not ready: " + e.getMessage(), e);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " in " + dir, e);
        }
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
