package dev.headroom.demo;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The demo's failover drill set-up: two origins of the reference storefront behind a real HAProxy
 * on loopback (health checks every 300 ms, retries, redispatch), so {@code ./headroom failover
 * drill} can take origin a down and show what customers saw. Only when HAProxy is installed; the
 * demo says so when it is not. Closing stops HAProxy and both origins.
 */
public final class FailoverStage implements AutoCloseable {
    /** Where Debian installs HAProxy. */
    public static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private final RunningStorefront a;
    private final RunningStorefront b;
    private final Process haproxy;
    private final int frontPort;

    private FailoverStage(RunningStorefront a, RunningStorefront b, Process haproxy, int frontPort) {
        this.a = a;
        this.b = b;
        this.haproxy = haproxy;
        this.frontPort = frontPort;
    }

    /** Why the drill cannot run here (no HAProxy, no headroom.jar for its down/up commands), or empty. */
    public static Optional<String> unavailable(Optional<Path> jar) {
        if (!Files.isExecutable(HAPROXY)) {
            return Optional.of("HAProxy is not installed (apt-get install haproxy)");
        }
        return jar.isEmpty() ? Optional.of("the drill's down and up commands need target/headroom.jar") : Optional.empty();
    }

    /** Starts the two origins and HAProxy in front of them, its config and log in {@code dir}. */
    public static FailoverStage start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        RunningStorefront a = Storefront.builder().port(0).products(60).instance("a").build().start();
        RunningStorefront b = Storefront.builder().port(0).products(60).instance("b").build().start();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
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
                backend origins
                  balance roundrobin
                  option httpchk GET /health
                  timeout check 300ms
                  retries 2
                  option redispatch 1
                  retry-on conn-failure empty-response response-timeout
                  default-server inter 300ms fall 2 rise 2
                  server a 127.0.0.1:%d check
                  server b 127.0.0.1:%d check
                """.formatted(port, a.port(), b.port());
        Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        FailoverStage stage = new FailoverStage(a, b, haproxy, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return stage;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !haproxy.isAlive()) {
                    stage.close();
                    throw new IOException("HAProxy did not start: " + Files.readString(dir.resolve("haproxy.log")).strip());
                }
                Thread.sleep(50);
            }
        }
    }

    /** {@code ./headroom failover drill}'s arguments: origin a hangs for 5 s behind the front door, then comes back. */
    public List<String> drillArgs(Path jar, Path out) {
        String fault = "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + jar.toAbsolutePath()
                + "' storefront fault --admin " + a.adminUrl() + " --token " + a.adminToken();
        return List.of("failover", "drill", "--front", "http://127.0.0.1:" + frontPort,
                "--origin", "a=" + a.baseUrl(), "--origin", "b=" + b.baseUrl(),
                "--down", fault + " set hard-down", "--up", fault + " clear hard-down",
                "--path", "/", "--path", "/search?q=lamp", "--rate", "20", "--before", "2s", "--during", "5s",
                "--after", "3s", "--probe-every", "200ms", "--timeout", "5s", "--max-errors", "0", "--max-latency", "5s",
                "--out", out.toString());
    }

    @Override
    public void close() {
        haproxy.destroy();
        try {
            if (!haproxy.waitFor(5, TimeUnit.SECONDS)) {
                haproxy.destroyForcibly();
            }
        } catch (InterruptedException e) {
            haproxy.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        a.close();
        b.close();
    }
}
