package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rerunning an hour never silently replaces its rows with far fewer. */
class TestGuardedReruns {
    private static final Hour H = Hour.parse("2026-11-24T13");
    private static final int ROWS = 1_000;
    private static final StructType LOG = new StructType()
            .add("event_time", DataTypes.TimestampType)
            .add("model_id", DataTypes.StringType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType);

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Registry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void registry() {
        spark = SharedSpark.get();
        registry = TestRegistries.fiveTiers(shared.resolve("registry"));
    }

    private static Path logs(Path root, int rows) {
        List<Row> list = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            list.add(RowFactory.create(
                    Timestamp.from(H.start().plusSeconds(i % 3600)),
                    TestRegistries.MODELS[0],
                    0.2,
                    i % 5 == 0 ? 1 : 0));
        }
        spark.createDataFrame(list, LOG)
                .coalesce(1)
                .write()
                .parquet(root.resolve("ds=" + H.ds()).resolve("hr=" + H.hr()).toString());
        return root;
    }

    private static ComputeSlo.Result run(Path logs, Path warehouse, boolean allowDataLoss) {
        return SparkActions.get(spark)
                .computeSlo(registry)
                .logs(Location.of(logs))
                .warehouse(Location.of(warehouse))
                .hours(List.of(H))
                .rollUp(false)
                .allowDataLoss(allowDataLoss)
                .execute();
    }

    private static List<String> hourRows(Path warehouse) {
        return spark
                .read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString())
                .collectAsList()
                .stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    private static long tableRows(Path warehouse) {
        return spark.read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString())
                .selectExpr("sum(rows)")
                .collectAsList()
                .get(0)
                .getLong(0);
    }

    @Test
    void anEmptyLogsFolderDoesNotReplaceAnHourWithDataUnlessDataLossIsAllowed() throws IOException {
        Path warehouse = dir.resolve("warehouse");
        run(logs(dir.resolve("full"), ROWS), warehouse, false);
        List<String> before = hourRows(warehouse);
        Path empty = Files.createDirectories(dir.resolve("empty"));

        HourlySloJob.Result refused = run(empty, warehouse, false).hourly();

        assertThat(refused.computed()).isEmpty();
        assertThat(refused.failed()).singleElement().satisfies(f -> {
            assertThat(f.hour()).isEqualTo(H);
            assertThat(f.reason()).isEqualTo(HourlySloJob.FailedHour.Reason.WOULD_LOSE_ROWS);
            assertThat(f.message())
                    .isEqualTo("2026-11-24T13 has 1,000 rows in slo_hourly but its logs now hold 0;"
                            + " refusing to replace it");
        });
        assertThat(hourRows(warehouse)).isEqualTo(before);

        HourlySloJob.Result replaced = run(empty, warehouse, true).hourly();

        assertThat(replaced.failed()).isEmpty();
        assertThat(replaced.computed()).containsExactly(H);
        assertThat(tableRows(warehouse)).isZero();
        assertThat(spark.read()
                        .format("delta")
                        .load(warehouse.resolve(HourlySloJob.TABLE).toString())
                        .where("status <> 'NO_DATA'")
                        .count())
                .isZero();
    }

    @Test
    void aFivePercentRerunIsRefusedAFiftyPercentOneAccepted() {
        Path warehouse = dir.resolve("warehouse");
        run(logs(dir.resolve("full"), ROWS), warehouse, false);

        HourlySloJob.Result fivePercent =
                run(logs(dir.resolve("five"), ROWS / 20), warehouse, false).hourly();
        assertThat(fivePercent.failed())
                .singleElement()
                .satisfies(f ->
                        assertThat(f.message()).contains("has 1,000 rows in slo_hourly but its logs now hold 50;"));
        assertThat(tableRows(warehouse)).isEqualTo(ROWS);

        HourlySloJob.Result half =
                run(logs(dir.resolve("half"), ROWS / 2), warehouse, false).hourly();
        assertThat(half.failed()).isEmpty();
        assertThat(half.computed()).containsExactly(H);
        assertThat(tableRows(warehouse)).isEqualTo(ROWS / 2);
    }
}
