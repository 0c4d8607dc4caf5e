package io.modelfleet.cli.spark.launch;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.spark.render.LaunchEstimateReport;
import io.modelfleet.cli.spark.render.LaunchReport;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.launch.actions.EstimateLaunch;
import io.modelfleet.launch.actions.SparkLaunchActions;
import io.modelfleet.launcher.BakePlan;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description =
                "Validate a launch request of the registry (launches/<id>.yaml), estimate it by replaying recorded"
                        + " traffic, and record it in the launch workflow, ESTIMATED and waiting for its approvers.",
        footer = {
            "",
            "The request must be valid in its registry (the checks of 'registry validate'). Replicas the",
            "request leaves out are the estimate's, sized for the peak hour. The estimate is also kept in",
            "launch_estimates.",
            "Exit codes: 0 submitted, 2 bad input (nothing recorded), 3 internal error.",
            "",
            "Examples:",
            "  modelfleet launch submit registry/launches/ig_feed_mtml_lsr_v4_wider.yaml",
            "  modelfleet launch submit registry/launches/ig_feed_mtml_lsr_v4_wider.yaml --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class LaunchSubmitCommand extends BaseCommand {
    @Parameters(
            index = "0",
            paramLabel = "FILE",
            description = "The launch request: launches/<id>.yaml in the registry.")
    Path file;

    @Mixin
    ReplayOptions replay;

    @Mixin
    FormatOption format;

    @Mixin
    LaunchPlatform.Options platform;

    @Override
    public Integer call() {
        Path registryRoot = platform.registry.resolve(context());
        Registry registry = RegistryLoader.loadValid(registryRoot);
        Path absolute = context().resolve(file).toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw ModelfleetErrors.launchFileMissing(absolute);
        }
        Launch request = registry.launches().stream()
                .filter(l -> registry.root()
                        .resolve(l.file())
                        .toAbsolutePath()
                        .normalize()
                        .equals(absolute))
                .findFirst()
                .orElseThrow(() -> ModelfleetErrors.launchNotInRegistry(absolute, registryRoot));
        Model production = registry.model(request.model()).orElseThrow();
        try (LaunchPlatform launches = LaunchPlatform.open(context(), platform, registry)) {
            // Before the estimate: a request the workflow would refuse costs no replay and writes nothing.
            launches.launches().checkSubmittable(request);
            Optional<PlannedBakes.Planned> planned =
                    PlannedBakes.of(launches.spark(), platform.warehouse.resolve(context()), registry, request);
            planned.ifPresent(p -> PlannedBakes.check(request, p, launches.attributionWindow()));
            err().printf(
                            Locale.ROOT,
                            "estimating launch %s: %s %s -> %s...%n",
                            request.id(),
                            request.model(),
                            production.serving().version(),
                            request.candidate().version());
            err().flush();
            EstimateLaunch.Result result = replay.applyTo(
                            SparkLaunchActions.lazy(launches::spark)
                                    .estimateLaunch(registry)
                                    .candidate(request.candidateEntry(production), request.model()),
                            context())
                    .warehouse(platform.warehouse.resolve(context()))
                    .progress(line -> {
                        err().println("  " + line);
                        err().flush();
                    })
                    .execute();
            LaunchRecord.Estimate estimate = LaunchPlatform.estimate(
                    result.estimate(),
                    LaunchEstimateReport.evidence(result.estimate(), result.warehouse(), result.seconds()));
            long replicas = request.candidate().replicas().orElse(estimate.replicas());
            LaunchRecord submitted = launches.launches().submit(request, estimate, replicas);
            launches.publish();
            PrintWriter planOut = format.get() == OutputFormat.JSON ? err() : out();
            if (planned.isPresent()) {
                planOut.printf(
                        Locale.ROOT,
                        "planned bakes (from %d h of %s in slo_hourly, %,d events/h; 80%% chance a candidate as good as"
                                + " production passes each step by then):%n",
                        planned.get().hours(),
                        request.model(),
                        planned.get().eventsPerHour());
                BakePlan.describe(planned.get().steps(), request.trafficPlan(), launches.attributionWindow())
                        .forEach(line -> planOut.println("  " + line));
                planOut.printf(
                        Locale.ROOT,
                        "  expected duration: about %d h%n",
                        BakePlan.expectedHours(planned.get().steps(), request.trafficPlan()));
            } else {
                planOut.println("planned bakes: none (slo_hourly has no judged hour of " + request.model()
                        + "; run 'slo run' first to plan from its traffic)");
            }
            planOut.flush();
            LaunchReport.detail(
                    out(), launches.launches().view(submitted.id()), Instant.now(), format.get() == OutputFormat.JSON);
        }
        return ExitCodes.OK;
    }
}
