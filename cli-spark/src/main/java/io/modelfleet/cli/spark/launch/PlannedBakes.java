package io.modelfleet.cli.spark.launch;

import static org.apache.spark.sql.functions.col;

import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloHourRecord;
import io.modelfleet.launcher.BakePlan;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.TierPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The planned bakes of a launch request, from production's last day of judged hours in
 * {@code slo_hourly}: how long each step must bake for the gate to pass a candidate as good as
 * production (see {@link BakePlan}).
 */
public final class PlannedBakes {
    /** Hours of slo_hourly the plan reads: a day, so a diurnal trough and peak both count. */
    static final int HOURS = 24;

    /** The plan, and the hours of traffic it was planned from. */
    public record Planned(List<BakePlan.StepPlan> steps, int hours, long eventsPerHour, TierPolicy.Gate gate) {}

    private PlannedBakes() {}

    /** Empty when slo_hourly has no judged hour of the model with events of both labels. */
    public static Optional<Planned> of(SparkSession spark, Location warehouse, Registry registry, Launch request) {
        Model production = registry.model(request.model()).orElseThrow();
        TierPolicy.Gate gate = request.gate(
                registry.tierPolicies().map(t -> t.of(production.tier()).gate()).orElse(TierPolicy.Gate.FALLBACK));
        Location table = warehouse.resolve(HourlySloJob.TABLE);
        if (!DeltaTables.exists(table)) {
            return Optional.empty();
        }
        List<Row> rows = spark.read()
                .format("delta")
                .load(table.toString())
                .where(col("model_id")
                        .equalTo(production.id())
                        .and(col("events").gt(0)))
                .orderBy(col("hour").desc())
                .limit(HOURS)
                .collectAsList();
        HourSums recent = HourSums.EMPTY;
        for (Row row : rows) {
            recent = recent.plus(SloHourRecord.fromRow(row).sums());
        }
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        int gatedSteps = (int)
                request.trafficPlan().stream().filter(s -> s.percent() < 100).count();
        int hours = rows.size();
        HourSums pooled = recent;
        return BakePlan.plan(
                        pooled,
                        hours,
                        request.trafficPlan(),
                        gate,
                        gate.alpha() / (2.0 * Math.max(1, gatedSteps)),
                        BakePlan.DEFAULT_POWER)
                .map(steps -> new Planned(steps, hours, pooled.events() / hours, gate));
    }

    /** Refuses a plan with a gated step that cannot decide within its longest bake, with the numbers. */
    public static void check(Launch request, Planned planned, Duration labelDelay) {
        for (BakePlan.StepPlan step : planned.steps()) {
            Launch.Step asked = request.trafficPlan().get(step.step());
            if (!step.decidesWithin(asked.maxBakeMinutes(), labelDelay)) {
                throw ModelfleetErrors.launchStepUndecidable(
                        request.id(),
                        step.step() + 1,
                        asked.percent(),
                        (long) step.candidateEventsPerHour(),
                        step.plannedHours().isPresent() ? step.minutesToDecide(labelDelay) : -1,
                        BakePlan.MAX_HOURS,
                        asked.maxBakeMinutes());
            }
        }
    }
}
