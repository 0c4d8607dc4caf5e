package io.modelfleet.demo;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.Config;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.registry.Diagnostic;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Team;
import io.modelfleet.registry.Tier;
import io.modelfleet.registry.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the whole story end to end on this machine, in a folder laid out like a real deployment.",
        footer = {
            "",
            "The work folder gets registry/ (the sample fleet), logs/, warehouse/, state/ and a modelfleet.yaml,",
            "so every other command can be pointed at it: cd into it, or pass --config DIR/modelfleet.yaml.",
            "With --format json the story goes to standard error and standard output gets one summary of what",
            "the demo did: the fleet, the careless pull request's findings, the incidents found of those",
            "injected, the launch verdict and the units the scheduler did.",
            "",
            "Examples:",
            "  modelfleet demo",
            "  modelfleet demo --workdir /tmp/fleet-demo",
            "  modelfleet demo --format json 2>demo.log | jq .slo"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class DemoCommand extends BaseCommand {
    static final String MARKER = ".modelfleet-demo";

    @Option(
            names = "--workdir",
            paramLabel = "DIR",
            defaultValue = "modelfleet-demo",
            description = "Folder the demo writes everything under (default: ./${DEFAULT-VALUE}).")
    Path workdir;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master for the SLO part (default: local[*]).")
    String master;

    @Option(names = "--registry-only", hidden = true, description = "Stop after the registry part (fast; for tests).")
    boolean registryOnly;

    @Option(
            names = "--sample",
            paramLabel = "DIR",
            hidden = true,
            description = "Sample registry to start from (default: examples/registry of the modelfleet install).")
    Path sample;

    @Mixin
    FormatOption format;

    /** What --format json writes; the Spark parts are null with --registry-only. */
    record Summary(
            String workdir,
            Fleet registry,
            CarelessPullRequest carelessPullRequest,
            SloDemo.Found slo,
            LaunchDemo.Estimated launch,
            LaunchWorkflowDemo.Launched launchWorkflow,
            SchedulerDemo.CaughtUp scheduler,
            String report) {}

    record Fleet(String folder, int files, int models, int servingModels, int teams, int pools) {}

    /** The careless change, and what 'registry validate' said about it. */
    record CarelessPullRequest(String model, boolean valid, long errors, List<String> rules) {}

    @Override
    public Integer call() {
        boolean json = format.get() == OutputFormat.JSON;
        // The story is for people: with --format json it goes to stderr, and stdout holds the summary alone.
        PrintWriter out = json ? err() : out();
        Path dir = context().resolve(workdir);
        Path source = sampleRegistry();
        prepare(dir);
        Path registryDir = dir.resolve("registry");
        copyTree(source, registryDir);
        writeConfig(dir);
        out.println("modelfleet demo in " + dir);
        out.println();
        out.println("1. Registry as code: validating the sample fleet (" + registryDir + ")");
        ValidationReport report = RegistryLoader.load(registryDir);
        if (!report.isValid()) {
            report.diagnostics().forEach(d -> out.println("   " + d.formatLine()));
            throw ModelfleetErrors.sampleInvalid(report.errorCount(), source);
        }
        Registry registry = report.registry();
        out.printf(
                Locale.ROOT,
                "   valid: %d files, %d models, %d teams, %d pools%n",
                report.filesChecked(),
                registry.models().size(),
                registry.teams().size(),
                registry.pools().size());
        out.println();
        int serving = summary(out, registry);
        out.println();
        CarelessPullRequest careless = carelessPullRequest(out, registry, dir.resolve("scratch/pull-request/registry"));
        out.println();
        String command = Optional.ofNullable(System.getProperty("modelfleet.home"))
                .map(h -> h + "/bin/modelfleet")
                .orElse("modelfleet");
        SloDemo.Found slo = null;
        LaunchDemo.Estimated launch = null;
        LaunchWorkflowDemo.Launched workflow = null;
        SchedulerDemo.CaughtUp scheduler = null;
        String reportFile = null;
        if (!registryOnly) {
            slo = SloDemo.run(out, err(), registry, dir, master != null ? master : "local[*]", command);
            out.println();
            LaunchDemo.Outcome estimated =
                    LaunchDemo.run(out, err(), registry, dir, master != null ? master : "local[*]", command);
            launch = estimated.summary();
            out.println();
            workflow =
                    LaunchWorkflowDemo.run(out, err(), dir, estimated, master != null ? master : "local[*]", command);
            out.println();
            scheduler = SchedulerDemo.run(out, dir, master != null ? master : "local[*]", command);
            out.println();
            reportFile = report(out, dir, command);
            out.println();
        }
        out.println("Everything is under " + dir + ":");
        out.println("  registry/         the sample fleet (a git repo's registry folder in real life)");
        out.println(
                "  logs/ warehouse/  prediction logs and Delta tables (filled by the SLO jobs and the launch estimate)");
        out.println("  traffic/          a day of recorded ranking traffic");
        out.println("  scratch/          the careless pull request and the launch candidate above");
        out.println("  state/            the scheduler's job store, work ledger and launch workflow (H2);"
                + " registry-changes/ from finished launches");
        out.println("  report.html       the fleet report (modelfleet report)");
        out.println("  modelfleet.yaml   points every command at these folders");
        out.println();
        out.println("Try next:");
        out.println("  cd " + dir + " && " + command + " registry list --tier TIER0");
        out.println("  " + command + " --config " + dir.resolve("modelfleet.yaml") + " registry show "
                + registry.models().stream()
                        .filter(m -> m.tier() == Tier.TIER0 && m.lifecycle() == Lifecycle.ACTIVE)
                        .findFirst()
                        .orElse(registry.models().get(0))
                        .id());
        out.flush();
        if (json) {
            Json.print(
                    out(),
                    new Summary(
                            dir.toString(),
                            new Fleet(
                                    registryDir.toString(),
                                    report.filesChecked(),
                                    registry.models().size(),
                                    serving,
                                    registry.teams().size(),
                                    registry.pools().size()),
                            careless,
                            slo,
                            launch,
                            workflow,
                            scheduler,
                            reportFile));
        }
        return ExitCodes.OK;
    }

    /** Writes the fleet report into the demo folder; returns its path, or null if it could not be written. */
    private String report(PrintWriter out, Path dir, String command) {
        Path file = dir.resolve("report.html");
        out.println("14. The page on-call opens: the whole fleet over the demo's days, the incidents, budgets, trends"
                + " across the funnel, the launches and data quality, in one file that needs no network:");
        out.println("   " + command + " --config " + dir.resolve("modelfleet.yaml") + " report --out " + file);
        out.println();
        int code = InProcess.run(out, err(), dir, "report", "--out", file.toString());
        out.println(
                "   Open it in any browser (double-click it, or e.g. 'xdg-open " + file + "' / 'open " + file + "');");
        out.println("   it is one file: attach it to the incident ticket as it is.");
        out.flush();
        return code == ExitCodes.OK ? file.toString() : null;
    }

    /** Prints the fleet summary; returns how many models serve (are not deprecated). */
    private int summary(PrintWriter out, Registry registry) {
        List<Model> serving = registry.models().stream()
                .filter(m -> m.lifecycle() != Lifecycle.DEPRECATED)
                .toList();
        out.println("2. Fleet summary (" + serving.size() + " serving models; "
                + (registry.models().size() - serving.size()) + " deprecated)");
        out.println();
        TextTable tiers = new TextTable(List.of("tier", "models", "replicas", "cpu", "gpus"));
        for (Tier tier : Tier.values()) {
            List<Model> inTier = serving.stream().filter(m -> m.tier() == tier).toList();
            Resources used = inTier.stream().map(Model::footprint).reduce(Resources.ZERO, Resources::plus);
            tiers.row(List.of(
                    tier.name(),
                    Integer.toString(inTier.size()),
                    Long.toString(inTier.stream()
                            .mapToLong(m -> m.serving().replicas())
                            .sum()),
                    String.format(Locale.ROOT, "%.0f", used.cpu()),
                    Long.toString(used.gpus())));
        }
        tiers.print(out, "   ");
        out.println();
        TextTable teams = new TextTable(List.of("team", "models", "cpu used / quota", "pool use"));
        for (Team team : registry.teams()) {
            long count = serving.stream()
                    .filter(m -> m.owner().team().equals(team.id()))
                    .count();
            Resources used =
                    team.pools().stream().map(p -> registry.poolUsage(p.id())).reduce(Resources.ZERO, Resources::plus);
            Resources quota = team.pools().stream().map(Team.Pool::quota).reduce(Resources.ZERO, Resources::plus);
            teams.row(List.of(
                    team.id(),
                    Long.toString(count),
                    String.format(Locale.ROOT, "%.0f / %.0f", used.cpu(), quota.cpu()),
                    String.format(Locale.ROOT, "%3.0f%%", quota.cpu() == 0 ? 0 : 100 * used.cpu() / quota.cpu())));
        }
        teams.print(out, "   ");
        out.println();
        counts(out, "surface", serving, Model::surface);
        out.println();
        counts(out, "stage", serving, m -> m.funnelStage().id());
        return serving.size();
    }

    /** Shows what CI tells the author of a pull request that breaks policy. */
    private static CarelessPullRequest carelessPullRequest(PrintWriter out, Registry registry, Path copy) {
        out.println("3. What CI says about a careless pull request (a copy in " + copy + ")");
        deleteQuietly(copy);
        copyTree(registry.root(), copy);
        Model victim = registry.models().stream()
                .filter(m -> m.tier() == Tier.TIER1 && m.lifecycle() != Lifecycle.DEPRECATED)
                .findFirst()
                .orElse(registry.models().get(0));
        Path file = copy.resolve(victim.file());
        try {
            String text =
                    Files.readString(file).replace("tier: TIER1", "tier: TIER0").replaceAll("(?m)^  oncall: .*\n", "")
                            + "slo:\n  calibration_max: 1.4\n";
            Files.writeString(file, text);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(file, e);
        }
        out.println(
                "   change: " + victim.id() + " goes TIER1 -> TIER0, drops its on-call, loosens its calibration band");
        ValidationReport report = RegistryLoader.load(copy);
        for (Diagnostic d : report.diagnostics()) {
            out.println("   " + d.formatLine());
            out.println("       hint: " + d.hint());
        }
        out.println("   -> 'registry validate' exits 1 and the pull request cannot merge");
        return new CarelessPullRequest(
                victim.id(),
                report.isValid(),
                report.errorCount(),
                report.diagnostics().stream().map(Diagnostic::rule).distinct().toList());
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(root, e);
        }
    }

    private static void counts(PrintWriter out, String label, List<Model> models, Function<Model, String> key) {
        Map<String, Long> counts =
                models.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        List<String> parts = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> parts.add(e.getKey() + " " + e.getValue()));
        out.println("   by " + label + ": " + String.join(", ", parts));
    }

    private Path sampleRegistry() {
        if (sample != null) {
            return context().resolve(sample);
        }
        String home = System.getProperty("modelfleet.home", System.getenv("MODELFLEET_HOME"));
        List<Path> candidates = new ArrayList<>();
        if (home != null) {
            candidates.add(Path.of(home, "examples", "registry"));
        }
        candidates.add(context().cwd().resolve("examples/registry"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("tiers.yaml"))) {
                return candidate;
            }
        }
        throw ModelfleetErrors.sampleMissing(candidates);
    }

    /** Refuses to write into a folder the demo did not create, so it never clobbers someone's files. */
    private static void prepare(Path dir) {
        try {
            if (Files.exists(dir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dir.resolve(MARKER))) {
                    throw ModelfleetErrors.workdirNotOurs(dir);
                }
                deleteTree(dir.resolve("registry"));
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "created by modelfleet demo; safe to delete with its folder\n");
            for (String sub : List.of("logs", "warehouse", "state")) {
                Files.createDirectories(dir.resolve(sub));
            }
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(dir, e);
        }
    }

    private static void writeConfig(Path dir) {
        try {
            Files.writeString(
                    dir.resolve(Config.FILE_NAME), """
                    # Written by modelfleet demo. Paths are relative to this file.
                    registry: registry
                    logs: logs
                    warehouse: warehouse
                    state: state
                    spark:
                      master: local[*]
                    scheduler:
                      # The demo's scheduler took over at %s and was down since; jobs fire every
                      # 5 seconds so its catch-up shows quickly (in production: e.g. "0 0/5 * * * ?").
                      start: %s
                      jobs:
                        slo-hourly: {cron: "0/5 * * * * ?", lateness_minutes: 0, max_attempts: 3, backoff_minutes: 5}
                        slo-daily: {cron: "0/5 * * * * ?"}
                        registry-snapshot: {cron: "0/5 * * * * ?"}
                        launch-controller: {cron: "0/5 * * * * ?"}
                    """.formatted(SchedulerDemo.start(), SchedulerDemo.start()));
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(dir.resolve(Config.FILE_NAME), e);
        }
    }

    private static void copyTree(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path destination = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(path, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw ModelfleetErrors.cannotWrite(target, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
