package dev.headroom.crawl;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} (JSON, 200) on 127.0.0.1
 * with the JDK's own HTTP server: small, no dependency. Close it to stop.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving on 127.0.0.1:{@code port} (0: any free port).
     *
     * @param health the JSON body of {@code /health}
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, Supplier<String> health) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            server.createContext("/metrics", ex -> respond(ex, "text/plain; version=0.0.4; charset=utf-8",
                    registry::scrape));
            server.createContext("/health", ex -> respond(ex, "application/json", health));
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "crawl-metrics-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.start();
            return new MetricsServer(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port served (useful after starting on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, String contentType, Supplier<String> body) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            boolean exact = path.equals("/metrics") || path.equals("/health");
            String method = ex.getRequestMethod();
            if (!exact || !method.equals("GET") && !method.equals("HEAD")) {
                ex.sendResponseHeaders(exact ? 405 : 404, -1);
                return;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
