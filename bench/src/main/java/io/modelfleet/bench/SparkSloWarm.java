package io.modelfleet.bench;

import com.sun.management.OperatingSystemMXBean;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.HourSums;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloHourRecord;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SLO job for one day inside one long-lived SparkSession, as the scheduler runs it. Prints the
 * time of each run; the first pays for JIT and Spark's warm-up, the rest are warm. With {@code
 * SUMS_CSV} writes the last run's per model-hour sums there, in {@link DuckDbSloQuery}'s columns.
 *
 * <p>Usage: SparkSloWarm REGISTRY LOGS WAREHOUSE DAY [RUNS] [MASTER] [SUMS_CSV]
 */
public final class SparkSloWarm {
    private SparkSloWarm() {}

    public static void main(String[] args) throws IOException {
        Registry registry = RegistryLoader.loadValid(Path.of(args[0]));
        String logs = args[1];
        Path warehouse = Path.of(args[2]);
        Hour first = Hour.parse(args[3] + "T00");
        int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        String master = args.length > 5 ? args[5] : "local[*]";
        Path sumsCsv = args.length > 6 ? Path.of(args[6]) : null;
        var spark = SparkSessions.create(master, "modelfleet-bench");
        spark.sparkContext().setLogLevel("ERROR");
        List<Hour> day = Hour.range(first, first.plus(23));
        HourlySloJob.Result result = null;
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            long cpuStart = os.getProcessCpuTime();
            result = new HourlySloJob(spark, registry, "bench", logs, Location.of(warehouse)).run(day);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    Locale.ROOT,
                    "spark run %d: %.3f s, %d rows, %.1f M rows/s, process CPU %.1f s%n",
                    run + 1,
                    seconds,
                    result.rowsRead(),
                    result.rowsRead() / seconds / 1e6,
                    (os.getProcessCpuTime() - cpuStart) / 1e9);
        }
        spark.stop();
        if (sumsCsv != null && result != null) {
            DuckDbSloQuery.writeCsv(sumsCsv, csvLines(result));
        }
    }

    /** The model-hours that read any rows, as {@link DuckDbSloQuery} writes its own. */
    private static List<String> csvLines(HourlySloJob.Result result) {
        List<String> lines = new ArrayList<>();
        for (SloHourRecord record : result.written()) {
            HourSums s = record.sums();
            if (s.rows() == 0) {
                continue;
            }
            lines.add(record.hour().getEpochSecond() / 3600 + "," + record.modelId() + "," + s.rows() + ","
                    + s.invalid() + "," + s.unlabeled() + "," + s.events() + "," + s.positives() + "," + s.w() + ","
                    + s.wy() + "," + s.wp() + "," + s.wl() + "," + s.ww() + "," + s.wwy() + "," + s.wwpp() + ","
                    + s.wwpy() + "," + s.wwll() + "," + s.wwly() + "," + s.wwl() + "," + record.misplacedRows());
        }
        return lines;
    }
}
