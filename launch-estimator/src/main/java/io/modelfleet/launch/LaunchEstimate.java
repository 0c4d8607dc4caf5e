package io.modelfleet.launch;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.launch.replay.Variant;
import io.modelfleet.launch.sizing.CapacitySizer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A launch estimate with every input that produced it: per stage, what production and the
 * candidate need at the peak hour; the resource increase against the owning team's pool; and both
 * models' offline quality on the logged impressions.
 */
public record LaunchEstimate(
        String estimateId,
        Instant createdAt,
        String modelId,
        String productionVersion,
        String candidateVersion,
        String surface,
        String stage,
        Inputs inputs,
        List<StagePlan> stages,
        PoolCheck pool,
        Optional<HourMetrics> productionQuality,
        Optional<HourMetrics> candidateQuality,
        long impressions,
        List<HourStat> hours) {

    /** What the replay saw in one hour, at one stage, on one side; quality is the launching stage's model's. */
    public record HourStat(
            Hour hour,
            String stage,
            Variant variant,
            long recordedRequests,
            double productionRps,
            long samples,
            double serviceMeanMs,
            double serviceCv,
            double serviceP50Ms,
            double serviceP99Ms,
            Optional<HourMetrics> quality) {}

    /** Where the estimate came from. */
    public record Inputs(
            String traffic,
            long trafficSeed,
            Hour from,
            Hour to,
            int hours,
            long recordedRequests,
            int samplesPerHour,
            long seed,
            String registryVersion) {}

    /** One stage: the same traffic, production's model against the candidate's. */
    public record StagePlan(
            String stage,
            String productionModel,
            String productionScorer,
            String candidateScorer,
            int keepTop,
            double objectiveMs,
            double headroom,
            Hour peakHour,
            double peakRps,
            double sizedRps,
            long registryReplicas,
            Side production,
            Side candidate) {
        public boolean changed() {
            return !productionScorer.equals(candidateScorer);
        }
    }

    /** One side of a stage: its measured service times and its sizing. */
    public record Side(
            long samples,
            double serviceMeanMs,
            double serviceCv,
            double serviceP50Ms,
            double serviceP99Ms,
            double flopsPerRequest,
            double candidatesPerRequest,
            double cpuPerReplica,
            double memoryGbPerReplica,
            long gpusPerReplica,
            CapacitySizer.Plan plan) {}

    /** The pool's answer. */
    public enum Verdict {
        /** The increase fits in the pool's unused guaranteed quota. */
        FITS,
        /** It does not, but the team's other pools have the room: a pool owner must approve moving quota. */
        NEEDS_APPROVAL,
        /** Not even the team's pools together have the room. */
        CANNOT_FIT
    }

    /** Increase (negative: a saving) against the pool's free quota. */
    public record PoolCheck(
            String pool,
            String team,
            double cpuIncrease,
            double memoryGbIncrease,
            long gpuIncrease,
            double cpuFree,
            double memoryGbFree,
            long gpusFree,
            Verdict verdict,
            String reason,
            List<String> approvers) {}
}
