package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.launcher.LaunchEvent;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code launch_events}: every step of every launch, as analysts query it. The launch database is
 * the truth; each step's event waits there until it is published here by a MERGE on (launch, seq),
 * so publishing a batch twice (a crash between this table's commit and the database's mark) adds
 * nothing, and two publishers at once conflict in Delta and retry.
 */
public final class LaunchEventsTable {
    public static final String TABLE = "launch_events";
    static final StructType SCHEMA = TableSchemas.commented(
            TABLE,
            new StructType()
                    .add("launch_id", DataTypes.StringType, false)
                    .add("seq", DataTypes.IntegerType, false)
                    .add("model_id", DataTypes.StringType, false)
                    .add("from_state", DataTypes.StringType, false)
                    .add("to_state", DataTypes.StringType, false)
                    .add("actor", DataTypes.StringType, false)
                    .add("at", DataTypes.TimestampType, false)
                    .add("reason", DataTypes.StringType, false)
                    .add("evidence", DataTypes.StringType, false));

    private LaunchEventsTable() {}

    public static void publish(SparkSession spark, Location warehouse, List<LaunchEvent> events) {
        List<Row> rows = new ArrayList<>();
        for (LaunchEvent e : events) {
            rows.add(RowFactory.create(
                    e.launch(),
                    e.seq(),
                    e.model(),
                    e.from(),
                    e.to(),
                    e.actor(),
                    Timestamp.from(e.at()),
                    e.reason(),
                    e.evidence()));
        }
        DeltaOutbox.merge(spark, warehouse.resolve(TABLE), SCHEMA, rows, List.of("launch_id", "seq"));
    }
}
