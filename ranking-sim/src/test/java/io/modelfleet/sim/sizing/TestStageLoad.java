package io.modelfleet.sim.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.sim.funnel.ScorerSpec;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestStageLoad {
    @Test
    void percentilesAreNearestRanks() {
        // 1..200 shuffled: nearest rank of p over 200 values is ceil(2p), the value itself; p0 is the fewest.
        int[] counts = IntStream.rangeClosed(1, 200).map(i -> 201 - i).toArray();
        int[] percentiles = StageLoad.percentiles(counts);
        assertThat(percentiles).hasSize(101);
        assertThat(percentiles[0]).isEqualTo(1);
        assertThat(percentiles[1]).isEqualTo(2);
        assertThat(percentiles[50]).isEqualTo(100);
        assertThat(percentiles[99]).isEqualTo(198);
        assertThat(percentiles[100]).isEqualTo(200);
    }

    @Test
    void aSampleFromPercentilesFollowsThem() {
        // Percentile p holds 1000 + 10p: a uniform spread from 1000 to 2000.
        List<Integer> percentiles =
                IntStream.rangeClosed(0, 100).map(p -> 1000 + 10 * p).boxed().toList();
        int[] sample = StageLoad.sample(percentiles, 1000);
        // Quantile (i + 0.5) / 1000 of the line is 1000 + (i + 0.5), rounded half up.
        assertThat(sample[0]).isEqualTo(1001);
        assertThat(sample[499]).isEqualTo(1500);
        assertThat(sample[999]).isEqualTo(2000);
        assertThat(Arrays.stream(sample).average().orElseThrow()).isCloseTo(1500.5, within(0.01));
        // A sample's own percentiles come back from its expansion, within a rounding.
        int[] again = StageLoad.percentiles(sample);
        for (int p = 1; p < 100; p++) {
            assertThat(again[p]).isCloseTo(percentiles.get(p), within(1));
        }
    }

    @Test
    void aStageScoresWhatTheStageBeforeItKept() {
        HardwareProfile hardware = new HardwareProfile("test", 40, 50, Optional.empty());
        ScorerSpec dense = new ScorerSpec(ScorerSpec.Kind.DENSE, 128, List.of(512, 128));
        // 2·128 + 2·128·512 + 2·512·128 + 2·128 = 262,656 FLOPs per candidate, by hand.
        assertThat(dense.flopsPerCandidate()).isEqualTo(262_656);
        double[] first = StageLoad.serviceSeconds(new int[] {600, 1400}, Integer.MAX_VALUE, dense, hardware);
        assertThat(first[0]).isCloseTo(600 * (262_656 / 40e9 + 50e-9), within(1e-15));
        assertThat(first[1]).isCloseTo(1400 * (262_656 / 40e9 + 50e-9), within(1e-15));
        double[] second = StageLoad.serviceSeconds(new int[] {600, 1400}, 500, dense, hardware);
        assertThat(second[0]).isEqualTo(second[1]).isCloseTo(500 * (262_656 / 40e9 + 50e-9), within(1e-15));
    }

    @Test
    void percentilesNeedASampleAndAllOfThem() {
        assertThatThrownBy(() -> StageLoad.percentiles(new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot take percentiles: no requests were sampled");
        assertThatThrownBy(() -> StageLoad.sample(List.of(1, 2, 3), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot expand percentiles: need 101, got 3");
    }
}
