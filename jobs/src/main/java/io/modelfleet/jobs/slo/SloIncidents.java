package io.modelfleet.jobs.slo;

import static org.apache.spark.sql.functions.col;

import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.CorrelatedIncidents;
import io.modelfleet.core.slo.CorrelatedIncidents.Incident;
import io.modelfleet.core.slo.CorrelatedIncidents.ModelHour;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.registry.Tier;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code slo_incidents}: the correlated incidents ({@link CorrelatedIncidents}) of the hours a run
 * of the hourly job rewrote, one row per incident and hour, written whole days at a time like
 * {@code slo_hourly} so a rerun replaces them. {@code first_hour} is where the incident's unbroken
 * run of hours began, also when that was in an earlier day.
 */
public final class SloIncidents {
    public static final String TABLE = "slo_incidents";

    static final StructType SCHEMA = TableSchemas.commented(
            TABLE,
            new StructType()
                    .add("ds", DataTypes.DateType, false)
                    .add("hour", DataTypes.TimestampType, false)
                    .add("dimension", DataTypes.StringType, false)
                    .add("value", DataTypes.StringType, false)
                    // the most critical tier among its models: what the incident's alert is routed by
                    .add("tier", DataTypes.StringType, false)
                    .add("models", DataTypes.LongType, false)
                    .add("group_models", DataTypes.LongType, false)
                    .add("model_ids", DataTypes.createArrayType(DataTypes.StringType, false), false)
                    .add("first_hour", DataTypes.TimestampType, false)
                    .add("cause", DataTypes.StringType, false)
                    .add("run_id", DataTypes.StringType, false)
                    .add("computed_at", DataTypes.TimestampType, false)
                    // any of its model-hours judged before its labels were complete (nullable: older tables lack it)
                    .add("provisional", DataTypes.BooleanType, true));

    private SloIncidents() {}

    /** An incident with the hour its run began. */
    public record Found(Incident incident, Hour firstHour) {}

    /**
     * Finds the incidents of every hour in {@code judged} (whole days of {@code slo_hourly} rows)
     * and replaces those days of the table with them.
     *
     * @return the incidents found, oldest hour first
     */
    public static List<Found> write(
            SparkSession spark,
            Location warehouse,
            List<SloHourRecord> judged,
            CorrelatedIncidents.Settings settings,
            String runId,
            Instant computedAt) {
        if (judged.isEmpty()) {
            return List.of();
        }
        Map<Instant, List<ModelHour>> byHour = new TreeMap<>();
        Map<String, Tier> tiers = new HashMap<>();
        Map<Instant, Set<String>> provisional = new HashMap<>();
        for (SloHourRecord r : judged) {
            tiers.put(r.modelId(), r.tier());
            if (!r.isFinal()) {
                provisional.computeIfAbsent(r.hour(), k -> new HashSet<>()).add(r.modelId());
            }
            byHour.computeIfAbsent(r.hour(), k -> new ArrayList<>())
                    .add(new ModelHour(
                            r.modelId(),
                            Map.of(
                                    "surface",
                                    r.surface(),
                                    "funnel_stage",
                                    r.funnelStage().id(),
                                    "team",
                                    r.team()),
                            r.status(),
                            r.reasons()));
        }
        Location table = warehouse.resolve(TABLE);
        Instant firstHour = byHour.keySet().iterator().next();
        Map<String, Hour> running = runningBefore(spark, table, Hour.of(firstHour));
        List<Found> found = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        Hour previous = null;
        for (Map.Entry<Instant, List<ModelHour>> hour : byHour.entrySet()) {
            Hour h = Hour.of(hour.getKey());
            if (previous != null && !previous.plus(1).equals(h)) {
                running = Map.of();
            }
            Map<String, Hour> now = new HashMap<>();
            for (Incident incident : CorrelatedIncidents.find(h, hour.getValue(), settings)) {
                Hour first = running.getOrDefault(incident.key(), h);
                now.put(incident.key(), first);
                found.add(new Found(incident, first));
                rows.add(RowFactory.create(
                        h.day(),
                        Timestamp.from(h.start()),
                        incident.dimension(),
                        incident.value(),
                        mostCritical(incident, tiers).name(),
                        (long) incident.models().size(),
                        (long) incident.groupModels(),
                        incident.models().toArray(String[]::new),
                        Timestamp.from(first.start()),
                        incident.cause(),
                        runId,
                        Timestamp.from(computedAt),
                        incident.models().stream()
                                .anyMatch(provisional.getOrDefault(hour.getKey(), Set.of())::contains)));
            }
            running = now;
            previous = h;
        }
        String firstDay = Hour.of(firstHour).ds();
        String lastDay = judged.stream()
                .map(SloHourRecord::ds)
                .max(Comparator.naturalOrder())
                .orElseThrow()
                .toString();
        DeltaTables.replace(
                spark.createDataFrame(rows, SCHEMA).coalesce(1),
                table,
                "ds >= '" + firstDay + "' AND ds <= '" + lastDay + "'",
                "ds",
                "incidents of " + firstDay + (firstDay.equals(lastDay) ? "" : " to " + lastDay));
        return found;
    }

    private static Tier mostCritical(Incident incident, Map<String, Tier> tiers) {
        return incident.models().stream()
                .map(tiers::get)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    /** The incidents of the hour before {@code hour}, by key, with the hour each run began. */
    private static Map<String, Hour> runningBefore(SparkSession spark, Location table, Hour hour) {
        if (!DeltaTables.exists(table)) {
            return Map.of();
        }
        Hour before = hour.plus(-1);
        Map<String, Hour> running = new HashMap<>();
        for (Row r : spark.read()
                .format("delta")
                .load(table.toString())
                .where(col("ds").equalTo(before.ds()).and(col("hour").equalTo(Timestamp.from(before.start()))))
                .select("dimension", "value", "first_hour")
                .collectAsList()) {
            running.put(
                    r.getString(0) + "=" + r.getString(1),
                    Hour.of(r.getTimestamp(2).toInstant()));
        }
        return running;
    }
}
