package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.http.HttpChecker;
import dev.headroom.report.Format;
import dev.headroom.report.ReportWriter;
import dev.headroom.report.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine scripts a storefront that is not the reference one: other markup, other names, a JSON API. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SecondSiteJourneyTest {
    static final Path JOURNEY = Path.of("src/test/resources/journeys/acme-order.yaml");
    static final Map<String, String> ENV = Map.of("ACME_PASSWORD", AcmeOutfitters.PASSWORD);

    @TempDir
    Path out;

    @Test
    void aJourneyLogsInThroughADifferentFormOrdersThroughAJsonApiAndCancelsTheOrder() throws Exception {
        try (AcmeOutfitters site = new AcmeOutfitters(); HttpChecker checker = HttpChecker.builder().build()) {
            JourneyResult r = new JourneyRunner(checker).run(JourneyLoader.load(JOURNEY),
                    RunOptions.target(site.baseUrl()).withEnv(ENV));

            assertThat(r.status()).as(r.steps().toString()).isEqualTo(Status.PASSED);
            assertThat(r.steps()).extracting(StepResult::status).doesNotContain(Status.SKIPPED);
            StepResult login = r.steps().get(2);
            assertThat(login.request()).isEqualTo("POST " + site.baseUrl() + "/account/session");
            assertThat(login.finalUrl()).as("redirected after the POST").isEqualTo(site.baseUrl() + "/account");
            String orderId = r.variables().get("order_id");
            assertThat(orderId).startsWith("ORD-");
            assertThat(r.variables()).containsEntry("order_url", "/api/orders/" + orderId);
            assertThat(site.orders).containsEntry(orderId, "cancelled");
        }
    }

    @Test
    void aWrongPasswordFailsTheLoginStepAndNothingElseRuns() {
        try (AcmeOutfitters site = new AcmeOutfitters(); HttpChecker checker = HttpChecker.builder().build()) {
            JourneyResult r = new JourneyRunner(checker).run(JourneyLoader.load(JOURNEY),
                    RunOptions.target(site.baseUrl()).withEnv(Map.of("ACME_PASSWORD", "wrong one")));

            StepResult failed = r.firstFailure().orElseThrow();
            assertThat(failed.name()).isEqualTo("log in");
            assertThat(failed.responseStatus()).isEqualTo(401);
            assertThat(failed.bodyExcerpt()).contains("Wrong email or password");
            assertThat(r.steps().get(r.steps().size() - 1).status()).as("cleanup guarded by order_id").isEqualTo(Status.SKIPPED);
            assertThat(site.orders).isEmpty();
        }
    }

    @Test
    void secretsFromTheEnvironmentAndFromAFileNeverReachTheReportFiles() throws Exception {
        try (AcmeOutfitters site = new AcmeOutfitters(); HttpChecker checker = HttpChecker.builder().build()) {
            // A failing run keeps body excerpts and messages: the most likely place for a leak.
            JourneyResult failed = new JourneyRunner(checker).run(JourneyLoader.load(JOURNEY),
                    RunOptions.target(site.baseUrl()).withEnv(Map.of("ACME_PASSWORD", AcmeOutfitters.PASSWORD))
                            .withVariable("sku", AcmeOutfitters.API_KEY)); // echoed back by the page and the API
            assertThat(failed.passed()).isFalse();
            ReportWriter.write(failed.toReport(), out, EnumSet.allOf(Format.class), failed.redactor());
            ReportWriter.writeJsonDocument(failed.failureRecord().orElseThrow(), out.resolve("failure.json"), failed.redactor());

            for (String file : new String[] {"report.json", "junit.xml", "summary.md", "failure.json"}) {
                String text = Files.readString(out.resolve(file));
                assertThat(text).as(file).doesNotContain(AcmeOutfitters.PASSWORD).doesNotContain(AcmeOutfitters.API_KEY);
            }
            assertThat(Files.readString(out.resolve("report.json"))).contains("[REDACTED]");
        }
    }
}
