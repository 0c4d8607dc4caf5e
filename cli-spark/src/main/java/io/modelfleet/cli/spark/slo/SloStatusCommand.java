package io.modelfleet.cli.spark.slo;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.cli.spark.WarehouseQuery;
import io.modelfleet.cli.spark.render.SkippedTables;
import io.modelfleet.core.Location;
import io.modelfleet.jobs.Warehouse;
import io.modelfleet.jobs.slo.SloIncidents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "What on-call wants to see: models unstable in the latest hour and budgets burning, most critical first.",
        footer = {
            "",
            "Examples:",
            "  modelfleet slo status",
            "  modelfleet slo status --warehouse modelfleet-demo/warehouse --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SloStatusCommand extends BaseCommand {
    @Mixin
    WarehouseQuery warehouse;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Location warehousePath = warehouse.folder(context());
        Warehouse tables = warehouse.open(context());
        List<Row> latest = tables.sql("SELECT max(hour) FROM slo_hourly").collectAsList();
        SkippedTables.warn(err(), tables);
        if (latest.isEmpty() || latest.get(0).isNullAt(0)) {
            out().println("no SLO results yet in " + warehousePath);
            return ExitCodes.OK;
        }
        String hour = latest.get(0).getTimestamp(0).toInstant().toString().substring(0, 13);
        // tables written before label windows existed hold final hours only
        boolean labelWindows = Arrays.asList(
                        tables.sql("SELECT * FROM slo_hourly LIMIT 0").columns())
                .contains("final");
        String isFinal = labelWindows ? "coalesce(final, true)" : "true";
        String finalAt = labelWindows ? "final_at" : "CAST(NULL AS TIMESTAMP)";
        List<Row> unstable = tables.sql(
                        "SELECT tier, model_id, team, surface, funnel_stage, calibration, ne, reasons, " + isFinal
                                + ", " + finalAt + " FROM slo_hourly"
                                + " WHERE hour = (SELECT max(hour) FROM slo_hourly) AND status IN ('UNSTABLE', 'WATCH',"
                                + " 'INSUFFICIENT_DATA', 'NO_DATA')"
                                + " ORDER BY tier, CASE status WHEN 'UNSTABLE' THEN 0 WHEN 'WATCH' THEN 1 ELSE 2 END, model_id")
                .collectAsList();
        // Incidents lead: one cause behind many models is what on-call needs first.
        boolean hasIncidents = tables.tables().contains(SloIncidents.TABLE);
        String incidentsQuery = "SELECT dimension, value, tier, models, group_models, first_hour, cause, model_ids"
                + " FROM slo_incidents WHERE hour = (SELECT max(hour) FROM slo_hourly) ORDER BY models DESC, dimension";
        List<Row> incidents = hasIncidents ? tables.sql(incidentsQuery).collectAsList() : List.of();
        List<Row> counts = tables.sql(
                        "SELECT status, count(*) FROM slo_hourly WHERE hour = (SELECT max(hour) FROM slo_hourly)"
                                + " GROUP BY status ORDER BY status")
                .collectAsList();
        Row provisional = tables.sql("SELECT count_if(NOT " + isFinal + "), count(DISTINCT if(" + isFinal
                        + ", NULL, hour)), max(if(" + isFinal + ", NULL, " + finalAt
                        + ")) FROM slo_hourly WHERE hour > (SELECT max(hour) FROM slo_hourly)"
                        + " - INTERVAL 7 DAYS")
                .first();
        List<Row> burning = tables.sql(
                        "SELECT tier, model_id, alert, burn_rate_6h, burn_rate_24h, error_budget_remaining, attainment_28d"
                                + " FROM slo_daily WHERE ds = (SELECT max(ds) FROM slo_daily) AND (alert <> 'none' OR error_budget_remaining < 0.5)"
                                + " ORDER BY tier, CASE alert WHEN 'page' THEN 0 WHEN 'ticket' THEN 1 ELSE 2 END, model_id")
                .collectAsList();
        if (format.get() == OutputFormat.JSON) {
            out().println(tables.sql("SELECT to_json(named_struct('hour', '" + hour
                            + "', 'unstable', (SELECT collect_list(named_struct("
                            + "'tier', tier, 'model_id', model_id, 'status', status, 'reasons', reasons, 'final', "
                            + isFinal
                            + ", 'final_at', date_format(" + finalAt + ", \"yyyy-MM-dd'T'HH:mm'Z'\"))) FROM slo_hourly"
                            + " WHERE hour = (SELECT max(hour)"
                            + " FROM slo_hourly) AND status <> 'STABLE'), 'burning', (SELECT collect_list(named_struct('tier', tier, 'model_id', model_id,"
                            + " 'alert', alert, 'error_budget_remaining', error_budget_remaining)) FROM slo_daily WHERE ds = (SELECT max(ds) FROM slo_daily)"
                            + " AND (alert <> 'none' OR error_budget_remaining < 0.5)), 'provisional_model_hours', "
                            + provisional.getLong(0) + ", 'incidents', "
                            + (hasIncidents
                                    ? "(SELECT collect_list(named_struct('dimension', dimension, 'value', value, 'tier',"
                                            + " tier, 'models', model_ids, 'group_models', group_models, 'first_hour',"
                                            + " date_format(first_hour, \"yyyy-MM-dd'T'HH\"), 'cause', cause))"
                                            + " FROM slo_incidents WHERE hour = (SELECT max(hour) FROM slo_hourly))"
                                    : "array()")
                            + "))")
                    .collectAsList()
                    .get(0)
                    .getString(0));
            return ExitCodes.OK;
        }
        List<String> summary = new ArrayList<>();
        counts.forEach(r -> summary.add(r.getString(0) + " " + r.getLong(1)));
        out().println("latest hour " + hour + " UTC: " + String.join(", ", summary));
        if (provisional.getLong(0) > 0) {
            out().println("provisional: " + String.format(Locale.ROOT, "%,d", provisional.getLong(0))
                    + " model-hours over "
                    + provisional.getLong(1)
                    + " hour(s) judged before their labels were complete; budgets count them once"
                    + " final (last window closes "
                    + provisional.getTimestamp(2).toInstant().toString().substring(0, 16)
                    + " UTC)");
        }
        out().println();
        if (!incidents.isEmpty()) {
            out().println("correlated incidents in the latest hour (one alert each, not one per model):");
            for (Row i : incidents) {
                out().println("  " + i.getString(0) + " " + i.getString(1) + " (" + i.getString(2) + "): "
                        + i.getLong(3) + " of " + i.getLong(4) + " models since "
                        + i.getTimestamp(5).toInstant().toString().substring(0, 13) + " UTC");
                out().println("    " + i.getString(6));
                out().println("    " + String.join(", ", i.<String>getList(7)));
            }
            out().println();
        }
        if (unstable.isEmpty()) {
            out().println("nothing unstable in the latest hour");
        } else {
            out().println("not stable in the latest hour:");
            TextTable table = new TextTable(
                    List.of("tier", "model", "team", "surface/stage", "calibration", "NE", "labels", "why"));
            for (Row r : unstable) {
                table.row(List.of(
                        r.getString(0),
                        r.getString(1),
                        r.getString(2),
                        r.getString(3) + "/" + r.getString(4),
                        num(r, 5),
                        num(r, 6),
                        r.getBoolean(8)
                                ? "final"
                                : "provisional until "
                                        + r.getTimestamp(9)
                                                .toInstant()
                                                .toString()
                                                .substring(5, 16)
                                                .replace('T', ' '),
                        r.getString(7)));
            }
            table.print(out(), "  ");
        }
        out().println();
        if (burning.isEmpty()) {
            out().println("no error budget burning");
        } else {
            out().println("error budgets (latest day):");
            TextTable table = new TextTable(
                    List.of("tier", "model", "alert", "burn 6h", "burn 24h", "budget left", "28d attainment"));
            for (Row r : burning) {
                table.row(List.of(
                        r.getString(0), r.getString(1), r.getString(2), num(r, 3), num(r, 4), pct(r, 5), pct(r, 6)));
            }
            table.print(out(), "  ");
        }
        out().flush();
        return ExitCodes.OK;
    }

    private static String num(Row r, int i) {
        return Text.num(r.isNullAt(i) ? null : r.getDouble(i));
    }

    private static String pct(Row r, int i) {
        return Text.pct(r.isNullAt(i) ? null : r.getDouble(i));
    }
}
