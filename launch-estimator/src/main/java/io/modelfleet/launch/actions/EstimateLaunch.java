package io.modelfleet.launch.actions;

import io.modelfleet.core.Action;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.launch.LaunchEstimate;
import io.modelfleet.registry.Model;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Sizes a launch: replays recorded traffic through the surface's funnel with production and with
 * the candidate, sizes each stage for the peak hour, checks the owning team's pool, and appends
 * the estimate to {@code launch_estimates} and {@code launch_replay}.
 *
 * <p>Options and their defaults: {@code candidate}, {@code traffic} and {@code warehouse} are
 * required; {@code hours} defaults to every hour the traffic holds; {@code samplesPerHour} to
 * {@value #DEFAULT_SAMPLES_PER_HOUR}; {@code seed} to 1; progress lines are dropped unless a
 * consumer is given; {@code hardware} to {@link HardwareProfile#DEFAULT}.
 */
public interface EstimateLaunch extends Action<EstimateLaunch.Result> {
    int DEFAULT_SAMPLES_PER_HOUR = 400;

    /** The candidate entry; with {@code modelId}, it must carry that id. */
    EstimateLaunch candidate(Model candidate, String modelId);

    /** Recorded traffic written by {@code generate traffic}; must hold at least one hour. */
    EstimateLaunch traffic(Path traffic);

    /** The hours to replay, both included; either may be null for the traffic's first or last. */
    EstimateLaunch hours(Hour first, Hour last);

    EstimateLaunch samplesPerHour(int samples);

    EstimateLaunch seed(long seed);

    EstimateLaunch warehouse(Location warehouse);

    /** The serving hardware the stages are sized for: its per-core throughput turns counted FLOPs into time. */
    EstimateLaunch hardware(HardwareProfile hardware);

    EstimateLaunch progress(Consumer<String> progress);

    /** The estimate, where it was written, and how long the whole action took. */
    record Result(LaunchEstimate estimate, Location warehouse, double seconds) {}
}
