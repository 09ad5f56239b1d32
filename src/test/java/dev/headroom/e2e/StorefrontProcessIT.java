package dev.headroom.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.cli.ExitCode;
import dev.headroom.http.CheckRequest;
import dev.headroom.http.CheckResult;
import dev.headroom.http.HttpChecker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code headroom storefront} as its own process: serves, switches faults from another process, stops on SIGTERM. */
class StorefrontProcessIT {

    @Test
    void storefrontServesSwitchesFaultsFromTheCliAndStopsCleanlyOnSigterm() throws Exception {
        int port = freePort();
        int adminPort = freePort();
        String shop = "http://127.0.0.1:" + port;
        String admin = "http://127.0.0.1:" + adminPort;
        try (HeadroomProcess storefront = HeadroomProcess.start("storefront", "--port", String.valueOf(port),
                "--admin-port", String.valueOf(adminPort), "--admin-token", "it-token", "--products", "300",
                "--instance", "blue");
             HttpChecker checker = HttpChecker.builder().callTimeout(Duration.ofSeconds(10)).build()) {
            storefront.awaitLine(line -> line.contains("shop:") && line.contains(shop), Duration.ofSeconds(60));

            CheckResult home = checker.execute(CheckRequest.get(shop + "/"));
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.header("X-Headroom-Instance")).isEqualTo("blue");

            try (HeadroomProcess fault = HeadroomProcess.start("storefront", "fault", "--admin", admin,
                    "--token", "it-token", "set", "error-rate=1")) {
                assertThat(fault.awaitExit(Duration.ofSeconds(30))).as(fault.output()).isEqualTo(ExitCode.OK);
            }
            assertThat(checker.execute(CheckRequest.get(shop + "/checkout")).statusCode()).isEqualTo(503);

            try (HeadroomProcess fault = HeadroomProcess.start("storefront", "fault", "--admin", admin,
                    "--token", "it-token", "clear")) {
                assertThat(fault.awaitExit(Duration.ofSeconds(30))).as(fault.output()).isEqualTo(ExitCode.OK);
            }
            // not signed in: the checkout now redirects to sign-in instead of failing
            assertThat(checker.execute(CheckRequest.get(shop + "/checkout")).statusCode()).isEqualTo(200);

            storefront.terminate();
            storefront.awaitExit(Duration.ofSeconds(20));
            assertThat(listening(port)).as("shop port closed after SIGTERM").isFalse();
            assertThat(listening(adminPort)).as("admin port closed after SIGTERM").isFalse();
        }
    }

    @Test
    void aSecondStorefrontOnATakenPortExitsWithAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             HeadroomProcess storefront = HeadroomProcess.start("storefront", "--port", String.valueOf(taken.getLocalPort()),
                     "--products", "50")) {
            assertThat(storefront.awaitExit(Duration.ofSeconds(60))).isEqualTo(ExitCode.USAGE);
            assertThat(storefront.output()).contains("--port").doesNotContain("\tat ");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
