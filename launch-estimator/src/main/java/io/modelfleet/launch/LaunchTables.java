package io.modelfleet.launch;

import io.modelfleet.core.Location;
import io.modelfleet.core.slo.HourMetrics;
import io.modelfleet.core.tables.TableDocs;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The launch tables in the warehouse. {@code launch_replay} holds what the replay saw per hour,
 * stage and side; {@code launch_estimates} one row per estimate and stage with every input. The
 * replay rows are appended first: an estimate row is only there once its replay rows are.
 *
 * <p>{@code service_*} columns are the CPU times the replay measured, as they always were; the
 * {@code modelled_service_*} columns, which sized the replicas, and the {@code hardware_*} columns
 * (the profile that modelled them) came later: they are nullable, last, and added to an older
 * table by schema merging on its first append, its older rows reading null there.
 */
public final class LaunchTables {
    public static final String ESTIMATES = "launch_estimates";
    public static final String REPLAY = "launch_replay";

    static final StructType ESTIMATE_SCHEMA = commented(
            ESTIMATES,
            new StructType()
                    .add("estimate_id", DataTypes.StringType, false)
                    .add("created_at", DataTypes.TimestampType, false)
                    .add("model_id", DataTypes.StringType, false)
                    .add("production_version", DataTypes.StringType, false)
                    .add("candidate_version", DataTypes.StringType, false)
                    .add("surface", DataTypes.StringType, false)
                    .add("launch_stage", DataTypes.StringType, false)
                    .add("stage", DataTypes.StringType, false)
                    .add("stage_model_id", DataTypes.StringType, false)
                    .add("production_scorer", DataTypes.StringType, false)
                    .add("candidate_scorer", DataTypes.StringType, false)
                    .add("keep_top", DataTypes.IntegerType, false)
                    .add("objective_p99_ms", DataTypes.DoubleType, false)
                    .add("headroom", DataTypes.DoubleType, false)
                    .add("peak_hour", DataTypes.TimestampType, false)
                    .add("peak_rps", DataTypes.DoubleType, false)
                    .add("sized_rps", DataTypes.DoubleType, false)
                    .add("registry_replicas", DataTypes.LongType, false)
                    .add("production_service_mean_ms", DataTypes.DoubleType, false)
                    .add("production_service_p99_ms", DataTypes.DoubleType, false)
                    .add("production_flops_per_request", DataTypes.DoubleType, false)
                    .add("production_min_replicas", DataTypes.IntegerType, false)
                    .add("production_replicas", DataTypes.IntegerType, false)
                    .add("candidate_service_mean_ms", DataTypes.DoubleType, false)
                    .add("candidate_service_p99_ms", DataTypes.DoubleType, false)
                    .add("candidate_flops_per_request", DataTypes.DoubleType, false)
                    .add("candidate_min_replicas", DataTypes.IntegerType, false)
                    .add("candidate_replicas", DataTypes.IntegerType, false)
                    .add("candidate_p99_ms", DataTypes.DoubleType, false)
                    .add("candidate_p99_ms_one_fewer", DataTypes.DoubleType, true)
                    .add("cores_per_replica", DataTypes.IntegerType, false)
                    .add("pool", DataTypes.StringType, false)
                    .add("cpu_increase", DataTypes.DoubleType, false)
                    .add("memory_gb_increase", DataTypes.DoubleType, false)
                    .add("gpu_increase", DataTypes.LongType, false)
                    .add("pool_cpu_free", DataTypes.DoubleType, false)
                    .add("pool_memory_gb_free", DataTypes.DoubleType, false)
                    .add("pool_gpus_free", DataTypes.LongType, false)
                    .add("verdict", DataTypes.StringType, false)
                    .add("verdict_reason", DataTypes.StringType, false)
                    .add("production_ne", DataTypes.DoubleType, true)
                    .add("production_calibration", DataTypes.DoubleType, true)
                    .add("candidate_ne", DataTypes.DoubleType, true)
                    .add("candidate_calibration", DataTypes.DoubleType, true)
                    .add("impressions", DataTypes.LongType, false)
                    .add("traffic", DataTypes.StringType, false)
                    .add("traffic_seed", DataTypes.LongType, false)
                    .add("hour_from", DataTypes.TimestampType, false)
                    .add("hour_to", DataTypes.TimestampType, false)
                    .add("recorded_requests", DataTypes.LongType, false)
                    .add("samples_per_hour", DataTypes.IntegerType, false)
                    .add("seed", DataTypes.LongType, false)
                    .add("registry_version", DataTypes.StringType, false)
                    .add("production_modelled_service_mean_ms", DataTypes.DoubleType, true)
                    .add("production_modelled_service_p99_ms", DataTypes.DoubleType, true)
                    .add("candidate_modelled_service_mean_ms", DataTypes.DoubleType, true)
                    .add("candidate_modelled_service_p99_ms", DataTypes.DoubleType, true)
                    .add("hardware_profile", DataTypes.StringType, true)
                    .add("hardware_gflops_per_core", DataTypes.DoubleType, true)
                    .add("hardware_candidate_overhead_ns", DataTypes.DoubleType, true)
                    .add("hardware_calibrated_at", DataTypes.TimestampType, true));
    static final StructType REPLAY_SCHEMA = commented(
            REPLAY,
            new StructType()
                    .add("estimate_id", DataTypes.StringType, false)
                    .add("model_id", DataTypes.StringType, false)
                    .add("hour", DataTypes.TimestampType, false)
                    .add("stage", DataTypes.StringType, false)
                    .add("side", DataTypes.StringType, false)
                    .add("recorded_requests", DataTypes.LongType, false)
                    .add("production_rps", DataTypes.DoubleType, false)
                    .add("samples", DataTypes.LongType, false)
                    .add("service_mean_ms", DataTypes.DoubleType, false)
                    .add("service_cv", DataTypes.DoubleType, false)
                    .add("service_p50_ms", DataTypes.DoubleType, false)
                    .add("service_p99_ms", DataTypes.DoubleType, false)
                    .add("ne", DataTypes.DoubleType, true)
                    .add("calibration", DataTypes.DoubleType, true)
                    .add("modelled_service_mean_ms", DataTypes.DoubleType, true)
                    .add("modelled_service_cv", DataTypes.DoubleType, true)
                    .add("modelled_service_p50_ms", DataTypes.DoubleType, true)
                    .add("modelled_service_p99_ms", DataTypes.DoubleType, true)
                    .add("hardware_profile", DataTypes.StringType, true)
                    .add("hardware_gflops_per_core", DataTypes.DoubleType, true)
                    .add("hardware_candidate_overhead_ns", DataTypes.DoubleType, true));

