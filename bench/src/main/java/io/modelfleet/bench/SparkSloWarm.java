package io.modelfleet.bench;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The SLO job for one day inside one long-lived SparkSession, as the scheduler runs it. Prints the
 * time of each run; the first pays for JIT and Spark's warm-up, the rest are warm.
 *
 * <p>Usage: SparkSloWarm REGISTRY LOGS WAREHOUSE DAY [RUNS] [MASTER]
 */
public final class SparkSloWarm {
    private SparkSloWarm() {}

    public static void main(String[] args) {
        Registry registry = RegistryLoader.loadValid(Path.of(args[0]));
        String logs = args[1];
        Path warehouse = Path.of(args[2]);
        Hour first = Hour.parse(args[3] + "T00");
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String master = args.length > 5 ? args[5] : "local[*]";
        var spark = SparkSessions.create(master, "modelfleet-bench");
        spark.sparkContext().setLogLevel("ERROR");
        List<Hour> day = Hour.range(first, first.plus(23));
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            HourlySloJob.Result result =
                    new HourlySloJob(spark, registry, "bench", logs, Location.of(warehouse)).run(day);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "spark run %d: %.3f s, %d rows, %.1f M rows/s%n",
                    run + 1, seconds, result.rowsRead(), result.rowsRead() / seconds / 1e6);
        }
        spark.stop();
    }
}
