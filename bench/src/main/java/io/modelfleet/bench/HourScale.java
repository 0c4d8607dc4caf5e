package io.modelfleet.bench;

import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints the {@code --scale} at which {@code generate predictions} writes about ROWS rows for one
 * hour of REGISTRY's fleet at the diurnal mean (09:00 or 21:00 UTC, where the generator's diurnal
 * factor is 1): ROWS over the events per hour of the models it logs for, by their tiers. The
 * generator's per-model jitter (±5%) averages out over a fleet; the benchmark reports the rows
 * the job actually read.
 *
 * <p>Usage: HourScale REGISTRY ROWS
 */
public final class HourScale {
    private HourScale() {}

    public static void main(String[] args) {
        Registry registry = RegistryLoader.loadValid(Path.of(args[0]));
        long rows = Long.parseLong(args[1]);
        long perScale = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .map(Model::tier)
                .mapToLong(PredictionLogGenerator::eventsPerHour)
                .sum();
        System.out.printf(Locale.ROOT, "%.6f%n", (double) rows / perScale);
    }
}
