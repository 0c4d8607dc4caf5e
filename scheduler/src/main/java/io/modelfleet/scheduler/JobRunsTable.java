package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DeltaTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run ledger analysts query: one row per attempt at one unit of one job, appended when the
 * attempt ends. Blind appends, so several scheduler nodes can write it at once. {@code note} says
 * what else the attempt did that did not decide its status, e.g. the alerts it sent, or could not.
 */
public final class JobRunsTable {
    public static final String TABLE = "job_runs";

    static final StructType SCHEMA = TableSchemas.commented(
            TABLE,
            new StructType()
                    .add("run_id", DataTypes.StringType, false)
                    .add("job", DataTypes.StringType, false)
                    .add("unit", DataTypes.StringType, false)
                    .add("hour", DataTypes.TimestampType, true)
                    .add("day", DataTypes.DateType, true)
                    .add("status", DataTypes.StringType, false)
                    .add("attempt", DataTypes.IntegerType, false)
                    .add("started", DataTypes.TimestampType, false)
                    .add("finished", DataTypes.TimestampType, false)
                    .add("rows_written", DataTypes.LongType, false)
                    .add("error_message", DataTypes.StringType, true)
                    .add("node", DataTypes.StringType, false)
                    .add("clock", DataTypes.TimestampType, false)
                    .add("note", DataTypes.StringType, true));

    /** One attempt. {@code clock} is the scheduler's "now" when it ended (differs from {@code finished} under a test clock). */
    public record Run(
            String runId,
            JobName job,
            WorkUnit unit,
            boolean succeeded,
            int attempt,
            Instant started,
            Instant finished,
            long rowsWritten,
            String error,
            String node,
            Instant clock,
            Optional<String> note) {}

    private final SparkSession spark;
    private final Location table;

    public JobRunsTable(SparkSession spark, Location warehouse) {
        this.spark = spark;
        this.table = warehouse.resolve(TABLE);
    }

    public void append(Run run) {
        Row row = RowFactory.create(
                run.runId(),
                run.job().id(),
                run.unit().key(),
                run.unit() instanceof WorkUnit.HourUnit h
                        ? Timestamp.from(h.hour().start())
                        : null,
                run.unit() instanceof WorkUnit.DayUnit d ? Date.valueOf(d.day()) : null,
                run.succeeded() ? "SUCCEEDED" : "FAILED",
                run.attempt(),
                Timestamp.from(run.started()),
                Timestamp.from(run.finished()),
                run.rowsWritten(),
                run.error(),
                run.node(),
                Timestamp.from(run.clock()),
                run.note().orElse(null));
        // A job_runs table written before 'note' existed gets the column (null in its old rows).
        DeltaTables.append(spark.createDataFrame(List.of(row), SCHEMA).coalesce(1), table);
    }
}
