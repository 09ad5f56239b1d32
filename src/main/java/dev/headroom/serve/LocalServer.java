package dev.headroom.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.headroom.process.Threads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The one small HTTP server Headroom's long-running parts expose themselves with ({@code /metrics},
 * {@code /health}, a status page): the JDK's own server, on 127.0.0.1 by default, one daemon thread,
 * every route an exact path. Unknown paths answer 404, known paths with the wrong method 405. Every
 * body is built fresh per request and never cached by clients.
 *
 * <pre>{@code
 * LocalServer server = LocalServer.builder().port(0)
 *         .get("/metrics", LocalServer.PROMETHEUS_TEXT, registry::scrape)
 *         .get("/health", LocalServer.JSON, () -> "{\"status\":\"up\"}")
 *         .start();
 * }</pre>
 */
public final class LocalServer implements AutoCloseable {
    /** Content type of the Prometheus text exposition format. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    public static final String JSON = "application/json";
    public static final String HTML = "text/html; charset=utf-8";

    /** What a route answers. */
    public record Response(int status, String contentType, String body) {
        public Response {
            Objects.requireNonNull(contentType, "contentType");
            body = body == null ? "" : body;
        }

        public static Response ok(String contentType, String body) {
            return new Response(200, contentType, body);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LocalServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port served (useful after starting on port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port} with no trailing slash. */
    public String baseUrl() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** Stops at once; requests in flight are cut. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Route(String method, Supplier<Response> handler) {
    }

    public static final class Builder {
        private int port;
        private InetAddress address = InetAddress.getLoopbackAddress();
        private String threadName = "headroom-http";
        private final Map<String, Map<String, Supplier<Response>>> routes = new LinkedHashMap<>();

        private Builder() {
        }

        /** 0 (the default): any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; 127.0.0.1 by default. */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder threadName(String name) {
            this.threadName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Serves {@code body} with status 200 to GET and HEAD at exactly {@code path}. */
        public Builder get(String path, String contentType, Supplier<String> body) {
            return route("GET", path, () -> Response.ok(contentType, body.get()));
        }

        /** Answers POST at exactly {@code path} (the request body is not read). */
        public Builder post(String path, Supplier<Response> handler) {
            return route("POST", path, handler);
        }

        private Builder route(String method, String path, Supplier<Response> handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/': " + path);
            }
            routes.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(method, Objects.requireNonNull(handler));
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @throws UncheckedIOException if the port cannot be bound (the message names the address)
         */
        public LocalServer start() {
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(address, port), 16);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port + ": "
                        + e.getMessage(), e);
            }
            Map<String, Map<String, Supplier<Response>>> table = Map.copyOf(routes);
            // One context at the root dispatching on the exact path: the JDK server matches prefixes.
            server.createContext("/", ex -> respond(ex, table));
            String name = threadName;
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> Threads.daemonThread(name, r));
            server.setExecutor(executor);
            server.start();
            return new LocalServer(server, executor);
        }
    }

    private static void respond(HttpExchange ex, Map<String, Map<String, Supplier<Response>>> routes) throws IOException {
        try (ex) {
            Map<String, Supplier<Response>> byMethod = routes.get(ex.getRequestURI().getPath());
            String method = ex.getRequestMethod();
            boolean head = method.equals("HEAD");
            Supplier<Response> handler = byMethod == null ? null : byMethod.get(head ? "GET" : method);
            if (handler == null) {
                ex.sendResponseHeaders(byMethod == null ? 404 : 405, -1);
                return;
            }
            Response response;
            try {
                response = handler.get();
            } catch (RuntimeException e) {
                response = new Response(500, "text/plain; charset=utf-8", "internal error: " + e.getMessage() + "\n");
            }
            byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", response.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            if (head) {
                ex.sendResponseHeaders(response.status(), -1);
                return;
            }
            ex.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
