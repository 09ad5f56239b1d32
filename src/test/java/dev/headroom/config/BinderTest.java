package dev.headroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link Binder} makes of each kind of value, through {@link ConfigLoader}, as a user writes it. */
class BinderTest {

    enum Mode { FAST, CAREFUL }

    enum Policy {
        FIXED, LINEAR;

        @JsonCreator
        static Policy parse(String s) {
            for (Policy p : values()) {
                if (p.name().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("must be fixed or linear, not '" + s + "'");
        }
    }

    record Scalars(int port, Long size, double ratio, Boolean on, BigDecimal objective, String name, Mode mode,
            Policy policy, Duration every, OffsetDateTime at) {
    }

    /** Written as text (a name) or as a mapping (where it comes from). */
    record Secret(String env, String file, @JsonIgnore String inline) {
        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        Secret(@JsonProperty("env") String env, @JsonProperty("file") String file) {
            this(env, file, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static Secret inline(String value) {
            return new Secret(null, null, value);
        }
    }

    record Holder(Map<String, Secret> secrets, Set<String> tags, List<Integer> codes, JsonNode extra,
            @JsonProperty("min_events") @JsonAlias("minEvents") Long minEvents) {
    }

    record Range(@JsonProperty(required = true) Integer min, @JsonProperty(required = true) Integer max) {
        Range {
            if (min != null && max != null && min > max) {
                throw new IllegalArgumentException("min must not exceed max");
            }
        }
    }

    record Ranges(List<Range> ranges, int other) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Lenient(String name) {
    }

    /** Not a record and no creator: a Headroom bug, not a user's mistake. */
    static final class NotBindable {
    }

    record HasNotBindable(NotBindable thing) {
    }

    private static <T> T load(String yaml, Class<T> type) {
        return ConfigLoader.load("inline", yaml, type);
    }

    private static List<String> problems(String yaml, Class<?> type) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(yaml, type));
        assertThat(e).as("loading fails").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void scalarsBindAsWrittenAndTextThatIsANumberCountsAsOne() {
        Scalars s = load("""
                port: "8080"
                size: 12
                ratio: 0.25
                on: "TRUE"
                objective: 99.9
                name: 42
                mode: careful
                policy: Linear
                every: 1m30s
                at: 2026-12-01T09:30:00+01:00
                """, Scalars.class);
        assertThat(s).isEqualTo(new Scalars(8080, 12L, 0.25, true, new BigDecimal("99.9"), "42", Mode.CAREFUL,
                Policy.LINEAR, Duration.ofSeconds(90), OffsetDateTime.parse("2026-12-01T09:30:00+01:00")));
    }

    @Test
    void absentFieldsAreNullOrZero() {
        Scalars s = load("name: x\n", Scalars.class);
        assertThat(s.port()).isZero();
        assertThat(s.ratio()).isZero();
        assertThat(s.size()).isNull();
        assertThat(s.mode()).isNull();
    }

    @Test
    void everyBadScalarIsReportedAtItsValueInOneRun() {
        assertThat(problems("""
                port: 2.0
                size: 99999999999999999999
                ratio: lots
                on: maybe
                mode: reckless
                every: 5
                at: yesterday
                """, Scalars.class)).containsExactly(
                "inline:1:7: port: expected a whole number, got 2.0",
                "inline:2:7: size: expected a whole number from -9223372036854775808 to 9223372036854775807, got 99999999999999999999",
                "inline:3:8: ratio: expected a number, got \"lots\"",
                "inline:4:5: on: expected true or false, got \"maybe\"",
                "inline:5:7: mode: expected one of fast, careful, got \"reckless\"",
                "inline:6:8: every: expected a duration like 500ms, 2s or 1m, got 5 (add a unit)",
                "inline:7:5: at: expected a date and time like 2026-12-01T09:30:00Z, got \"yesterday\"");
    }

    @Test
    void anEnumsOwnFactoryExplainsWhatItRefuses() {
        assertThat(problems("policy: random\nport: x\n", Scalars.class)).containsExactly(
                "inline:1:9: policy: must be fixed or linear, not 'random'",
                "inline:2:7: port: expected a whole number, got \"x\"");
    }

    @Test
    void aDelegatingCreatorTakesTheValueAsWrittenAndAMappingGoesToTheProperties() {
        Holder h = load("""
                secrets:
                  plain: hunter2
                  fromEnv: {env: SHOP_PASSWORD}
                tags: [a, b, a]
                codes: [200, "301"]
                extra: {any: [thing, 1]}
                minEvents: 5
                """, Holder.class);
        assertThat(h.secrets()).containsExactly(Map.entry("plain", new Secret(null, null, "hunter2")),
                Map.entry("fromEnv", new Secret("SHOP_PASSWORD", null, null)));
        assertThat(h.tags()).containsExactly("a", "b");
        assertThat(h.codes()).containsExactly(200, 301);
        assertThat(h.extra().get("any").get(1).intValue()).isEqualTo(1);
        assertThat(h.minEvents()).as("bound under its alias").isEqualTo(5L);
        assertThat(load("min_events: 7\n", Holder.class).minEvents()).isEqualTo(7L);
    }

    @Test
    void anIgnoredFieldCannotBeWrittenInTheFile() {
        assertThat(problems("secrets:\n  s: {env: A, inline: sneaky}\n", Holder.class))
                .containsExactly("inline:2:15: secrets.s.inline: unknown field 'inline' (known fields: env, file)");
    }

    @Test
    void problemsInsideListsAndMapsNameTheItem() {
        assertThat(problems("""
                codes: [200, two, 404]
                secrets:
                  "db.password": [x]
                tags: single
                """, Holder.class)).containsExactly(
                "inline:1:14: codes[1]: expected a whole number, got \"two\"",
                "inline:3:18: secrets[\"db.password\"]: expected text, got a list",
                "inline:4:7: tags: expected a list, got \"single\"");
    }

    @Test
    void aConstructorsRefusalIsReportedAndTheOtherProblemsStillCome() {
        assertThat(problems("""
                ranges:
                  - {min: 5, max: 1}
                  - {min: 1}
                  - {min: 1, max: 2, step: 1}
                other: x
                """, Ranges.class)).containsExactly(
                "inline:2:5: ranges[0]: min must not exceed max",
                "inline:3:5: ranges[1].max: missing required field",
                "inline:4:22: ranges[2].step: unknown field 'step' (known fields: max, min)",
                "inline:5:8: other: expected a whole number, got \"x\"");
    }

    @Test
    void aTypeThatIgnoresUnknownFieldsLetsThemPass() {
        assertThat(load("name: a\nfuture: {anything: 1}\n", Lenient.class).name()).isEqualTo("a");
    }

    @Test
    void aTypeTheBinderCannotBuildIsAHeadroomBugNotAUserProblem() {
        IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
                () -> load("thing: {}\n", HasNotBindable.class));
        assertThat(e).hasMessageContaining("cannot bind config type").hasMessageContaining("NotBindable");
    }
}
