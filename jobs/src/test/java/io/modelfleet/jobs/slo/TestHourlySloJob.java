package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.TestRegistries;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Tier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestHourlySloJob {
    private static final Hour H0 = Hour.parse("2026-11-20T00");
    private static final StructType LOG = new StructType()
            .add("event_time", DataTypes.TimestampType)
            .add("model_id", DataTypes.StringType)
            .add("model_version", DataTypes.StringType)
            .add("request_id", DataTypes.LongType)
            .add("prediction", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType)
            .add("weight", DataTypes.DoubleType);

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

    private static List<Model> serving() {
        return registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .toList();
    }

    private HourlySloJob job(Path logs, Path warehouse) {
        return new HourlySloJob(spark, registry, "test-registry", logs.toString(), Location.of(warehouse));
    }

    private static void writeHour(Path logs, Hour hour, List<Row> rows) {
        spark.createDataFrame(rows, LOG)
                .coalesce(1)
                .write()
                .mode("overwrite")
                .parquet(logs.resolve("ds=" + hour.ds())
                        .resolve("hr=" + hour.hr())
                        .toString());
    }

    private static Row row(Hour hour, String model, Double p, Integer y, Double w) {
        return RowFactory.create(Timestamp.from(hour.start()), model, "v1", 1L, p, y, w);
    }

    private Dataset<Row> table(Path warehouse) {
        return spark.read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString());
    }

    @Test
    void metricsEqualAnIndependentLoop() {
        Model model = serving().get(0);
        Path logs = dir.resolve("logs");
        SplittableRandom random = new SplittableRandom(5);
        List<Row> rows = new ArrayList<>();
        List<double[]> valid = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            double p =
                    random.nextDouble() < 0.01 ? (random.nextBoolean() ? 0.0 : 1.0) : 0.01 + 0.2 * random.nextDouble();
            int y = random.nextDouble() < p ? 1 : 0;
            double w = y == 0 && random.nextDouble() < 0.3 ? 3.0 : 1.0;
            rows.add(row(H0, model.id(), p, y, w));
            valid.add(new double[] {p, y, w});
        }
        rows.add(row(H0, model.id(), Double.NaN, 1, 1.0));
        rows.add(row(H0, model.id(), 1.2, 0, 1.0));
        rows.add(row(H0, model.id(), 0.2, 2, 1.0));
        rows.add(row(H0, model.id(), 0.2, null, 1.0));
        rows.add(row(H0, "not_in_registry", 0.2, 1, 1.0));
        writeHour(logs, H0, rows);

        Path warehouse = dir.resolve("warehouse");
        HourlySloJob.Result result = job(logs, warehouse).run(List.of(H0));
        assertThat(result.failed()).isEmpty();
        assertThat(result.unregisteredRows()).containsExactly(Map.entry("not_in_registry", 1L));

        double sw = 0, swy = 0, swp = 0, swl = 0;
        for (double[] e : valid) {
            double pc = Math.min(Math.max(e[0], 1e-7), 1 - 1e-7);
            sw += e[2];
            swy += e[2] * e[1];
            swp += e[2] * e[0];
            swl += -e[2] * (e[1] * Math.log(pc) + (1 - e[1]) * Math.log(1 - pc));
        }
        double c = swy / sw;
        double ne = (swl / sw) / -(c * Math.log(c) + (1 - c) * Math.log(1 - c));

        Row r = table(warehouse)
                .where("model_id = '" + model.id() + "'")
                .collectAsList()
                .get(0);
        assertThat((double) r.getAs("calibration")).isCloseTo(swp / swy, within(1e-9 * swp / swy));
        assertThat((double) r.getAs("log_loss")).isCloseTo(swl / sw, within(1e-9 * swl / sw));
        assertThat((double) r.getAs("ne")).isCloseTo(ne, within(1e-9 * ne));
        assertThat((long) r.getAs("invalid_rows")).isEqualTo(3);
        assertThat((long) r.getAs("unlabeled_rows")).isEqualTo(1);
        assertThat((long) r.getAs("events")).isEqualTo(20_000);
        assertThat((String) r.getAs("registry_version")).isEqualTo("test-registry");
        assertThat((String) r.getAs("run_id")).isEqualTo(result.runId());
        assertThat(spark.read()
                        .format("delta")
                        .load(warehouse.resolve(HourlySloJob.UNREGISTERED_TABLE).toString())
                        .count())
                .isEqualTo(1);
        // the other serving models had no rows at all
        assertThat(table(warehouse).where("status = 'NO_DATA'").count())
                .isEqualTo(serving().size() - 1);
    }

    @Test
    void rowsOutsideTheirHourAreMisplacedAndLeftOutOfTheMetrics() {
        Model model = serving().get(0);
        Path logs = dir.resolve("logs");
        List<Row> rows = new ArrayList<>();
        HourSums inPlace = HourSums.EMPTY;
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 4_000; i++) {
            double p = 0.05 + 0.2 * random.nextDouble();
            int y = random.nextDouble() < p ? 1 : 0;
            // within the tolerance on both sides of the hour: still this hour's
            long second = -14 * 60 + i % (3600 + 28 * 60);
            rows.add(
                    RowFactory.create(Timestamp.from(H0.start().plusSeconds(second)), model.id(), "v1", 1L, p, y, 1.0));
            inPlace = inPlace.add(p, y, 1.0);
        }
        // five hours off, and predicting so badly that counting them would show
        for (int i = 0; i < 10; i++) {
            rows.add(RowFactory.create(
                    Timestamp.from(H0.start().minusSeconds(5 * 3600)), model.id(), "v1", 1L, 0.99, 0, 1.0));
        }
        writeHour(logs, H0, rows);
        Hour mistyped = H0.plus(1);
        spark.createDataFrame(
                        List.of(RowFactory.create("2026-11-20 01:00:00", model.id(), 0.5, 1)),
                        new StructType()
                                .add("event_time", DataTypes.StringType)
                                .add("model_id", DataTypes.StringType)
                                .add("prediction", DataTypes.DoubleType)
                                .add("label", DataTypes.IntegerType))
                .coalesce(1)
                .write()
                .parquet(logs.resolve("ds=" + mistyped.ds())
                        .resolve("hr=" + mistyped.hr())
                        .toString());
        Path warehouse = dir.resolve("warehouse");

        HourlySloJob.Result result = job(logs, warehouse).run(List.of(H0, mistyped));

        assertThat(result.misplacedRows()).containsExactly(Map.entry(H0, 10L));
        assertThat(result.failed())
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("column 'event_time' is BINARY"));
        Row r = table(warehouse)
                .where("model_id = '" + model.id() + "'")
                .collectAsList()
                .get(0);
        assertThat((long) r.getAs("rows")).isEqualTo(4_010);
        assertThat((long) r.getAs("misplaced_rows")).isEqualTo(10);
        assertThat((long) r.getAs("invalid_rows")).isZero();
        assertThat((long) r.getAs("events")).isEqualTo(4_000);
        double calibration = inPlace.wp() / inPlace.wy();
        assertThat((double) r.getAs("calibration")).isCloseTo(calibration, within(1e-9 * calibration));
        assertThat(result.written())
                .filteredOn(w -> w.modelId().equals(model.id()))
                .singleElement()
                .satisfies(w -> assertThat(w.misplacedRows()).isEqualTo(10));
    }

    @Test
    void aTableWrittenBeforeMisplacedRowsExistedGainsTheColumn() {
        Path logs = dir.resolve("logs");
        new PredictionLogGenerator(spark, registry, 3, 0.05, 1.0, List.of())
                .write(List.of(H0, H0.plus(1)), Location.of(logs));
        Path warehouse = dir.resolve("warehouse");
        job(logs, dir.resolve("scratch")).run(List.of(H0));
        table(dir.resolve("scratch"))
                .drop("misplaced_rows")
                .write()
                .format("delta")
                .partitionBy("ds")
                .save(warehouse.resolve(HourlySloJob.TABLE).toString());
        List<String> old = contents(table(warehouse));

        HourlySloJob.Result result = job(logs, warehouse).run(List.of(H0.plus(1)));

        assertThat(result.failed()).isEmpty();
        assertThat(table(warehouse).columns()).contains("misplaced_rows");
        assertThat(table(warehouse)
                        .where("hour = TIMESTAMP '2026-11-20 01:00:00'")
                        .count())
                .isEqualTo(serving().size());
        // the old hour is judged again (unchanged), and reads 0 misplaced rows
        assertThat(table(warehouse)
                        .where("hour = TIMESTAMP '2026-11-20 00:00:00' AND misplaced_rows = 0")
                        .count())
                .isEqualTo(old.size());
    }

    @Test
    void noPositivesIsInsufficientDataNeverNaN() {
        Model model = serving().get(0);
        Path logs = dir.resolve("logs");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            rows.add(row(H0, model.id(), 0.1, 0, 1.0));
        }
        writeHour(logs, H0, rows);
        Path warehouse = dir.resolve("warehouse");
        job(logs, warehouse).run(List.of(H0));
        Row r = table(warehouse)
                .where("model_id = '" + model.id() + "'")
                .collectAsList()
                .get(0);
        assertThat((String) r.getAs("status")).isEqualTo("INSUFFICIENT_DATA");
        assertThat((String) r.getAs("reasons")).isEqualTo("no positive labels");
        assertThat(table(warehouse)
                        .where("isnan(ne) OR isnan(calibration) OR ne = double('Infinity') OR isnan(log_loss)")
                        .count())
                .isZero();
        // Calibration and NE are undefined without positives; log loss and CTR are not: every row
        // predicted 0.1 for a negative, so the loss is -ln(0.9) and the CTR 0.
        assertThat((Object) r.getAs("calibration")).isNull();
        assertThat((Object) r.getAs("ne")).isNull();
        assertThat((Double) r.getAs("log_loss")).isCloseTo(-Math.log(0.9), within(1e-12));
        assertThat((Double) r.getAs("ctr")).isEqualTo(0.0);
    }

    /**
     * A drift each hour alone is far from conclusive about adds up to UNSTABLE within hours, says
     * so, and reads the same whichever order the hours were run in (the evidence is carried in the
     * table from hour to hour and re-judged with the hours after a rerun).
     */
    @Test
    void aPersistentDriftTooSmallForOneHourIsUnstableByTheEvidenceOfSeveral() {
        Model drifting = serving().stream()
                .filter(m -> m.tier() == Tier.TIER0)
                .findFirst()
                .orElseThrow();
        Path logs = dir.resolve("logs");
        List<Hour> hours = Hour.range(H0, H0.plus(23));
        new PredictionLogGenerator(
                        spark,
                        registry,
                        5,
                        1.0,
                        1.0,
                        List.of(new Incident(Incident.Kind.MISCALIBRATE, drifting.id(), H0.plus(4), 1.15)))
                .write(hours, Location.of(logs));
        Path inOrder = dir.resolve("in-order");
        job(logs, inOrder).run(hours);

        List<Row> rows = table(inOrder)
                .where("model_id = '" + drifting.id() + "'")
                .orderBy("hour")
                .select("status", "reasons", "calibration", "calibration_max", "evidence_calibration_high")
                .collectAsList();
        int firstUnstable = -1;
        for (int h = 0; h < rows.size() && firstUnstable < 0; h++) {
            firstUnstable = rows.get(h).getString(0).equals("UNSTABLE") ? h : -1;
        }
        assertThat(firstUnstable).as("found within the day").isBetween(5, 23);
        // before it: no hour alone was conclusive, and the drift's hours were watched, not hidden
        assertThat(rows.subList(0, firstUnstable)).noneMatch(r -> r.getString(0).equals("UNSTABLE"));
        assertThat(rows.subList(4, firstUnstable))
                .anyMatch(r -> r.getString(0).equals("WATCH") && r.getString(1).contains("accumulated"));
        Row found = rows.get(firstUnstable);
        assertThat(found.getString(1)).contains("accumulated over recent hours (8 needed)");
        assertThat(found.getDouble(4)).isGreaterThan(8.0);
        assertThat(found.getDouble(2)).isGreaterThan(found.getDouble(3));

        // The same hours run newest half first: the same statuses and evidence, hour for hour.
        Path reversed = dir.resolve("reversed");
        job(logs, reversed).run(hours.subList(12, 24));
        job(logs, reversed).run(hours.subList(0, 12));
        assertThat(statuses(reversed)).isEqualTo(statuses(inOrder));
        List<Double> evidence = table(reversed)
                .where("model_id = '" + drifting.id() + "'")
                .orderBy("hour")
                .select("evidence_calibration_high")
                .collectAsList()
                .stream()
                .map(r -> r.getDouble(0))
                .toList();
        assertThat(evidence)
                .containsExactlyElementsOf(
                        rows.stream().map(r -> r.getDouble(4)).toList());
    }

    @Test
    void incidentsAreFlaggedFromTheHourTheyStartAndNothingElseIs() {
        // the most critical models carry the most traffic: small incidents are visible there
        List<Model> models = serving();
        Model miscalibrated =
                models.stream().filter(m -> m.tier() == Tier.TIER0).findFirst().orElseThrow();
        Model degraded =
                models.stream().filter(m -> m.tier() == Tier.TIER1).findFirst().orElseThrow();
        Model dropped =
                models.stream().filter(m -> m.tier() == Tier.TIER3).findFirst().orElseThrow();
        Path logs = dir.resolve("logs");
        List<Hour> hours = Hour.range(H0, H0.plus(35));
        new PredictionLogGenerator(
                        spark,
                        registry,
                        11,
                        1.0,
                        1.0,
                        List.of(
                                new Incident(Incident.Kind.MISCALIBRATE, miscalibrated.id(), H0.plus(30), 1.5),
                                new Incident(Incident.Kind.TRAFFIC_DROP, dropped.id(), H0.plus(20), 0.05),
                                new Incident(Incident.Kind.NE_DEGRADE, degraded.id(), H0.plus(28), 1.0)))
                .write(hours, Location.of(logs));
        Path warehouse = dir.resolve("warehouse");
        HourlySloJob.Result result = job(logs, warehouse).run(hours);
        assertThat(result.failed()).isEmpty();

        Map<String, Map<Integer, String>> status = statuses(warehouse);
        for (Model model : models) {
            for (int h = 0; h < hours.size(); h++) {
                String expected;
                if (model.equals(miscalibrated) && h >= 30) {
                    expected = "UNSTABLE";
                } else if (model.equals(dropped) && h >= 20) {
                    expected = "INSUFFICIENT_DATA";
                } else if (model.equals(degraded) && h >= 28) {
                    expected = "UNSTABLE";
                } else {
                    // a healthy hour may land past a limit by chance: watched, never flagged
                    assertThat(status.get(model.id()).get(h))
                            .as("%s hour %d", model.id(), h)
                            .isIn("STABLE", "WATCH");
                    continue;
                }
                assertThat(status.get(model.id()).get(h))
                        .as("%s hour %d", model.id(), h)
                        .isEqualTo(expected);
            }
        }
        Row first = table(warehouse)
                .where("model_id = '" + miscalibrated.id() + "' AND hour = TIMESTAMP '2026-11-21 06:00:00'")
                .collectAsList()
                .get(0);
        assertThat((String) first.getAs("reasons")).startsWith("calibration 1.");
        Row degradedRow = table(warehouse)
                .where("model_id = '" + degraded.id() + "' AND hour = TIMESTAMP '2026-11-21 04:00:00'")
                .collectAsList()
                .get(0);
        assertThat((String) degradedRow.getAs("reasons"))
                .contains("above its 7-day baseline")
                .doesNotContain("calibration");
    }

    @Test
    void dailyRollupCountsHoursAndBurnsTheBudget() {
        Model tier0 = serving().stream()
                .filter(m -> m.tier() == Tier.TIER0)
                .findFirst()
                .orElseThrow();
        Path logs = dir.resolve("logs");
        List<Hour> day = Hour.range(H0, H0.plus(23));
        // miscalibrated for the last 4 hours of the day
        new PredictionLogGenerator(
                        spark,
                        registry,
                        5,
                        1.0,
                        1.0,
                        List.of(new Incident(Incident.Kind.MISCALIBRATE, tier0.id(), H0.plus(20), 1.8)))
                .write(day, Location.of(logs));
        Path warehouse = dir.resolve("warehouse");
        job(logs, warehouse).run(day);
        new DailyRollupJob(spark, registry, Location.of(warehouse)).run(List.of(LocalDate.parse(H0.ds())));
        Row daily = spark.read()
                .format("delta")
                .load(warehouse.resolve(DailyRollupJob.DAILY).toString())
                .where("model_id = '" + tier0.id() + "'")
                .collectAsList()
                .get(0);
        assertThat((long) daily.getAs("evaluated_hours")).isEqualTo(24);
        assertThat((long) daily.getAs("unstable_hours")).isEqualTo(4);
        assertThat((double) daily.getAs("attainment_28d")).isCloseTo(20 / 24.0, within(1e-12));
        // objective 0.995: budget 0.005 * 24 = 0.12 unstable hours, 4 spent
        assertThat((double) daily.getAs("error_budget_remaining")).isCloseTo(1 - 4 / 0.12, within(1e-9));
        // 6h window: 4 of 6 unstable -> (4/6)/0.005; 24h: (4/24)/0.005
        assertThat((double) daily.getAs("burn_rate_6h")).isCloseTo((4 / 6.0) / 0.005, within(1e-9));
        assertThat((double) daily.getAs("burn_rate_24h")).isCloseTo((4 / 24.0) / 0.005, within(1e-9));
        assertThat((String) daily.getAs("alert")).isEqualTo("page");
        Row stage = spark.read()
                .format("delta")
                .load(warehouse.resolve(DailyRollupJob.ROLLUP).toString())
                .where("dimension = 'tier' AND value = 'TIER0'")
                .collectAsList()
                .get(0);
        assertThat((long) stage.getAs("unstable_hours")).isEqualTo(4);
        assertThat((double) stage.getAs("stability")).isCloseTo(20 / 24.0, within(1e-12));
    }

    private Map<String, Map<Integer, String>> statuses(Path warehouse) {
        return table(warehouse).select("model_id", "hour", "status").collectAsList().stream()
                .collect(Collectors.groupingBy(
                        r -> r.getString(0),
                        Collectors.toMap(
                                r -> (int) ((r.getTimestamp(1).toInstant().getEpochSecond()
                                                - H0.start().getEpochSecond())
                                        / 3600),
                                r -> r.getString(2))));
    }

    private static List<String> contents(Dataset<Row> table) {
        return table.drop("run_id", "computed_at").collectAsList().stream()
                .map(Row::toString)
                .sorted()
                .toList();
    }

    @Test
    void rerunningAnHourReplacesItAndOrderDoesNotMatter() {
        Path logs = dir.resolve("logs");
        List<Hour> hours = Hour.range(H0, H0.plus(4));
        new PredictionLogGenerator(spark, registry, 3, 0.2, 1.0, List.of()).write(hours, Location.of(logs));

        Path forward = dir.resolve("forward");
        job(logs, forward).run(hours);
        List<String> once = contents(table(forward));
        job(logs, forward).run(List.of(H0.plus(2)));
        assertThat(contents(table(forward))).isEqualTo(once);
        assertThat(table(forward).count())
                .isEqualTo((long) hours.size() * serving().size());

        Path backward = dir.resolve("backward");
        List<Hour> reversed = new ArrayList<>(hours);
        reversed.sort(Comparator.reverseOrder());
        for (Hour hour : reversed) {
            job(logs, backward).run(List.of(hour));
        }
        assertThat(contents(table(backward))).isEqualTo(once);
    }

    @Test
    void missingHourIsNoDataAndBadFilesFailOnlyTheirHour() throws IOException {
        Path logs = dir.resolve("logs");
        new PredictionLogGenerator(spark, registry, 3, 0.2, 1.0, List.of()).write(List.of(H0), Location.of(logs));
        Path warehouse = dir.resolve("warehouse");
        job(logs, warehouse).run(List.of(H0));
        long before = table(warehouse).count();

        Path corrupt =
                logs.resolve("ds=" + H0.plus(1).ds()).resolve("hr=" + H0.plus(1).hr());
        Files.createDirectories(corrupt);
        Files.writeString(corrupt.resolve("part-0.parquet"), "this is not parquet");
        Hour mistypedHour = H0.plus(2);
        spark.createDataFrame(
                        List.of(RowFactory.create("m", "0.5", 1)),
                        new StructType()
                                .add("model_id", DataTypes.StringType)
                                .add("prediction", DataTypes.StringType)
                                .add("label", DataTypes.IntegerType))
                .coalesce(1)
                .write()
                .parquet(logs.resolve("ds=" + mistypedHour.ds())
                        .resolve("hr=" + mistypedHour.hr())
                        .toString());

        HourlySloJob.Result result = job(logs, warehouse).run(List.of(H0.plus(1), H0.plus(2), H0.plus(3)));
        assertThat(result.failed()).extracting(HourlySloJob.FailedHour::hour).containsExactly(H0.plus(1), H0.plus(2));
        assertThat(result.failed().get(0).message()).contains("part-0.parquet").contains("not a readable Parquet file");
        assertThat(result.failed().get(1).message())
                .contains("column 'prediction' is BINARY, the contract says DOUBLE");
        // the hour before is intact; the missing hour is NO_DATA for every serving model
        assertThat(table(warehouse)
                        .where("hour = TIMESTAMP '2026-11-20 00:00:00'")
                        .count())
                .isEqualTo(before);
        assertThat(table(warehouse)
                        .where("hour = TIMESTAMP '2026-11-20 03:00:00'")
                        .select("status")
                        .distinct()
                        .collectAsList())
                .extracting(r -> r.getString(0))
                .containsExactly("NO_DATA");
        assertThat(table(warehouse)
                        .where("hour IN (TIMESTAMP '2026-11-20 01:00:00', TIMESTAMP '2026-11-20 02:00:00')")
                        .count())
                .isZero();
    }
}
