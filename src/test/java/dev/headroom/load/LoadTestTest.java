package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import dev.headroom.report.Status;
import dev.headroom.report.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load engine called directly, as the demo does: its plan is validated up front and its results are data. */
class LoadTestTest {

    private final StringWriter console = new StringWriter();
    private final PrintWriter progress = new PrintWriter(console, true);
    @TempDir
    Path dir;

    private LoadConfig journeys(LoadJourney... entries) {
        return new LoadConfig(null, null, null, null, null, null, null, null, null, List.of(entries)).withJourneysUnder(dir);
    }

    private Path journeyFile(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private LoadConfig homeOnly() throws IOException {
        journeyFile("home.yaml", """
                name: home
                steps:
                  - name: home page
                    request: {url: /}
                  - name: about
                    request: {url: /about}
                """);
        return journeys(new LoadJourney(null, "home.yaml", null, null, null, null, null));
    }

    @Test
    void aTargetOffTheAllowlistIsRefusedWhenPlanningNamingTheField() throws IOException {
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://example.com").withConfig(homeOnly())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("refusing to load-test host 'example.com'").hasMessageContaining("'allowlist'");
    }

    @Test
    void aLoadTestWithoutJourneysSaysWhereToListThem() {
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no journeys to run").hasMessageContaining("journeys:").hasMessageContaining("init");
    }

    @Test
    void aPlanIsTheStagesUpToTheMultiplierAndSendsNothing() throws IOException {
        LoadTest test = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(homeOnly()).withMultiplier(3.0)
                .withDuration(Duration.ofSeconds(8)));
        assertThat(test.target()).isEqualTo("http://127.0.0.1:1");
        assertThat(test.stages()).extracting(RunSettings.Stage::multiplier).containsExactly(1.0, 3.0);
        // 3 x the default 20 rps peak, by journeys of two requests each: 30 customers a second
        assertThat(test.stages().get(1).rps()).isEqualTo(60.0);
        assertThat(test.stages().get(1).usersPerSec()).isEqualTo(30.0);
        assertThat(test.planned()).isEqualTo(Duration.ofSeconds(8));
        // two pages 3 s apart take 3.2 s; the last customers get twice that to finish, not a cut-off
        assertThat(test.mix().longestRun(Duration.ofSeconds(3))).isEqualTo(Duration.ofMillis(3200));
        assertThat(test.grace()).isEqualTo(Duration.ofMillis(6400));
        test.printPlan(progress);
        assertThat(console.toString()).contains("stage     3x:    60.00 rps").contains("journey home").contains("100.0%");
    }

    @Test
    void sharesComeFromTheEntriesAndAreNormalised() throws IOException {
        homeOnly();
        journeyFile("other.yaml", "name: other\nsteps:\n  - name: one\n    request: {url: /x}\n");
        LoadTest test = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "home.yaml", 3.0, null, null, null, null),
                new LoadJourney("second", "other.yaml", 1.0, null, null, null, null))));
        assertThat(test.mix().shares()).containsExactly(Map.entry("home", 0.75), Map.entry("second", 0.25));
        assertThat(test.mix().requestsPerJourney()).isEqualTo(0.75 * 2 + 0.25 * 1);
    }

    @Test
    void aModelsRouteClassesSetTheSharesOfTheJourneysThatClaimThem() throws IOException {
        homeOnly();
        journeyFile("buy.yaml", "name: buy\nsteps:\n  - name: one\n    request: {url: /x}\n");
        LoadProfile model = new LoadProfile(10.0, null, null, Map.of("home", 0.5, "product", 0.3, "checkout", 0.1,
                "account", 0.1));
        LoadTest test = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withProfile(model).withConfig(journeys(
                new LoadJourney("browse", "home.yaml", null, null, null, null, List.of("home", "product")),
                new LoadJourney("buy", "buy.yaml", null, null, null, null, List.of("checkout")))));
        assertThat(test.mix().shares().get("browse")).isCloseTo(0.8 / 0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(test.mix().shares().get("buy")).isCloseTo(0.1 / 0.9, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(test.mix().warnings()).singleElement().asString().contains("10.0%").contains("account");
    }

    @Test
    void aStepThatCannotMeanTheSameUnderLoadIsRefusedBeforeTheRunNamingIt() throws IOException {
        journeyFile("race.yaml", """
                name: race
                steps:
                  - name: grab the last one
                    request: {url: /buy, method: POST, form: {id: "1"}}
                    race: {copies: 5, winners: 1}
                """);
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "race.yaml", null, null, null, null, null)))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("race.yaml").hasMessageContaining("steps[0] 'grab the last one' cannot run in a load test");
    }

    @Test
    void aDataFileIsCheckedWholeAgainstTheJourneysVariables() throws IOException {
        journeyFile("signin.yaml", """
                name: signin
                variables: {email: nobody@example.test}
                steps:
                  - name: sign in
                    request: {url: "/signin?who=${email}"}
                """);
        Files.writeString(dir.resolve("people.csv"), "email,phone\na@example.test,1\nb@example.test,2\n");
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "signin.yaml", null, null, null, new LoadJourney.Data("people.csv", null), null)))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("people.csv").hasMessageContaining("column 'phone' is not a variable of journey 'signin'");

        Files.writeString(dir.resolve("people.csv"), "email\na@example.test\n\"\"\n");
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "signin.yaml", null, null, null, new LoadJourney.Data("people.csv", null), null)))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("people.csv:3").hasMessageContaining("empty");

        Files.writeString(dir.resolve("people.csv"), "email\na@example.test\nb@example.test\n");
        LoadTest ok = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "signin.yaml", null, null, null, new LoadJourney.Data("people.csv", null), null))));
        assertThat(ok.mix().entries()).singleElement().satisfies(e -> assertThat(e.dataFile()).hasFileName("people.csv"));
    }

    @Test
    void aMissingSecretIsReportedWhenPlanningNotAsAThousandFailedCustomers() throws IOException {
        journeyFile("secret.yaml", """
                name: secret
                secrets:
                  password: {env: HEADROOM_TEST_SURELY_UNSET_PASSWORD}
                steps:
                  - name: sign in
                    request: {url: /signin, form: {password: "${password}"}}
                """);
        assertThatThrownBy(() -> LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:1/").withConfig(journeys(
                new LoadJourney(null, "secret.yaml", null, null, null, null, null)))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HEADROOM_TEST_SURELY_UNSET_PASSWORD");
    }

    @Test
    void aShopThatDoesNotAnswerIsUnreachableAndNoInjectorStarts() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        Path out = dir.resolve("out");
        LoadTest.Result r = LoadTest.plan(LoadTest.Options.of("http://127.0.0.1:" + closedPort).withConfig(homeOnly())
                .withMultiplier(1.0).withDuration(Duration.ofSeconds(4)).withOut(out)).run(progress, StopTrigger.none());
        assertThat(r.verdict()).isEqualTo(Verdict.UNREACHABLE);
        assertThat(r.reason()).startsWith("no answer from the target: http://127.0.0.1:" + closedPort + "/: ");
        assertThat(r.toReport().cases()).singleElement().extracting(c -> c.status()).isEqualTo(Status.ERROR);
        assertThat(out.resolve("run.json")).doesNotExist();
    }
}
