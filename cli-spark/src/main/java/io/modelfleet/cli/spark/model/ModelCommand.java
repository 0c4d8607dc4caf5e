package io.modelfleet.cli.spark.model;

import static org.apache.spark.sql.functions.col;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Team;
import io.modelfleet.report.FleetReport.LaunchLine;
import io.modelfleet.report.FleetReport.ModelFacts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Everything on-call needs about one model on one screen: its registry entry, owners and on-call,"
                + " pool use, its last hours of SLO results with reasons, error budget and burn, its launches, and"
                + " the last changes to its registry file.",
        footer = {
            "",
            "Reads slo_hourly and slo_daily from the warehouse, launches from the scheduler's database (if there",
            "is one) and the registry file's history from git (if the registry is in a repository).",
            "Exit codes: 0 shown, 2 unknown model or bad option, 3 internal error.",
            "",
            "Examples:",
            "  modelfleet model ig_feed_mtml_lsr_v3",
            "  modelfleet model ig_feed_mtml_lsr_v3 --hours 6 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class ModelCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Model id.")
    String id;

    @Option(names = "--hours", paramLabel = "N", description = "Latest SLO hours shown (1 to 168, default: 24).")
    int hours = 24;

    @Mixin
    LaunchPlatform.Options platform;

    @Mixin
    FormatOption format;

    /** One judged hour. */
    record SloHour(
            String hour,
            String status,
            Double calibration,
            Double calibrationLo,
            Double calibrationHi,
            Double ne,
            Double neLo,
            Double neHi,
            long events,
            String reasons) {}

    /** The latest day's budget. */
    record Budget(
            String ds,
            Double attainment28d,
            Double errorBudgetRemaining,
            Double burnRate6h,
            Double burnRate24h,
            String alert) {}

    /** One commit that touched the model's file. */
    record Change(String commit, String date, String author, String subject) {}

    record Shown(
            String modelId,
            String file,
            String tier,
            String type,
            String surface,
            String stage,
            String lifecycle,
            String team,
            String oncall,
            List<String> contacts,
            String servingVersion,
            long replicas,
            String pool,
            String poolUse,
            String slo,
            String sloException,
            List<SloHour> sloHours,
            Budget budget,
            List<LaunchLine> launches,
            List<Change> changes) {}

    @Override
    public Integer call() {
        if (hours < 1 || hours > 168) {
            throw ModelfleetErrors.outOfRange(
                    "show a model", "hours", Input.HOURS_MORE, "[1, 168]", hours, "use e.g. 24");
        }
        Path registryRoot = platform.registry(context());
        Registry registry = RegistryLoader.loadValidParts(registryRoot, warning -> {
            err().println("warning: " + warning);
            err().flush();
        });
        Model model = registry.modelNamed(id);
        ModelFacts facts = ModelContext.facts(registry, model);
        Location warehouse = platform.warehouse(context());
        SparkSession spark = platform.spark(context());
        Shown shown = new Shown(
                model.id(),
                model.file(),
                model.tier().name(),
                model.type(),
                model.surface(),
                model.funnelStage().id(),
                model.lifecycle().id(),
                model.owner().team(),
                ModelContext.oncall(registry, model),
                model.owner().contacts(),
                model.serving().version(),
                model.serving().replicas(),
                model.pool(),
                poolUse(registry, model),
                facts.slo(),
                facts.sloException(),
                sloHours(spark, warehouse, model.id(), hours),
                budget(spark, warehouse, model.id()).orElse(null),
                ModelContext.launches(context(), platform, registry).getOrDefault(model.id(), List.of()),
                changes(registryRoot, model.file()));
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), shown);
            return ExitCodes.OK;
        }
        print(out(), shown);
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, Shown m) {
        out.printf(
                Locale.ROOT,
                "%s  %s %s, %s/%s, %s (%s)%n",
                m.modelId(),
                m.tier(),
                m.type(),
                m.surface(),
                m.stage(),
                m.lifecycle(),
                m.file());
        out.printf(
                Locale.ROOT,
                "  owner      %s; on-call %s%s%n",
                m.team(),
                m.oncall() == null ? "none" : m.oncall(),
                m.contacts().isEmpty() ? "" : "; " + String.join(" ", m.contacts()));
        out.printf(
                Locale.ROOT,
                "  serving    %s, %d replicas; pool %s: %s%n",
                m.servingVersion(),
                m.replicas(),
                m.pool(),
                m.poolUse());
        if (m.slo() != null) {
            out.println("  SLO        " + m.slo());
        }
        if (m.sloException() != null) {
            out.println("  exception  " + m.sloException());
        }
        if (m.budget() == null) {
            out.println("  budget     no slo_daily row yet");
        } else {
            Budget b = m.budget();
            out.printf(
                    Locale.ROOT,
                    "  budget     %s: %s left, 28-day attainment %s, burn 6h %s, 24h %s, alert %s%n",
                    b.ds(),
                    Text.pct(b.errorBudgetRemaining()),
                    Text.pct(b.attainment28d()),
                    Text.num(b.burnRate6h()),
                    Text.num(b.burnRate24h()),
                    b.alert());
        }
        out.println();
        if (m.sloHours().isEmpty()) {
            out.println("no SLO hours in slo_hourly yet");
        } else {
            out.println("last " + m.sloHours().size() + " SLO hours (newest first):");
            TextTable table =
                    new TextTable(List.of("HOUR", "STATUS", "CALIBRATION [95%]", "NE [95%]", "EVENTS", "WHY"));
            for (SloHour h : m.sloHours()) {
                table.row(List.of(
                        h.hour(),
                        h.status(),
                        h.calibration() == null
                                ? Text.NONE
                                : Text.num(h.calibration()) + " [" + Text.num(h.calibrationLo()) + ", "
                                        + Text.num(h.calibrationHi()) + "]",
                        h.ne() == null
                                ? Text.NONE
                                : Text.num(h.ne()) + " [" + Text.num(h.neLo()) + ", " + Text.num(h.neHi()) + "]",
                        Long.toString(h.events()),
                        Text.inert(h.reasons(), 100)));
            }
            table.print(out, "  ");
        }
        out.println();
        if (m.launches().isEmpty()) {
            out.println("no launches");
        } else {
            out.println("launches:");
            TextTable table = new TextTable(List.of("LAUNCH", "STATE", "CANDIDATE", "STEP", "WAITING FOR"));
            m.launches()
                    .forEach(l -> table.row(
                            List.of(l.launch(), l.state(), l.candidate(), l.step(), Text.inert(l.waitingFor(), 80))));
            table.print(out, "  ");
        }
        out.println();
        if (m.changes().isEmpty()) {
            out.println("no history of " + m.file() + " (the registry is not in a git repository, or git is missing)");
        } else {
            out.println("last changes to " + m.file() + ":");
            m.changes()
                    .forEach(c -> out.printf(
                            Locale.ROOT,
                            "  %s %s %-20s %s%n",
                            c.commit(),
                            c.date(),
                            c.author(),
                            Text.inert(c.subject(), 80)));
        }
        out.flush();
    }

    private static String poolUse(Registry registry, Model model) {
        Team.Pool pool = registry.pools().get(model.pool());
        if (pool == null) {
            return "unknown pool";
        }
        Resources used = registry.poolUsage(pool.id());
        return String.format(
                Locale.ROOT,
                "%s of %s cpu, %s of %s GiB, %d of %d GPUs in use (this model %s cpu)",
                Text.amount(used.cpu()),
                Text.amount(pool.quota().cpu()),
                Text.amount(used.memoryGb()),
                Text.amount(pool.quota().memoryGb()),
                used.gpus(),
                pool.quota().gpus(),
                Text.amount(model.footprint().cpu()));
    }

    private static List<SloHour> sloHours(SparkSession spark, Location warehouse, String model, int hours) {
        Location table = warehouse.resolve("slo_hourly");
        List<SloHour> out = new ArrayList<>();
        if (!DeltaTables.exists(table)) {
            return out;
        }
        for (Row r : spark.read()
                .format("delta")
                .load(table.toString())
                .where(col("model_id").equalTo(model))
                .orderBy(col("hour").desc())
                .limit(hours)
                .select(
                        "hour",
                        "status",
                        "calibration",
                        "calibration_lo",
                        "calibration_hi",
                        "ne",
                        "ne_lo",
                        "ne_hi",
                        "events",
                        "reasons")
                .collectAsList()) {
            out.add(new SloHour(
                    r.getTimestamp(0).toInstant().toString().substring(0, 13),
                    r.getString(1),
                    value(r, 2),
                    value(r, 3),
                    value(r, 4),
                    value(r, 5),
                    value(r, 6),
                    value(r, 7),
                    r.getLong(8),
                    r.getString(9)));
        }
        return out;
    }

    private static Optional<Budget> budget(SparkSession spark, Location warehouse, String model) {
        Location table = warehouse.resolve("slo_daily");
        if (!DeltaTables.exists(table)) {
            return Optional.empty();
        }
        List<Row> rows = spark.read()
                .format("delta")
                .load(table.toString())
                .where(col("model_id").equalTo(model))
                .orderBy(col("ds").desc())
                .limit(1)
                .select("ds", "attainment_28d", "error_budget_remaining", "burn_rate_6h", "burn_rate_24h", "alert")
                .collectAsList();
        return rows.stream()
                .findFirst()
                .map(r -> new Budget(
                        TableSchemas.day(r, 0).toString(),
                        value(r, 1),
                        value(r, 2),
                        value(r, 3),
                        value(r, 4),
                        r.getString(5)));
    }

    /** The last five commits that touched the file, from git; empty without git or outside a repository. */
    static List<Change> changes(Path registryRoot, String file) {
        List<Change> out = new ArrayList<>();
        try {
            Process git = new ProcessBuilder(
                            "git",
                            "-C",
                            registryRoot.toString(),
                            "log",
                            "-n",
                            "5",
                            "--date=short",
                            "--format=%h%x09%ad%x09%an%x09%s",
                            "--",
                            file)
                    .redirectErrorStream(false)
                    .start();
            git.getOutputStream().close();
            String text = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            git.getErrorStream().readAllBytes();
            if (!git.waitFor(10, TimeUnit.SECONDS) || git.exitValue() != 0) {
                return out;
            }
            for (String line : text.lines().toList()) {
                String[] parts = line.split("\t", 4);
                if (parts.length == 4) {
                    out.add(new Change(parts[0], parts[1], parts[2], parts[3]));
                }
            }
        } catch (IOException e) {
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    private static Double value(Row r, int i) {
        return r.isNullAt(i) ? null : r.getDouble(i);
    }
}
