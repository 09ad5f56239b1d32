package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.demo.Haproxy;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.Storefront;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover drills through a real load balancer (Debian's HAProxy) in front of two reference
 * storefronts, run as a user runs them ({@code java -jar headroom.jar failover drill}). The down
 * command is Headroom's own {@code storefront fault set hard-down}: origin a stops answering
 * (requests hang), as a crashed JVM or a full disk would. All on 127.0.0.1.
 */
class FailoverIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningStorefront a;
    private RunningStorefront b;
    private Haproxy haproxy;

    @BeforeEach
    void startOrigins() {
        assertThat(Haproxy.BINARY).as("HAProxy (apt-get install haproxy; .ci/run installs it)").exists();
        a = Storefront.builder().port(0).products(60).instance("a").build().start();
        b = Storefront.builder().port(0).products(60).instance("b").build().start();
    }

    @AfterEach
    void stopAll() {
        if (haproxy != null) {
            haproxy.close();
        }
        a.close();
        b.close();
    }

    @Test
    void behindHealthChecksAndRetriesCustomersSeeNoErrorWhenAnOriginHangs() throws Exception {
        int front = startHaproxy(Haproxy.RESILIENT_BACKEND);
        Drilled drill = drill(front, "--max-errors", "0", "--max-latency", "5s");

        assertThat(drill.exit).as(drill.output).isZero();
        JsonNode report = drill.report;
        assertThat(report.get("status").asText()).isEqualTo("PASSED");
        assertThat(report.at("/summary/failed since down").asInt()).isZero();
        // The customers paid in latency instead: requests sent to the hanging origin waited out
        // HAProxy's server timeout before their retry went to b.
        JsonNode during = report.at("/data/phases/1");
        assertThat(during.get("phase").asText()).isEqualTo("during");
        assertThat(during.get("maxMs").asLong()).isGreaterThanOrEqualTo(900);
        assertThat(report.at("/summary/origin a").asText()).startsWith("down from +").contains(" to +");
        assertThat(report.at("/summary/origin b").asText()).isEqualTo("never seen down");
        assertThat(Files.readString(dir.resolve("out/timeline.html"))).contains("<svg").contains(">down</text>").contains(">up</text>");
        assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("at most 0 failed request(s)");
    }

    @Test
    void withoutHealthChecksTheDrillShowsCustomersGettingGatewayTimeoutsAndFails() throws Exception {
        int front = startHaproxy("""
                backend origins
                  balance roundrobin
                  retries 0
                """);
        Drilled drill = drill(front, "--max-errors", "0");

        assertThat(drill.exit).as(drill.output).isEqualTo(1);
        JsonNode report = drill.report;
        assertThat(report.get("status").asText()).isEqualTo("FAILED");
        assertThat(report.at("/summary/failed since down").asInt()).isGreaterThan(5);
        String impact = report.get("cases").toString();
        assertThat(impact).contains("customer request(s) failed between").contains("x 504");
        // Once a is back, customers are fine again.
        JsonNode after = report.at("/data/phases/2");
        assertThat(after.get("phase").asText()).isEqualTo("after");
        assertThat(after.get("requests").asLong()).isGreaterThan(20);
        assertThat(drill.output).contains("FAILED");
    }

    @Test
    void aFailedUpCommandLeavesTheOriginDownAndTheDrillExitsFiveSayingHowToRestoreIt() throws Exception {
        int front = startHaproxy(Haproxy.RESILIENT_BACKEND);
        String cli = "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + HeadroomProcess.jar().toAbsolutePath()
                + "' storefront fault --admin " + a.adminUrl() + " --token ";
        String up = cli + "not-the-token clear hard-down"; // the admin API refuses it: a stays hard down
        List<String> args = new java.util.ArrayList<>(List.of(drillArgs(front, "--max-errors", "0")));
        args.set(args.indexOf("--up") + 1, up);
        try (HeadroomProcess p = HeadroomProcess.start(args.toArray(String[]::new))) {
            assertThat(p.awaitExit(Duration.ofSeconds(90))).as(p.output()).isEqualTo(5);
            assertThat(p.output()).contains("ORIGIN LEFT DOWN: origin(s) a still failed /health at the end of the drill, and the up"
                    + " command failed (exit 2).\n  restore it with:  " + up + "\n")
                    .contains("    headroom: the admin API refused the token");
        }
        assertThat(a.faults().isActive(Fault.HARD_DOWN)).as("a really was left down").isTrue();
        JsonNode report = JSON.readTree(dir.resolve("out/report.json").toFile());
        assertThat(report.at("/data/leftDown").asBoolean()).isTrue();
    }

    @Test
    void aDrillRefusesToStartWhenAnOriginIsAlreadyDown() throws Exception {
        int front = startHaproxy("""
                backend origins
                  balance roundrobin
                  option httpchk GET /health
                  default-server inter 300ms fall 2 rise 2
                """);
        String[] args = drillArgs(front, "--max-errors", "0");
        b.close(); // b is gone entirely; HAProxy's checks send everything to a, so the front door works
        try (HeadroomProcess p = HeadroomProcess.start(args)) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.output()).isEqualTo(1);
            assertThat(p.output()).contains("Refusing to start: origin(s) [b] already fail /health").contains("Nothing was taken down");
        }
        assertThat(a.faults().isActive(Fault.HARD_DOWN)).as("the down command never ran").isFalse();
        b = Storefront.builder().port(0).products(10).build().start(); // for stopAll
    }

    @Test
    void aHostOutsideTheAllowlistIsRefusedBeforeAnythingIsSent() throws Exception {
        try (HeadroomProcess p = HeadroomProcess.start("failover", "drill", "--front", "http://shop.example.com",
                "--down", "touch " + dir.resolve("ran"), "--out", dir.resolve("out").toString())) {
            assertThat(p.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(p.output()).contains("--front: refusing 'shop.example.com': not in the allowlist");
        }
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    private record Drilled(int exit, String output, JsonNode report) {
    }

    private Drilled drill(int front, String... extra) throws Exception {
        try (HeadroomProcess p = HeadroomProcess.start(drillArgs(front, extra))) {
            int exit = p.awaitExit(Duration.ofSeconds(90));
            JsonNode report = JSON.readTree(dir.resolve("out/report.json").toFile());
            return new Drilled(exit, p.output(), report);
        }
    }

    private String[] drillArgs(int front, String... extra) {
        String cli = "'" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -jar '" + HeadroomProcess.jar().toAbsolutePath()
                + "' storefront fault --admin " + a.adminUrl() + " --token " + a.adminToken();
        List<String> args = new java.util.ArrayList<>(List.of("failover", "drill",
                "--front", "http://127.0.0.1:" + front,
                "--origin", "a=" + a.baseUrl(), "--origin", "b=" + b.baseUrl(),
                "--down", cli + " set hard-down", "--up", cli + " clear hard-down",
                "--path", "/", "--path", "/search?q=lamp",
                "--rate", "20", "--before", "2s", "--during", "5s", "--after", "3s",
                "--probe-every", "200ms", "--timeout", "5s",
                "--out", dir.resolve("out").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** HAProxy in front of a and b with the given backend section; returns its port once it answers. */
    private int startHaproxy(String backend) throws Exception {
        haproxy = Haproxy.start(dir, backend, a.port(), b.port());
        return haproxy.port();
    }
}
