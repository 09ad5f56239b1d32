package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code headroom journey run}: output, report files, the failure record and every exit code. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JourneyCommandTest {
    private static final String ENV_FILE = "monitors/reference-storefront.env";
    @ShopUnderTest
    static RunningStorefront shop;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aPassingJourneyPrintsEachStepWritesTheThreeReportsAndExitsZero() throws IOException {
        Files.writeString(dir.resolve("failure.json"), "{}"); // stale, from an earlier run
        int exit = run("journey", "run", "monitors/browse-and-search.yaml", "--target", shop.baseUrl(), "--out", dir.toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.OK);
        assertThat(out.toString())
                .contains("Journey 'browse-and-search'")
                .containsPattern("PASSED +home page +\\d+ ms +GET " + shop.baseUrl() + "/ -> 200")
                .contains("PASSED    search for it by name");
        assertThat(dir.resolve("report.json")).exists();
        assertThat(dir.resolve("summary.md")).exists();
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("tests=\"5\"").contains("name=\"open a product\"");
        assertThat(dir.resolve("failure.json")).doesNotExist();
    }

    @Test
    void aDegradedJourneyStillExitsZero() {
        shop.faults().set(Fault.SLOW_ROUTE, "checkout:1100");
        int exit = run("journey", "run", "monitors/checkout.yaml", "--target", shop.baseUrl(), "--env-file", ENV_FILE,
                "--out", dir.toString());
        assertThat(exit).as(out.toString()).isEqualTo(ExitCode.OK);
        assertThat(out.toString()).contains("DEGRADED  open checkout").contains("over the degraded budget");
    }

    @Test
    void aFailedStepExitsOneShowsTheRequestResponseAndBodyAndWritesAFailureRecordWithoutSecrets() throws IOException {
        shop.faults().set(Fault.ERROR_RATE, "1");
        int exit = run("journey", "run", "monitors/checkout.yaml", "--target", shop.baseUrl(), "--env-file", ENV_FILE,
                "--var", "email=shopper7@example.test", "--out", dir.toString());

        assertThat(exit).as(out + "\n" + err).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(out.toString())
                .contains("FAILED    open checkout")
                .contains("Failed at step 'open checkout' (6 of 13)")
                .contains("request:  GET " + shop.baseUrl() + "/checkout")
                .contains("response: 503")
                .contains("body:     Service temporarily unavailable")
                .contains("PASSED    empty the cart (always)");
        String failure = Files.readString(dir.resolve("failure.json"));
        assertThat(failure)
                .contains("\"journeyFile\" : \"monitors/checkout.yaml\"")
                .contains("\"target\" : \"" + shop.baseUrl() + "\"")
                .contains("\"email\" : \"shopper7@example.test\"")
                .contains("\"name\" : \"open checkout\"")
                .contains("\"responseStatus\" : 503")
                .contains("\"failedAt\"");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("<failure").contains("tests=\"13\"");
        for (String file : new String[] {"report.json", "junit.xml", "summary.md", "failure.json"}) {
            assertThat(Files.readString(dir.resolve(file))).as(file)
                    .doesNotContain("shop-secret").doesNotContain("4242 4242 4242 4242").doesNotContain("4242424242424242");
        }
        assertThat(out.toString()).doesNotContain("shop-secret").doesNotContain("4242 4242 4242 4242");
    }

    @Test
    void anInvalidJourneyFileExitsTwoNamingFileLineAndStep() {
        int exit = run("journey", "run", "src/test/resources/journeys/invalid/unknown-step-kind.yaml", "--target", shop.baseUrl());
        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("unknown-step-kind.yaml:6:").contains("step 'press the button'")
                .doesNotContain("\tat ");
    }

    @Test
    void aMissingSecretAnUnknownVariableOrABadVarOptionExitTwoBeforeAnyTraffic() {
        assertThat(run("journey", "run", "monitors/checkout.yaml", "--target", shop.baseUrl(), "--env-file", "/dev/null"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("HEADROOM_SHOP_PASSWORD").contains("not set");

        assertThat(run("journey", "run", "monitors/browse-and-search.yaml", "--target", shop.baseUrl(), "--var", "colour=red"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("declares no variable 'colour'");

        assertThat(run("journey", "run", "monitors/checkout.yaml", "--target", shop.baseUrl(), "--env-file", ENV_FILE,
                "--var", "password=guess")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("'password' is a secret");

        assertThat(run("journey", "run", "monitors/browse-and-search.yaml", "--target", shop.baseUrl(), "--var", "novalue"))
                .isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--var wants NAME=VALUE");

        assertThat(run("journey", "run", "monitors/browse-and-search.yaml", "--target", "not a url")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("not an absolute http(s) URL");

        assertThat(run("journey", "run", "monitors/browse-and-search.yaml")).isEqualTo(ExitCode.USAGE);
        assertThat(err.toString()).contains("--target");
    }

    @Test
    void aTargetThatDoesNotAnswerTheFirstRequestExitsThree() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        int exit = run("journey", "run", "monitors/browse-and-search.yaml", "--target", "http://127.0.0.1:" + closedPort,
                "--out", dir.toString());
        assertThat(exit).as(out.toString()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(out.toString()).contains("response: none (connection refused)").contains("did not answer the first request");
        assertThat(dir.resolve("failure.json")).exists();
    }
}