    private LaunchTables() {}

    public static void append(SparkSession spark, Location warehouse, LaunchEstimate estimate) {
        HardwareProfile hardware = estimate.inputs().hardware();
        List<Row> replay = new ArrayList<>();
        for (LaunchEstimate.HourStat h : estimate.hours()) {
            replay.add(RowFactory.create(
                    estimate.estimateId(),
                    estimate.modelId(),
                    Timestamp.from(h.hour().start()),
                    h.stage(),
                    h.variant().id(),
                    h.recordedRequests(),
                    h.productionRps(),
                    h.samples(),
                    h.measured().meanMs(),
                    h.measured().cv(),
                    h.measured().p50Ms(),
                    h.measured().p99Ms(),
                    ne(h.quality()),
                    calibration(h.quality()),
                    h.modelled().meanMs(),
                    h.modelled().cv(),
                    h.modelled().p50Ms(),
                    h.modelled().p99Ms(),
                    hardware.name(),
                    hardware.gflopsPerCore(),
                    hardware.candidateOverheadNs()));
        }
        List<Row> rows = new ArrayList<>();
        LaunchEstimate.Inputs in = estimate.inputs();
        PoolFit pool = estimate.pool();
        for (LaunchEstimate.StagePlan s : estimate.stages()) {
            LaunchEstimate.Side p = s.production();
            LaunchEstimate.Side c = s.candidate();
            rows.add(RowFactory.create(
                    estimate.estimateId(),
                    Timestamp.from(estimate.createdAt()),
                    estimate.modelId(),
                    estimate.productionVersion(),
                    estimate.candidateVersion(),
                    estimate.surface(),
                    estimate.stage(),
                    s.stage(),
                    s.productionModel(),
                    s.productionScorer(),
                    s.candidateScorer(),
                    s.keepTop(),
                    s.objectiveMs(),
                    s.headroom(),
                    Timestamp.from(s.peakHour().start()),
                    s.peakRps(),
                    s.sizedRps(),
                    s.registryReplicas(),
                    p.measured().meanMs(),
                    p.measured().p99Ms(),
                    p.flopsPerRequest(),
                    p.plan().minimumReplicas(),
                    p.plan().replicas(),
                    c.measured().meanMs(),
                    c.measured().p99Ms(),
                    c.flopsPerRequest(),
                    c.plan().minimumReplicas(),
                    c.plan().replicas(),
                    c.plan().p99Ms(),
                    Double.isNaN(c.plan().p99MsOneFewer()) ? null : c.plan().p99MsOneFewer(),
                    c.plan().coresPerReplica(),
                    pool.pool(),
                    pool.cpuIncrease(),
                    pool.memoryGbIncrease(),
                    pool.gpuIncrease(),
                    pool.cpuFree(),
                    pool.memoryGbFree(),
                    pool.gpusFree(),
                    pool.verdict().name(),
                    pool.reason(),
                    ne(estimate.productionQuality()),
                    calibration(estimate.productionQuality()),
                    ne(estimate.candidateQuality()),
                    calibration(estimate.candidateQuality()),
                    estimate.impressions(),
                    in.traffic(),
                    in.trafficSeed(),
                    Timestamp.from(in.from().start()),
                    Timestamp.from(in.to().start()),
                    in.recordedRequests(),
                    in.samplesPerHour(),
                    in.seed(),
                    in.registryVersion(),
                    p.modelled().meanMs(),
                    p.modelled().p99Ms(),
                    c.modelled().meanMs(),
                    c.modelled().p99Ms(),
                    hardware.name(),
                    hardware.gflopsPerCore(),
                    hardware.candidateOverheadNs(),
                    hardware.calibratedAt().map(Timestamp::from).orElse(null)));
        }
        spark.createDataFrame(replay, REPLAY_SCHEMA)
                .coalesce(1)
                .write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(warehouse.resolve(REPLAY).toString());
        spark.createDataFrame(rows, ESTIMATE_SCHEMA)
                .coalesce(1)
                .write()
                .format("delta")
                .mode(SaveMode.Append)
                .option("mergeSchema", "true")
                .save(warehouse.resolve(ESTIMATES).toString());
    }

    private static Double ne(Optional<HourMetrics> metrics) {
        return metrics.map(HourMetrics::ne).orElse(null);
    }

    private static Double calibration(Optional<HourMetrics> metrics) {
        return metrics.map(HourMetrics::calibration).orElse(null);
    }

    /** {@code schema} with every column's comment from {@link TableDocs} (jobs' TableSchemas, which this module cannot use). */
    private static StructType commented(String table, StructType schema) {
        List<String> comments = TableDocs.comments(table, List.of(schema.fieldNames()));
        StructType commented = new StructType();
        for (int i = 0; i < schema.fields().length; i++) {
            StructField field = schema.fields()[i];
            commented = commented.add(field.withComment(comments.get(i)));
        }
        return commented;
    }
}
