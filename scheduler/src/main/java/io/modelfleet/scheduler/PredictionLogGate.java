package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.jobs.gate.GateSums;
import io.modelfleet.launcher.GateSource;
import io.modelfleet.launcher.LaunchRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * The quality gate's traffic read from the prediction logs with Spark: both versions' sums over
 * the step's whole hours whose attribution window has closed ({@link GateSums}).
 */
public final class PredictionLogGate implements GateSource {
    private final Supplier<SparkSession> spark;
    private final Location logs;
    private final Duration attributionWindow;

    public PredictionLogGate(Supplier<SparkSession> spark, Location logs, Duration attributionWindow) {
        this.spark = requireNonNull(spark, "spark is null");
        this.logs = requireNonNull(logs, "logs is null");
        this.attributionWindow = requireNonNull(attributionWindow, "attributionWindow is null");
    }

    @Override
    public Instant labelledThrough(Instant now) {
        return now.minus(attributionWindow).truncatedTo(ChronoUnit.HOURS);
    }

    @Override
    public Sums sums(LaunchRecord launch, Instant from, Instant to) {
        List<Hour> hours = new ArrayList<>();
        for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
            hours.add(Hour.of(h));
        }
        // Only labelled hours are asked for: 'now' is the end of the last one plus its window.
        GateSums.Result result;
        try {
            result = GateSums.compute(
                    spark.get(), logs, launch.model(), hours, to.plus(attributionWindow), attributionWindow);
        } catch (Exception e) {
            // Spark throws its own, undeclared, exceptions (a corrupt or vanishing Parquet file): one launch's
            // logs failing is not the whole tick's fault.
            throw ModelfleetErrors.gateLogsUnreadable(logs, launch.model(), e);
        }
        return new Sums(
                result.of(launch.productionVersion()),
                result.of(launch.candidate().version()));
    }
}
