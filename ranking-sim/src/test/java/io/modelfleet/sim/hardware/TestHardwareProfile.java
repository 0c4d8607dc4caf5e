package io.modelfleet.sim.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.Scorer;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestHardwareProfile {
    private static final HardwareProfile PROFILE = new HardwareProfile("test-box", 20, 50, Optional.empty());

    @Test
    void aDenseStagesModelledTimeIsItsFlopsAtThePerCoreRatePlusItsCandidates() {
        // dense(64 -> [32] -> 1) over 100 candidates, by hand: per candidate 2*64 (head) + 2*64*32 (layer) + 2*32
        // (output) = 4,288 FLOPs; 428,800 FLOPs at 20 GFLOP/s = 21.44 us, plus 100 x 50 ns = 5 us: 26.44 us.
        Scorer scorer = new Scorer(ScorerSpec.of("dense", 64, List.of(32)), new ClickModel(1), 1);
        long flops = 100 * scorer.flopsPerCandidate();
        assertThat(flops).isEqualTo(428_800);
        assertThat(PROFILE.serviceSeconds(flops, 100)).isCloseTo(26.44e-6, within(1e-12));
        // A logistic stage over 1,400 candidates: 1,400 x 2 x 32 = 89,600 FLOPs = 4.48 us, plus 70 us.
        assertThat(PROFILE.serviceSeconds(89_600, 1_400)).isCloseTo(74.48e-6, within(1e-12));
        assertThat(PROFILE.serviceSeconds(0, 0)).isZero();
    }

    @Test
    void theDefaultIsACalibratedProfile() {
        assertThat(HardwareProfile.DEFAULT.calibratedAt()).isPresent();
        assertThat(HardwareProfile.DEFAULT.gflopsPerCore()).isPositive();
        assertThat(HardwareProfile.DEFAULT.candidateOverheadNs()).isPositive();
    }

    @Test
    void aProfileThatCannotModelATimeIsRefused() {
        assertThatThrownBy(() -> new HardwareProfile("box", 0, 50, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot create hardware profile box: gflops per core must be positive, got 0.0");
        assertThatThrownBy(() -> new HardwareProfile("box", Double.POSITIVE_INFINITY, 50, Optional.empty()))
                .hasMessage("Cannot create hardware profile box: gflops per core must be positive, got Infinity");
        assertThatThrownBy(() -> new HardwareProfile("box", 20, -1, Optional.empty()))
                .hasMessage("Cannot create hardware profile box: the overhead per candidate must be zero or more"
                        + " nanoseconds, got -1.0");
        assertThatThrownBy(() -> new HardwareProfile(" ", 20, 50, Optional.empty()))
                .hasMessage("Cannot create hardware profile: its name is blank");
    }
}
