package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.storefront.Fault;
import dev.headroom.storefront.RunningStorefront;
import dev.headroom.storefront.ShopUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code headroom recheck}: on-call replays the customer's failed journey after a fix. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RecheckCommandTest {
    private static final String ENV_FILE = "monitors/reference-storefront.env";
    @ShopUnderTest
    static RunningStorefront shop;

    @TempDir
    Path dir;

    /** A checkout journey that failed while every checkout answered 503; returns its failure.json. */
    private Path failedCheckout(String... options) {
        shop.faults().set(Fault.ERROR_RATE, "1");
        CliRun failed = new CliRun();
        List<String> args = new ArrayList<>(List.of("journey", "run", "monitors/checkout.yaml", "--target", shop.baseUrl(),
                "--env-file", ENV_FILE, "--out", dir.resolve("journey").toString()));
        args.addAll(List.of(options));
        assertThat(failed.run(args.toArray(String[]::new))).as(failed.out.toString()).isEqualTo(ExitCode.CHECKS_FAILED);
        Path failure = dir.resolve("journey/failure.json");
        assertThat(failure).exists();
        return failure;
    }

    @Test
    void whileTheFaultLastsTheRecheckSaysStillFailingAtTheSameStep() throws IOException {
        Path failure = failedCheckout();
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "3", "--interval", "0s", "--env-file", ENV_FILE);

        assertThat(exit).as(recheck.out + "" + recheck.err).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(recheck.out.toString())
                .contains("it failed at step 'open checkout' (FAILED, HTTP 503)")
                .contains("replay 1: FAILED  step 'open checkout': FAILED (HTTP 503)")
                .doesNotContain("replay 2") // one failure answers the question
                .contains("STILL FAILING (replay 1 failed)");
        assertThat(Files.readString(dir.resolve("journey/recheck/junit.xml"))).contains("name=\"step 'open checkout' passes now\"")
                .contains("now: replay 1: FAILED (HTTP 503)");
    }

    @Test
    void afterTheFixEveryReplayPassesAndTheRecheckSaysFixed() throws IOException {
        Path failure = failedCheckout();
        shop.faults().clearAll(); // the fix
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "3", "--interval", "0s", "--env-file", ENV_FILE,
                "--out", dir.resolve("out").toString());

        assertThat(exit).as(recheck.out + "" + recheck.err).isEqualTo(ExitCode.OK);
        assertThat(recheck.out.toString())
                .contains("replay 1: PASSED  step 'open checkout': PASSED (HTTP 200)")
                .contains("replay 3: PASSED")
                .contains("FIXED: 3 replay(s) in a row passed");
        String summary = Files.readString(dir.resolve("out/summary.md"));
        assertThat(summary).contains("FIXED: 3 replay(s) in a row passed").contains("step 'open checkout' failed at")
                .contains("**PASSED**");
    }

    @Test
    void anIntermittentFaultIsNotMistakenForAFix() {
        Path failure = failedCheckout();
        shop.faults().set(Fault.ERROR_RATE, "0.5"); // "fixed" to fail only half the time
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "3", "--interval", "0s", "--env-file", ENV_FILE);

        assertThat(exit).as(recheck.out.toString()).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(recheck.out.toString()).contains("STILL FAILING");
    }

    @Test
    void theFailureRecordKeepsTheCustomersUserNameAndMasksOnlyTheSecrets() throws IOException {
        Path failure = failedCheckout("--var", "email=shopper5@example.test");

        String json = Files.readString(failure);
        assertThat(new ObjectMapper().readTree(json).path("variables").path("email").asText()).isEqualTo("shopper5@example.test");
        assertThat(json).doesNotContain("shop-secret").doesNotContain("4242 4242").doesNotContain("4242+4242")
                .doesNotContain("4242%204242");
    }

    @Test
    void theReplaySignsInAsTheCustomerWhoseRunFailedNotAsTheJourneysDefault() throws IOException {
        Path failure = failedCheckout("--var", "email=shopper5@example.test");
        shop.faults().clearAll();
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "1", "--interval", "0s", "--env-file", ENV_FILE);

        assertThat(exit).as(recheck.out + "" + recheck.err).isEqualTo(ExitCode.OK);
        assertThat(recheck.out.toString()).contains("with email=shopper5@example.test, quantity_after_change=2");

        // A customer the shop does not know: the replay uses the recorded value, so sign-in fails.
        Files.writeString(failure, Files.readString(failure).replace("shopper5@example.test", "nobody@example.test"));
        CliRun stranger = new CliRun();
        assertThat(stranger.run("recheck", failure.toString(), "--times", "1", "--env-file", ENV_FILE)).isEqualTo(ExitCode.CHECKS_FAILED);
        assertThat(stranger.out.toString()).contains("with email=nobody@example.test").contains("failed at 'sign in'");
    }

    @Test
    void varOverridesTheRecordedValueOfAVariable() throws IOException {
        Path failure = failedCheckout();
        Files.writeString(failure, Files.readString(failure).replace("shopper2@example.test", "nobody@example.test"));
        shop.faults().clearAll();
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "1", "--env-file", ENV_FILE,
                "--var", "email=shopper3@example.test");

        assertThat(exit).as(recheck.out + "" + recheck.err).isEqualTo(ExitCode.OK);
        assertThat(recheck.out.toString()).contains("with email=shopper3@example.test").contains("FIXED");
    }

    @Test
    void aRecordedValueThatWasRedactedIsNotReplayedAndTheJourneysDefaultIsUsedWithANote() throws IOException {
        Path failure = failedCheckout();
        Files.writeString(failure, Files.readString(failure).replace("\"shopper2@example.test\"", "\"x[REDACTED]@example.test\""));
        shop.faults().clearAll();
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--times", "1", "--env-file", ENV_FILE);

        assertThat(exit).as(recheck.out + "" + recheck.err).isEqualTo(ExitCode.OK);
        assertThat(recheck.out.toString()).contains("with quantity_after_change=2")
                .contains("note: variable 'email' was redacted in failure.json: the journey's default is used"
                        + " (set it with --var email=VALUE)");
    }

    @Test
    void aSecretCannotBeSetWithVarOnARecheckEither() {
        Path failure = failedCheckout();
        CliRun recheck = new CliRun();
        int exit = recheck.run("recheck", failure.toString(), "--env-file", ENV_FILE, "--var", "password=guess");

        assertThat(exit).isEqualTo(ExitCode.USAGE);
        assertThat(recheck.err.toString()).contains("'password' is a secret; it comes from");
    }

    @Test
    void aMissingFailureFileIsAUsageErrorNamingIt() {
        CliRun recheck = new CliRun();
        assertThat(recheck.run("recheck", dir.resolve("nope/failure.json").toString())).isEqualTo(ExitCode.USAGE);
        assertThat(recheck.err.toString()).contains("nope/failure.json: no such file");
    }

    @Test
    void aFailureFileThatIsNotJsonIsRefusedWithItsLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("failure.json"), "{\n  \"schemaVersion\": 1,\n  oops\n}");
        CliRun recheck = new CliRun();
        assertThat(recheck.run("recheck", bad.toString())).isEqualTo(ExitCode.USAGE);
        assertThat(recheck.err.toString()).contains("failure.json:3: not JSON");
    }

    @Test
    void aJourneyFileThatMovedIsNamedWithTheFieldAndTheWayOut() throws IOException {
        Path failure = failedCheckout();
        String json = Files.readString(failure).replace("monitors/checkout.yaml", "gone/checkout-old.yaml");
        Files.writeString(failure, json);
        CliRun recheck = new CliRun();
        assertThat(recheck.run("recheck", failure.toString(), "--env-file", ENV_FILE)).isEqualTo(ExitCode.USAGE);
        assertThat(recheck.err.toString()).contains("field 'journeyFile': gone/checkout-old.yaml no longer exists")
                .contains("--journey FILE");
    }
}
