package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.TableSchemas;
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
    static final StructType SCHEMA = TableSchemas.commented(
            TABLE,
            new StructType()
                    .add("launch_id", DataTypes.StringType, false)
                    .add("look", DataTypes.IntegerType, false)
                    .add("step", DataTypes.IntegerType, false)
                    .add("percent", DataTypes.DoubleType, false)
                    .add("at", DataTypes.TimestampType, false)
                    .add("hours_from", DataTypes.TimestampType, false)
                    .add("hours_through", DataTypes.TimestampType, false)
                    .add("policy", DataTypes.StringType, false)
                    .add("metric", DataTypes.StringType, false)
                    .add("production", DataTypes.DoubleType, true)
                    .add("candidate", DataTypes.DoubleType, true)
                    .add("difference", DataTypes.DoubleType, true)
                    .add("lower", DataTypes.DoubleType, true)
                    .add("upper", DataTypes.DoubleType, true)
                    .add("margin", DataTypes.DoubleType, true)
                    .add("alpha", DataTypes.DoubleType, false)
                    .add("decision", DataTypes.StringType, false)
                    .add("step_decision", DataTypes.StringType, false)
                    .add("production_events", DataTypes.LongType, false)
                    .add("candidate_events", DataTypes.LongType, false));

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
