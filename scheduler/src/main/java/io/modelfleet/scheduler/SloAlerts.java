package io.modelfleet.scheduler;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.modelfleet.alerts.AlertReport;
import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.alerts.Alerting;
import io.modelfleet.alerts.SloState;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DailyRollupJob;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.jobs.slo.HourlySloJob;
import io.modelfleet.jobs.slo.SloHourRecord;
import io.modelfleet.jobs.slo.SloIncidents;
import io.modelfleet.registry.Tier;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The alert step of the SLO jobs ({@code slo run}, and the scheduler's slo-hourly and slo-daily
 * after each hour or day): reads the latest hour of {@code slo_hourly} and the latest day of
 * {@code slo_daily}, and hands them to {@link Alerting}, whose outbox lives in the scheduler's
 * database. It never throws: whatever goes wrong is in the report, and the SLO run it follows stands.
 */
public final class SloAlerts {
    private final AlertSettings settings;
    private final Alerting alerting;

    public SloAlerts(AlertSettings settings, Database database) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(database, "database is null");
        this.alerting = new Alerting(settings, database::connect);
    }

    /** Evaluates what fires from the warehouse's SLO tables and delivers everything pending. */
    public AlertReport evaluate(SparkSession spark, Location warehouse) {
        SloState state;
        try {
            state = read(spark, warehouse);
        } catch (Exception e) {
            // Exception, not RuntimeException: Spark's Scala code throws checked ones undeclared.
            String problem = e instanceof ModelfleetException known
                    ? known.getMessage()
                    : "the SLO tables in " + warehouse + " cannot be read: "
                            + e.getClass().getSimpleName() + ": " + e.getMessage();
            ModelfleetException error = ModelfleetErrors.alertsNotEvaluated(problem, e);
            return alerting.notEvaluated(error.getMessage() + " (" + error.hint() + ")");
        }
        try {
            return alerting.evaluate(state);
        } catch (RuntimeException e) {
            // A bug, not a condition to report to Alertmanager: say so where the run's result is read.
            return new AlertReport(
                    settings.alertmanager().toString(),
                    false,
                    0,
                    0,
                    0,
                    0,
                    0,
                    Optional.of("the alert step failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    /** Delivers alerts earlier steps could not (no Spark involved); empty when nothing waits. */
    public Optional<AlertReport> deliverPending() {
        return alerting.deliverPending();
    }

    /** The latest hour and day of the SLO tables, with the rows the alert rules look at. */
    static SloState read(SparkSession spark, Location warehouse) {
        Location hourlyTable = warehouse.resolve(HourlySloJob.TABLE);
        Location dailyTable = warehouse.resolve(DailyRollupJob.DAILY);
        Optional<Hour> latestHour = Optional.empty();
        List<SloState.ModelHour> hours = List.of();
        if (DeltaTables.exists(hourlyTable)) {
            Dataset<Row> table = spark.read().format("delta").load(hourlyTable.toString());
            Row newest = table.agg(max("hour")).first();
            if (!newest.isNullAt(0)) {
                Hour latest = Hour.of(newest.getTimestamp(0).toInstant());
                Hour from = latest.plus(-(SloState.HOURS - 1));
                latestHour = Optional.of(latest);
                hours = table
                        .where(col("ds")
                                .geq(from.ds())
                                .and(col("hour").geq(Timestamp.from(from.start())))
                                .and(col("hour").leq(Timestamp.from(latest.start())))
                                .and(col("tier").isin(Tier.TIER0.name(), Tier.TIER1.name())))
                        .select(
                                col("model_id"),
                                col("team"),
                                col("tier"),
                                col("hour"),
                                col("status"),
                                col("reasons"),
                                col("run_id"),
                                SloHourRecord.isFinal(table))
                        .collectAsList()
                        .stream()
                        .map(r -> new SloState.ModelHour(
                                r.getString(0),
                                r.getString(1),
                                Tier.valueOf(r.getString(2)),
                                Hour.of(r.getTimestamp(3).toInstant()),
                                SloStatus.valueOf(r.getString(4)),
                                r.isNullAt(5) ? "" : r.getString(5),
                                r.getString(6),
                                r.getBoolean(7)))
                        .toList();
            }
        }
        Optional<LocalDate> latestDay = Optional.empty();
        List<SloState.ModelDay> days = List.of();
        if (DeltaTables.exists(dailyTable)) {
            Dataset<Row> table = spark.read().format("delta").load(dailyTable.toString());
            Row newest = table.agg(max("ds")).first();
            if (!newest.isNullAt(0)) {
                LocalDate latest = TableSchemas.day(newest, 0);
                latestDay = Optional.of(latest);
                days = table
                        .where(col("ds")
                                .geq(latest.minusDays(SloState.DAYS - 1).toString())
                                .and(col("ds").leq(latest.toString())))
                        .select(
                                "model_id",
                                "team",
                                "tier",
                                "ds",
                                "alert",
                                "burn_rate_6h",
                                "burn_rate_24h",
                                "burn_rate_72h",
                                "error_budget_remaining")
                        .collectAsList()
                        .stream()
                        .map(r -> new SloState.ModelDay(
                                r.getString(0),
                                r.getString(1),
                                Tier.valueOf(r.getString(2)),
                                TableSchemas.day(r, 3),
                                Alert.valueOf(r.getString(4).toUpperCase(Locale.ROOT)),
                                optional(r, 5),
                                optional(r, 6),
                                optional(r, 7),
                                optional(r, 8)))
                        .toList();
            }
        }
        return new SloState(latestHour, hours, latestDay, days, incidents(spark, warehouse, latestHour));
    }

    /** The correlated incidents of the latest hour, from {@code slo_incidents} if it is there. */
    private static List<SloState.IncidentHour> incidents(
            SparkSession spark, Location warehouse, Optional<Hour> latest) {
        Location table = warehouse.resolve(SloIncidents.TABLE);
        if (latest.isEmpty() || !DeltaTables.exists(table)) {
            return List.of();
        }
        Hour hour = latest.get();
        Dataset<Row> incidents = spark.read().format("delta").load(table.toString());
        // tables written before label windows existed hold incidents of final hours only
        Column provisional = Arrays.asList(incidents.columns()).contains("provisional")
                ? coalesce(col("provisional"), lit(false))
                : lit(false);
        return incidents
                .where(col("ds").equalTo(hour.ds()).and(col("hour").equalTo(Timestamp.from(hour.start()))))
                .select(
                        col("dimension"),
                        col("value"),
                        col("tier"),
                        col("model_ids"),
                        col("first_hour"),
                        col("cause"),
                        provisional)
                .collectAsList()
                .stream()
                .map(r -> new SloState.IncidentHour(
                        hour,
                        r.getString(0),
                        r.getString(1),
                        Tier.valueOf(r.getString(2)),
                        r.getList(3),
                        Hour.of(r.getTimestamp(4).toInstant()),
                        r.getString(5),
                        r.getBoolean(6)))
                .toList();
    }

    private static Optional<Double> optional(Row row, int i) {
        return row.isNullAt(i) ? Optional.empty() : Optional.of(row.getDouble(i));
    }
}
