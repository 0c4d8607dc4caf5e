package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.Warehouse;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Registry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A table whose first write died before its commit is treated as absent, repaired by the next write, and left out by readers. */
class TestHalfMadeTables {
    private static final Hour H0 = Hour.parse("2026-11-24T00");

    @TempDir
    static Path shared;

    static SparkSession spark;
    static Registry registry;
    static Path logs;

    @TempDir
    Path dir;

    @BeforeAll
    static void logs() {
        spark = SharedSpark.get();
        registry = TestRegistries.fiveTiers(shared.resolve("registry"));
        logs = shared.resolve("logs");
        new PredictionLogGenerator(spark, registry, 3, 0.05, 1.0, List.of()).write(List.of(H0), Location.of(logs));
    }

    /** The state `kill -9` left in the probe: data files, and a _delta_log holding only an empty _staged_commits/. */
    private static void firstWriteDiesBeforeItsCommit(Path table) {
        assertThatThrownBy(() -> DeltaTables.replace(
                        spark.range(0, 400, 1, 4)
                                .selectExpr("'2026-11-24' AS ds", "if(id = 300, raise_error('killed'), id) AS v"),
                        Location.of(table),
                        "ds = '2026-11-24'",
                        "ds"))
                .hasMessageContaining("killed");
        settle(table);
        assertHalfMade(table);
    }

    /** Waits for the failed job's other tasks, which may still be finishing their files. */
    private static void settle(Path table) {
        List<Path> seen = List.of();
        for (int i = 0; i < 200; i++) {
            List<Path> now = files(table);
            if (now.equals(seen) && spark.sparkContext().statusTracker().getActiveJobIds().length == 0) {
                return;
            }
            seen = now;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the failed write's tasks did not settle in 20 s");
    }

    private static void assertHalfMade(Path table) {
        assertThat(dataFiles(table)).isNotEmpty();
        assertThat(files(table.resolve("_delta_log"))).isEmpty();
        assertThat(DeltaTables.exists(Location.of(table))).isFalse();
        assertThat(DeltaTables.halfMade(Location.of(table))).isTrue();
    }

    private static List<Path> files(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> dataFiles(Path table) {
        if (!Files.isDirectory(table)) {
            return List.of();
        }
        return files(table).stream()
                .filter(f -> f.getFileName().toString().endsWith(".parquet")
                        && !f.toString().contains("_delta_log"))
                .toList();
    }

    private HourlySloJob job(Path warehouse) {
        return new HourlySloJob(spark, registry, "test-registry", logs.toString(), Location.of(warehouse));
    }

    @Test
    void theNextRunCreatesATableAKilledFirstWriteLeftHalfMade() {
        Path warehouse = dir.resolve("warehouse");
        Path table = warehouse.resolve(HourlySloJob.TABLE);
        firstWriteDiesBeforeItsCommit(table);
        Warehouse before = new Warehouse(spark, Location.of(warehouse));
        assertThat(before.tables()).doesNotContain(HourlySloJob.TABLE);
        assertThat(before.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.name()).isEqualTo(HourlySloJob.TABLE))
                .satisfies(s -> assertThat(s.problem().getMessage()).contains("has no committed version"));

        HourlySloJob.Result result = job(warehouse).run(List.of(H0));

        assertThat(result.failed()).isEmpty();
        Warehouse after = new Warehouse(spark, Location.of(warehouse));
        assertThat(after.tables()).contains(HourlySloJob.TABLE);
        assertThat(after.skipped()).isEmpty();
        assertThat(after.sql("SELECT count(*) FROM slo_hourly")
                        .collectAsList()
                        .get(0)
                        .getLong(0))
                .isEqualTo(result.written().size());
        // the dead write's young files stay (they may be another first write's); Delta ignores them
        assertThat(spark.sql("DESCRIBE HISTORY delta.`" + table + "`").count()).isEqualTo(1);
    }

    @Test
    void queriesLeaveOutAHalfMadeTableAndNameIt() {
        Path warehouse = dir.resolve("warehouse");
        DeltaTables.replace(
                spark.range(3).selectExpr("'2026-11-24' AS ds", "id"),
                Location.of(warehouse.resolve("other")),
                "ds = '2026-11-24'",
                "ds");
        firstWriteDiesBeforeItsCommit(warehouse.resolve(HourlySloJob.TABLE));
        Warehouse tables = new Warehouse(spark, Location.of(warehouse));

        assertThat(tables.sql("SELECT count(*) FROM other")
                        .collectAsList()
                        .get(0)
                        .getLong(0))
                .isEqualTo(3);
        assertThat(tables.skipped()).extracting(Warehouse.SkippedTable::name).containsExactly(HourlySloJob.TABLE);
        assertThatThrownBy(() -> tables.sql("SELECT max(hour) FROM slo_hourly"))
                .hasMessageContaining("Cannot run query")
                .isInstanceOfSatisfying(
                        ModelfleetException.class, e -> assertThat(e.hint()).contains("left out: slo_hourly"));
    }

    @Test
    void oldLeftoversAreMovedAsideNeverDeleted() throws IOException {
        Path warehouse = dir.resolve("warehouse");
        Path table = warehouse.resolve(HourlySloJob.TABLE);
        firstWriteDiesBeforeItsCommit(table);
        List<Path> leftovers = dataFiles(table);
        FileTime old =
                FileTime.from(Instant.now().minus(DeltaTables.ABANDONED_AFTER).minus(Duration.ofMinutes(5)));
        for (Path file : files(table)) {
            Files.setLastModifiedTime(file, old);
        }

        job(warehouse).run(List.of(H0));

        assertThat(DeltaTables.exists(Location.of(table))).isTrue();
        Path aside = warehouse.resolve(DeltaTables.ABANDONED_FOLDER);
        assertThat(dataFiles(aside)).hasSameSizeAs(leftovers);
        assertThat(dataFiles(table))
                .noneMatch(f -> leftovers.stream().anyMatch(l -> l.getFileName().equals(f.getFileName())));
        assertThat(new Warehouse(spark, Location.of(warehouse)).tables())
                .containsExactly(HourlySloJob.TABLE, SloIncidents.TABLE);

        // a committed table is never touched, however old its files
        for (Path file : files(table)) {
            Files.setLastModifiedTime(file, old);
        }
        List<Path> committed = files(table);
        DeltaTables.setAsideAbandoned(Location.of(table));
        assertThat(files(table)).containsExactlyInAnyOrderElementsOf(committed);
    }

    /** The probe itself: a child JVM killed with SIGKILL after the first data file of a new table appears. */
    @Test
    void killMinus9BetweenTheFirstDataFileAndTheFirstCommit() throws Exception {
        Path warehouse = dir.resolve("warehouse");
        Path table = warehouse.resolve(HourlySloJob.TABLE);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens"))
                .forEach(command::add);
        command.addAll(List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                KilledFirstWrite.class.getName(),
                table.toString()));
        Process child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (dataFiles(table).isEmpty()) {
                assertThat(child.isAlive())
                        .as("child JVM alive (see %s)", dir.resolve("child.log"))
                        .isTrue();
                assertThat(System.nanoTime()).as("first data file within 120 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            child.waitFor();
        }
        assertHalfMade(table);

        HourlySloJob.Result result = job(warehouse).run(List.of(H0));

        assertThat(result.failed()).isEmpty();
        assertThat(new Warehouse(spark, Location.of(warehouse)).tables())
                .containsExactly(HourlySloJob.TABLE, SloIncidents.TABLE);
        assertThat(spark.read().format("delta").load(table.toString()).count())
                .isEqualTo(result.written().size());
    }
}
