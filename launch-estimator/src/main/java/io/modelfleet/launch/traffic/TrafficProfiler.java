package io.modelfleet.launch.traffic;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.launch.replay.ReplayJob;
import io.modelfleet.launch.replay.ReplayResult;
import io.modelfleet.registry.TrafficProfile;
import io.modelfleet.sim.hardware.HardwareProfile;
import io.modelfleet.sim.sizing.StageLoad;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what sizing a launch needs from one surface's recorded traffic into a {@link TrafficProfile}:
 * the peak hour's production rate and the candidates each request of the sample a launch estimate
 * times sources, with the hardware the estimate models service times on. The same hours, samples
 * per hour and seed as {@code launch estimate} give the same peak and the same requests.
 */
public final class TrafficProfiler {
    private final SparkSession spark;
    private final TrafficSet traffic;
    private final Consumer<String> progress;

    public TrafficProfiler(SparkSession spark, TrafficSet traffic, Consumer<String> progress) {
        this.spark = requireNonNull(spark, "spark is null");
        this.traffic = requireNonNull(traffic, "traffic is null");
        this.progress = requireNonNull(progress, "progress is null");
    }

    /**
     * @param first the first hour to read, or null for the traffic's first
     * @param last the last hour to read, or null for the traffic's last
     */
    public TrafficProfile profile(
            String surface,
            Hour first,
            Hour last,
            int samplesPerHour,
            long seed,
            HardwareProfile hardware,
            Instant profiledAt) {
        requireNonNull(surface, "surface is null");
        requireNonNull(hardware, "hardware is null");
        if (samplesPerHour < 10) {
            throw ModelfleetErrors.tooFewSamples(samplesPerHour, 10);
        }
        List<Hour> available = traffic.hours();
        if (available.isEmpty()) {
            throw ModelfleetErrors.trafficWithoutHours(traffic.requests(), traffic.root());
        }
        List<Hour> hours = Hour.range(
                first != null ? first : available.get(0), last != null ? last : available.get(available.size() - 1));
        progress.accept("reading " + surface + " requests of " + hours.size() + " hour(s) and sampling up to "
                + samplesPerHour + " per hour...");
        ReplayJob.SourcedSample sample =
                new ReplayJob(spark, traffic, progress).sourcedSample(surface, hours, samplesPerHour, seed);
        List<ReplayResult.HourRate> rates = sample.rates();
        ReplayResult.HourRate peak = rates.stream()
                .max(Comparator.comparingDouble(ReplayResult.HourRate::productionRps))
                .orElseThrow();
        int[] percentiles = StageLoad.percentiles(sample.sourced());
        return new TrafficProfile(
                surface,
                profiledAt.truncatedTo(ChronoUnit.SECONDS),
                new TrafficProfile.Recorded(
                        rates.get(0).hour(),
                        rates.get(rates.size() - 1).hour(),
                        rates.size(),
                        rates.stream()
                                .mapToLong(ReplayResult.HourRate::recorded)
                                .sum(),
                        traffic.manifest().seed(),
                        traffic.pairWidth()),
                new TrafficProfile.Peak(peak.hour(), peak.productionRps()),
                new TrafficProfile.SourcedCandidates(
                        sample.sourced().length,
                        samplesPerHour,
                        seed,
                        IntStream.of(percentiles).boxed().toList()),
                new TrafficProfile.Hardware(hardware.name(), hardware.gflopsPerCore(), hardware.candidateOverheadNs()),
                "traffic/" + surface + ".yaml");
    }
}
