package io.modelfleet.cli.registry;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryFolderOptions;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Tier;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List models, filtered by tier, team, type, surface, stage or lifecycle.",
        footer = {
            "",
            "Filters combine with AND; a filter given several values (comma-separated or repeated) matches",
            "any of them.",
            "",
            "Examples:",
            "  modelfleet registry list --tier TIER0,TIER1",
            "  modelfleet registry list --team feed_ranking --stage lsr --format json",
            "  modelfleet registry list --surface reels --format csv > reels.csv"
        })
@Formats({OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV})
public final class ListCommand extends BaseCommand {
    @Mixin
    RegistryFolderOptions registryFolder;

    @Option(names = "--tier", split = ",", paramLabel = "TIER", description = "TIER0 … TIER4.")
    Set<Tier> tiers;

    @Option(names = "--team", split = ",", paramLabel = "TEAM", description = "Owning team id.")
    Set<String> teams;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Model type (family), e.g. ig_feed_mtml.")
    Set<String> types;

    @Option(names = "--surface", split = ",", paramLabel = "SURFACE", description = "feed, stories_tray, reels, …")
    Set<String> surfaces;

    @Option(names = "--stage", split = ",", paramLabel = "STAGE", description = "sourcing, esr or lsr.")
    Set<String> stages;

    @Option(names = "--lifecycle", split = ",", paramLabel = "LIFECYCLE", description = "active, shadow or deprecated.")
    Set<String> lifecycles;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Registry registry = LoadedRegistry.load(context(), registryFolder.resolve(context()));
        if (stages != null) {
            stages.forEach(FunnelStageOption::check);
        }
        if (lifecycles != null) {
            lifecycles.forEach(FunnelStageOption::checkLifecycle);
        }
        Predicate<Model> filter = m -> matches(tiers, m.tier())
                && matches(teams, m.owner().team())
                && matches(types, m.type())
                && matches(surfaces, m.surface())
                && matches(stages, m.funnelStage().id())
                && matches(lifecycles, m.lifecycle().id());
        List<Model> models = registry.models().stream().filter(filter).toList();
        switch (format.get()) {
            // Each model's entry as written in its YAML file.
            case JSON -> Json.print(out(), models.stream().map(Model::source).toList());
            case CSV -> table(models).printCsv(out());
            default -> {
                table(models).print(out());
                out().println(models.size() + " of " + registry.models().size() + " models");
            }
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static TextTable table(List<Model> models) {
        TextTable table = new TextTable(
                List.of("id", "type", "tier", "team", "surface", "stage", "lifecycle", "version", "replicas"));
        for (Model m : models) {
            table.row(List.of(
                    m.id(),
                    m.type(),
                    m.tier().name(),
                    m.owner().team(),
                    m.surface(),
                    m.funnelStage().id(),
                    m.lifecycle().id(),
                    m.serving().version(),
                    Long.toString(m.serving().replicas())));
        }
        return table;
    }

    private static <T> boolean matches(Set<T> wanted, T value) {
        return wanted == null || wanted.isEmpty() || wanted.contains(value);
    }

    /** Rejects unknown stage and lifecycle names with the allowed values, instead of silently matching nothing. */
    private static final class FunnelStageOption {
        static void check(String stage) {
            try {
                FunnelStage.fromId(stage);
            } catch (IllegalArgumentException e) {
                throw ModelfleetErrors.unknownFilterValue("stage", stage, List.of("sourcing", "esr", "lsr"));
            }
        }

        static void checkLifecycle(String lifecycle) {
            try {
                Lifecycle.fromId(lifecycle);
            } catch (IllegalArgumentException e) {
                throw ModelfleetErrors.unknownFilterValue(
                        "lifecycle", lifecycle, List.of("active", "shadow", "deprecated"));
            }
        }
    }
}
