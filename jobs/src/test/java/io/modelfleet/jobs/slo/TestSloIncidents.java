package io.modelfleet.jobs.slo;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A surface-wide outage through the hourly job: one incident row per hour, not a breach per model. */
class TestSloIncidents {
    private static final Hour H0 = Hour.parse("2026-11-20T00");

    /** The example registry: twelve models on each of eight surfaces. */
    static final Path EXAMPLE =
            Path.of("..", "examples", "registry").toAbsolutePath().normalize();

    static SparkSession spark;
    static Registry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void registry() {
        spark = SharedSpark.get();
        registry = RegistryLoader.loadValid(EXAMPLE);
    }

    @Test
    void everyModelOfASurfaceMiscalibratedForTwoHoursIsOneIncidentEachHour() {
        Map<String, List<Model>> bySurface = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .collect(Collectors.groupingBy(Model::surface));
        String surface = "feed";
        List<Model> outage = bySurface.get(surface);
        assertThat(outage).hasSizeGreaterThanOrEqualTo(3);
        List<Incident> incidents = outage.stream()
                .map(m -> new Incident(Incident.Kind.MISCALIBRATE, m.id(), H0.plus(1), 2.0).lasting(2))
                .toList();
        Path logs = dir.resolve("logs");
        List<Hour> hours = Hour.range(H0, H0.plus(3));
        new PredictionLogGenerator(spark, registry, 17, 1.0, 1.0, incidents).write(hours, Location.of(logs));
        Location warehouse = Location.of(dir.resolve("warehouse"));

        HourlySloJob.Result result = job(logs, warehouse).run(hours);

        // Each of the two hours: the surface's models, UNSTABLE together, as one incident.
        List<Row> rows = spark.read()
                .format("delta")
                .load(warehouse.resolve(SloIncidents.TABLE).toString())
                .orderBy("hour")
                .collectAsList();
        assertThat(rows).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Row row = rows.get(i);
            assertThat(row.<Timestamp>getAs("hour").toInstant())
                    .isEqualTo(H0.plus(1 + i).start());
            assertThat(row.<String>getAs("dimension")).isEqualTo("surface");
            assertThat(row.<String>getAs("value")).isEqualTo(surface);
            assertThat(row.<Timestamp>getAs("first_hour").toInstant())
                    .isEqualTo(H0.plus(1).start());
            assertThat(row.<String>getList(row.fieldIndex("model_ids")))
                    .containsExactlyElementsOf(failing(warehouse, surface, H0.plus(1 + i)))
                    .hasSizeGreaterThanOrEqualTo(outage.size() / 2);
            assertThat(row.<String>getAs("cause")).startsWith("calibration moved in all");
        }
        assertThat(result.incidents()).hasSize(2);
        assertThat(result.incidents().get(1).firstHour()).isEqualTo(H0.plus(1));

        // The second hour rerun alone still dates the incident from the first: read from the table.
        HourlySloJob.Result rerun = job(logs, warehouse).run(List.of(H0.plus(2)));
        assertThat(rerun.incidents()).hasSize(1);
        assertThat(rerun.incidents().get(0).firstHour()).isEqualTo(H0.plus(1));
    }

    private static List<String> failing(Location warehouse, String surface, Hour hour) {
        return spark
                .read()
                .format("delta")
                .load(warehouse.resolve(HourlySloJob.TABLE).toString())
                .where("surface = '" + surface
                        + "' AND status IN ('UNSTABLE', 'NO_DATA', 'WATCH') AND hour = TIMESTAMP '"
                        + hour.start().toString().replace('T', ' ').replace("Z", "") + "'")
                .select("model_id")
                .orderBy("model_id")
                .collectAsList()
                .stream()
                .map(r -> r.getString(0))
                .toList();
    }

    private static HourlySloJob job(Path logs, Location warehouse) {
        return new HourlySloJob(spark, registry, "test-registry", logs.toString(), warehouse);
    }
}
