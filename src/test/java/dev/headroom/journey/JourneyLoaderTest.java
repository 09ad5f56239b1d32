package dev.headroom.journey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.headroom.config.ConfigException;
import dev.headroom.config.ConfigProblem;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The loader validates a whole journey file before anything runs; one fixture per mistake. */
class JourneyLoaderTest {
    private static final String DIR = "src/test/resources/journeys/invalid/";

    private static ConfigException failure(String fixture) {
        return catchThrowableOfType(ConfigException.class, () -> JourneyLoader.load(Path.of(DIR + fixture)));
    }

    @ParameterizedTest(name = "{0} is reported at line {1} in step ''{2}''")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-step-kind.yaml   | 6 | press the button | steps[1].click: step 'press the button': unknown field 'click'
            missing-selector.yaml    | 7 | sign in          | steps[1].submit.form: step 'sign in': missing required field
            bad-duration.yaml        | 5 | home             | steps[0].budget.failed: step 'home': expected a duration like 500ms, 2s or 1m, got "fast"
            undefined-variable.yaml  | 8 | open the order   | steps[1].request.url: step 'open the order': ${order_number} is not defined at this point
            two-actions.yaml         | 3 | home             | steps[0]: step 'home': has request and follow; a step does one thing
            invalid-css.yaml         | 6 | home             | steps[0].assert[0].selector: step 'home': invalid CSS selector 'div[class='
            invalid-regex.yaml       | 6 | home             | steps[0].extract.left.regex: step 'home': invalid regex
            duplicate-step-name.yaml | 5 | home             | steps[1].name: step 'home': another step has this name
            no-page-yet.yaml         | 3 | sign in          | steps[0]: step 'sign in': works on the current page, but no earlier step loads one
            budget-order.yaml        | 5 | home             | steps[0].budget: step 'home': degraded must be less than failed
            bad-json-path.yaml       | 6 | order            | steps[0].extract.id.json: step 'order': invalid JSON path 'order.id'
            two-assertions-in-one.yaml | 6 | home           | steps[0].assert[0]: step 'home': holds 2 checks; write one check per list item
            """)
    void eachMistakeIsReportedWithFileLineAndStepName(String fixture, int line, String step, String expected) {
        ConfigException e = failure(fixture);
        assertThat(e).as(fixture).isNotNull();
        assertThat(e.problems()).as(e.getMessage()).hasSize(1);
        ConfigProblem p = e.problems().get(0);
        assertThat(p.line()).as(e.getMessage()).isEqualTo(line);
        assertThat(p.toString()).startsWith(DIR + fixture + ":" + line + ":").contains(expected).contains("step '" + step + "'");
    }

    @Test
    void aSecretGivenInlineIsRefusedWithoutEchoingIt() {
        ConfigException e = failure("inline-secret.yaml");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).toString())
                .startsWith(DIR + "inline-secret.yaml:3:")
                .contains("secrets.password: secret 'password' is given inline; secrets come only from the environment");
        assertThat(e.getMessage()).doesNotContain("shop-secret");
    }

    @Test
    void aVariableThatLooksLikeASecretMustBeDeclaredAsOne() {
        ConfigException e = failure("secret-as-variable.yaml");
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).toString()).startsWith(DIR + "secret-as-variable.yaml:4:")
                .contains("'password' looks like a secret; declare it under secrets:");
    }

    @Test
    void everyMistakeInTheFileIsReportedAtOnceInLineOrder() {
        ConfigException e = failure("several-errors.yaml");
        assertThat(e.problems()).extracting(ConfigProblem::line).containsExactly(3, 7, 9, 11, 14);
        assertThat(e.getMessage())
                .startsWith("5 problems in " + DIR + "several-errors.yaml:")
                .contains("secret 'card' is given inline")
                .contains("step 'home': must be more than 0")
                .contains("step 'follow nowhere': give exactly one of text or selector")
                .contains("step 'think forever': must be between 1ms and 10m")
                .contains("step 'check': ${missing} is not defined")
                .doesNotContain("4242");
    }

    @Test
    void typeErrorsAndRuleErrorsAreReportedTogetherInOneRun() {
        ConfigException e = failure("type-and-rule-errors.yaml");

        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                DIR + "type-and-rule-errors.yaml:3:12: defaults.timeout: expected a duration like 500ms, 2s or 1m, got \"banana\"",
                DIR + "type-and-rule-errors.yaml:8:7: steps[0].extract: step 'home': expected a mapping, got a list",
                DIR + "type-and-rule-errors.yaml:10:20: steps[1].request.url: step 'open the order': ${order_number} is not"
                        + " defined at this point (declare it under variables or secrets, or extract it in an earlier step;"
                        + " known here: none)",
                DIR + "type-and-rule-errors.yaml:12:38: steps[2].request.headers: step 'search': expected a mapping, got a list",
                DIR + "type-and-rule-errors.yaml:13:14: steps[2].timeout: step 'search': expected a duration like 500ms, 2s"
                        + " or 1m, got \"soon\"",
                DIR + "type-and-rule-errors.yaml:15:19: steps[3].if.defined: step 'the results': ${results} is not defined"
                        + " at this point (declare it under variables or secrets, or extract it in an earlier step; known"
                        + " here: none)",
                DIR + "type-and-rule-errors.yaml:17:19: steps[3].assert[0].selector: step 'the results': invalid CSS"
                        + " selector 'div[class=': Did not find balanced marker at 'class='");
    }

    @Test
    void aRequiredFieldOfTheWrongTypeIsReportedOnceAndTheOtherRulesStillRun() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> JourneyLoader.load("inline.yaml", """
                name: [not, text]
                steps:
                  - name: home
                    request: {url: [/]}
                  - name: home
                    think: 0s
                """));

        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                "inline.yaml:1:7: name: expected text, got a list",
                "inline.yaml:4:20: steps[0].request.url: step 'home': expected text, got a list",
                "inline.yaml:5:11: steps[1].name: step 'home': another step has this name; step names must be unique",
                "inline.yaml:6:12: steps[1].think: step 'home': must be between 1ms and 10m");
    }

    @Test
    void theShippedJourneysAreValid() {
        Journey checkout = JourneyLoader.load(Path.of("monitors/checkout.yaml"));
        assertThat(checkout.name()).isEqualTo("checkout");
        assertThat(checkout.source()).isEqualTo(Path.of("monitors/checkout.yaml"));
        assertThat(checkout.secrets()).containsOnlyKeys("password", "card_number");
        Step cancel = checkout.step("cancel the order").orElseThrow();
        assertThat(cancel.always()).isTrue();
        assertThat(cancel.guard().defined()).isEqualTo("order_number");
        assertThat(checkout.budgetOf(checkout.step("open checkout").orElseThrow()))
                .isEqualTo(new Step.Budget(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(checkout.budgetOf(checkout.step("sign in").orElseThrow()))
                .isEqualTo(new Step.Budget(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    }

    @Test
    void inMemoryYamlUsesTheGivenSourceName() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> JourneyLoader.load("inline.yaml", "name: x\nsteps: []\n"));
        assertThat(e.getMessage()).contains("inline.yaml:2:").contains("steps: must list at least one step");
    }

    @Test
    void theSameFileLoadedTwiceIsTheSameJourneySoAMonitorReloadKeepsItsChecks() {
        Path file = Path.of("monitors/inventory.yaml");
        assertThat(JourneyLoader.load(file)).isEqualTo(JourneyLoader.load(file)).hasSameHashCodeAs(JourneyLoader.load(file));
        assertThat(JourneyLoader.load(file)).isNotEqualTo(JourneyLoader.load(Path.of("monitors/checkout.yaml")));
    }

    @Test
    void aSubmitButtonMayBeNamedButNotLeftBlank() {
        Journey ok = JourneyLoader.load("button.yaml", """
                name: order
                steps:
                  - name: form
                    request: {url: /order}
                  - name: continue
                    submit: {form: "form#order", button: Continue}
                """);
        assertThat(ok.steps().get(1).action()).isEqualTo(new Action.Submit("form#order", null, "Continue"));

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> JourneyLoader.load("button.yaml", """
                name: order
                steps:
                  - name: form
                    request: {url: /order}
                  - name: continue
                    submit: {form: "form#order", button: " "}
                """));
        assertThat(e.problems()).map(ConfigProblem::toString).singleElement().asString()
                .contains("steps[1].submit.button: step 'continue': must not be blank: give the button's label (Continue)"
                        + " or its name (newOrder)");
    }
}
