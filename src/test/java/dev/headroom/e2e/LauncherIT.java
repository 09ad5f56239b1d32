package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./headroom} launcher script at the repository root, on an up-to-date jar. */
class LauncherIT {

    @Test
    void launcherRunsTheBuiltJarWithoutRebuildingIt() throws Exception {
        HeadroomProcess.jar();
        Process launcher = new ProcessBuilder("bash", Path.of("headroom").toAbsolutePath().toString(), "--version")
                .redirectErrorStream(true).start();
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).startsWith("headroom ").doesNotContain("building");
    }

    /**
     * A monitor of probes alone runs for months next to what it watches (issue 14: under 64 MiB
     * resident): loading its config, probing, serving /metrics and the status page's JSON must not
     * pull in Jackson's data binding, ~550 classes and ~6 MiB of it. The JVM's own class-loading log
     * says what was loaded.
     */
    @Test
    void aProbesOnlyMonitorLoadsNoDataBindingAndIdlesQuietly(@TempDir Path dir) throws Exception {
        HeadroomProcess.jar();
        AtomicInteger hits = new AtomicInteger();
        HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = "<html><body>ok</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        page.start();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path config = dir.resolve("monitor.yaml");
        Files.writeString(config, String.join("\n", "defaults: {interval: 1s, timeout: 2s}", "checks:",
                "  - {name: home, probe: 'http://127.0.0.1:" + page.getAddress().getPort() + "/', bodyMatches: 'ok'}", ""));
        Path classes = dir.resolve("classes.log");
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", Path.of("headroom").toAbsolutePath().toString(), "monitor",
                    "--config", config.toString(), "--port", String.valueOf(port), "--duration", "6s",
                    "--out", dir.resolve("out").toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("monitor.log").toFile());
            // the flags as the JVM took them, after the launcher's own (printed before the monitor starts)
            pb.environment().put("HEADROOM_JAVA_OPTS", "-Xlog:class+load=info:file=" + classes + " -XX:+PrintFlagsFinal");
            Process monitor = pb.start();
            String status = null;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < 100 && status == null && monitor.isAlive(); i++) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/status")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    status = r.statusCode() == 200 && r.body().contains("\"state\":\"UP\"") ? r.body() : null;
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            assertThat(monitor.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(dir.resolve("monitor.log"));
            assertThat(monitor.exitValue()).as(log).isZero();
            assertThat(status).as("the status page's JSON, served while probing; log:%n%s", log)
                    .isNotNull().contains("\"name\":\"home\"", "\"state\":\"UP\"");
            assertThat(hits.get()).as("probes that reached the page").isGreaterThanOrEqualTo(2);
            // an idle monitor's JVM checks for monitors to deflate and for a due safepoint every 10 s, not 4 and 1 times a second
            assertThat(log).containsPattern("AsyncDeflationInterval\\s+= 10000\\s")
                    .containsPattern("GuaranteedSafepointInterval\\s+= 10000\\s")
                    .containsPattern("TieredStopAtLevel\\s+= 1\\s");
            assertThat(log).as("the per-package compile thresholds are set quietly").doesNotContain("CompileCommand:");
            List<String> loaded = Files.readAllLines(classes);
            assertThat(loaded).as("classes loaded").hasSizeGreaterThan(1000);
            assertThat(loaded).filteredOn(l -> l.contains("com.fasterxml.jackson.databind.ObjectMapper ")
                    || l.contains("com.fasterxml.jackson.databind.deser.BeanDeserializer ")
                    || l.contains("com.fasterxml.jackson.databind.ser.BeanSerializer ")
                    || l.contains("com.fasterxml.jackson.datatype.jsr310.")).isEmpty();
        } finally {
            page.stop(0);
        }
    }
}
