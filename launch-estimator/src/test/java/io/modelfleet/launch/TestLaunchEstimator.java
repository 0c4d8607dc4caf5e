package io.modelfleet.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SharedSpark;
import io.modelfleet.launch.replay.Variant;
import io.modelfleet.launch.traffic.TrafficGenerator;
import io.modelfleet.launch.traffic.TrafficSet;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.PoolFit;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.sim.hardware.HardwareProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestLaunchEstimator {
    private static final List<Hour> HOURS = Hour.range(Hour.parse("2026-11-24T19"), Hour.parse("2026-11-24T20"));
    /** 10 GFLOP/s per core and 100 ns per candidate: round numbers to check modelled times by hand. */
    private static final HardwareProfile HARDWARE = new HardwareProfile("test-box", 10, 100, Optional.empty());

    @TempDir
    static Path dir;

    static SparkSession spark;
    static Registry registry;
    static TrafficSet traffic;

    @BeforeAll
    static void generate() throws IOException {
        spark = SharedSpark.get();
        Path root = dir.resolve("registry");
        Files.createDirectories(root.resolve("teams"));
        Files.createDirectories(root.resolve("models/feed"));
        Files.writeString(root.resolve("tiers.yaml"), """
                kind: TierPolicies
                platform_team: "@acme/ml-platform"
                tiers:
                  TIER0: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.01, min_events_per_hour: 100, objective: 0.99, requires_oncall: true, headroom: 0.5}
                  TIER1: {calibration_min: 0.9, calibration_max: 1.1, ne_regression_limit: 0.02, min_events_per_hour: 100, objective: 0.99, requires_oncall: true, headroom: 0.25}
                  TIER2: {calibration_min: 0.8, calibration_max: 1.2, ne_regression_limit: 0.03, min_events_per_hour: 100, objective: 0.98, requires_oncall: false}
                  TIER3: {calibration_min: 0.8, calibration_max: 1.2, ne_regression_limit: 0.05, min_events_per_hour: 100, objective: 0.95, requires_oncall: false}
                  TIER4: {calibration_min: 0.7, calibration_max: 1.3, ne_regression_limit: 0.10, min_events_per_hour: 100, objective: 0.90, requires_oncall: false}
                """);
        Files.writeString(root.resolve("teams/feed.yaml"), """
                kind: Team
                id: feed
                name: Feed
                oncall: feed-oncall
                approvers: [feed-lead]
                pools:
                  - id: feed_prod
                    quota: {cpu: 40, memory_gb: 400, gpus: 0}
                  - id: feed_spare
                    quota: {cpu: 5000, memory_gb: 50000, gpus: 0}
                """);
        Files.writeString(
                root.resolve("models/feed/feed_esr.yaml"),
                entry("feed_esr", "esr", "TIER1", "v1", 4, 100, 50, "{kind: dense, input_width: 32, hidden: [16]}"));
        Files.writeString(
                root.resolve("models/feed/feed_lsr.yaml"),
                entry("feed_lsr", "lsr", "TIER0", "v1", 4, 10, 80, "{kind: dense, input_width: 64, hidden: [32]}"));
        registry = RegistryLoader.loadValid(root);
        Path out = dir.resolve("traffic");
        new TrafficGenerator(spark, registry, 5, 2_400).write(HOURS, out);
        traffic = TrafficSet.open(out);
    }

    static String entry(
            String id,
            String stage,
            String tier,
            String version,
            int replicas,
            int keepTop,
            double latency,
            String scorer) {
        return """
                kind: Model
                id: %s
                type: acme_feed_%s
                description: A feed ranking model for launch tests.
                business_function: engagement
                surface: feed
                funnel_stage: %s
                tier: %s
                owner: {team: feed, oncall: feed-oncall, contacts: [a@acme.io]}
                pool: feed_prod
                lifecycle: active
                serving:
                  version: %s
                  artifact: s3://m/%s/%s
                  replicas: %d
                  resources: {cpu: 2, memory_gb: 8}
                  keep_top: %d
                  latency_p99_ms: %s
                  scorer: %s
                """.formatted(id, stage, stage, tier, version, id, version, replicas, keepTop, latency, scorer);
    }

    static Model candidate(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return RegistryLoader.loadModelFile(file);
    }

    static Model widerLsr() throws IOException {
        return candidate(
                "wider",
                entry("feed_lsr", "lsr", "TIER0", "v2", 4, 10, 80, "{kind: dense, input_width: 64, hidden: [64]}"));
    }

    private static LaunchEstimate estimate(Model candidate, List<Hour> hours) {
        return new LaunchEstimator(spark, registry, traffic)
                .estimate(new LaunchEstimator.Request(candidate, hours, 15, 3, HARDWARE));
    }

    @Test
    void theSameTrafficAndSeedGiveTheSameEstimateApartFromMeasuredTimes() throws IOException {
        LaunchEstimate first = estimate(widerLsr(), HOURS);
        LaunchEstimate second = estimate(widerLsr(), HOURS);
        assertThat(second.inputs()).isEqualTo(first.inputs());
        assertThat(second.inputs().hardware()).isEqualTo(HARDWARE);
        assertThat(second.impressions()).isEqualTo(first.impressions()).isPositive();
        assertThat(second.productionQuality()).isEqualTo(first.productionQuality());
        assertThat(second.candidateQuality()).isEqualTo(first.candidateQuality());
        assertThat(second.pool().pool()).isEqualTo(first.pool().pool());
        for (int s = 0; s < first.stages().size(); s++) {
            LaunchEstimate.StagePlan a = first.stages().get(s);
            LaunchEstimate.StagePlan b = second.stages().get(s);
            assertThat(b.peakHour()).isEqualTo(a.peakHour());
            assertThat(b.peakRps()).isEqualTo(a.peakRps());
            assertThat(b.candidate().samples()).isEqualTo(a.candidate().samples());
            assertThat(b.candidate().flopsPerRequest()).isEqualTo(a.candidate().flopsPerRequest());
            assertThat(b.candidate().candidatesPerRequest())
                    .isEqualTo(a.candidate().candidatesPerRequest());
            // Sized from modelled times, which follow from the traffic and the seed alone.
            assertThat(b.production().modelled()).isEqualTo(a.production().modelled());
            assertThat(b.candidate().modelled()).isEqualTo(a.candidate().modelled());
            assertThat(b.production().plan()).isEqualTo(a.production().plan());
            assertThat(b.candidate().plan()).isEqualTo(a.candidate().plan());
        }
        assertThat(second.pool()).isEqualTo(first.pool());
        List<LaunchEstimate.HourStat> aHours = first.hours();
        List<LaunchEstimate.HourStat> bHours = second.hours();
        for (int i = 0; i < aHours.size(); i++) {
            assertThat(bHours.get(i).recordedRequests()).isEqualTo(aHours.get(i).recordedRequests());
            assertThat(bHours.get(i).quality()).isEqualTo(aHours.get(i).quality());
            assertThat(bHours.get(i).modelled()).isEqualTo(aHours.get(i).modelled());
        }
    }

    /**
     * The acceptance test of reproducible sizing: the same estimate on a quiet machine and beside a
     * busy Spark job (on the same two cores, in the same session) plus a spinning thread gives the
     * same replicas per stage and side and the same verdict, while the CPU times it measured are
     * kept apart and differ (sized from those, as before, the replica counts moved with the load).
     */
    @Test
    void anEstimateBesideABusySparkJobSizesAndJudgesAsOnAQuietMachine() throws Exception {
        LaunchEstimate quiet = estimate(widerLsr(), HOURS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger loadJobs = new AtomicInteger();
        ExecutorService load = Executors.newFixedThreadPool(2);
        LaunchEstimate loaded;
        try {
            Future<?> sparkLoad = load.submit(() -> {
                while (!stop.get()) {
                    spark.range(0, 4_000_000, 1, 4)
                            .selectExpr("sum(sqrt(id) * sin(id)) AS s")
                            .collectAsList();
                    loadJobs.incrementAndGet();
                }
            });
            Future<Double> spinning = load.submit(() -> {
                double x = 1;
                while (!stop.get()) {
                    x = Math.sqrt(x + 1) * Math.sin(x) + 1;
                }
                return x;
            });
            while (loadJobs.get() == 0) {
                assertThat(sparkLoad.isDone()).as("the Spark load job failed").isFalse();
                Thread.sleep(10);
            }
            int before = loadJobs.get();
            loaded = estimate(widerLsr(), HOURS);
            assertThat(loadJobs.get())
                    .as("Spark load jobs that ran beside the estimate")
                    .isGreaterThan(before);
            assertThat(spinning.isDone()).isFalse();
        } finally {
            stop.set(true);
            load.shutdown();
            assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(loaded.pool().verdict()).isEqualTo(quiet.pool().verdict());
        assertThat(loaded.pool().cpuIncrease()).isEqualTo(quiet.pool().cpuIncrease());
        boolean measuredDiffer = false;
        for (int s = 0; s < quiet.stages().size(); s++) {
            LaunchEstimate.StagePlan q = quiet.stages().get(s);
            LaunchEstimate.StagePlan l = loaded.stages().get(s);
            System.out.printf(
                    Locale.ROOT,
                    "%s replicas quiet %d -> %d, loaded %d -> %d; measured candidate p99 quiet %.3f ms, loaded %.3f"
                            + " ms; modelled %.3f ms%n",
                    q.stage(),
                    q.production().plan().replicas(),
                    q.candidate().plan().replicas(),
                    l.production().plan().replicas(),
                    l.candidate().plan().replicas(),
                    q.candidate().measured().p99Ms(),
                    l.candidate().measured().p99Ms(),
                    l.candidate().modelled().p99Ms());
            assertThat(l.production().plan().replicas())
                    .isEqualTo(q.production().plan().replicas());
            assertThat(l.candidate().plan().replicas())
                    .isEqualTo(q.candidate().plan().replicas());
            assertThat(l.production().plan().minimumReplicas())
                    .isEqualTo(q.production().plan().minimumReplicas());
            assertThat(l.candidate().plan().minimumReplicas())
                    .isEqualTo(q.candidate().plan().minimumReplicas());
            assertThat(l.candidate().modelled()).isEqualTo(q.candidate().modelled());
            measuredDiffer |= !l.production().measured().equals(q.production().measured())
                    || !l.candidate().measured().equals(q.candidate().measured());
        }
        assertThat(measuredDiffer)
                .as("the measured CPU times are kept beside the modelled ones, and they are not the same twice")
                .isTrue();
    }

    @Test
    void modelledTimesAreTheCountedFlopsOnTheProfile() throws IOException {
        LaunchEstimate estimate = estimate(widerLsr(), HOURS);
        LaunchEstimate.StagePlan lsr = estimate.stages().get(1);
        // Every LSR request scores the ESR's 100 kept candidates. The candidate, dense(64 -> [64] -> 1): 100 x (2*64
        // + 2*64*64 + 2*64) = 844,800 FLOPs = 84.48 us at 10 GFLOP/s, plus 100 x 100 ns: 94.48 us, every request.
        assertThat(lsr.candidate().modelled().meanMs()).isCloseTo(0.09448, within(1e-12));
        assertThat(lsr.candidate().modelled().p99Ms()).isCloseTo(0.09448, within(1e-12));
        assertThat(lsr.candidate().modelled().cv()).isCloseTo(0, within(1e-9));
        // Production, dense(64 -> [32] -> 1): 100 x (128 + 4,096 + 64) = 428,800 FLOPs = 42.88 us, plus 10 us.
        assertThat(lsr.production().modelled().meanMs()).isCloseTo(0.05288, within(1e-12));
        // Measured times are CPU time on this machine: there, and not the modelled ones.
        assertThat(lsr.candidate().measured().meanMs())
                .isPositive()
                .isNotEqualTo(lsr.candidate().modelled().meanMs());
        for (LaunchEstimate.HourStat hour : estimate.hours()) {
            if (hour.stage().equals("lsr") && hour.variant() == Variant.CANDIDATE) {
                assertThat(hour.modelled().meanMs()).isCloseTo(0.09448, within(1e-12));
            }
        }
    }

    @Test
    void anEstimateAppendsToTablesWrittenBeforeTheModelledColumns() throws IOException {
        LaunchEstimate estimate = estimate(widerLsr(), HOURS);
        Path fresh = dir.resolve("fresh-warehouse");
        LaunchTables.append(spark, Location.of(fresh), estimate);
        // The tables as they were: without the modelled and hardware columns.
        Path old = dir.resolve("old-warehouse");
        for (String table : List.of(LaunchTables.ESTIMATES, LaunchTables.REPLAY)) {
            Dataset<Row> rows =
                    spark.read().format("delta").load(fresh.resolve(table).toString());
            String[] added = Arrays.stream(rows.columns())
                    .filter(c -> c.contains("modelled_") || c.startsWith("hardware_"))
                    .toArray(String[]::new);
            assertThat(added).hasSize(table.equals(LaunchTables.ESTIMATES) ? 8 : 7);
            rows.drop(added).write().format("delta").save(old.resolve(table).toString());
        }
        LaunchTables.append(spark, Location.of(old), estimate);
        Dataset<Row> estimates = spark.read()
                .format("delta")
                .load(old.resolve(LaunchTables.ESTIMATES).toString());
        assertThat(estimates.count()).isEqualTo(4);
        assertThat(estimates.where("hardware_profile IS NULL").count()).isEqualTo(2);
        List<Row> added = estimates
                .where("hardware_profile IS NOT NULL AND stage = 'lsr'")
                .select("candidate_modelled_service_mean_ms", "hardware_profile", "hardware_gflops_per_core")
                .collectAsList();
        assertThat(added).hasSize(1);
        assertThat(added.get(0).getDouble(0)).isCloseTo(0.09448, within(1e-12));
        assertThat(added.get(0).getString(1)).isEqualTo("test-box");
        assertThat(added.get(0).getDouble(2)).isEqualTo(10.0);
        Dataset<Row> replay = spark.read()
                .format("delta")
                .load(old.resolve(LaunchTables.REPLAY).toString());
        assertThat(replay.where("modelled_service_mean_ms IS NOT NULL").count()).isEqualTo(HOURS.size() * 2L * 2);
        assertThat(replay.where("modelled_service_mean_ms IS NULL").count()).isEqualTo(HOURS.size() * 2L * 2);
    }

    @Test
    void theEstimateFollowsTheFunnelTrafficAndPool() throws IOException {
        LaunchEstimate estimate = estimate(widerLsr(), HOURS);
        assertThat(estimate.stages())
                .extracting(LaunchEstimate.StagePlan::stage)
                .containsExactly("esr", "lsr");
        LaunchEstimate.StagePlan esr = estimate.stages().get(0);
        LaunchEstimate.StagePlan lsr = estimate.stages().get(1);
        // 20h is the diurnal peak; the peak rate is production volume: 8e9/day * (1 + 0.5) / 24 / 3600 (feed is the
        // only surface).
        assertThat(esr.peakHour()).isEqualTo(Hour.parse("2026-11-24T20"));
        assertThat(esr.peakRps()).isCloseTo(8e9 * 1.5 / 86_400, within(1.0));
        assertThat(esr.sizedRps()).isCloseTo(esr.peakRps() * 1.25, within(1e-6));
        assertThat(lsr.sizedRps()).isCloseTo(lsr.peakRps() * 1.5, within(1e-6));
        // ESR is unchanged and measured once for both sides; LSR scores the ESR's 100 kept candidates.
        assertThat(esr.changed()).isFalse();
        assertThat(esr.candidate().plan()).isEqualTo(esr.production().plan());
        assertThat(lsr.candidate().candidatesPerRequest()).isEqualTo(100);
        // FLOPs per LSR request, by hand: 100 candidates x (2*64 head + 2*64*h + 2*h output) with h = 32, then 64.
        assertThat(lsr.production().flopsPerRequest()).isEqualTo(100.0 * (128 + 2 * 64 * 32 + 2 * 32));
        assertThat(lsr.candidate().flopsPerRequest()).isEqualTo(100.0 * (128 + 2 * 64 * 64 + 2 * 64));
        // Resource change: replicas x 2 cores each; free = quota 40 - (4 + 4 replicas) x 2 cores = 24 cores.
        double cpu = 2.0
                * (lsr.candidate().plan().replicas() - lsr.production().plan().replicas());
        assertThat(estimate.pool().cpuIncrease()).isEqualTo(cpu);
        assertThat(estimate.pool().cpuFree()).isEqualTo(24.0);
        PoolFit.Verdict expected = cpu <= 24
                ? PoolFit.Verdict.FITS
                : cpu <= 24 + 5000 ? PoolFit.Verdict.NEEDS_APPROVAL : PoolFit.Verdict.CANNOT_FIT;
        assertThat(estimate.pool().verdict()).isEqualTo(expected);
        // Both models read the same 64 of the 128 features through the same head: their quality is close, and better
        // than the base rate.
        assertThat(estimate.productionQuality().orElseThrow().ne()).isLessThan(1.0);
        assertThat(estimate.candidateQuality().orElseThrow().ne())
                .isCloseTo(estimate.productionQuality().orElseThrow().ne(), within(0.02));

        Path warehouse = dir.resolve("warehouse");
        LaunchTables.append(spark, Location.of(warehouse), estimate);
        assertThat(spark.read()
                        .format("delta")
                        .load(warehouse.resolve(LaunchTables.ESTIMATES).toString())
                        .where("estimate_id = '" + estimate.estimateId() + "'")
                        .count())
                .isEqualTo(2);
        assertThat(spark.read()
                        .format("delta")
                        .load(warehouse.resolve(LaunchTables.REPLAY).toString())
                        .where("estimate_id = '" + estimate.estimateId() + "'")
                        .count())
                .isEqualTo(HOURS.size() * 2L * 2);
    }

    @Test
    void addingHoursWithAnotherSeedIsRefusedBeforeAnythingIsWritten() throws IOException {
        long before = Files.getLastModifiedTime(traffic.root().resolve("traffic.json"))
                .toMillis();
        assertThatThrownBy(() -> new TrafficGenerator(spark, registry, 6, 2_400)
                        .write(List.of(Hour.parse("2026-11-24T21")), traffic.root()))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("it was generated with seed 5, not 6");
        assertThat(traffic.root().resolve("requests/ds=2026-11-24/hr=21")).doesNotExist();
        assertThat(Files.getLastModifiedTime(traffic.root().resolve("traffic.json"))
                        .toMillis())
                .isEqualTo(before);
    }

    @Test
    void aCandidateForAnUnregisteredModelIsRefused() throws IOException {
        Model stranger = candidate(
                "stranger", entry("feed_unknown", "lsr", "TIER0", "v2", 4, 10, 80, "{kind: logistic, input_width: 8}"));
        assertThatThrownBy(() -> estimate(stranger, HOURS))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("'feed_unknown': no such model in the registry");
    }

    @Test
    void aScorerWiderThanTheTrafficsFeaturesIsRefused() throws IOException {
        Model wide = candidate(
                "wide",
                entry("feed_lsr", "lsr", "TIER0", "v2", 4, 10, 80, "{kind: dense, input_width: 300, hidden: [8]}"));
        assertThatThrownBy(() -> estimate(wide, HOURS))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("reads 300 features per (user, candidate) pair, but the traffic")
                .hasMessageContaining("carries 128");
    }

    @Test
    void hoursWithoutTrafficAreRefused() throws IOException {
        Model candidate = widerLsr();
        assertThatThrownBy(
                        () -> estimate(candidate, Hour.range(Hour.parse("2026-11-20T00"), Hour.parse("2026-11-20T03"))))
                .isInstanceOfSatisfying(ModelfleetException.class, e -> {
                    assertThat(e.getMessage()).contains("no traffic for hours 2026-11-20T00 .. 2026-11-20T03");
                    assertThat(e.hint()).contains("2 hours, 2026-11-24T19 .. 2026-11-24T20");
                });
    }

    @Test
    void anObjectiveNoReplicaCountMeetsIsRefusedWithItsFloor() throws IOException {
        Model impatient = candidate(
                "impatient",
                entry(
                        "feed_lsr",
                        "lsr",
                        "TIER0",
                        "v2",
                        4,
                        10,
                        1,
                        "{kind: dense, input_width: 64, hidden: [2048, 2048]}"));
        assertThatThrownBy(() -> estimate(impatient, HOURS))
                .isInstanceOf(ModelfleetException.class)
                .hasMessageContaining("no replica count can meet it (floor:");
    }
}
