package dev.headroom.demo;

import dev.headroom.process.ProcessTree;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's, {@link #BINARY}) on loopback in front of two origins, {@code a} and
 * {@code b}, both on 127.0.0.1: the front door of the failover drills. Its config ({@code haproxy.cfg})
 * and log ({@code haproxy.log}) are in the folder it is started with; closing stops it.
 */
public final class Haproxy implements AutoCloseable {
    /** Where Debian installs HAProxy. */
    public static final Path BINARY = Path.of("/usr/sbin/haproxy");
    /**
     * The backend a shop should have: health checks every 300 ms, retries and redispatch, so that
     * customers see no error when an origin hangs (they pay in latency instead).
     */
    public static final String RESILIENT_BACKEND = """
            backend origins
              balance roundrobin
              option httpchk GET /health
              timeout check 300ms
              retries 2
              option redispatch 1
              retry-on conn-failure empty-response response-timeout
              default-server inter 300ms fall 2 rise 2
            """;

    private final Process process;
    private final int port;

    private Haproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts HAProxy on a free loopback port with {@code backend} (a {@code backend origins} section
     * without its servers) in front of origins a and b, and returns once it accepts connections.
     * The servers are health-checked only when the backend has {@code option httpchk}.
     *
     * @throws IOException when it cannot be started or does not listen within 10 s, with its log
     */
    public static Haproxy start(Path dir, String backend, int portA, int portB) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // HAProxy refuses "check" on a server of a backend without a health check.
        String check = backend.contains("httpchk") ? " check" : "";
        String config = """
                global
                  maxconn 2000
                defaults
                  mode http
                  timeout connect 1s
                  timeout client 10s
                  timeout server 1s
                frontend shop
                  bind 127.0.0.1:%d
                  default_backend origins
                %s
                  server a 127.0.0.1:%d%s
                  server b 127.0.0.1:%d%s
                """.formatted(port, backend.strip(), portA, check, portB, check);
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        Path log = dir.resolve("haproxy.log");
        Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Haproxy haproxy = new Haproxy(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return haproxy;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    haproxy.close();
                    throw new IOException("HAProxy did not start: " + Files.readString(log).strip());
                }
                Thread.sleep(50);
            }
        }
    }

    /** The front door's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** Stops HAProxy (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        ProcessTree.stop(process, Duration.ofSeconds(5));
    }
}
