package dev.headroom.demo;

import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The demo's failover drill set-up: two origins of the reference storefront behind a real HAProxy
 * on loopback (health checks every 300 ms, retries, redispatch), so {@code ./headroom failover
 * drill} can take origin a down and show what customers saw. Only when HAProxy is installed; the
 * demo says so when it is not. Closing stops HAProxy and both origins.
 */
public final class FailoverStage implements AutoCloseable {
    private final RunningStorefront a;
    private final RunningStorefront b;
    private final Haproxy haproxy;

    private FailoverStage(RunningStorefront a, RunningStorefront b, Haproxy haproxy) {
        this.a = a;
        this.b = b;
        this.haproxy = haproxy;
    }

    /** Why the drill cannot run here (no HAProxy, no headroom.jar for its down/up commands), or empty. */
    public static Optional<String> unavailable(Optional<Path> jar) {
        if (!Files.isExecutable(Haproxy.BINARY)) {
            return Optional.of("HAProxy is not installed (apt-get install haproxy)");
        }
        return jar.isEmpty() ? Optional.of("the drill's down and up commands need target/headroom.jar") : Optional.empty();
    }

    /** Starts the two origins and HAProxy in front of them, its config and log in {@code dir}. */
    public static FailoverStage start(Path dir) throws IOException, InterruptedException {
        RunningStorefront a = Storefront.builder().port(0).products(60).instance("a").build().start();
        RunningStorefront b = Storefront.builder().port(0).products(60).instance("b").build().start();
        try {
            return new FailoverStage(a, b, Haproxy.start(dir, Haproxy.RESILIENT_BACKEND, a.port(), b.port()));
        } catch (IOException | InterruptedException | RuntimeException e) {
            a.close();
            b.close();
            throw e;
        }
    }

    /** {@code ./headroom failover drill}'s arguments: origin a hangs for 5 s behind the front door, then comes back. */
    public List<String> drillArgs(Path jar, Path out) {
        String fault = "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + jar.toAbsolutePath()
                + "' storefront fault --admin " + a.adminUrl() + " --token " + a.adminToken();
        return List.of("failover", "drill", "--front", "http://127.0.0.1:" + haproxy.port(),
                "--origin", "a=" + a.baseUrl(), "--origin", "b=" + b.baseUrl(),
                "--down", fault + " set hard-down", "--up", fault + " clear hard-down",
                "--path", "/", "--path", "/search?q=lamp", "--rate", "20", "--before", "2s", "--during", "5s",
                "--after", "3s", "--probe-every", "200ms", "--timeout", "5s", "--max-errors", "0", "--max-latency", "5s",
                "--out", out.toString());
    }

    @Override
    public void close() {
        haproxy.close();
        a.close();
        b.close();
    }
}
