package io.modelfleet.launch.actions;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.launch.LaunchEstimate;
import io.modelfleet.launch.LaunchEstimator;
import io.modelfleet.launch.LaunchTables;
import io.modelfleet.launch.traffic.TrafficSet;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** The launch actions on a Spark session. */
public final class SparkLaunchActions {
    private final Supplier<SparkSession> sessions;
    private SparkSession spark;

    private SparkLaunchActions(Supplier<SparkSession> sessions) {
        this.sessions = requireNonNull(sessions, "sessions is null");
    }

    public static SparkLaunchActions get(SparkSession spark) {
        requireNonNull(spark, "spark is null");
        return new SparkLaunchActions(() -> spark);
    }

    /**
     * Actions whose session starts only when the first one executes, so that options are checked
     * (and bad ones refused) before Spark spends seconds starting.
     */
    public static SparkLaunchActions lazy(Supplier<SparkSession> sessions) {
        return new SparkLaunchActions(sessions);
    }

    private SparkSession spark() {
        if (spark == null) {
            spark = sessions.get();
        }
        return spark;
    }

    public EstimateLaunch estimateLaunch(Registry registry) {
        return new EstimateLaunchAction(registry);
    }

    private final class EstimateLaunchAction implements EstimateLaunch {
        private final Registry registry;
        private Model candidate;
        private TrafficSet traffic;
        private Hour first;
        private Hour last;
        private int samplesPerHour = DEFAULT_SAMPLES_PER_HOUR;
        private long seed = 1;
        private Location warehouse;
        private HardwareProfile hardware = HardwareProfile.DEFAULT;
        private Consumer<String> progress = line -> {};

        EstimateLaunchAction(Registry registry) {
            this.registry = requireNonNull(registry, "registry is null");
        }

        @Override
        public EstimateLaunch candidate(Model candidate, String modelId) {
            if (modelId != null && !candidate.id().equals(modelId)) {
                throw ModelfleetErrors.candidateIdMismatch(modelId, candidate.id());
            }
            this.candidate = candidate;
            return this;
        }

        @Override
        public EstimateLaunch traffic(Path root) {
            TrafficSet opened = TrafficSet.open(root);
            if (opened.hours().isEmpty()) {
                throw ModelfleetErrors.trafficWithoutHours(opened.requests(), opened.root());
            }
            this.traffic = opened;
            return this;
        }

        @Override
        public EstimateLaunch hours(Hour first, Hour last) {
            this.first = first;
            this.last = last;
            return this;
        }

        @Override
        public EstimateLaunch samplesPerHour(int samples) {
            this.samplesPerHour = samples;
            return this;
        }

        @Override
        public EstimateLaunch seed(long seed) {
            this.seed = seed;
            return this;
        }

        @Override
        public EstimateLaunch warehouse(Location warehouse) {
            this.warehouse = requireNonNull(warehouse, "warehouse is null");
            return this;
        }

        @Override
        public EstimateLaunch hardware(HardwareProfile hardware) {
            this.hardware = requireNonNull(hardware, "hardware is null");
            return this;
        }

        @Override
        public EstimateLaunch progress(Consumer<String> progress) {
            this.progress = requireNonNull(progress, "progress is null");
            return this;
        }

        @Override
        public Result execute() {
            if (candidate == null || traffic == null || warehouse == null) {
                throw new IllegalStateException("estimate-launch needs candidate, traffic and warehouse set");
            }
            List<Hour> available = traffic.hours();
            List<Hour> hours = Hour.range(
                    first != null ? first : available.get(0),
                    last != null ? last : available.get(available.size() - 1));
            long start = System.nanoTime();
            SparkSession spark = spark();
            spark.sparkContext().setJobGroup("modelfleet-estimate-launch", "estimate " + candidate.id(), false);
            try {
                LaunchEstimate estimate = new LaunchEstimator(spark, registry, traffic, progress)
                        .estimate(new LaunchEstimator.Request(candidate, hours, samplesPerHour, seed, hardware));
                LaunchTables.append(spark, warehouse, estimate);
                return new Result(estimate, warehouse, (System.nanoTime() - start) / 1e9);
            } finally {
                spark.sparkContext().clearJobGroup();
            }
        }
    }
}
