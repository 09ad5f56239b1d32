package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code headroom monitor --once}: the checker it builds keeps every request on the config's
 * allowlist, and the verdict line counts what failed. 127.0.0.2 stands for a host that is not on
 * the allowlist; what reaches it is counted on its side, connection by connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MonitorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRun cli = new CliRun();
    private final MockWebServer shop = new MockWebServer();
    private final MockWebServer otherOrigin = new MockWebServer();
    private ServerSocket offList;
    private final AtomicInteger offListConnections = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        offList = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.2"));
        Thread counter = new Thread(() -> {
            while (!offList.isClosed()) {
                try (Socket s = offList.accept()) {
                    offListConnections.incrementAndGet();
                    s.shutdownOutput(); // nothing to say to a request that should not be here
                } catch (IOException closed) {
                    // the test is over
                }
            }
        }, "off-allowlist-host");
        counter.setDaemon(true);
        counter.start();
        String off = "http://127.0.0.2:" + offList.getLocalPort();
        shop.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return switch (request.getPath()) {
                    case "/go" -> new MockResponse().setResponseCode(302).setHeader("Location", off + "/landing");
                    case "/offers" -> new MockResponse().setHeader("Content-Type", "text/html")
                            .setBody("<html><body><a href=\"" + off + "/offer\">Winter offer</a></body></html>");
                    case "/ok" -> new MockResponse().setBody("ok");
                    case "/broken" -> new MockResponse().setResponseCode(500).setBody("boom");
                    default -> new MockResponse().setResponseCode(404);
                };
            }
        });
        shop.start(InetAddress.getByName("127.0.0.1"), 0);
        otherOrigin.start(InetAddress.getByName("127.0.0.3"), 0);
    }

    @AfterEach
    void stop() throws IOException {
        offList.close();
        shop.shutdown();
        otherOrigin.shutdown();
    }

    private Path config(String allowlist, String checks) throws IOException {
        return Files.writeString(dir.resolve("monitor.yaml"),
                "target: http://127.0.0.1:" + shop.getPort() + "/\n" + allowlist + "checks:\n" + checks);
    }

    private Map<String, JsonNode> cases() throws IOException {
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        JSON.readTree(dir.resolve("out/report.json").toFile()).path("cases").forEach(c -> byName.put(c.path("name").asText(), c));
        return byName;
    }

    @Test
    void redirectsLinksFollowedAndAbsoluteUrlsInStepsStayOnTheConfigsAllowlist() throws IOException {
        String off = "http://127.0.0.2:" + offList.getLocalPort();
        Files.writeString(dir.resolve("follow.yaml"), """
                name: follow
                steps:
                  - name: the offers
                    request: {url: /offers}
                  - name: the winter offer
                    follow: {text: Winter offer}
                """);
        Files.writeString(dir.resolve("absolute.yaml"), """
                name: absolute
                steps:
                  - name: elsewhere
                    request: {url: "%s/direct"}
                """.formatted(off));
        otherOrigin.enqueue(new MockResponse().setBody("up"));
        Path config = config("allowlist: [127.0.0.1, 127.0.0.3]\n", """
                  - {name: redirected, probe: /go}
                  - {name: follows-a-link, journey: follow.yaml}
                  - {name: absolute-url, journey: absolute.yaml}
                  - {name: other-origin, probe: 'http://127.0.0.3:%d/health'}
                """.formatted(otherOrigin.getPort()));

        int exit = cli.run("monitor", "--config", config.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(offListConnections.get()).as("connections that reached 127.0.0.2").isZero();
        assertThat(exit).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.CHECKS_FAILED);
        String refusal = "not sent: host '127.0.0.2' is not on the allowlist [127.0.0.1, 127.0.0.3]";
        Map<String, JsonNode> cases = cases();
        assertThat(cases.get("redirected").path("status").asText()).isEqualTo("FAILED");
        assertThat(cases.get("redirected").path("message").asText()).startsWith(refusal)
                .contains("a redirect from http://127.0.0.1:" + shop.getPort() + "/go");
        assertThat(cases.get("follows-a-link").path("message").asText())
                .startsWith("step 'the winter offer': " + refusal);
        assertThat(cases.get("absolute-url").path("message").asText())
                .startsWith("step 'elsewhere': " + refusal);
        // the config's allowlist, not the built-in loopback one, is what the checker enforces
        assertThat(cases.get("other-origin").path("status").asText()).isEqualTo("PASSED");
        assertThat(otherOrigin.getRequestCount()).isEqualTo(1);
        assertThat(cli.out.toString()).contains("FAILED: 3 of 4 checks failed: redirected, follows-a-link, absolute-url");
    }

    @Test
    void theVerdictCountsTheChecksThatFailedNotAllOfThem() throws IOException {
        Path config = config("", """
                  - {name: home, probe: /ok}
                  - {name: cart, probe: /broken}
                  - {name: search, probe: /ok}
                """);

        int exit = cli.run("monitor", "--config", config.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(exit).as(cli.out.toString()).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(cli.out.toString()).contains("\nFAILED: 1 of 3 checks failed: cart\n").doesNotContain("FAILED: 3 checks");
    }

    @Test
    void whenEveryCheckPassesTheVerdictSaysSo() throws IOException {
        Path config = config("", """
                  - {name: home, probe: /ok}
                  - {name: search, probe: /ok}
                """);

        int exit = cli.run("monitor", "--config", config.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(exit).as(cli.out.toString()).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("\nPASSED: all 2 checks passed\n");
    }

    @Test
    void aMonitorYamlWithOriginsRunsTheOriginsAsChecksAndALocationUnfitForALabelIsAUsageError() throws IOException {
        Path config = Files.writeString(dir.resolve("origins.yaml"), """
                target: %s
                checks: [{name: home, probe: /ok}]
                origins:
                  healthPath: /ok
                  list: [{name: a, url: '%s'}]
                """.formatted(shop.url("/"), shop.url("/")));

        int exit = cli.run("monitor", "--config", config.toString(), "--once", "--location", "eu-west", "--out",
                dir.resolve("out").toString());
        assertThat(exit).as(cli.out.toString()).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("\nPASSED: all 3 checks passed\n").contains("origin.default.a");

        assertThat(cli.run("monitor", "--config", config.toString(), "--once", "--location", "EU West"))
                .isEqualTo(ExitCode.USAGE);
    }

    @Test
    void aCheckThatCouldNotRunIsCountedAsFailedAndMarkedAsAnError() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Path config = config("", """
                  - {name: home, probe: /ok}
                  - {name: gone, probe: 'http://127.0.0.1:%d/', timeout: 2s}
                """.formatted(closedPort));

        int exit = cli.run("monitor", "--config", config.toString(), "--once", "--out", dir.resolve("out").toString());

        assertThat(exit).as(cli.out.toString()).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(cli.out.toString()).contains("\nFAILED: 1 of 2 checks failed: gone (error)\n");
    }
}
