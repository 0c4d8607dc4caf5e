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
 * stage kernels over a fixed set of shapes ({@link Calibration}). Two parameters leave the model
 * about 20% off for some shapes (dense layers of 32 or 64 units do fewer FLOPs per second than
 * layers of 256 or 512); a third, fixed cost per request was fitted too and came out negative,
 * without lowering the error, so it is left out.
 *
 * @param name what the profile describes, e.g. the machine type it was calibrated on
 * @param calibratedAt when {@link Calibration} measured it; empty for a profile written by hand
 */
public record HardwareProfile(
        String name, double gflopsPerCore, double candidateOverheadNs, Optional<Instant> calibratedAt) {
    /**
     * The profile used when modelfleet.yaml has no {@code hardware:}: {@code modelfleet launch
     * calibrate} (fastest of 100 runs per shape, over 4 scorers each) on the machine the project is
     * developed on, a 2-core AMD EPYC (Zen 5, AVX-512) Firecracker VM, Linux 6.18, Java 17.0.15, on
     * 2026-12-01. The same machine calibrates at 25-27 GFLOP/s in most JVMs and at 30-32 in some
     * (wide layers faster, narrow ones slower: most likely the JIT compiling the dense kernel's
     * inner loop differently); this is a run of the common kind, whose fit error is the smaller
     * (largest 20%, rms 12%).
     */
    public static final HardwareProfile DEFAULT = new HardwareProfile(
            "reference-epyc-2core", 25.28, 64.1, Optional.of(Instant.parse("2026-12-01T01:54:41Z")));

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
