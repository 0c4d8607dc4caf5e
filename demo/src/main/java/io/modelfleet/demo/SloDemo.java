package io.modelfleet.demo;

import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.jobs.Warehouse;
import io.modelfleet.jobs.actions.ComputeSlo;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.LabelDelays;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloIncidents;
import io.modelfleet.jobs.spark.SparkActions;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Tier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The stability-SLO part of the demo: three days of logs with incidents, judged, and what on-call sees. */
final class SloDemo {
    /** Clicks: most within minutes, a tail of an hour. */
    static final LabelDelays LABEL_DELAYS = new LabelDelays(Duration.ofMinutes(10), Duration.ofMinutes(60));

    private SloDemo() {}

    /**
     * What the SLO part found: {@code incidents_found} of the {@code incidents_injected} that make a
     * model unstable or starved, and any other model flagged.
     */
    record Found(
            String from,
            String to,
            long rows,
            long modelHours,
            Map<String, Long> statuses,
            int incidentsInjected,
            long incidentsFound,
            List<String> alsoFlagged,
            long paging,
            long ticketing) {}

    static Found run(PrintWriter out, PrintWriter err, Registry registry, Path dir, String master, String command) {
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Hour first = Hour.of(end.minus(3, ChronoUnit.DAYS));
        List<Hour> hours = Hour.range(first, Hour.of(end).plus(-1));
        // Judged half an hour after the last hour ends, as the scheduler does, whatever the time now:
        // the newest hours are provisional the same way on every run.
        Instant labelsAsOf = end.plus(Duration.ofMinutes(30));
        Hour dayThree = first.plus(48);
        List<Model> serving = registry.models().stream()
                .filter(m -> m.lifecycle() == Lifecycle.ACTIVE)
                .sorted(Comparator.comparing(Model::tier)
                        .thenComparing(m -> m.funnelStage().ordinal(), Comparator.reverseOrder())
                        .thenComparing(Model::id))
                .toList();
        Model miscalibrated = pick(serving, Tier.TIER0, List.of());
        Model degraded = pick(serving, Tier.TIER1, List.of(miscalibrated));
        Model dropped = pick(serving, Tier.TIER3, List.of(miscalibrated, degraded));
        Model noisy = pick(serving, Tier.TIER2, List.of(miscalibrated, degraded, dropped));
        Map<Model, Incident> injected = new LinkedHashMap<>();
        injected.put(
                miscalibrated, new Incident(Incident.Kind.MISCALIBRATE, miscalibrated.id(), dayThree.plus(10), 1.5));
        injected.put(degraded, new Incident(Incident.Kind.NE_DEGRADE, degraded.id(), dayThree.plus(6), 1.0));
        injected.put(dropped, new Incident(Incident.Kind.TRAFFIC_DROP, dropped.id(), dayThree.plus(14), 0.05));
        List<Incident> incidents = new ArrayList<>(injected.values());
        incidents.add(new Incident(Incident.Kind.INVALID_ROWS, noisy.id(), dayThree.plus(3), 40));
        incidents.add(new Incident(Incident.Kind.UNREGISTERED, "ig_feed_mtml_lsr_v9", dayThree.plus(5), 200));
        // A surface-wide outage: every model of one surface miscalibrated for two hours, one cause.
        List<Model> picked = List.of(miscalibrated, degraded, dropped, noisy);
        String outageSurface = serving.stream()
                .map(Model::surface)
                .filter(surface -> picked.stream().noneMatch(m -> m.surface().equals(surface)))
                .sorted()
                .findFirst()
                .orElseThrow(() -> ModelfleetErrors.demoNeeds("a surface no other injected incident touches"));
        Hour outageFrom = dayThree.plus(18);
        Map<String, String> outage = new LinkedHashMap<>();
        for (Model model : serving) {
            if (model.surface().equals(outageSurface)) {
                incidents.add(new Incident(Incident.Kind.MISCALIBRATE, model.id(), outageFrom, 1.8).lasting(2));
                outage.put(model.id(), "surface outage " + outageFrom.toString().substring(11) + "h, 2 h");
            }
        }

        out.println("4. Stability SLOs: three days of prediction logs, " + first + " to " + hours.get(hours.size() - 1)
                + " UTC");
        for (Incident incident : incidents) {
            if (!outage.containsKey(incident.modelId())) {
                out.println("   injected: " + incident);
            }
        }
        out.println("   injected: a surface outage, every " + outageSurface + " model (" + outage.size()
                + ") miscalibrated 1.8x from " + outageFrom + " for 2 h");
        out.flush();
        err.println("   starting Spark (" + master + ")...");
        SparkSession spark = SparkSessions.create(master, "modelfleet-demo");
        spark.sparkContext().setLogLevel("ERROR");
        Location logs = Location.of(dir.resolve("logs"));
        Location warehouse = Location.of(dir.resolve("warehouse"));
        long start = System.nanoTime();
        err.println("   writing prediction logs (a minute or two on 2 cores)...");
        PredictionLogGenerator.Summary generated = new PredictionLogGenerator(
                        spark, registry, 20261125, 1.0, 1.0, incidents)
                .labelDelays(LABEL_DELAYS)
                .progress(line -> err.println("   " + line))
                .write(hours, logs);
        out.printf(
                Locale.ROOT,
                "   wrote %,d rows of Parquet to %s in %.0f s%n",
                generated.plannedRows(),
                logs,
                seconds(start));
        out.flush();
        start = System.nanoTime();
        err.println("   judging " + hours.size() + " hours for " + generated.models() + " models...");
        ComputeSlo.Result run = SparkActions.get(spark)
                .computeSlo(registry)
                .progress(line -> err.println("   " + line))
                .logs(logs)
                .warehouse(warehouse)
                .hours(hours)
                .labelsAsOf(labelsAsOf)
                .execute();
        HourlySloJob.Result result = run.hourly();
        List<LocalDate> days = ComputeSlo.Result.daysOf(result.computed());
        DailyRollupJob.Result daily = run.daily().orElse(DailyRollupJob.Result.NONE);
        if (!result.failed().isEmpty()) {
            throw ModelfleetErrors.demoSloFailed(result.failed().toString());
        }
        out.printf(
                Locale.ROOT,
                "   judged %,d model-hours from %,d rows in %.0f s: %s%n",
                result.written().size(),
                result.rowsRead(),
                seconds(start),
                result.statuses());
        long provisional = result.written().stream().filter(r -> !r.isFinal()).count();
        out.printf(
                Locale.ROOT,
                "   labels arrive late (median %d min, 99%% within %d min): judged as the scheduler would at %s UTC,%n"
                        + "   %,d model-hours of the last %d hours are provisional until their tier's label window closes"
                        + " (%s);%n   budgets count them once they are final%n",
                LABEL_DELAYS.median().toMinutes(),
                LABEL_DELAYS.p99().toMinutes(),
                labelsAsOf.toString().substring(11, 16),
                provisional,
                result.provisional().size(),
                result.provisional().entrySet().stream()
                        .map(e -> e.getKey().toString().substring(11) + "h final at "
                                + e.getValue().toString().substring(11, 16))
                        .collect(Collectors.joining(", ")));
        out.println("   rows for ids not in the registry: "
                + result.unregisteredRows().entrySet().stream()
                        .map(e -> Text.inert(e.getKey(), 64) + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        out.println();

        Warehouse tables = new Warehouse(spark, warehouse);
        out.println("5. What the SLO job found: every model it flagged, from its first flagged hour");
        List<Row> flagged = tables.sql(
                        "SELECT model_id, tier, status, min(hour), count(*), min_by(reasons, hour) FROM slo_hourly"
                                + " WHERE status IN ('UNSTABLE', 'INSUFFICIENT_DATA') GROUP BY model_id, tier, status ORDER BY tier, model_id")
                .collectAsList();
        TextTable found =
                new TextTable(List.of("tier", "model", "status", "from (UTC)", "hours", "first reason", "injected"));
        List<String> unexpected = new ArrayList<>();
        for (Row r : flagged) {
            String model = r.getString(0);
            String injectedAs = outage.containsKey(model)
                    ? outage.get(model)
                    : injected.keySet().stream()
                            .filter(m -> m.id().equals(model))
                            .findFirst()
                            .map(m -> injected.get(m)
                                            .kind()
                                            .name()
                                            .toLowerCase(Locale.ROOT)
                                            .replace('_', '-') + " from "
                                    + injected.get(m).from().toString().substring(11) + "h")
                            .orElse("NO");
            if (injectedAs.equals("NO")) {
                unexpected.add(model);
            }
            found.row(List.of(
                    r.getString(1),
                    model,
                    r.getString(2),
                    r.getTimestamp(3).toInstant().toString().substring(0, 13),
                    Long.toString(r.getLong(4)),
                    r.getString(5),
                    injectedAs));
        }
        found.print(out, "   ");
        long detected = injected.keySet().stream()
                .filter(m -> flagged.stream().anyMatch(r -> r.getString(0).equals(m.id())))
                .count();
        out.println("   " + detected + " of " + injected.size() + " injected incidents found; "
                + (unexpected.isEmpty() ? "nothing else flagged" : "also flagged: " + unexpected));
        out.println();
        out.println("   Correlated incidents: breaches sharing a surface, stage or team in one hour, one alert each");
        if (result.incidents().isEmpty()) {
            out.println("   none");
        }
        for (SloIncidents.Found incident : result.incidents()) {
            CorrelatedIncidents.Incident i = incident.incident();
            out.println("   " + i.hour() + "  " + i.key() + ": " + i.models().size() + " of " + i.groupModels()
                    + " models since " + incident.firstHour() + " — " + i.cause());
        }
        out.println();
        out.println("6. Error budgets on the last day (" + days.get(days.size() - 1) + "): " + daily.paging()
                + " paging, " + daily.ticketing() + " ticketing");
        List<Row> budgets = tables.sql(
                        "SELECT tier, model_id, alert, burn_rate_6h, burn_rate_24h, error_budget_remaining FROM slo_daily"
                                + " WHERE ds = '" + days.get(days.size() - 1)
                                + "' AND alert <> 'none' ORDER BY tier, model_id")
                .collectAsList();
        if (!budgets.isEmpty()) {
            TextTable table =
                    new TextTable(List.of("tier", "model", "alert", "burn 6h", "burn 24h", "28-day budget spent"));
            for (Row r : budgets) {
                table.row(List.of(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        String.format(Locale.ROOT, "%.1f", r.getDouble(3)),
                        String.format(Locale.ROOT, "%.1f", r.getDouble(4)),
                        String.format(Locale.ROOT, "%.0f%%", 100 * (1 - r.getDouble(5)))));
            }
            table.print(out, "   ");
            out.println(
                    "   (the budget counts evaluated hours; with 3 days of data a few bad hours spend it many times over)");
        }
        out.println();
        out.println("   The tables are Delta, in " + warehouse
                + ": slo_hourly, slo_daily, slo_daily_rollup, slo_incidents, slo_unregistered.");
        out.println("   Query them, e.g.:");
        out.println("   " + command + " sql --warehouse " + warehouse + " --format csv \\");
        out.println("       \"SELECT tier, count(*) FROM slo_hourly WHERE status='UNSTABLE' GROUP BY tier\"");
        out.println("   " + command + " slo status --warehouse " + warehouse);
        out.println("   and everything about the miscalibrated model on one screen (registry entry, on-call, its last"
                + " hours, budget, launches, file history):");
        out.println("   " + command + " --config " + dir.resolve("modelfleet.yaml") + " model " + miscalibrated.id()
                + " --hours 6");
        out.println();
        InProcess.run(out, err, dir, "model", miscalibrated.id(), "--hours", "6");
        out.flush();
        Map<String, Long> statuses = new LinkedHashMap<>();
        result.statuses().forEach((status, count) -> statuses.put(status.name(), count));
        return new Found(
                first.toString(),
                hours.get(hours.size() - 1).toString(),
                generated.plannedRows(),
                result.written().size(),
                statuses,
                injected.size(),
                detected,
                unexpected,
                daily.paging(),
                daily.ticketing());
    }

    private static Model pick(List<Model> serving, Tier tier, List<Model> taken) {
        return serving.stream()
                .filter(m -> m.tier() == tier && !taken.contains(m))
                .findFirst()
                .or(() -> serving.stream().filter(m -> !taken.contains(m)).findFirst())
                .orElseThrow(() -> ModelfleetErrors.demoNeeds("at least four active models"));
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
