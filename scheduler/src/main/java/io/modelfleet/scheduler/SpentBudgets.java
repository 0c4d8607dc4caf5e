package io.modelfleet.scheduler;

import io.modelfleet.core.Location;
import io.modelfleet.jobs.TableSchemas;
import io.modelfleet.jobs.slo.DeltaTables;
import io.modelfleet.launcher.FreezePolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The launch freeze read from {@code slo_daily}: a team is frozen while one of its TIER0 or TIER1
 * models has no error budget left (at most zero) on its latest rolled-up day up to today. Spark
 * starts only when a freeze is first asked about.
 */
public final class SpentBudgets implements FreezePolicy {
    private final Supplier<SparkSession> spark;
    private final Location table;

    public SpentBudgets(Supplier<SparkSession> spark, Location warehouse) {
        this.spark = spark;
        this.table = warehouse.resolve("slo_daily");
    }

    @Override
    public Optional<Freeze> holding(String team, Instant now) {
        if (!DeltaTables.exists(table)) {
            return Optional.empty();
        }
        String today = now.atZone(ZoneOffset.UTC).toLocalDate().toString();
        String escapedTeam = team.replace("'", "''");
        // Each model's latest day: a model whose rollups stopped is judged on its last one.
        List<Row> spent = spark.get()
                .sql("SELECT model_id, tier, ds, error_budget_remaining FROM ("
                        + " SELECT model_id, tier, ds, error_budget_remaining,"
                        + " ROW_NUMBER() OVER (PARTITION BY model_id ORDER BY ds DESC) AS latest"
                        + " FROM delta.`" + table + "`"
                        + " WHERE team = '" + escapedTeam + "' AND tier IN ('TIER0', 'TIER1') AND ds <= '" + today
                        + "')"
                        + " WHERE latest = 1 AND error_budget_remaining <= 0"
                        + " ORDER BY tier, error_budget_remaining, model_id")
                .collectAsList();
        if (spent.isEmpty()) {
            return Optional.empty();
        }
        Row first = spent.get(0);
        return Optional.of(new Freeze(
                first.getString(0),
                first.getString(1),
                TableSchemas.day(first, 2).toString(),
                first.getDouble(3)));
    }
}
