package io.modelfleet.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Baseline for the report: the aggregates `modelfleet report` reads (tier × hour status counts,
 * per-model totals, the flagged models' hours, the last day's budgets and the daily rollups), as
 * DuckDB queries over the same tables' Parquet files. DuckDB's Delta extension is downloaded at run
 * time, which this machine cannot, so the live files are taken from the Delta log the way a DuckDB
 * user without it would: every {@code add} not later {@code remove}d. Prints each run's time; the
 * first run is cold.
 *
 * <p>Usage: DuckDbReportQueries WAREHOUSE FROM_TS TO_TS [RUNS]
 */
public final class DuckDbReportQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DuckDbReportQueries() {}

    /** The table's live Parquet files, as a DuckDB list literal. */
    static String liveFiles(Path table) {
        Set<String> live = new LinkedHashSet<>();
        try (Stream<Path> logs = Files.list(table.resolve("_delta_log"))) {
            for (Path commit :
                    logs.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(commit)) {
                    JsonNode action = JSON.readTree(line);
                    if (action.has("add")) {
                        live.add(action.get("add").get("path").asText());
                    } else if (action.has("remove")) {
                        live.remove(action.get("remove").get("path").asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return live.stream()
                .map(p -> "'" + table.resolve(URLDecoder.decode(p, StandardCharsets.UTF_8)) + "'")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    public static void main(String[] args) throws SQLException {
        Path warehouse = Path.of(args[0]);
        String from = args[1];
        String to = args[2];
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                // Listing the files is part of the work: the report reads the log too.
                String hourly =
                        "read_parquet(" + liveFiles(warehouse.resolve("slo_hourly")) + ", hive_partitioning = true)";
                String daily =
                        "read_parquet(" + liveFiles(warehouse.resolve("slo_daily")) + ", hive_partitioning = true)";
                String rollup = "read_parquet(" + liveFiles(warehouse.resolve("slo_daily_rollup"))
                        + ", hive_partitioning = true)";
                String period = " WHERE hour >= TIMESTAMP '" + from + "' AND hour < TIMESTAMP '" + to + "'";
                statement.execute("CREATE OR REPLACE TEMP TABLE h AS SELECT * FROM " + hourly + period);
                long cells = count(
                        statement,
                        "SELECT tier, hour, count(*) FILTER (WHERE status = 'STABLE'),"
                                + " count(*) FILTER (WHERE status = 'UNSTABLE'),"
                                + " count(*) FILTER (WHERE status = 'INSUFFICIENT_DATA'),"
                                + " count(*) FILTER (WHERE status = 'NO_DATA') FROM h GROUP BY tier, hour");
                List<String> flagged = new ArrayList<>();
                long models;
                try (ResultSet r = statement.executeQuery("SELECT model_id, max(tier), count(*),"
                        + " count(*) FILTER (WHERE status = 'UNSTABLE') AS unstable,"
                        + " count(*) FILTER (WHERE status IN ('INSUFFICIENT_DATA', 'NO_DATA')) AS unjudged,"
                        + " sum(rows), sum(invalid_rows) FROM h GROUP BY model_id"
                        + " ORDER BY unstable DESC, model_id")) {
                    models = 0;
                    while (r.next()) {
                        models++;
                        boolean gaps = r.getLong(5) > 0 && r.getLong(5) < r.getLong(3);
                        if ((r.getLong(4) > 0 || gaps) && flagged.size() < 40) {
                            flagged.add(r.getString(1));
                        }
                    }
                }
                long hours = flagged.isEmpty()
                        ? 0
                        : count(
                                statement,
                                "SELECT model_id, hour, status, calibration, calibration_lo,"
                                        + " calibration_hi, ne, ne_lo, ne_hi, ne_baseline, rows, events, invalid_rows,"
                                        + " unlabeled_rows, reasons, calibration_min, calibration_max, ne_regression_limit,"
                                        + " min_events FROM h WHERE model_id IN ("
                                        + flagged.stream()
                                                .map(id -> "'" + id + "'")
                                                .collect(Collectors.joining(", "))
                                        + ") ORDER BY model_id, hour");
                long budgets = count(
                        statement,
                        "SELECT * FROM " + daily + " WHERE alert IN ('page', 'ticket')"
                                + " AND CAST(ds AS VARCHAR) = (SELECT max(CAST(ds AS VARCHAR)) FROM " + daily
                                + " WHERE CAST(ds AS DATE) <= CAST(TIMESTAMP '" + to + "' - INTERVAL 1 HOUR AS DATE))");
                long trends = count(
                        statement,
                        "SELECT dimension, value, ds, models, evaluated_hours, unstable_hours," + " stability FROM "
                                + rollup + " WHERE dimension IN ('funnel_stage', 'surface', 'tier')");
                System.out.printf(
                        "duckdb run %d: %.3f s, %d heatmap cells, %d models, %d flagged hours, %d budgets, %d trend points%n",
                        run + 1, (System.nanoTime() - start) / 1e9, cells, models, hours, budgets, trends);
            }
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        long n = 0;
        try (ResultSet r = statement.executeQuery(sql)) {
            while (r.next()) {
                n++;
            }
        }
        return n;
    }
}
