package io.modelfleet.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.registry.Model;
import io.modelfleet.registry.ScorerKind;
import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.Scorer;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestScorerFlops {
    @Test
    void countsWhatTheSimulatorsScorerCountsForEveryShapeItCanBuild() {
        ClickModel truth = new ClickModel(7);
        for (Model.Scorer scorer : List.of(
                new Model.Scorer(ScorerKind.LOGISTIC, 32, List.of()),
                new Model.Scorer(ScorerKind.LOGISTIC, 128, List.of()),
                new Model.Scorer(ScorerKind.DENSE, 64, List.of(32)),
                new Model.Scorer(ScorerKind.DENSE, 128, List.of(256, 64)),
                new Model.Scorer(ScorerKind.DENSE, 97, List.of(3, 500, 7)))) {
            ScorerSpec spec = ScorerSpec.of(scorer.kind().id(), scorer.inputWidth(), scorer.hidden());
            assertThat(ScorerFlops.perCandidate(scorer))
                    .as(spec.toString())
                    .isEqualTo(new Scorer(spec, truth, 1).flopsPerCandidate());
        }
    }

    @Test
    void theWidestShapeTheSchemaAllowsIsCountedWithoutOverflow() {
        // 2·65,536 head + 16 layers of 2·65,536² + 2·65,536 output = 137,439,215,616: more than an int holds
        Model.Scorer widest = new Model.Scorer(
                ScorerKind.DENSE,
                65_536,
                List.of(
                        65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536, 65_536,
                        65_536, 65_536, 65_536, 65_536));
        assertThat(ScorerFlops.perCandidate(widest)).isEqualTo(137_439_215_616L);
    }
}
