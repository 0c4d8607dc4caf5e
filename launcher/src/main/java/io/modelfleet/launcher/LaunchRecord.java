package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.TierPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A launch as the workflow holds it: the request as submitted, its estimate, and where it is.
 *
 * @param version bumped by every transition; a controller acts only on the version it read
 * @param step index into the traffic plan while SHIFTING (and after), -1 before
 * @param candidate the candidate's serving block as submitted, with its replicas sized
 * @param productionPerReplica production's resources per replica when the launch was submitted
 * @param gate the margins and error budget the quality gate judges this launch by
 * @param stepDeadline while SHIFTING, when the step stops waiting for the gate and is HELD for a person
 * @param waitingFor what the launch waits for, in words, as of the last controller tick
 */
public record LaunchRecord(
        String id,
        String model,
        String team,
        String pool,
        String tier,
        String requestedBy,
        String reason,
        LaunchState state,
        int version,
        int step,
        Instant createdAt,
        Instant stateSince,
        Instant stepSince,
        String productionVersion,
        long productionReplicas,
        Resources productionPerReplica,
        CandidateServing candidate,
        List<Launch.Step> trafficPlan,
        Optional<Estimate> estimate,
        Optional<Instant> approvedAt,
        Optional<Launch.Exemption> exemption,
        TierPolicy.Gate gate,
        Optional<Instant> stepDeadline,
        String waitingFor) {
    public LaunchRecord {
        requireNonNull(id, "id is null");
        requireNonNull(state, "state is null");
        trafficPlan = List.copyOf(trafficPlan);
        requireNonNull(estimate, "estimate is null");
        requireNonNull(approvedAt, "approvedAt is null");
        requireNonNull(exemption, "exemption is null");
        requireNonNull(gate, "gate is null");
        requireNonNull(stepDeadline, "stepDeadline is null");
    }

    /**
     * The steps the quality gate judges: all but a 100% step, where production has no traffic left
     * to compare with.
     */
    public int gatedSteps() {
        return (int) trafficPlan.stream().filter(s -> s.percent() < 100).count();
    }

    /**
     * The share of the launch's error budget one metric of one step spends: the budget split evenly
     * over the gated steps and the two metrics, so that a candidate as good as production is rolled
     * back with chance at most the launch's alpha however many looks each step takes.
     */
    public double alphaPerTest() {
        return gate.alpha() / (2.0 * Math.max(1, gatedSteps()));
    }

    /**
     * What the pool must hold for this launch: the candidate's whole deployment, since production
     * keeps serving at full size until finalization scales it down. (The estimate's verdict judges
     * the lasting change; this is the peak while both versions run.)
     */
    public Resources reservation() {
        return candidate.resources().times(candidate.replicas());
    }

    /** The candidate's share of traffic now, percent. */
    public double candidatePercent() {
        if (state == LaunchState.DONE || state == LaunchState.FINALIZING) {
            return 100;
        }
        return (state == LaunchState.SHIFTING || state == LaunchState.HELD) && step >= 0
                ? trafficPlan.get(step).percent()
                : 0;
    }

    /**
     * The candidate's serving block: what finalization writes into the model's entry.
     *
     * @param hidden empty for a logistic scorer
     */
    public record CandidateServing(
            String version,
            String artifact,
            long replicas,
            Resources resources,
            Optional<Long> keepTop,
            Optional<Double> latencyP99Ms,
            String scorerKind,
            int inputWidth,
            List<Integer> hidden) {
        public CandidateServing {
            requireNonNull(version, "version is null");
            requireNonNull(artifact, "artifact is null");
            requireNonNull(resources, "resources is null");
            requireNonNull(keepTop, "keepTop is null");
            requireNonNull(latencyP99Ms, "latencyP99Ms is null");
            hidden = List.copyOf(hidden);
        }
    }

    /**
     * The estimate the approvers judged: its verdict on the pool and the replicas it sized.
     *
     * @param verdict FITS, NEEDS_APPROVAL or CANNOT_FIT
     * @param evidence the estimate's figures as JSON, kept with the launch's events
     */
    public record Estimate(String estimateId, String verdict, long replicas, String poolReason, String evidence) {
        public static final String FITS = "FITS";
        public static final String NEEDS_APPROVAL = "NEEDS_APPROVAL";
        public static final String CANNOT_FIT = "CANNOT_FIT";

        public Estimate {
            requireNonNull(estimateId, "estimateId is null");
            requireNonNull(verdict, "verdict is null");
            requireNonNull(poolReason, "poolReason is null");
            requireNonNull(evidence, "evidence is null");
        }
    }
}
