package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.headroom.report.Json;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import dev.headroom.testing.MonitoringServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open changes in real Alertmanager (Debian's {@code prometheus-alertmanager}, on loopback with a temporary
 * config and storage): {@code change open} records a silence scoped to the shop, created by headroom, with
 * what is changed as its comment; a second {@code change open} and the gate refuse (exit 6) while it is
 * open; the gate that is part of it ({@code --change ID}) and a change of another shop do not; {@code
 * change close} expires it and the gate runs again.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GateChangesIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ShopUnderTest(products = 20)
    static RunningStorefront shop;

    @TempDir
    static Path dir;

    static MonitoringServer alertmanager;
    static String url;

    @BeforeAll
    static void startAlertmanager() {
        alertmanager = MonitoringServer.alertmanager(dir, """
                route: {receiver: blackhole}
                receivers: [{name: blackhole}]
                """);
        url = alertmanager.url();
    }

    @AfterAll
    static void stopAlertmanager() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    private CliRun cli;

    private int run(String... args) {
        cli = new CliRun();
        return cli.run(args);
    }

    private int gate(Path shopFile, String... more) {
        List<String> args = new ArrayList<>(List.of("gate", "--config", shopFile.toString(), "--stages", "origins",
                "--alertmanager", url, "--out", dir.resolve("gate-out").toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void anOpenChangeIsASilenceScopedToTheShopAndRefusesASecondChangeAndTheGateUntilClosed() throws Exception {
        Path shopFile = GateShopFiles.write(dir, shop.baseUrl(), "");
        assertThat(gate(shopFile)).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);

        int opened = run("change", "open", "--config", shopFile.toString(), "--alertmanager", url, "--what", "firewall update",
                "--for", "1h", "--by", "alice");
        assertThat(opened).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        String out = cli.out.toString().strip();
        String id = out.substring(out.lastIndexOf('\n') + 1).strip();

        JsonNode silence = Json.DATA.readTree(get(url + "/api/v2/silence/" + id));
        assertThat(silence.path("createdBy").asText()).isEqualTo("headroom");
        assertThat(silence.path("comment").asText()).isEqualTo("[alice] firewall update");
        assertThat(silence.at("/status/state").asText()).isEqualTo("active");
        assertThat(silence.path("matchers")).hasSize(1);
        assertThat(silence.at("/matchers/0/name").asText()).isEqualTo("shop");
        assertThat(silence.at("/matchers/0/value").asText()).isEqualTo("gate-test-shop");

        int second = run("change", "open", "--config", shopFile.toString(), "--alertmanager", url, "--what", "CDN switch",
                "--for", "30m");
        assertThat(second).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("another change is open").contains("'firewall update' by alice").contains(id);

        int refused = gate(shopFile);
        assertThat(refused).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.REFUSED);
        assertThat(cli.err.toString()).contains("another change is open: change " + id);
        assertThat(Files.readString(dir.resolve("gate-out/junit.xml"))).contains("no other change open");

        assertThat(gate(shopFile, "--change", id)).as("the gate that is part of the change").isEqualTo(ExitCode.OK);

        assertThat(run("change", "list", "--config", shopFile.toString(), "--alertmanager", url)).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains(id);

        assertThat(run("change", "close", "--config", shopFile.toString(), "--alertmanager", url)).isEqualTo(ExitCode.OK);
        assertThat(cli.out.toString()).contains("Closed change " + id);
        assertThat(Json.DATA.readTree(get(url + "/api/v2/silence/" + id)).at("/status/state").asText()).isEqualTo("expired");
        assertThat(gate(shopFile)).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
    }

    @Test
    void aChangeOfAnotherShopDoesNotRefuseThisShopsGate() throws Exception {
        Path shopFile = GateShopFiles.write(dir.resolve("other"), shop.baseUrl(), "");
        assertThat(run("change", "open", "--shop", "another-shop", "--alertmanager", url, "--what", "DNS move", "--for", "10m"))
                .as(cli.err.toString()).isEqualTo(ExitCode.OK);
        try {
            assertThat(gate(shopFile)).as(cli.out + "\n" + cli.err).isEqualTo(ExitCode.OK);
        } finally {
            assertThat(run("change", "close", "--shop", "another-shop", "--alertmanager", url)).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void anAlertmanagerThatDoesNotAnswerRefusesTheGateAndIsUnreachableForChangeOpen() throws Exception {
        Path shopFile = GateShopFiles.write(dir.resolve("down"), shop.baseUrl(), "");
        String closed = "http://127.0.0.1:" + freePort();

        int gate = run("gate", "--config", shopFile.toString(), "--stages", "origins", "--alertmanager", closed,
                "--out", dir.resolve("down-out").toString());
        String gateErr = cli.err.toString();
        int open = run("change", "open", "--shop", "x", "--alertmanager", closed, "--what", "w", "--for", "1m");

        assertThat(gate).isEqualTo(ExitCode.REFUSED);
        assertThat(gateErr).contains("cannot tell whether another change is open");
        assertThat(open).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(cli.err.toString()).contains("Alertmanager at " + closed + ": no answer").doesNotContain("\tat ");
    }

    private static String get(String u) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
