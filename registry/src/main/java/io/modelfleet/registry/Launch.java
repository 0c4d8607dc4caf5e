package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
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
        GateOverride gate,
        String file) {
    public Launch {
        requireNonNull(id, "id is null");
        requireNonNull(model, "model is null");
        requireNonNull(candidate, "candidate is null");
        trafficPlan = List.copyOf(trafficPlan);
        requireNonNull(exemption, "exemption is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(file, "file is null");
    }

    /** A launch that takes its tier's gate as tiers.yaml gives it. */
    public Launch(
            String id,
            String model,
            String requestedBy,
            String reason,
            Candidate candidate,
            List<Step> trafficPlan,
            Optional<Exemption> exemption,
            String file) {
        this(id, model, requestedBy, reason, candidate, trafficPlan, exemption, GateOverride.NONE, file);
    }

    /** The gate this launch is judged by: its tier's, with what the launch file overrides. */
    public TierPolicy.Gate gate(TierPolicy.Gate tier) {
        return new TierPolicy.Gate(
                gate.neMargin().orElse(tier.neMargin()),
                gate.calibrationMargin().orElse(tier.calibrationMargin()),
                gate.alpha().orElse(tier.alpha()));
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

    /**
     * One step of the traffic shift: the candidate's share, the least time it bakes there, and the
     * most time it waits there for the gate to decide before a person must.
     */
    public record Step(double percent, long bakeMinutes, long maxBakeMinutes) {
        /** Two days: long enough for a small share of a busy model to decide, short enough to be noticed. */
        public static final long DEFAULT_MAX_BAKE_MINUTES = 2880;

        public Step(double percent, long bakeMinutes) {
            this(percent, bakeMinutes, Math.max(bakeMinutes, DEFAULT_MAX_BAKE_MINUTES));
        }

        /** A step as a launch file or the workflow's JSON writes it: {@code max_bake_minutes} optional. */
        public static Step of(JsonNode step) {
            return step.has("max_bake_minutes")
                    ? new Step(
                            step.path("percent").asDouble(),
                            step.path("bake_minutes").asLong(),
                            step.path("max_bake_minutes").asLong())
                    : new Step(
                            step.path("percent").asDouble(),
                            step.path("bake_minutes").asLong());
        }
    }

    /** What a launch file's {@code gate:} overrides of its tier's gate; empty fields keep the tier's. */
    public record GateOverride(OptionalDouble neMargin, OptionalDouble calibrationMargin, OptionalDouble alpha) {
        public static final GateOverride NONE =
                new GateOverride(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }

    /** A request to launch despite a launch freeze. */
    public record Exemption(String kind, String reason, String approvedBy) {}
}
