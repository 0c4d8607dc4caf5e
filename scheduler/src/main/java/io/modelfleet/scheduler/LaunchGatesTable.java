package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.launcher.GateLook;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code launch_gates}: every look of every launch step's quality gate, one row per metric, copied
 * from the launch database by a MERGE on (launch_id, look, metric) as {@code launch_events} is.
 */
public final class LaunchGatesTable {
    public static final String TABLE = "launch_gates";
    static final StructType SCHEMA = new StructType()
            .add("launch_id", DataTypes.StringType, false, "The launch.")
            .add("look", DataTypes.IntegerType, false, "The gate's look, numbered per launch from 1.")
            .add("step", DataTypes.IntegerType, false, "Traffic plan step, from 1.")
            .add("percent", DataTypes.DoubleType, false, "The candidate's share of traffic at this step, percent.")
            .add("at", DataTypes.TimestampType, false, "When the gate looked, on the scheduler's clock.")
            .add("hours_from", DataTypes.TimestampType, false, "First hour counted (the step's first whole hour).")
            .add(
                    "hours_through",
                    DataTypes.TimestampType,
                    false,
                    "End of the last hour counted: the hours whose attribution window had closed.")
            .add(
                    "policy",
                    DataTypes.StringType,
                    false,
                    "SEQUENTIAL (the product), FIXED_REPEATED or RAW_THRESHOLD; MEASURED for the latency row.")
            .add(
                    "metric",
                    DataTypes.StringType,
                    false,
                    "ne (candidate minus production), abs_log_calibration, latency_p99_ms (the candidate's served p99"
                            + " against the stage objective, in margin), or events when there was nothing to judge.")
            .add("production", DataTypes.DoubleType, true, "Production's value on the same hours.")
            .add("candidate", DataTypes.DoubleType, true, "The candidate's value.")
            .add("difference", DataTypes.DoubleType, true, "Candidate minus production: higher is worse.")
            .add(
                    "lower",
                    DataTypes.DoubleType,
                    true,
                    "Lower end of the interval on the difference (latency row: the measured p99 itself).")
            .add(
                    "upper",
                    DataTypes.DoubleType,
                    true,
                    "Upper end: PASS when below the margin (latency row: the measured p99 against the objective).")
            .add("margin", DataTypes.DoubleType, true, "How much worse the candidate may be.")
            .add("alpha", DataTypes.DoubleType, false, "The launch's error budget this step's test spends.")
            .add("decision", DataTypes.StringType, false, "This metric's decision: PASS, FAIL or INCONCLUSIVE.")
            .add("step_decision", DataTypes.StringType, false, "The step's decision from all metrics.")
            .add("production_events", DataTypes.LongType, false, "Production's labelled events counted.")
            .add("candidate_events", DataTypes.LongType, false, "The candidate's labelled events counted.");

    private LaunchGatesTable() {}

    public static void publish(SparkSession spark, Location warehouse, List<GateLook> looks) {
        List<Row> rows = new ArrayList<>();
        for (GateLook l : looks) {
            rows.add(RowFactory.create(
                    l.launch(),
                    l.look(),
                    l.step() + 1,
                    l.percent(),
                    Timestamp.from(l.at()),
                    Timestamp.from(l.from()),
                    Timestamp.from(l.through()),
                    l.policy(),
                    l.metric(),
                    finite(l.production()),
                    finite(l.candidate()),
                    finite(l.estimate()),
                    finite(l.lower()),
                    finite(l.upper()),
                    finite(l.margin()),
                    l.alpha(),
                    l.decision(),
                    l.stepDecision(),
                    l.productionEvents(),
                    l.candidateEvents()));
        }
        DeltaOutbox.merge(spark, warehouse.resolve(TABLE), SCHEMA, rows, List.of("launch_id", "look", "metric"));
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
