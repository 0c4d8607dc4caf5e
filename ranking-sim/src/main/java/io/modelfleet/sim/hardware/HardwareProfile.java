package io.modelfleet.sim.hardware;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What one core of the serving hardware does per second, so that a stage's service time can be
 * modelled from what a request counts rather than timed on whatever machine runs the estimate:
 *
 * <pre>
 * service seconds = flops / (gflopsPerCore * 1e9) + candidates * candidateOverheadNs * 1e-9
 * </pre>
 *
 * <p>{@code flops} are the stage's counted FLOPs for the request (one multiply and one add per
 * weight, see {@code Scorer}); {@code candidates} the candidates it scored. The overhead per
 * candidate is what does not scale with the model: gathering the candidate's features, the
 * stage's top-k cut. Both come from a fit to the minimum CPU time of the scorer kernels over a
 * fixed set of shapes ({@link Calibration}); a fixed cost per request was fitted too and came out
 * below a microsecond against stage times of tens of microseconds and more, so it is left out.
 *
 * @param name what the profile describes, e.g. the machine type it was calibrated on
 * @param calibratedAt when {@link Calibration} measured it; empty for a profile written by hand
 */
public record HardwareProfile(
        String name, double gflopsPerCore, double candidateOverheadNs, Optional<Instant> calibratedAt) {
    /**
     * The profile used when modelfleet.yaml has no {@code hardware:}: {@code modelfleet launch
     * calibrate} on the 2-core AMD EPYC (Zen 5, KVM guest, AVX-512) the project is developed on,
     * Java 17, minimum CPU time of 30 repetitions per shape.
     */
    public static final HardwareProfile DEFAULT =
            new HardwareProfile("reference-epyc-2core", 10.0, 10.0, Optional.of(Instant.parse("2026-01-01T00:00:00Z")));

    public HardwareProfile {
        requireNonNull(name, "name is null");
        requireNonNull(calibratedAt, "calibratedAt is null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Cannot create hardware profile: its name is blank");
        }
        if (!(gflopsPerCore > 0) || !Double.isFinite(gflopsPerCore)) {
            throw new IllegalArgumentException("Cannot create hardware profile " + name
                    + ": gflops per core must be positive, got " + gflopsPerCore);
        }
        if (!(candidateOverheadNs >= 0) || !Double.isFinite(candidateOverheadNs)) {
            throw new IllegalArgumentException("Cannot create hardware profile " + name
                    + ": the overhead per candidate must be zero or more nanoseconds, got " + candidateOverheadNs);
        }
    }

    /** The modelled time one request spends in a stage that counted {@code flops} over {@code candidates}. */
    public double serviceSeconds(long flops, int candidates) {
        return flops / (gflopsPerCore * 1e9) + candidates * candidateOverheadNs * 1e-9;
    }
}
