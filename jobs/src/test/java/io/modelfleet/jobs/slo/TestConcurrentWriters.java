package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Registry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs writing one warehouse at once: every model-hour ends up there exactly once, and the rollups count them all. */
class TestConcurrentWriters {
    // the hours straddle midnight, so both runs also roll up the same two days
    private static final Hour H0 = Hour.parse("2026-11-20T21");
    private static final int HOURS = 7;

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Registry registry;
    static Path logs;
    static long serving;

    @TempDir
    Path dir;

    @BeforeAll
    static void logs() {
        spark = SharedSpark.get();
        registry = TestRegistries.fiveTiers(shared.resolve("registry"));
        serving = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .count();
        logs = shared.resolve("logs");
        List<Incident> ghosts = new ArrayList<>();
        for (int h = 0; h < HOURS; h++) {
            ghosts.add(new Incident(Incident.Kind.UNREGISTERED, "ghost_model", H0.plus(h), 5));
        }
        new PredictionLogGenerator(spark, registry, 7, 0.02, 1.0, ghosts)
                .write(Hour.range(H0, H0.plus(HOURS - 1)), Location.of(logs));
    }

    private static ComputeSlo.Result compute(Path warehouse, List<Hour> hours) {
        return SparkActions.get(spark)
                .computeSlo(registry)
                .logs(Location.of(logs))
                .warehouse(Location.of(warehouse))
                .hours(hours)
                .execute();
    }

    /** Runs both at once, from a common start. */
    private static void together(Path warehouse, List<Hour> a, List<Hour> b) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ComputeSlo.Result>> runs = new ArrayList<>();
            for (List<Hour> hours : List.of(a, b)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return compute(warehouse, hours);
                }));
            }
            for (Future<ComputeSlo.Result> run : runs) {
                assertThat(run.get().hourly().failed()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Dataset<Row> table(Path warehouse, String name) {
        return spark.read().format("delta").load(warehouse.resolve(name).toString());
    }

    private static void assertEveryHourOnce(Path warehouse) {
        Dataset<Row> hourly = table(warehouse, HourlySloJob.TABLE);
        assertThat(hourly.count()).isEqualTo(serving * HOURS);
        assertThat(hourly.select("model_id", "hour").distinct().count()).isEqualTo(serving * HOURS);
        Dataset<Row> unregistered = table(warehouse, HourlySloJob.UNREGISTERED_TABLE);
        assertThat(unregistered.count()).isEqualTo(HOURS);
        assertThat(unregistered.select("hour").distinct().count()).isEqualTo(HOURS);
        // each model-day of slo_daily counts every hour slo_hourly has for it
        assertThat(spark.sql("SELECT d.model_id, d.ds, d.evaluated_hours + d.insufficient_hours + d.no_data_hours AS n,"
                                + " h.n AS expected FROM daily d JOIN (SELECT model_id, ds, count(*) AS n FROM hourly"
                                + " GROUP BY model_id, ds) h ON d.model_id = h.model_id AND d.ds = h.ds"
                                + " WHERE d.evaluated_hours + d.insufficient_hours + d.no_data_hours <> h.n")
                        .isEmpty())
                .isTrue();
    }

    private static void views(Path warehouse) {
        table(warehouse, HourlySloJob.TABLE).createOrReplaceTempView("hourly");
        table(warehouse, DailyRollupJob.DAILY).createOrReplaceTempView("daily");
    }

    private static void assertRollupsOnce(Path warehouse) {
        Dataset<Row> daily = table(warehouse, DailyRollupJob.DAILY);
        assertThat(daily.count()).isEqualTo(serving * 2);
        assertThat(daily.select("model_id", "ds").distinct().count()).isEqualTo(serving * 2);
        Dataset<Row> rollup = table(warehouse, DailyRollupJob.ROLLUP);
        assertThat(rollup.count())
                .isEqualTo(rollup.select("ds", "dimension", "value").distinct().count());
    }

    @Test
    void overlappingRunsOnAFreshWarehouse() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        together(warehouse, Hour.range(H0, H0.plus(4)), Hour.range(H0.plus(2), H0.plus(HOURS - 1)));
        views(warehouse);
        assertEveryHourOnce(warehouse);
        assertRollupsOnce(warehouse);
    }

    @Test
    void disjointRunsOnAnExistingWarehouse() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        compute(warehouse, List.of(H0));
        together(warehouse, Hour.range(H0.plus(1), H0.plus(3)), Hour.range(H0.plus(4), H0.plus(HOURS - 1)));
        views(warehouse);
        assertEveryHourOnce(warehouse);
        assertRollupsOnce(warehouse);
    }

    @Test
    void retriesConflictsAndLostRacesThenGivesUpInDomainWords() {
        AtomicInteger attempts = new AtomicInteger();
        String done = DeltaTables.retrying(
                5,
                Duration.ofMillis(1),
                () -> switch (attempts.incrementAndGet()) {
                    case 1 ->
                        throw new IllegalStateException("commit failed", new ConcurrentModificationException("lost"));
                    case 2 -> Optional.empty();
                    default -> Optional.of("committed");
                },
                () -> ModelfleetErrors.concurrentWriters(HourlySloJob.TABLE, "hours", 5));
        assertThat(done).isEqualTo("committed");
        assertThat(attempts).hasValue(3);

        assertThatThrownBy(() -> DeltaTables.retrying(
                        3,
                        Duration.ofMillis(1),
                        () -> Optional.empty(),
                        () -> ModelfleetErrors.concurrentWriters(HourlySloJob.TABLE, "hours 2026-11-24T13", 3)))
                .isInstanceOfSatisfying(
                        ModelfleetException.class,
                        e -> assertThat(e.category()).isEqualTo(ModelfleetException.Category.IO_ERROR))
                .hasMessage("Cannot write slo_hourly for hours 2026-11-24T13: other runs kept writing it at the"
                        + " same time, and 3 attempts lost the race; nothing was written for them");

        assertThatThrownBy(() -> DeltaTables.retrying(
                        3,
                        Duration.ofMillis(1),
                        () -> {
                            throw new IllegalArgumentException("not a conflict");
                        },
                        () -> ModelfleetErrors.concurrentWriters(HourlySloJob.TABLE, "hours", 3)))
                .hasMessage("not a conflict");
    }
}
