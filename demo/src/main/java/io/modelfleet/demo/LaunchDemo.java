package io.modelfleet.demo;

import io.modelfleet.cli.Config;
import io.modelfleet.cli.spark.render.LaunchEstimateReport;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.launch.actions.EstimateLaunch;
import io.modelfleet.launch.actions.SparkLaunchActions;
import io.modelfleet.launch.traffic.TrafficGenerator;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.ScorerKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** The demo's launch part: a day of recorded traffic, and an estimate for a twice-as-wide LSR model. */
final class LaunchDemo {
    static final long REQUESTS_PER_DAY = 100_000;
    static final int SAMPLES_PER_HOUR = 200;
    private static final Pattern HIDDEN = Pattern.compile("hidden: \\[([0-9, ]+)]");
    private static final Pattern VERSION = Pattern.compile("(?m)^(  version: v)([0-9]+)");

    private LaunchDemo() {}

    /** What the demo's launch estimate said. */
    record Estimated(
            String model,
            String productionVersion,
            String candidateVersion,
            long recordedRequests,
            String estimateId,
            String verdict,
            double cpuIncrease) {}

    /** The summary, and what the workflow part goes on with: the estimate and the candidate it judged. */
    record Outcome(Estimated summary, EstimateLaunch.Result result, Model candidate) {}

    static Outcome run(PrintWriter out, PrintWriter err, Registry registry, Path dir, String master, String command) {
        Model lsr = registry.models().stream()
                .filter(m -> m.surface().equals("feed")
                        && m.funnelStage() == FunnelStage.LSR
                        && m.lifecycle() == Lifecycle.ACTIVE
                        && m.serving().scorer().kind() == ScorerKind.DENSE)
                .max(Comparator.comparingLong((Model m) -> m.serving().replicas())
                        .thenComparing(Model::id))
                .orElseThrow(() -> ModelfleetErrors.demoNeeds("an active dense feed LSR model"));
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<Hour> day =
                Hour.range(Hour.of(end.minus(1, ChronoUnit.DAYS)), Hour.of(end).plus(-1));
        Path trafficDir = dir.resolve("traffic");
        Path candidateFile = dir.resolve("scratch/launch/" + lsr.id() + ".yaml");
        writeWiderCandidate(registry.root().resolve(lsr.file()), candidateFile);
        Model candidate = RegistryLoader.loadModelFile(candidateFile);

        out.println("7. Launch capacity: " + lsr.owner().team() + " wants to ship " + lsr.id() + " "
                + candidate.serving().version() + ", twice as wide ("
                + lsr.serving().scorer().hidden() + " -> "
                + candidate.serving().scorer().hidden() + ")");
        out.printf(
                Locale.ROOT,
                "   recording a day of ranking traffic (%,d requests, %s to %s)...%n",
                REQUESTS_PER_DAY,
                day.get(0),
                day.get(day.size() - 1));
        out.flush();
        SparkSession spark = SparkSessions.create(master, "modelfleet-demo");
        long start = System.nanoTime();
        TrafficGenerator.Summary traffic =
                new TrafficGenerator(spark, registry, 20261125, REQUESTS_PER_DAY).write(day, trafficDir);
        out.printf(
                Locale.ROOT,
                "   wrote %,d recorded requests for %d surfaces in %.0f s%n",
                traffic.requests(),
                traffic.surfaces().size(),
                (System.nanoTime() - start) / 1e9);
        err.println("   replaying feed traffic through production and the candidate, sizing each stage...");
        EstimateLaunch.Result estimate = SparkLaunchActions.get(spark)
                .estimateLaunch(registry)
                .candidate(candidate, lsr.id())
                .traffic(trafficDir)
                .hours(day.get(0), day.get(day.size() - 1))
                .samplesPerHour(SAMPLES_PER_HOUR)
                .warehouse(Location.of(dir.resolve("warehouse")))
                .hardware(Config.load(dir.resolve(Config.FILE_NAME)).hardware())
                .progress(line -> err.println("   " + line))
                .execute();
        Location warehouse = estimate.warehouse();
        out.println();
        out.println("8. The estimate (" + command + " --config " + dir.resolve("modelfleet.yaml")
                + " launch estimate --model " + lsr.id() + " --candidate " + candidateFile + ")");
        StringWriter report = new StringWriter();
        LaunchEstimateReport.text(new PrintWriter(report), estimate.estimate(), warehouse, estimate.seconds());
        report.toString().lines().forEach(line -> out.println("   " + line));
        out.println("   Query it: " + command + " sql --warehouse " + warehouse
                + " \"SELECT stage, production_replicas, candidate_replicas, verdict FROM launch_estimates\"");
        out.flush();
        return new Outcome(
                new Estimated(
                        lsr.id(),
                        estimate.estimate().productionVersion(),
                        estimate.estimate().candidateVersion(),
                        traffic.requests(),
                        estimate.estimate().estimateId(),
                        estimate.estimate().pool().verdict().name(),
                        estimate.estimate().pool().cpuIncrease()),
                estimate,
                candidate);
    }

    /** The model's entry with the next version and every hidden layer twice as wide. */
    static void writeWiderCandidate(Path entry, Path target) {
        try {
            String text = Files.readString(entry);
            Matcher hidden = HIDDEN.matcher(text);
            if (!hidden.find()) {
                throw ModelfleetErrors.cannotWiden(entry);
            }
            String doubled = Arrays.stream(hidden.group(1).split(","))
                    .map(w -> String.valueOf(2 * Integer.parseInt(w.strip())))
                    .reduce((a, b) -> a + ", " + b)
                    .orElseThrow();
            text = hidden.replaceFirst("hidden: [" + doubled + "]");
            Matcher version = VERSION.matcher(text);
            if (version.find()) {
                text = version.replaceFirst("$1" + (Integer.parseInt(version.group(2)) + 1));
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, text);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(target, e);
        }
    }
}
