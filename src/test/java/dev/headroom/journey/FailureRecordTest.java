package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headroom.config.ConfigException;
import dev.headroom.http.FailureKind;
import dev.headroom.http.Redactor;
import dev.headroom.report.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureRecordTest {
    @TempDir
    Path dir;

    private static StepResult step(int index, String name, Status status, int http, String message) {
        return new StepResult(index, name, "request", status, Duration.ofMillis(12), false, "GET",
                "http://127.0.0.1:1/" + name, "http://127.0.0.1:1/" + name, http, FailureKind.NONE, message, "");
    }

    @Test
    void whatIsWrittenIsWhatIsRead() throws IOException {
        StepResult failed = step(1, "checkout", Status.FAILED, 503, "HTTP 503 Service Unavailable");
        FailureRecord written = new FailureRecord(FailureRecord.SCHEMA_VERSION, FailureRecord.JOURNEY, "monitors/checkout.yaml",
                "checkout", "http://127.0.0.1:1", Map.of("email", "shopper5@example.test"), failed,
                Instant.parse("2026-12-01T20:00:00.123Z"), Status.FAILED, false,
                List.of(step(0, "home", Status.PASSED, 200, ""), failed));

        FailureRecord read = FailureRecord.read(written.write(dir.resolve(FailureRecord.FILE_NAME), Redactor.defaults()));

        assertThat(read).isEqualTo(written);
    }

    @Test
    void aFailureJsonWrittenBeforeTheRecordReadItselfStillReads() throws IOException {
        // The layout of schema 1 as journey run and the monitor have always written it, unknown fields included.
        Path old = Files.writeString(dir.resolve("failure.json"), """
                {
                  "schemaVersion" : 1,
                  "kind" : "journey",
                  "journeyFile" : "monitors/checkout.yaml",
                  "journey" : "checkout",
                  "target" : "http://127.0.0.1:8080",
                  "variables" : { "email" : "shopper2@example.test", "quantity_after_change" : "2" },
                  "failedStep" : { "index" : 5, "name" : "open checkout", "kind" : "follow", "status" : "FAILED",
                    "durationMs" : 4.5, "always" : false, "method" : "GET", "url" : "http://127.0.0.1:8080/checkout",
                    "finalUrl" : "http://127.0.0.1:8080/checkout", "responseStatus" : 503, "failure" : "NONE",
                    "message" : "HTTP 503 Service Unavailable from http://127.0.0.1:8080/checkout", "bodyExcerpt" : "Try again" },
                  "failedAt" : "2026-11-30T10:15:30.5Z",
                  "status" : "FAILED",
                  "unreachable" : false,
                  "steps" : [ ],
                  "addedLater" : true
                }
                """);

        FailureRecord r = FailureRecord.read(old);

        assertThat(r.journeyFile()).isEqualTo("monitors/checkout.yaml");
        assertThat(r.variables()).containsExactly(Map.entry("email", "shopper2@example.test"), Map.entry("quantity_after_change", "2"));
        assertThat(r.failedStep().index()).isEqualTo(5);
        assertThat(r.failedStep().name()).isEqualTo("open checkout");
        assertThat(r.failedStep().status()).isEqualTo(Status.FAILED);
        assertThat(r.failedStep().responseStatus()).isEqualTo(503);
        assertThat(r.failedStep().duration()).isEqualTo(Duration.ofNanos(4_500_000));
        assertThat(r.failedAt()).isEqualTo(Instant.parse("2026-11-30T10:15:30.5Z"));
    }

    @Test
    void aRecordOfAnotherKindOrWithoutItsJourneyIsRefusedNamingTheFileAndField() throws IOException {
        Path probe = Files.writeString(dir.resolve("probe.json"), "{\"schemaVersion\": 1, \"kind\": \"probe\"}");
        Path noJourney = Files.writeString(dir.resolve("nojourney.json"),
                "{\"schemaVersion\": 1, \"kind\": \"journey\", \"journey\": \"x\", \"target\": \"http://h\", \"failedStep\": {\"name\": \"s\"}}");

        assertThat(catchThrowableOfType(ConfigException.class, () -> FailureRecord.read(probe)).getMessage())
                .isEqualTo(probe + ": kind 'probe': only journey failures can be rechecked");
        assertThat(catchThrowableOfType(ConfigException.class, () -> FailureRecord.read(noJourney)).getMessage())
                .isEqualTo(noJourney + ": field 'journeyFile' is missing");
    }
}
