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
 * stage's top-k cut. Both come from a least-squares fit to the minimum CPU time of the replay's
 * stage kernels over a fixed set of shapes ({@link Calibration}). Two numbers do not fit every
 * shape: the simulator's dense layers of 32 or 64 units run at about 20 GFLOP/s, layers of 512 at
 * about 45, so the model is up to about 40% off for some shapes (calibrate prints each shape's
 * error). A third, fixed cost per request was fitted too and came out negative, without lowering
 * the error, so it is left out.
 *
 * @param name what the profile describes, e.g. the machine type it was calibrated on
 * @param calibratedAt when {@link Calibration} measured it; empty for a profile written by hand
 */
public record HardwareProfile(
        String name, double gflopsPerCore, double candidateOverheadNs, Optional<Instant> calibratedAt) {
    /**
     * The profile used when modelfleet.yaml has no {@code hardware:}: {@code modelfleet launch
     * calibrate} (each shape in a JVM of its own, fastest of 100 runs over 4 scorers) on the machine
     * the project is developed on, a 2-core AMD EPYC (Zen 5, AVX-512) Firecracker VM, Linux 6.18,
     * Java 17.0.15, on 2026-12-01. Five runs there, beside other work, gave 32.8 to 34.2 GFLOP/s per
     * core and 15.6 to 17.3 ns per candidate; the fit's error is at most 44% (rms 28%).
     */
    public static final HardwareProfile DEFAULT = new HardwareProfile(
            "reference-epyc-2core", 33.74, 16.3, Optional.of(Instant.parse("2026-12-01T02:13:11Z")));

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
