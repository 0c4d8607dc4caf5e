package io.modelfleet.registry;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import java.time.Instant;
import java.util.List;

/**
 * What sizing a launch needs from one surface's recorded traffic, {@code traffic/<surface>.yaml}:
 * the peak hour's production request rate, the candidates each request sources (as percentiles of
 * the sample a launch estimate times), and the hardware that turns counted FLOPs into service time.
 * {@code modelfleet launch profile} writes it from recorded traffic, so that the plan of a pull
 * request can size a launch without the traffic or Spark.
 *
 * <p>Why the sourced candidates and not each stage's: a stage scores what the stage before it kept
 * ({@code keep_top}), so one distribution serves every funnel, including a launch that changes a
 * stage's cut.
 *
 * @param profiledAt when the profile was written; the plan shows it as the estimate's date
 * @param file the file relative to the registry root, with forward slashes
 */
public record TrafficProfile(
        String surface,
        Instant profiledAt,
        Recorded recorded,
        Peak peak,
        SourcedCandidates sourcedCandidates,
        Hardware hardware,
        String file) {
    /** Percentiles 0, 1, ..., 100. */
    public static final int PERCENTILES = 101;

    public TrafficProfile {
        requireNonNull(surface, "surface is null");
        requireNonNull(profiledAt, "profiledAt is null");
        requireNonNull(recorded, "recorded is null");
        requireNonNull(peak, "peak is null");
        requireNonNull(sourcedCandidates, "sourcedCandidates is null");
        requireNonNull(hardware, "hardware is null");
        requireNonNull(file, "file is null");
    }

    /**
     * The recorded traffic read.
     *
     * @param hours hours with requests of the surface
     * @param featureWidth features per (user, candidate) pair the traffic carries
     */
    public record Recorded(Hour from, Hour to, int hours, long requests, long trafficSeed, int featureWidth) {
        public Recorded {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
        }
    }

    /** The busiest hour and its production requests per second. */
    public record Peak(Hour hour, double productionRps) {
        public Peak {
            requireNonNull(hour, "hour is null");
            if (!(productionRps > 0)) {
                throw new IllegalArgumentException(
                        "Cannot create peak: production rps must be positive, got " + productionRps);
            }
        }
    }

    /**
     * Candidates sourcing hands the first ranking stage per request, over the requests a launch
     * estimate with {@code samplesPerHour} and {@code seed} times.
     *
     * @param percentiles candidates at percentiles 0..100 of the sample, not decreasing
     */
    public record SourcedCandidates(long sampledRequests, int samplesPerHour, long seed, List<Integer> percentiles) {
        public SourcedCandidates {
            percentiles = List.copyOf(percentiles);
            if (percentiles.size() != PERCENTILES) {
                throw new IllegalArgumentException("Cannot create sourced candidates: need " + PERCENTILES
                        + " percentiles (0..100), got " + percentiles.size());
            }
            for (int i = 1; i < percentiles.size(); i++) {
                if (percentiles.get(i) < percentiles.get(i - 1)) {
                    throw new IllegalArgumentException(
                            "Cannot create sourced candidates: percentiles must not decrease, got " + percentiles);
                }
            }
        }
    }

    /** The serving hardware's per-core speed, as modelfleet.yaml's {@code hardware:} states it. */
    public record Hardware(String name, double gflopsPerCore, double candidateOverheadNs) {
        public Hardware {
            requireNonNull(name, "name is null");
        }
    }
}
