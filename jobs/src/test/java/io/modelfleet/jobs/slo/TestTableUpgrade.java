package io.modelfleet.jobs.slo;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse an older modelfleet wrote ({@code ds} a string, no column comments, no retention
 * properties) is upgraded by the next run's writes and then holds exactly what a warehouse this
 * version wrote from the start holds; until then readers take it as it is.
 */
class TestTableUpgrade {
    private static final Hour H0 = Hour.parse("2026-11-20T00");
    private static final List<String> TABLES = List.of(
            HourlySloJob.TABLE,
            HourlySloJob.UNREGISTERED_TABLE,
            SloIncidents.TABLE,
            DailyRollupJob.DAILY,
            DailyRollupJob.ROLLUP);

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Registry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void registry() {
        spark = SharedSpark.get();
        registry = RegistryLoader.loadValid(
                Path.of("..", "examples", "registry").toAbsolutePath().normalize());
    }

    @Test
    void anOlderWarehouseEndsWhereANewOneDoes() {
        Path logs = dir.resolve("logs");
        List<Incident> incidents = new ArrayList<>();
        for (Model m : registry.models()) {
            if (m.lifecycle() != Lifecycle.DEPRECATED && m.surface().equals("feed")) {
                incidents.add(new Incident(Incident.Kind.MISCALIBRATE, m.id(), H0.plus(1), 2.0).lasting(2));
            }
        }
        incidents.add(new Incident(Incident.Kind.UNREGISTERED, "ghost_model", H0, 5).lasting(4));
        new PredictionLogGenerator(spark, registry, 11, 0.05, 1.0, incidents)
                .write(Hour.range(H0, H0.plus(3)), Location.of(logs));
        Location current = Location.of(dir.resolve("current"));
        Location older = Location.of(dir.resolve("older"));
        run(logs, current, Hour.range(H0, H0.plus(2)));
        for (String table : TABLES) {
            assertThat(DeltaTables.exists(current.resolve(table)))
                    .as("the first run writes %s", table)
                    .isTrue();
            writeAsOlderVersionDid(current.resolve(table), older.resolve(table));
        }
        // readers take the string days as they are: the export reads both warehouses alike
        assertThat(new SloExportJob(spark, older).read())
                .containsExactlyInAnyOrderElementsOf(new SloExportJob(spark, current).read());

        run(logs, current, List.of(H0.plus(3)));
        run(logs, older, List.of(H0.plus(3)));

        for (String table : TABLES) {
            Dataset<Row> upgraded = read(older.resolve(table));
            Dataset<Row> reference = read(current.resolve(table));
            assertThat(upgraded.schema().apply("ds").dataType())
                    .as("%s.ds", table)
                    .isEqualTo(DataTypes.DateType);
            assertThat(comments(upgraded)).as("%s's comments", table).isEqualTo(comments(reference));
            assertThat(rows(upgraded)).as("%s's rows", table).isEqualTo(rows(reference));
            assertThat(properties(older.resolve(table)))
                    .as("%s's properties", table)
                    .containsEntry("delta.deletedFileRetentionDuration", SparkSessions.DELETED_FILE_RETENTION)
                    .containsEntry("delta.logRetentionDuration", SparkSessions.LOG_RETENTION);
            List<Row> upgrades = spark.sql("DESCRIBE HISTORY delta.`" + older.resolve(table) + "`")
                    .where(col("userMetadata").startsWith("modelfleet upgrade: ds from string to date"))
                    .select("version")
                    .collectAsList();
            assertThat(upgrades).as("%s's upgrade commits", table).hasSize(1);
            assertThat(spark.read()
                            .format("delta")
                            .option("versionAsOf", upgrades.get(0).getLong(0))
                            .load(older.resolve(table).toString())
                            .select(col("ds"), col("_metadata.file_path"))
                            .distinct()
                            .groupBy("ds")
                            .count()
                            .where(col("count").notEqual(1))
                            .collectAsList())
                    .as("%s's days with more than one file after the upgrade", table)
                    .isEmpty();
        }
        assertThat(read(older.resolve(HourlySloJob.TABLE))
                        .where(col("ds").equalTo(LocalDate.parse("2026-11-20")))
                        .count())
                .isEqualTo(read(older.resolve(HourlySloJob.TABLE)).count());
    }

    private static void run(Path logs, Location warehouse, List<Hour> hours) {
        HourlySloJob.Result result =
                new HourlySloJob(spark, registry, "test-registry", logs.toString(), warehouse).run(hours);
        assertThat(result.failed()).isEmpty();
        new DailyRollupJob(spark, registry, warehouse).run(List.of(H0.day()));
    }

    /** The table as modelfleet wrote it before {@code ds} was a date: no comments, no retention properties. */
    private static void writeAsOlderVersionDid(Location from, Location to) {
        Dataset<Row> rows = read(from);
        List<Column> plain = new ArrayList<>();
        for (StructField field : rows.schema().fields()) {
            Column column = field.name().equals("ds") ? col("ds").cast(DataTypes.StringType) : col(field.name());
            plain.add(column.as(field.name()));
        }
        // as older versions did, several files a day
        rows.select(plain.toArray(Column[]::new))
                .repartition(3)
                .write()
                .format("delta")
                .partitionBy("ds")
                .save(to.toString());
        spark.sql("ALTER TABLE delta.`" + to + "` UNSET TBLPROPERTIES"
                + " ('delta.deletedFileRetentionDuration', 'delta.logRetentionDuration')");
        assertThat(read(to).schema().apply("ds").dataType()).isEqualTo(DataTypes.StringType);
        assertThat(properties(to)).doesNotContainKey("delta.logRetentionDuration");
    }

    private static Dataset<Row> read(Location table) {
        return spark.read().format("delta").load(table.toString());
    }

    /** The rows, in order, without what differs between any two runs (their ids and times). */
    private static List<String> rows(Dataset<Row> table) {
        String[] kept = Arrays.stream(table.columns())
                .filter(c -> !c.equals("run_id") && !c.equals("computed_at") && !c.equals("final_at"))
                .toArray(String[]::new);
        return table.selectExpr(kept).collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    private static List<String> comments(Dataset<Row> table) {
        return Arrays.stream(table.schema().fields())
                .map(f -> f.name() + ": " + f.getComment().getOrElse(() -> "(none)"))
                .sorted()
                .toList();
    }

    private static Map<String, String> properties(Location table) {
        return spark.sql("DESCRIBE DETAIL delta.`" + table + "`")
                .select("properties")
                .first()
                .getJavaMap(0);
    }
}
