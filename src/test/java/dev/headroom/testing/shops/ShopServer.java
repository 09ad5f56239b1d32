package dev.headroom.testing.shops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server plumbing of the test shops: the JDK's HTTP server on a free loopback port, every
 * request to one handler on a pool of its own, and what a servlet container would parse for the
 * shop (cookies, form and query parameters). Closing stops it at once and ends its pool.
 */
public final class ShopServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService pool;

    private ShopServer(HttpServer server, ExecutorService pool) {
        this.server = server;
        this.pool = pool;
    }

    /** Starts serving every path with {@code handler} on 127.0.0.1, {@code threads} requests at a time. */
    public static ShopServer start(int threads, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        server.setExecutor(pool);
        server.createContext("/", handler);
        server.start();
        return new ShopServer(server, pool);
    }

    /** The port it listens on, on 127.0.0.1. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    /** The value of the request's cookie {@code name}, or null when it sent none. */
    public static String cookie(HttpExchange x, String name) {
        for (String header : x.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String part : header.split(";")) {
                String[] kv = part.strip().split("=", 2);
                if (kv.length == 2 && kv[0].equals(name)) {
                    return kv[1];
                }
            }
        }
        return null;
    }

    /**
     * The parameters of a query string or a form body ({@code a=1&b=2}), decoded, in order; as a
     * servlet's {@code getParameter}, the first of a repeated name wins and a name without {@code =}
     * is "". Empty for null or "".
     */
    public static Map<String, String> parameters(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            String[] kv = pair.split("=", 2);
            out.putIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length == 2 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        return out;
    }
}
