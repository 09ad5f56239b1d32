package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.headroom.http.HttpChecker;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsoup.nodes.Entities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page that echoes a secret (a shop showing the password back, a debug page) changes it on the
 * way: entities decoded, whitespace collapsed by the HTML parser, the text cut to an excerpt. None
 * of those forms may reach a step result, a report or failure.json.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecretsInPagesTest {
    // Two spaces and markup characters: the parser's text is not the secret as registered.
    static final String SECRET = "s3cr&t  <qz9 w\u00f6rd>";

    @TempDir
    Path dir;

    private HttpServer server;

    @BeforeEach
    void serve() throws IOException {
        String escaped = Entities.escape(SECRET).replace("  ", "\n \n");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/long", ex -> send(ex, "<main>" + "x".repeat(495) + escaped + " and more</main>"));
        server.createContext("/echo", ex -> send(ex, "<meta name=csrf content=c-7f3e>"
                + "<main><p>You typed <span id=echo>" + escaped + "</span></p></main>"));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void send(com.sun.net.httpserver.HttpExchange ex, String html) throws IOException {
        byte[] body = ("<!doctype html><html><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void aSecretEchoedWithEntitiesAndCollapsedWhitespaceReachesNoResultNoReportAndNoFailureRecord() throws IOException {
        Path journey = Files.writeString(dir.resolve("echo.yaml"), """
                name: echo
                variables: {username: ada@acme.test}
                secrets:
                  password: {env: ECHO_PASSWORD}
                steps:
                  - name: the secret straddles the excerpt's cut
                    request: {url: /long}
                    assert:
                      - text: Welcome
                  - name: the secret is extracted and compared
                    always: true
                    request: {url: /echo}
                    extract:
                      echoed: {css: "#echo"}
                      csrf_token: {css: "meta[name=csrf]", attr: content}
                    assert:
                      - value: {css: "#echo", equals: nope}
                """);
        try (HttpChecker checker = HttpChecker.builder().build()) {
            JourneyResult r = new JourneyRunner(checker).run(JourneyLoader.load(journey),
                    RunOptions.target("http://127.0.0.1:" + server.getAddress().getPort()).withEnv(Map.of("ECHO_PASSWORD", SECRET)));

            StepResult cut = r.steps().get(0);
            assertThat(cut.bodyExcerpt()).isEqualTo("x".repeat(495) + "\u2026");
            StepResult compared = r.steps().get(1);
            assertThat(compared.message()).isEqualTo("value css '#echo' is '[REDACTED]', expected 'nope'");
            assertThat(compared.bodyExcerpt()).isEqualTo("You typed [REDACTED]");
            assertThat(r.variables()).as("only secrets, and credentials the site handed out, are masked")
                    .containsEntry("username", "ada@acme.test").containsEntry("echoed", "[REDACTED]")
                    .containsEntry("csrf_token", "[REDACTED]").doesNotContainKey("password");
            assertThat(r.inputs()).containsExactly(Map.entry("username", "ada@acme.test"));

            Path out = dir.resolve("out");
            ReportWriter.write(r.toReport(), out, EnumSet.allOf(Format.class), r.redactor());
            ReportWriter.writeJsonDocument(r.failureRecord().orElseThrow(), out.resolve("failure.json"), r.redactor());
            for (String file : new String[] {"report.json", "junit.xml", "summary.md", "failure.json"}) {
                assertThat(Files.readString(out.resolve(file))).as(file)
                        .doesNotContain("s3cr").doesNotContain("qz9").doesNotContain("w\u00f6rd").doesNotContain("w&ouml;rd");
            }
        }
    }
}
