package dev.headroom.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.config.ConfigException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    private static final LoadPlan.Shard ONE = new LoadPlan.Shard(1, 1);
    private static final double PER_JOURNEY = 4.0;

    @Test
    void defaultStagesAreOneFiveAndTenTimesThePeak() {
        List<RunSettings.Stage> stages = LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 10.0, null, false, ONE);
        assertThat(stages).extracting(RunSettings.Stage::multiplier).containsExactly(1.0, 5.0, 10.0);
        assertThat(stages).extracting(RunSettings.Stage::rps).containsExactly(20.0, 100.0, 200.0);
        assertThat(stages.get(0).ramp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(stages.get(0).hold()).isEqualTo(Duration.ofMinutes(1));
        // arrivals turn into the request rate: journeys/s x requests per journey = rps
        assertThat(stages.get(2).usersPerSec() * PER_JOURNEY).isCloseTo(200.0, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void multiplierCutsAndEndsTheStages() {
        assertThat(LoadPlan.multipliers(List.of(1.0, 5.0, 10.0), 3)).containsExactly(1.0, 3.0);
        assertThat(LoadPlan.multipliers(List.of(1.0, 5.0, 10.0), 1)).containsExactly(1.0);
        assertThat(LoadPlan.multipliers(List.of(1.0, 5.0, 10.0), 7.5)).containsExactly(1.0, 5.0, 7.5);
    }

    @Test
    void durationIsSplitBetweenStages() {
        List<RunSettings.Stage> stages = LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 5.0,
                Duration.ofSeconds(8), false, ONE);
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0).ramp()).isEqualTo(Duration.ofSeconds(1));
        assertThat(stages.get(0).hold()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void shardsDriveTheirShareOfTheRate() {
        List<RunSettings.Stage> half = LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 10.0, null, false,
                LoadPlan.Shard.parse("2/4"));
        assertThat(half).extracting(RunSettings.Stage::rps).containsExactly(5.0, 25.0, 50.0);
    }

    @Test
    void capsRefuseThePlanNamingTheField() {
        assertThatThrownBy(() -> LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 200.0, null, false, ONE))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--multiplier").hasMessageContaining("limits.maxRps 2000").hasMessageContaining("4000 rps");
        assertThatThrownBy(() -> LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 10.0,
                Duration.ofMinutes(11), false, ONE))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--duration").hasMessageContaining("limits.maxDuration 10m");
        // the default stages (3 x 1m30s) fit the default 10 minutes
        assertThat(LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, null, null, false, ONE)).hasSize(3);
    }

    @Test
    void shardSyntax() {
        assertThat(LoadPlan.Shard.parse("3/4")).isEqualTo(new LoadPlan.Shard(3, 4));
        for (String bad : List.of("0/2", "3/2", "1", "a/b", "1/0", "")) {
            assertThatThrownBy(() -> LoadPlan.Shard.parse(bad)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("--shard");
        }
    }

    @Test
    void stageAtElapsedTime() {
        List<RunSettings.Stage> stages = LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 5.0,
                Duration.ofSeconds(8), false, ONE);
        RunSettings s = new RunSettings("http://127.0.0.1", "1/1", false, stages, List.of(), Duration.ZERO, List.of(),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(9), Duration.ofSeconds(1), -1, "r.json", null, null);
        assertThat(s.plannedDuration()).isEqualTo(Duration.ofSeconds(8));
        assertThat(s.stageAt(Duration.ofSeconds(1))).isZero();
        assertThat(s.stageAt(Duration.ofSeconds(5))).isEqualTo(1);
        assertThat(s.stageAt(Duration.ofSeconds(60))).isEqualTo(1);
    }

    @Test
    void holdingAtElapsedTimeIsTrueOnlyBetweenAStagesRampAndItsEnd() {
        // 8 s over two stages: each ramps 1 s, then holds 3 s
        List<RunSettings.Stage> stages = LoadPlan.stages(LoadConfig.defaults(), LoadProfile.reference(), PER_JOURNEY, 10.0, 5.0,
                Duration.ofSeconds(8), false, ONE);
        RunSettings s = new RunSettings("http://127.0.0.1", "1/1", false, stages, List.of(), Duration.ZERO, List.of(),
                Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(9), Duration.ofSeconds(1), -1, "r.json", null, null);
        assertThat(stages).extracting(RunSettings.Stage::ramp).containsOnly(Duration.ofSeconds(1));
        assertThat(s.holdingAt(0)).isFalse();
        assertThat(s.holdingAt(999)).isFalse();
        assertThat(s.holdingAt(1000)).isTrue();
        assertThat(s.holdingAt(3999)).isTrue();
        assertThat(s.holdingAt(4000)).as("the second stage's ramp").isFalse();
        assertThat(s.holdingAt(5000)).isTrue();
        assertThat(s.holdingAt(7999)).isTrue();
        assertThat(s.holdingAt(8000)).as("past the plan's end").isFalse();
    }
}
