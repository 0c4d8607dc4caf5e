package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.SurfaceRates;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.core.gate.Proportions;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.launcher.LaunchBacktest;
import io.modelfleet.launcher.LaunchBacktest.CandidateClass;
import io.modelfleet.launcher.LaunchBacktest.Outcome;
import io.modelfleet.launcher.LaunchBacktest.PolicyResult;
import io.modelfleet.launcher.LaunchSettings;
import io.modelfleet.launcher.SimulatedTraffic;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.scheduler.Database;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = "Run simulated launches of the registry's models through the launch controller, the simulated"
                + " fleet and the quality gate on a fast clock, once per gate policy on the same launches, and compare"
                + " the sequential gate with a fixed-sample test repeated at every look and a raw threshold.",
        footer = {
            "",
            "Half the candidates are as good as production; a sixth each are miscalibrated so that",
            "|ln calibration| is worse by 0.5, 1 and 2 times the tier's calibration margin. Every launch",
            "follows 5%% -> 25%% -> 50%% -> 100%%, at least an hour a step, held after twice its planned bake;",
            "one launch per model at a time; the gate looks every hour once the hour's labels are in.",
            "Traffic is drawn per hour as 'generate predictions' draws rows, at each model's tier volume;",
            "candidates ask for one replica (the backtest measures the gate, not the pools).",
            "Results go to the launch_backtest Delta table.",
            "Exit codes: 0 ran, 2 bad option, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch backtest --launches 1000",
            "  modelfleet launch backtest --launches 120 --seed 7 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchBacktestCommand extends BaseCommand {
    public static final String TABLE = "launch_backtest";

    static final StructType SCHEMA = TableSchemas.commented(
            TABLE,
            new StructType()
                    .add("run_id", DataTypes.StringType, false)
                    .add("at", DataTypes.TimestampType, false)
                    .add("seed", DataTypes.LongType, false)
                    .add("policy", DataTypes.StringType, false)
                    .add("candidate_class", DataTypes.StringType, false)
                    .add("launches", DataTypes.LongType, false)
                    .add("rolled_back", DataTypes.LongType, false)
                    .add("held", DataTypes.LongType, false)
                    .add("promoted", DataTypes.LongType, false)
                    .add("rollback_rate", DataTypes.DoubleType, false)
                    .add("median_hours", DataTypes.DoubleType, true)
                    .add("p90_hours", DataTypes.DoubleType, true)
                    .add("launches_per_week", DataTypes.DoubleType, false));

    @Option(names = "--launches", required = true, paramLabel = "N", description = "Simulated launches (1 to 100000).")
    int launches;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the mix and the traffic (default: 1).")
    long seed = 1;

    @Mixin
    RegistryOption registryOption;

    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    SparkOptions sparkOptions;

    @Mixin
    FormatOption format;

    /** One policy's figures, as the table and JSON show them. */
    public record PolicyRow(
            String policy,
            long healthy,
            double falseRollbackRate,
            double falseRollbackUpper95,
            double heldRate,
            Map<String, Double> detectionRate,
            double medianHours,
            double p90Hours,
            double launchesPerWeek,
            double seconds) {}

    record Report(String runId, int launches, long seed, double alpha, List<PolicyRow> policies, String table) {}

    @Override
    public Integer call() {
        if (launches < 1 || launches > 100_000) {
            throw ModelfleetErrors.outOfRange(
                    "launch backtest", "launches", Input.LAUNCH_COUNT, "[1, 100000]", launches, "use e.g. 1000");
        }
        Registry registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        Location warehouse = warehouseOption.resolve(context());
        Path scratch;
        try {
            scratch = Files.createTempDirectory("modelfleet-backtest");
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(Path.of(System.getProperty("java.io.tmpdir")), e);
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        AtomicLong lastProgress = new AtomicLong();
        Backtest ran;
        try {
            ran = run(registry, runId, launches, seed, scratch, line -> {
                long now = System.nanoTime();
                if (now - lastProgress.get() > 5_000_000_000L) {
                    lastProgress.set(now);
                    err().println("  " + line);
                    err().flush();
                }
            });
        } finally {
            deleteTree(scratch);
        }
        Map<GateTest.Policy, PolicyResult> results = ran.results();
        double alpha = registry.tierPolicies()
                .map(t -> t.tiers().values().stream()
                        .mapToDouble(p -> p.gate().alpha())
                        .max()
                        .orElse(0.05))
                .orElse(0.05);
        List<PolicyRow> rows =
                results.values().stream().map(LaunchBacktestCommand::row).toList();
        String table = table(rows);
        SparkSession spark = sparkOptions.start(context());
        write(spark, warehouse, runId, seed, results);
        if (format.get() == OutputFormat.JSON) {
            Json.print(
                    out(),
                    new Report(
                            runId,
                            launches,
                            seed,
                            alpha,
                            rows,
                            warehouse.resolve(TABLE).toString()));
            return ExitCodes.OK;
        }
        out().printf(
                        Locale.ROOT,
                        "%d simulated launches of %d models, seed %d, per policy on the same launches (alpha %s per launch):%n",
                        launches,
                        ran.models(),
                        seed,
                        String.format(Locale.ROOT, "%.3f", alpha));
        out().print(table);
        out().println(
                        "FALSE RB: healthy candidates rolled back (95% upper bound); DETECT: worse candidates rolled back,"
                                + " by how many margins worse; HEALTHY HELD: healthy candidates the gate could not decide in time;"
                                + " MEDIAN/P90 H: hours from the first traffic step to the end.");
        out().println("written to " + warehouse.resolve(TABLE) + " (run " + runId + ")");
        return ExitCodes.OK;
    }

    /** A backtest's results per policy, and how many models it launched. */
    public record Backtest(Map<GateTest.Policy, PolicyResult> results, int models) {}

    /**
     * Runs {@code launches} simulated launches of {@code registry}'s models per policy, each policy in
     * its own in-memory H2 database, with every model's traffic at its tier's volume and its
     * surface's click rate.
     */
    public static Backtest run(
            Registry registry, String runId, int launches, long seed, Path scratch, Consumer<String> progress) {
        List<Database> databases = new ArrayList<>();
        LaunchBacktest backtest = new LaunchBacktest(
                registry,
                new LaunchBacktest.Settings(
                        launches,
                        seed,
                        LaunchBacktest.Settings.defaultPlan(),
                        LaunchSettings.DEFAULT_ATTRIBUTION_WINDOW,
                        Duration.ofMinutes(30),
                        name -> {
                            Database database = new Database(
                                    "jdbc:h2:mem:backtest-" + runId + "-" + name
                                            + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000",
                                    "sa",
                                    "");
                            databases.add(database);
                            return database;
                        },
                        model -> new SimulatedTraffic.Profile(
                                SurfaceRates.baseCtr(model.surface()),
                                PredictionLogGenerator.eventsPerHour(model.tier())),
                        LaunchBacktest.Settings.defaultMix(),
                        scratch));
        try {
            return new Backtest(
                    backtest.run(List.of(GateTest.Policy.values()), progress),
                    backtest.models().size());
        } finally {
            databases.forEach(Database::shutdown);
        }
    }

    public static PolicyRow row(PolicyResult r) {
        long healthy = r.of(CandidateClass.HEALTHY).size();
        long falseRollbacks = r.count(CandidateClass.HEALTHY, Outcome.ROLLED_BACK);
        Map<String, Double> detection = new LinkedHashMap<>();
        for (CandidateClass c : CandidateClass.values()) {
            if (c != CandidateClass.HEALTHY) {
                long n = r.of(c).size();
                detection.put(c.label(), n == 0 ? Double.NaN : (double) r.count(c, Outcome.ROLLED_BACK) / n);
            }
        }
        return new PolicyRow(
                r.policy().name(),
                healthy,
                healthy == 0 ? Double.NaN : (double) falseRollbacks / healthy,
                healthy == 0 ? Double.NaN : Proportions.wilsonUpper95(falseRollbacks, healthy),
                healthy == 0 ? Double.NaN : (double) r.count(CandidateClass.HEALTHY, Outcome.HELD) / healthy,
                detection,
                r.hoursQuantile(0.5),
                r.hoursQuantile(0.9),
                r.launchesPerWeek(),
                r.seconds());
    }

    public static String table(List<PolicyRow> rows) {
        TextTable table = new TextTable(List.of(
                "POLICY",
                "FALSE RB",
                "HEALTHY HELD",
                "DETECT 0.5x",
                "DETECT 1x",
                "DETECT 2x",
                "MEDIAN H",
                "P90 H",
                "LAUNCHES/WEEK",
                "SECONDS"));
        for (PolicyRow r : rows) {
            List<Double> detect = new ArrayList<>(r.detectionRate().values());
            table.row(List.of(
                    r.policy(),
                    String.format(Locale.ROOT, "%s (<%s)", pct(r.falseRollbackRate()), pct(r.falseRollbackUpper95())),
                    pct(r.heldRate()),
                    pct(detect.get(0)),
                    pct(detect.get(1)),
                    pct(detect.get(2)),
                    String.format(Locale.ROOT, "%.1f", r.medianHours()),
                    String.format(Locale.ROOT, "%.1f", r.p90Hours()),
                    String.format(Locale.ROOT, "%.1f", r.launchesPerWeek()),
                    String.format(Locale.ROOT, "%.1f", r.seconds())));
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        table.print(out);
        out.flush();
        return text.toString();
    }

    private static String pct(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f%%", value * 100);
    }

    private static void write(
            SparkSession spark,
            Location warehouse,
            String runId,
            long seed,
            Map<GateTest.Policy, PolicyResult> results) {
        List<Row> rows = new ArrayList<>();
        Timestamp at = Timestamp.from(Instant.now());
        for (PolicyResult r : results.values()) {
            for (CandidateClass c : CandidateClass.values()) {
                List<Outcome> of = r.of(c);
                if (of.isEmpty()) {
                    continue;
                }
                double[] hours = of.stream()
                        .filter(o -> !o.result().equals(Outcome.NOT_STARTED))
                        .mapToDouble(Outcome::hoursShifting)
                        .sorted()
                        .toArray();
                rows.add(RowFactory.create(
                        runId,
                        at,
                        seed,
                        r.policy().name(),
                        c.label(),
                        (long) of.size(),
                        r.count(c, Outcome.ROLLED_BACK),
                        r.count(c, Outcome.HELD),
                        r.count(c, Outcome.PROMOTED),
                        (double) r.count(c, Outcome.ROLLED_BACK) / of.size(),
                        hours.length == 0 ? null : quantile(hours, 0.5),
                        hours.length == 0 ? null : quantile(hours, 0.9),
                        r.launchesPerWeek()));
            }
        }
        DeltaTables.append(spark.createDataFrame(rows, SCHEMA), warehouse.resolve(TABLE));
    }

    /** The backtest's scratch folder (registry changes of finished simulated launches): nothing to keep. */
    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // Left in the temporary folder, where the system cleans up.
        }
    }

    private static double quantile(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }
}
