package io.modelfleet.cli.spark.slo;

import io.modelfleet.alerts.AlertReport;
import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourConverter;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RangeGuard;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.WarehouseOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.spark.AlertsConfig;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloHourRecord;
import io.modelfleet.jobs.slo.SloIncidents;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.scheduler.Database;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SloAlerts;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Compute calibration and NE per model-hour from prediction logs, judge them, update slo_hourly and slo_daily.",
        footer = {
            "",
            "Rerunning an hour replaces exactly that hour, atomically. A missing hour gives NO_DATA rows;",
            "an hour with an unreadable or malformed file fails alone (exit 1) and the other hours are written.",
            "With 'alerts:' in modelfleet.yaml the run then sends what fires (UNSTABLE TIER0/TIER1 models in the",
            "latest hour, burning budgets on the latest day) to Alertmanager; a failed delivery is reported and",
            "retried by the next run, never an exit code.",
            "",
            "Examples:",
            "  modelfleet slo run --hour 2026-11-24T13",
            "  modelfleet slo run --registry registry --logs logs --warehouse warehouse \\",
            "      --from 2026-11-22T00 --to 2026-11-24T23",
            "  modelfleet slo run --from 2026-11-24T00 --to 2026-11-24T23 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SloRunCommand extends BaseCommand {
    static final class Range {
        @Option(
                names = "--from",
                required = true,
                paramLabel = "H",
                converter = HourConverter.class,
                description = "First hour, YYYY-MM-DDTHH (UTC).")
        Hour from;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "H",
                converter = HourConverter.class,
                description = "Last hour, included.")
        Hour to;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    HoursChoice hours;

    static final class HoursChoice {
        @Option(
                names = "--hour",
                paramLabel = "H",
                converter = HourConverter.class,
                description = "One hour, YYYY-MM-DDTHH (UTC).")
        Hour hour;

        @ArgGroup(exclusive = false)
        Range range;
    }

    @Mixin
    RegistryOption registryOption;

    @Option(
            names = "--logs",
            paramLabel = "DIR|URL",
            description =
                    "Prediction logs: a folder, or a URL such as s3a://bucket/logs (default: from modelfleet.yaml).")
    String logs;

    @Mixin
    WarehouseOption warehouseOption;

    @Option(
            names = "--allow-data-loss",
            description = "Replace hours that have rows in slo_hourly even when their logs now hold none, or under"
                    + " 10%% of those rows (log retention, a mistyped --logs). Off: such hours are refused.")
    boolean allowDataLoss;

    @Mixin
    RangeGuard rangeGuard;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    private SparkSession spark;

    @Override
    public Integer call() {
        List<Hour> range = hours.hour != null ? List.of(hours.hour) : Hour.range(hours.range.from, hours.range.to);
        rangeGuard.check(context(), range);
        // Read before any work: a mistake in 'alerts:' (or in 'scheduler:', whose database keeps the alert outbox)
        // is refused up front, not after an hour of Spark.
        Optional<AlertSettings> alertSettings = AlertsConfig.of(context());
        Optional<SchedulerSettings> outbox = alertSettings.map(settings -> SchedulerSettings.from(
                context().config().scheduler(), context().config().state()));
        Registry registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        Location logsPath = logs != null
                ? context().location(logs, Input.LOGS)
                : context().config().logs();
        Location warehousePath = warehouseOption.resolve(context());
        ComputeSlo action = SparkActions.lazy(this::spark)
                .computeSlo(registry)
                .logs(logsPath)
                .warehouse(warehousePath)
                .progress(this::progress)
                .allowDataLoss(allowDataLoss)
                .incidents(context().config().incidents())
                .hours(range);
        err().println("judging " + range.size() + " hour(s), " + range.get(0) + " to " + range.get(range.size() - 1)
                + "...");
        ComputeSlo.Result run = action.execute();
        HourlySloJob.Result result = run.hourly();
        DailyRollupJob.Result daily = run.daily().orElse(DailyRollupJob.Result.NONE);
        Optional<AlertReport> alerts =
                alertSettings.map(settings -> sendAlerts(settings, outbox.orElseThrow(), warehousePath));
        if (format.get() == OutputFormat.JSON) {
            printJson(result, daily, alerts);
        } else {
            printText(result, daily, warehousePath, alerts);
        }
        out().flush();
        return result.failed().isEmpty() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }

    /** The session the SLO job started (or one, if it did not need to): the alert step reads the tables with it. */
    private SparkSession spark() {
        if (spark == null) {
            spark = sparkOptions.start(context());
        }
        return spark;
    }

    /**
     * The alert step, as the scheduler runs it after an hour: the outbox lives in the scheduler's
     * database, so a run here and a scheduler node share one record of what fires.
     */
    private AlertReport sendAlerts(AlertSettings settings, SchedulerSettings scheduler, Location warehouse) {
        Database database = new Database(scheduler.database(), scheduler.user(), scheduler.password());
        try {
            return new SloAlerts(settings, database).evaluate(spark(), warehouse);
        } finally {
            database.shutdown();
        }
    }

    private void printText(
            HourlySloJob.Result result,
            DailyRollupJob.Result daily,
            Location warehousePath,
            Optional<AlertReport> alerts) {
        PrintWriter out = out();
        out.printf(
                Locale.ROOT,
                "computed %d hour(s) from %,d rows; model-hours: %s%n",
                result.computed().size(),
                result.rowsRead(),
                result.statuses());
        if (!result.provisional().isEmpty()) {
            out.println("provisional (labels still coming in; not in budgets until computed again after their label"
                    + " window closes): "
                    + result.provisional().entrySet().stream()
                            .map(e -> e.getKey() + " until "
                                    + e.getValue().toString().substring(0, 16) + "Z")
                            .collect(Collectors.joining(", ")));
        }
        if (!result.incidents().isEmpty()) {
            out.println("correlated incidents (" + result.incidents().size() + "), each one alert, not one per model:");
            for (SloIncidents.Found found : result.incidents()) {
                CorrelatedIncidents.Incident i = found.incident();
                out.println("  " + i.hour() + "  " + i.key() + "  " + i.models().size() + " of " + i.groupModels()
                        + " models, since " + found.firstHour() + ": " + i.cause());
            }
        }
        List<SloHourRecord> unstable = result.written().stream()
                .filter(r -> r.status() == SloStatus.UNSTABLE && r.runId().equals(result.runId()))
                .toList();
        if (!unstable.isEmpty()) {
            out.println("unstable model-hours (" + unstable.size() + "):");
            unstable.stream()
                    .limit(20)
                    .forEach(r -> out.println("  " + r.hour().toString().substring(0, 13) + "  " + r.tier() + "  "
                            + r.modelId() + "  " + r.reasons()));
            if (unstable.size() > 20) {
                out.println("  ... and " + (unstable.size() - 20)
                        + " more: modelfleet sql \"SELECT * FROM slo_hourly WHERE status = 'UNSTABLE'\"");
            }
        }
        if (!result.unregisteredRows().isEmpty()) {
            out.println("rows for ids not in the registry: "
                    + result.unregisteredRows().entrySet().stream()
                            .map(e -> Text.inert(e.getKey(), 64) + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        if (!result.misplacedRows().isEmpty()) {
            out.println("rows outside their hour (event_time over "
                    + HourlySloJob.MISPLACED_TOLERANCE.toMinutes() + " min off; left out of the metrics): "
                    + result.misplacedRows().entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
        for (HourlySloJob.FailedHour failed : result.failed()) {
            out.println("FAILED " + failed.hour() + ": " + failed.message()
                    + (failed.reason() == HourlySloJob.FailedHour.Reason.WOULD_LOSE_ROWS
                            ? " (pass --allow-data-loss to replace it)"
                            : ""));
        }
        out.println("daily rollups: " + daily.days().size() + " day(s), " + daily.paging() + " paging, "
                + daily.ticketing() + " ticketing");
        out.println("tables in " + warehousePath + ": " + HourlySloJob.TABLE + ", " + DailyRollupJob.DAILY + ", "
                + DailyRollupJob.ROLLUP);
        alerts.ifPresent(report -> out.println(report.summary()));
    }

    /**
     * What --format json writes; statuses and unregistered_rows are counts by status and by id;
     * provisional_until gives, per hour judged before its labels were complete, when its window closes;
     * alerts is null when modelfleet.yaml has no 'alerts:'.
     */
    record Run(
            String runId,
            List<String> computedHours,
            List<Failed> failedHours,
            long rowsRead,
            Map<String, Long> statuses,
            Map<String, Long> unregisteredRows,
            Map<String, Long> misplacedRows,
            Map<String, String> provisionalUntil,
            long paging,
            long ticketing,
            List<IncidentJson> incidents,
            Alerts alerts) {}

    /** A correlated incident in one hour: the failing models of one surface, stage or team. */
    record IncidentJson(
            String hour,
            String dimension,
            String value,
            List<String> models,
            int groupModels,
            String firstHour,
            String cause) {
        static IncidentJson of(SloIncidents.Found found) {
            CorrelatedIncidents.Incident i = found.incident();
            return new IncidentJson(
                    i.hour().toString(),
                    i.dimension(),
                    i.value(),
                    i.models(),
                    i.groupModels(),
                    found.firstHour().toString(),
                    i.cause());
        }
    }

    record Failed(String hour, String error, String reason) {}

    /** The alert step: counts as in {@link AlertReport}; error is null when everything was delivered. */
    record Alerts(
            String alertmanager, int firing, int started, int resolved, int delivered, int pending, String error) {
        static Alerts of(AlertReport report) {
            return new Alerts(
                    report.alertmanager(),
                    report.firing(),
                    report.started(),
                    report.resolved(),
                    report.delivered(),
                    report.pending(),
                    report.problem().orElse(null));
        }
    }

    private void printJson(HourlySloJob.Result result, DailyRollupJob.Result daily, Optional<AlertReport> alerts) {
        Map<String, Long> statuses = new LinkedHashMap<>();
        result.statuses().forEach((k, v) -> statuses.put(k.name(), v));
        Json.print(
                out(),
                new Run(
                        result.runId(),
                        result.computed().stream().map(Hour::toString).toList(),
                        result.failed().stream()
                                .map(f -> new Failed(
                                        f.hour().toString(),
                                        f.message(),
                                        f.reason().name().toLowerCase(Locale.ROOT)))
                                .toList(),
                        result.rowsRead(),
                        statuses,
                        new LinkedHashMap<>(result.unregisteredRows()),
                        misplaced(result),
                        provisional(result),
                        daily.paging(),
                        daily.ticketing(),
                        result.incidents().stream().map(IncidentJson::of).toList(),
                        alerts.map(Alerts::of).orElse(null)));
    }

    /** Per provisional hour, when its last label window closes. */
    private static Map<String, String> provisional(HourlySloJob.Result result) {
        Map<String, String> byHour = new LinkedHashMap<>();
        result.provisional().forEach((hour, until) -> byHour.put(hour.toString(), until.toString()));
        return byHour;
    }

    private static Map<String, Long> misplaced(HourlySloJob.Result result) {
        Map<String, Long> byHour = new LinkedHashMap<>();
        result.misplacedRows().forEach((hour, rows) -> byHour.put(hour.toString(), rows));
        return byHour;
    }

    private void progress(String line) {
        err().println("  " + line);
        err().flush();
    }
}
