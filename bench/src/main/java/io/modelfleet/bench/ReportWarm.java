package io.modelfleet.bench;

import io.modelfleet.cli.spark.report.FleetReportReader;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.report.FleetReport;
import io.modelfleet.report.HtmlReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The report inside one long-lived SparkSession, as the scheduler or the demo would make it: the
 * first run pays for JIT and Spark's and Delta's warm-up, the rest are warm. Prints reading and
 * drawing times of each run.
 *
 * <p>Usage: ReportWarm REGISTRY WAREHOUSE FIRST_HOUR LAST_HOUR [RUNS]
 */
public final class ReportWarm {
    private ReportWarm() {}

    public static void main(String[] args) {
        Registry registry = RegistryLoader.loadValid(Path.of(args[0]));
        Path warehouse = Path.of(args[1]);
        Hour first = Hour.parse(args[2]);
        Hour last = Hour.parse(args[3]);
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        var spark = SparkSessions.create("local[*]", "modelfleet-bench");
        spark.sparkContext().setLogLevel("ERROR");
        FleetReportReader reader = new FleetReportReader(spark, Location.of(warehouse), registry, Map.of());
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            FleetReport report = reader.read(first, last.plus(1), List.of(), Instant.now());
            long read = System.nanoTime();
            int bytes = HtmlReport.render(report).getBytes(StandardCharsets.UTF_8).length;
            long drawn = System.nanoTime();
            System.out.printf(
                    "report run %d: reading %.3f s, drawing %.3f s, %.2f MB, %d models drawn%n",
                    run + 1,
                    (read - start) / 1e9,
                    (drawn - read) / 1e9,
                    bytes / 1e6,
                    report.models().size());
        }
        spark.stop();
    }
}
