package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.ModelfleetCommand;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.launch.traffic.TrafficProfiler;
import io.modelfleet.launch.traffic.TrafficSet;
import io.modelfleet.registry.TrafficProfile;
import io.modelfleet.registry.generate.SchemaBase;
import io.modelfleet.registry.generate.TrafficProfileYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
        name = "profile",
        mixinStandardHelpOptions = true,
        description = "Read one surface's recorded traffic into a traffic profile (traffic/<surface>.yaml in the"
                + " registry): what 'registry diff' sizes launches from, without the traffic or Spark.",
        footer = {
            "",
            "The profile holds the peak hour's production request rate, the candidates each request sources",
            "(percentiles of the requests a launch estimate with the same --samples-per-hour and --seed times),",
            "and the hardware profile service times are modelled on (modelfleet.yaml's hardware:, else the",
            "default). Commit it to the registry: the plan comment of a pull request that adds or changes a",
            "launches/*.yaml of that surface then shows the estimate's verdict (FITS / NEEDS_APPROVAL /",
            "CANNOT_FIT) and replicas per stage, sized as 'launch estimate' sizes them. Regenerate it when",
            "the traffic or the hardware changes; the plan shows its date.",
            "Exit codes: 0 written, 2 bad input or usage (nothing written), 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch profile --surface feed",
            "  modelfleet launch profile --surface feed --traffic traffic --out registry/traffic/feed.yaml",
            "  modelfleet launch profile --surface reels --from 2026-11-24T00 --to 2026-11-24T23 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchProfileCommand extends BaseCommand {
    private static final Pattern SURFACE = Pattern.compile("^[a-z][a-z0-9]*(_[a-z0-9]+)*$");

    @Spec
    CommandSpec spec;

    @Option(
            names = "--surface",
            required = true,
            paramLabel = "SURFACE",
            description = "The surface whose requests to profile, e.g. feed.")
    String surface;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the profile (default: traffic/<surface>.yaml in the registry).")
    Path out;

    @Option(
            names = "--schema-base",
            paramLabel = "URL|DIR",
            description = "Where the file's modeline points editors for traffic-profile.schema.json: a URL prefix or a"
                    + " folder (default: the schemas published with this version), as in 'generate registry'.")
    String schemaBase;

    @Mixin
    RegistryOption registryOption;

    @Mixin
    ReplayOptions replay;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    /** What --format json writes: the file and the numbers sizing reads from it. */
    record Written(
            String file,
            String surface,
            String profiledAt,
            String from,
            String to,
            long recordedRequests,
            String peakHour,
            double peakRps,
            long sampledRequests,
            int sourcedP1,
            int sourcedP50,
            int sourcedP99,
            String hardware) {}

    @Override
    public Integer call() {
        if (!SURFACE.matcher(surface).matches()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--surface': '" + surface
                            + "' is not a surface id (snake_case, e.g. feed or stories_tray)");
        }
        if (out != null && Files.isDirectory(context().resolve(out))) {
            throw ModelfleetErrors.outputIsAFolder(context().resolve(out), surface + ".yaml");
        }
        Path target = out != null
                ? context().resolve(out)
                : RegistryOption.resolve(context(), registryOption.given())
                        .resolve("traffic")
                        .resolve(surface + ".yaml");
        Path trafficDir = replay.trafficDir != null
                ? context().resolve(replay.trafficDir)
                : context().config().traffic();
        TrafficSet traffic = TrafficSet.open(trafficDir);
        TrafficProfiler profiler = new TrafficProfiler(sparkOptions.start(context()), traffic, line -> {
            err().println("  " + line);
            err().flush();
        });
        TrafficProfile profile = profiler.profile(
                surface,
                replay.range.from().orElse(null),
                replay.range.to().orElse(null),
                replay.samplesPerHour,
                replay.seed.get(),
                context().config().hardware(),
                Instant.now());
        String command = "modelfleet launch profile --surface " + surface
                + (replay.trafficDir != null ? " --traffic " + replay.trafficDir : "")
                + " --samples-per-hour "
                + replay.samplesPerHour + " --seed " + replay.seed.get() + " --from "
                + profile.recorded().from()
                + " --to " + profile.recorded().to();
        String yaml = TrafficProfileYaml.write(profile, schemaBase(), target, command);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, yaml);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(target, e);
        }
        List<Integer> percentiles = profile.sourcedCandidates().percentiles();
        Written written = new Written(
                target.toString(),
                surface,
                profile.profiledAt().toString(),
                profile.recorded().from().toString(),
                profile.recorded().to().toString(),
                profile.recorded().requests(),
                profile.peak().hour().toString(),
                profile.peak().productionRps(),
                profile.sourcedCandidates().sampledRequests(),
                percentiles.get(1),
                percentiles.get(50),
                percentiles.get(99),
                profile.hardware().name());
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), written);
        } else {
            out().printf(
                            Locale.ROOT,
                            "wrote %s: %s, %s .. %s (%,d recorded requests); peak %s at %,.0f requests/s;"
                                    + " sourced candidates p1 %,d, p50 %,d, p99 %,d over %,d sampled requests; hardware '%s'%n",
                            target,
                            surface,
                            written.from(),
                            written.to(),
                            written.recordedRequests(),
                            written.peakHour(),
                            written.peakRps(),
                            written.sourcedP1(),
                            written.sourcedP50(),
                            written.sourcedP99(),
                            written.sampledRequests(),
                            written.hardware());
        }
        out().flush();
        return ExitCodes.OK;
    }

    private SchemaBase schemaBase() {
        if (schemaBase != null) {
            return SchemaBase.parse(schemaBase, context().cwd());
        }
        try {
            return ModelfleetCommand.Version.projectVersion()
                    .map(SchemaBase::published)
                    .orElse(SchemaBase.DEVELOPMENT);
        } catch (IOException e) {
            return SchemaBase.DEVELOPMENT;
        }
    }
}
