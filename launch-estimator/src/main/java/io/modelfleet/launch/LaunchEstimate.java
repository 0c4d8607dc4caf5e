package io.modelfleet.launch;

import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.launch.replay.Variant;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.sim.hardware.HardwareProfile;
import io.modelfleet.sim.sizing.CapacitySizer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A launch estimate with every input that produced it: per stage, what production and the
 * candidate need at the peak hour; the resource increase against the owning team's pool; and both
 * models' offline quality on the logged impressions.
 *
 * <p>Every service time comes twice. Modelled: each replayed request's counted FLOPs and
 * candidates on the {@link Inputs#hardware() hardware profile}, the same on every run of the same
 * traffic and seed, whatever else the machine is doing; replicas are sized from these. Measured:
 * the CPU time the replay took on the machine that ran it, kept as evidence beside them.
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
        PoolFit pool,
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
            ServiceTime modelled,
            ServiceTime measured,
            Optional<HourMetrics> quality) {}

    /** A distribution of service times of single requests, in milliseconds; all zero over no requests. */
    public record ServiceTime(double meanMs, double cv, double p50Ms, double p99Ms) {
        static ServiceTime ofSeconds(double[] seconds) {
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(sorted).average().orElse(0);
            double variance =
                    Arrays.stream(sorted).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, sorted.length);
            return new ServiceTime(
                    1000 * mean,
                    mean > 0 ? Math.sqrt(variance) / mean : 0,
                    1000 * quantile(sorted, 0.5),
                    1000 * quantile(sorted, 0.99));
        }

        private static double quantile(double[] sorted, double q) {
            if (sorted.length == 0) {
                return 0;
            }
            return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
        }
    }

    /** Where the estimate came from; {@code hardware} is what the modelled service times assume. */
    public record Inputs(
            String traffic,
            long trafficSeed,
            Hour from,
            Hour to,
            int hours,
            long recordedRequests,
            int samplesPerHour,
            long seed,
            String registryVersion,
            HardwareProfile hardware) {}

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

    /** One side of a stage: its service times, modelled (which sized it) and measured, and its sizing. */
    public record Side(
            long samples,
            ServiceTime modelled,
            ServiceTime measured,
            double flopsPerRequest,
            double candidatesPerRequest,
            double cpuPerReplica,
            double memoryGbPerReplica,
            long gpusPerReplica,
            CapacitySizer.Plan plan) {}
}
