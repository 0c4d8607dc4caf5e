package io.modelfleet.cli.spark.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.launch.LaunchEstimate;
import io.modelfleet.launch.LaunchTables;
import io.modelfleet.launch.actions.EstimateLaunch;
import io.modelfleet.launch.actions.SparkLaunchActions;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description =
                "Replay recorded traffic through the surface's funnel with production and with a candidate version, size each "
                        + "stage for the peak hour, check the team's pool, and record the estimate in launch_estimates.",
        footer = {
            "",
            "The candidate is a model entry (YAML) with the registered model's id and the new version and scorer.",
            "Replicas per stage: the fewest whose p99 time in system meets the stage's latency objective at peak",
            "traffic plus the tier's headroom (checked by discrete-event replay: one fewer misses), plus 2 (N+2).",
            "Exit codes: 0 estimate written, 2 bad input or usage (nothing written), 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml",
            "  modelfleet launch estimate --model ig_feed_mtml_lsr_v3 --candidate lsr_v4.yaml --traffic traffic \\",
            "      --from 2026-11-24T00 --to 2026-11-24T23 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchEstimateCommand extends BaseCommand {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "ID",
            description = "Registered model the candidate replaces.")
    String modelId;

    @Option(
            names = "--candidate",
            required = true,
            paramLabel = "FILE",
            description = "Model entry YAML of the candidate version.")
    Path candidateFile;

    @Mixin
    RegistryOption registryOption;

    @Option(
            names = "--traffic",
            paramLabel = "DIR",
            description = "Recorded traffic (default: 'traffic' next to the logs folder).")
    Path trafficDir;

    @Mixin
    HourRangeOptions range;

    @Option(
            names = "--samples-per-hour",
            defaultValue = "400",
            paramLabel = "N",
            description =
                    "Requests per hour timed through both funnels (default: ${DEFAULT-VALUE}); rates and quality use all.")
    int samplesPerHour;

    @Mixin
    SeedOption seed;

    @Mixin
    FormatOption format;

    @Mixin
    WarehouseOption warehouseOption;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        Registry registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        Model candidate = RegistryLoader.loadModelFile(context().resolve(candidateFile));
        EstimateLaunch action = SparkLaunchActions.lazy(() -> sparkOptions.start(context()))
                .estimateLaunch(registry)
                .candidate(candidate, modelId)
                .traffic(
                        trafficDir != null
                                ? context().resolve(trafficDir)
                                : context().config().traffic())
                .hours(range.from().orElse(null), range.to().orElse(null))
                .samplesPerHour(samplesPerHour)
                .seed(seed.get())
                .warehouse(warehouseOption.resolve(context()))
                .progress(line -> {
                    err().println("  " + line);
                    err().flush();
                });
        err().printf(
                        Locale.ROOT,
                        "replaying %s traffic through production and candidate...%n",
                        registry.model(modelId).map(Model::surface).orElse("?"));
        EstimateLaunch.Result result = action.execute();
        LaunchEstimate estimate = result.estimate();
        Path warehouse = result.warehouse();
        double seconds = result.seconds();
        if (format.get() == OutputFormat.JSON) {
            out().println(json(estimate, warehouse, seconds).toPrettyString());
        } else {
            print(out(), estimate, warehouse, seconds);
        }
        return ExitCodes.OK;
    }

    public static void print(PrintWriter out, LaunchEstimate e, Path warehouse, double seconds) {
        LaunchEstimate.Inputs in = e.inputs();
        LaunchEstimate.StagePlan any = e.stages().get(0);
        out.printf(
                Locale.ROOT,
                "launch estimate %s: %s %s -> %s (%s / %s)%n",
                e.estimateId().substring(0, 8),
                e.modelId(),
                e.productionVersion(),
                e.candidateVersion(),
                e.surface(),
                e.stage());
        out.printf(
                Locale.ROOT,
                "replayed %d hours (%s .. %s): %,d recorded requests, %d per hour timed through both funnels%n",
                in.hours(),
                in.from(),
                in.to(),
                in.recordedRequests(),
                in.samplesPerHour());
        out.printf(Locale.ROOT, "peak hour %s: %,.0f requests/s in production%n%n", any.peakHour(), any.peakRps());
        TextTable table = new TextTable(List.of(
                "stage",
                "scorer (production -> candidate)",
                "p99 objective",
                "sized for",
                "service p99 ms",
                "replicas now",
                "production",
                "candidate",
                "change"));
        for (LaunchEstimate.StagePlan s : e.stages()) {
            String scorer = s.changed()
                    ? s.productionScorer() + " -> " + s.candidateScorer()
                    : s.productionScorer() + " (unchanged)";
            int change = s.candidate().plan().replicas() - s.production().plan().replicas();
            table.row(List.of(
                    s.stage() + " " + s.productionModel(),
                    scorer,
                    String.format(Locale.ROOT, "%.0f ms", s.objectiveMs()),
                    String.format(Locale.ROOT, "%,.0f/s (+%.0f%%)", s.sizedRps(), 100 * s.headroom()),
                    String.format(
                            Locale.ROOT,
                            "%.2f -> %.2f",
                            s.production().serviceP99Ms(),
                            s.candidate().serviceP99Ms()),
                    String.valueOf(s.registryReplicas()),
                    String.valueOf(s.production().plan().replicas()),
                    String.valueOf(s.candidate().plan().replicas()),
                    String.format(Locale.ROOT, "%+d", change)));
        }
        table.print(out);
        out.println();
        for (LaunchEstimate.StagePlan s : e.stages()) {
            if (s.changed()) {
                var plan = s.candidate().plan();
                out.printf(
                        Locale.ROOT,
                        "%s: %d replicas x %d cores meet p99 %.0f ms (simulated p99 %.1f ms; with %d: %s); +%d for N+2%n",
                        s.stage(),
                        plan.minimumReplicas(),
                        plan.coresPerReplica(),
                        s.objectiveMs(),
                        plan.p99Ms(),
                        plan.minimumReplicas() - 1,
                        Double.isNaN(plan.p99MsOneFewer())
                                ? "n/a"
                                : Double.isInfinite(plan.p99MsOneFewer())
                                        ? "overloaded"
                                        : String.format(Locale.ROOT, "%.1f ms", plan.p99MsOneFewer()),
                        plan.replicas() - plan.minimumReplicas());
                out.printf(
                        Locale.ROOT,
                        "%s: %.0f -> %.0f MFLOP per request (%.0f candidates)%n",
                        s.stage(),
                        s.production().flopsPerRequest() / 1e6,
                        s.candidate().flopsPerRequest() / 1e6,
                        s.candidate().candidatesPerRequest());
            }
        }
        LaunchEstimate.PoolCheck pool = e.pool();
        out.printf(
                Locale.ROOT,
                "cost: %+,.0f cores, %+,.0f GiB memory, %+d GPUs from pool %s%n",
                pool.cpuIncrease(),
                pool.memoryGbIncrease(),
                pool.gpuIncrease(),
                pool.pool());
        out.printf(Locale.ROOT, "verdict: %s (%s)%n", pool.verdict(), pool.reason());
        out.printf(
                Locale.ROOT,
                "offline quality on %,d logged impressions: NE %s -> %s, calibration %s -> %s%n",
                e.impressions(),
                metric(e.productionQuality(), true),
                metric(e.candidateQuality(), true),
                metric(e.productionQuality(), false),
                metric(e.candidateQuality(), false));
        out.printf(
                Locale.ROOT,
                "written to %s and %s (estimate_id %s) in %.1f s%n",
                warehouse.resolve(LaunchTables.ESTIMATES),
                LaunchTables.REPLAY,
                e.estimateId(),
                seconds);
    }

    private static String metric(Optional<HourMetrics> metrics, boolean ne) {
        return metrics.map(m -> String.format(Locale.ROOT, "%.4f", ne ? m.ne() : m.calibration()))
                .orElse("n/a");
    }

    static ObjectNode json(LaunchEstimate e, Path warehouse, double seconds) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("estimate_id", e.estimateId());
        root.put("created_at", e.createdAt().toString());
        root.put("model_id", e.modelId());
        root.put("production_version", e.productionVersion());
        root.put("candidate_version", e.candidateVersion());
        root.put("surface", e.surface());
        root.put("stage", e.stage());
        ObjectNode inputs = root.putObject("inputs");
        inputs.put("traffic", e.inputs().traffic());
        inputs.put("traffic_seed", e.inputs().trafficSeed());
        inputs.put("hour_from", e.inputs().from().toString());
        inputs.put("hour_to", e.inputs().to().toString());
        inputs.put("hours", e.inputs().hours());
        inputs.put("recorded_requests", e.inputs().recordedRequests());
        inputs.put("samples_per_hour", e.inputs().samplesPerHour());
        inputs.put("seed", e.inputs().seed());
        inputs.put("registry_version", e.inputs().registryVersion());
        ArrayNode stages = root.putArray("stages");
        for (LaunchEstimate.StagePlan s : e.stages()) {
            ObjectNode stage = stages.addObject();
            stage.put("stage", s.stage());
            stage.put("model_id", s.productionModel());
            stage.put("changed", s.changed());
            stage.put("keep_top", s.keepTop());
            stage.put("objective_p99_ms", s.objectiveMs());
            stage.put("headroom", s.headroom());
            stage.put("peak_hour", s.peakHour().toString());
            stage.put("peak_rps", s.peakRps());
            stage.put("sized_rps", s.sizedRps());
            stage.put("registry_replicas", s.registryReplicas());
            side(stage.putObject("production"), s.productionScorer(), s.production());
            side(stage.putObject("candidate"), s.candidateScorer(), s.candidate());
        }
        ObjectNode pool = root.putObject("pool");
        pool.put("pool", e.pool().pool());
        pool.put("team", e.pool().team());
        pool.put("cpu_increase", e.pool().cpuIncrease());
        pool.put("memory_gb_increase", e.pool().memoryGbIncrease());
        pool.put("gpu_increase", e.pool().gpuIncrease());
        pool.put("cpu_free", e.pool().cpuFree());
        pool.put("memory_gb_free", e.pool().memoryGbFree());
        pool.put("gpus_free", e.pool().gpusFree());
        pool.put("verdict", e.pool().verdict().name());
        pool.put("reason", e.pool().reason());
        ObjectNode quality = root.putObject("offline_quality");
        quality.put("impressions", e.impressions());
        e.productionQuality()
                .ifPresent(
                        m -> quality.putObject("production").put("ne", m.ne()).put("calibration", m.calibration()));
        e.candidateQuality()
                .ifPresent(m -> quality.putObject("candidate").put("ne", m.ne()).put("calibration", m.calibration()));
        root.put("table", warehouse.resolve(LaunchTables.ESTIMATES).toString());
        root.put("seconds", seconds);
        return root;
    }

    private static void side(ObjectNode node, String scorer, LaunchEstimate.Side side) {
        node.put("scorer", scorer);
        node.put("samples", side.samples());
        node.put("service_mean_ms", side.serviceMeanMs());
        node.put("service_cv", side.serviceCv());
        node.put("service_p50_ms", side.serviceP50Ms());
        node.put("service_p99_ms", side.serviceP99Ms());
        node.put("flops_per_request", side.flopsPerRequest());
        node.put("candidates_per_request", side.candidatesPerRequest());
        node.put("cores_per_replica", side.plan().coresPerReplica());
        node.put("min_replicas", side.plan().minimumReplicas());
        node.put("replicas", side.plan().replicas());
        node.put("simulated_p99_ms", side.plan().p99Ms());
        double fewer = side.plan().p99MsOneFewer();
        if (Double.isNaN(fewer)) {
            node.putNull("simulated_p99_ms_one_fewer");
        } else if (Double.isInfinite(fewer)) {
            node.put("simulated_p99_ms_one_fewer", "overloaded");
        } else {
            node.put("simulated_p99_ms_one_fewer", fewer);
        }
    }
}
