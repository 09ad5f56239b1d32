package dev.headroom.failover;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny origin on 127.0.0.1 for drill tests: every page answers 200, and {@code /health} answers
 * 503 while the file {@link #downMarker()} exists, so a drill's shell commands can take it down
 * ({@code touch}) and bring it back ({@code rm}). Also serves as the front door.
 */
public final class StubOrigin implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final Path downMarker;

    public StubOrigin(Path downMarker) {
        this.downMarker = downMarker;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(workers);
        server.createContext("/", ex -> {
            boolean down = ex.getRequestURI().getPath().equals("/health") && Files.exists(downMarker);
            ex.sendResponseHeaders(down ? 503 : 200, -1);
            ex.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** While this file exists, {@code /health} answers 503. */
    public Path downMarker() {
        return downMarker;
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
