package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A requested launch, {@code launches/<id>.yaml}: which model gets which new version, how traffic
 * moves to it, who asks and why. Its live state (approvals, reservations, steps) is not here; the
 * file is the request, config as code.
 *
 * @param candidate what changes in the model's serving block; what it leaves out keeps production's
 * @param trafficPlan the steps of the shift, shares increasing to 100 percent
 */
public record Launch(
        String id,
        String model,
        String requestedBy,
        String reason,
        Candidate candidate,
        List<Step> trafficPlan,
        Optional<Exemption> exemption,
        String file) {
    public Launch {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        requireNonNull(candidate, "candidate is null");
        trafficPlan = List.copyOf(trafficPlan);
        requireNonNull(exemption, "exemption is null");
        requireNonNull(file, "file is null");
    }

    /**
     * Production's entry with the candidate's serving block: what the estimate replays, and what
     * finalization writes back. Fields the candidate leaves out keep production's values.
     */
    public Model candidateEntry(Model production) {
        Model.Serving serving = production.serving();
        return new Model(
                production.id(),
                production.type(),
                production.description(),
                production.businessFunction(),
                production.surface(),
                production.funnelStage(),
                production.tier(),
                production.owner(),
                production.pool(),
                production.lifecycle(),
                new Model.Serving(
                        candidate.version(),
                        candidate.artifact(),
                        List.of(), // a new artifact is the model's own
                        candidate.replicas().orElse(serving.replicas()),
                        candidate.resources().orElse(serving.resources()),
                        candidate.keepTop().isPresent() ? candidate.keepTop() : serving.keepTop(),
                        candidate.latencyP99Ms().isPresent() ? candidate.latencyP99Ms() : serving.latencyP99Ms(),
                        candidate.scorer()),
                production.slo(),
                production.file(),
                production.document());
    }

    /** The new version; replicas left out are sized by the launch estimate. */
    public record Candidate(
            String version,
            String artifact,
            OptionalLong replicas,
            Optional<Resources> resources,
            OptionalLong keepTop,
            OptionalDouble latencyP99Ms,
            Model.Scorer scorer) {}

    /** One step of the traffic shift: the candidate's share, and the least time it bakes there. */
    public record Step(double percent, long bakeMinutes) {}

    /** A request to launch despite a launch freeze. */
    public record Exemption(String kind, String reason, String approvedBy) {}
}
