package io.modelfleet.launch.replay;

import io.modelfleet.registry.LaunchFunnel;
import io.modelfleet.registry.Model;
import io.modelfleet.sim.funnel.ClickModel;
import io.modelfleet.sim.funnel.Funnel;
import io.modelfleet.sim.funnel.Scorer;
import io.modelfleet.sim.funnel.ScorerSpec;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One funnel stage as the replay ships it to Spark tasks: which model version scores, with what
 * scorer, keeping how many candidates. The scorer's weights follow from (model id, version), so
 * every task builds the same one.
 */
public record StageSpec(
        String stage,
        String modelId,
        String version,
        ScorerSpec.Kind kind,
        int inputWidth,
        List<Integer> hidden,
        int keepTop)
        implements Serializable {
    public static StageSpec of(Model model) {
        Model.Scorer scorer = model.serving().scorer();
        String stage = model.funnelStage().name().toLowerCase(Locale.ROOT);
        int keep = LaunchFunnel.keepTop(model);
        return new StageSpec(
                stage,
                model.id(),
                model.serving().version(),
                ScorerSpec.Kind.valueOf(scorer.kind().name()),
                scorer.inputWidth(),
                scorer.hidden(),
                keep);
    }

    public ScorerSpec scorerSpec() {
        return new ScorerSpec(kind, inputWidth, hidden);
    }

    public Funnel.Stage build(ClickModel truth) {
        return new Funnel.Stage(stage, new Scorer(scorerSpec(), truth, weightSeed()), keepTop);
    }

    /** Same model, same scorer, same cut: measuring it once serves both sides of the replay. */
    public boolean sameAs(StageSpec other) {
        return equals(other);
    }

    long weightSeed() {
        long h = 1125899906842597L;
        for (byte b : (modelId + "@" + version).getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return h;
    }
}
