package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.LatestSlo;
import io.modelfleet.core.slo.SloOpenMetrics;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.jobs.ExternalTool;
import io.modelfleet.jobs.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code slo export} end to end: SLOs judged for a small deployment, exported to a file, the file's
 * numbers compared with the tables read here with SQL of their own, and the file checked by the
 * real {@code promtool}.
 */
class TestSloExportCommand {
    static final String MISCALIBRATED = "ig_feed_mtml_lsr_v3";
    static final String SILENT = "ig_reels_mtml_lsr_v3";

    @TempDir
    static Path cwd;

    @BeforeAll
    static void judgedDeployment() throws IOException {
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(
                cwd.resolve("modelfleet.yaml"),
                "registry: registry\nlogs: logs\nwarehouse: warehouse\nspark:\n  master: local[2]\n");
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T10",
                "--to",
                "2026-11-24T11",
                // enough events for every tier's minimum, so that the hours are judged
                "--scale",
                "0.6",
                // an UNSTABLE TIER0 model, and a model whose newest hour has no rows (its metrics undefined)
                "--incident",
                "miscalibrate:" + MISCALIBRATED + ":2026-11-24T10:1.8",
                "--incident",
                "traffic-drop:" + SILENT + ":2026-11-24T11:0.0000001");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        CliRun run = CliRun.run(cwd, "slo", "run", "--from", "2026-11-24T10", "--to", "2026-11-24T11");
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @Test
    void theFileHoldsTheNewestHourAndBudgetOfEveryModelAndPromtoolAcceptsIt() throws Exception {
        Path file = cwd.resolve("textfile/modelfleet.prom");
        CliRun export = CliRun.run(cwd, "slo", "export", "--out", "textfile/modelfleet.prom");
        assertThat(export.exitCode()).as(export.err()).isZero();

        Map<String, Double> samples = samples(Files.readString(file));
        List<Row> hourly = SharedSpark.get()
                .sql("SELECT model_id, team, tier, hour, status, events, calibration, calibration_lo,"
                        + " calibration_hi, ne, ne_lo, ne_hi FROM delta.`" + table("slo_hourly") + "`"
                        + " WHERE hour = (SELECT max(hour) FROM delta.`" + table("slo_hourly") + "`)")
                .collectAsList();
        Map<String, Row> daily = new HashMap<>();
        SharedSpark.get()
                .sql("SELECT d.model_id, d.ds, d.error_budget_remaining, d.burn_rate_6h, d.burn_rate_24h,"
                        + " d.burn_rate_72h FROM delta.`" + table("slo_daily") + "` d"
                        + " WHERE d.ds = (SELECT max(e.ds) FROM delta.`" + table("slo_daily") + "` e"
                        + " WHERE e.model_id = d.model_id)")
                .collectAsList()
                .forEach(r -> daily.put(r.getString(0), r));
        assertThat(hourly).hasSize(FleetFiles.servingModels().size());
        assertThat(export.out()).isEqualTo("wrote " + file + ": " + hourly.size() + " models, hour 2026-11-24T11\n");

        int checked = 0;
        for (Row r : hourly) {
            String labels = "model_id=\"" + r.getString(0) + "\",team=\"" + r.getString(1) + "\",tier=\""
                    + r.getString(2) + "\"";
            long hourStart = r.getTimestamp(3).toInstant().getEpochSecond();
            assertThat(samples)
                    .containsEntry("modelfleet_slo_hour_timestamp_seconds{" + labels + "}", (double) hourStart);
            for (SloStatus status : SloStatus.values()) {
                assertThat(samples)
                        .containsEntry(
                                "modelfleet_slo_status{" + labels + ",modelfleet_slo_status=\"" + status + "\"}",
                                status.name().equals(r.getString(4)) ? 1.0 : 0.0);
            }
            assertThat(samples).containsEntry("modelfleet_slo_events{" + labels + "}", (double) r.getLong(5));
            String[] hourFamilies = {"calibration", "calibration_lo", "calibration_hi", "ne", "ne_lo", "ne_hi"};
            for (int i = 0; i < hourFamilies.length; i++) {
                checked += sameOrAbsent(samples, "modelfleet_slo_" + hourFamilies[i] + "{" + labels + "}", r, 6 + i);
            }
            Row budget = daily.get(r.getString(0));
            assertThat(budget).as("slo_daily row of " + r.getString(0)).isNotNull();
            checked += sameOrAbsent(samples, "modelfleet_slo_error_budget_remaining_ratio{" + labels + "}", budget, 2);
            String[] windows = {"6h", "24h", "72h"};
            for (int i = 0; i < windows.length; i++) {
                checked += sameOrAbsent(
                        samples,
                        "modelfleet_slo_error_budget_burn_rate{" + labels + ",window=\"" + windows[i] + "\"}",
                        budget,
                        3 + i);
            }
            assertThat(samples).containsEntry("modelfleet_slo_error_budget_timestamp_seconds{" + labels + "}", (double)
                    budget.getDate(1)
                            .toLocalDate()
                            .plusDays(1)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toEpochSecond());
        }
        // Per model: 1 hour + 5 statuses (SloStatus has 5) + events + the budget's day, and every figure compared
        // above.
        assertThat(samples).hasSize(hourly.size() * (3 + SloStatus.values().length) + checked);
        // The hour had what the test is about: an unstable model with a burning budget, and one without metrics.
        Row miscalibrated = row(hourly, MISCALIBRATED);
        assertThat(miscalibrated.getString(4)).isEqualTo("UNSTABLE");
        // burning over 6 and 24 hours: the windows end after the day's newest hour, so a day under way has both
        assertThat(daily.get(MISCALIBRATED).getDouble(4)).isPositive();
        assertThat(daily.get(MISCALIBRATED).getDouble(3)).isPositive();
        assertThat(samples.keySet())
                .anyMatch(k -> k.startsWith("modelfleet_slo_error_budget_burn_rate{model_id=\"" + MISCALIBRATED)
                        && k.contains("window=\"6h\""));
        Row silent = row(hourly, SILENT);
        assertThat(silent.isNullAt(6)).as("calibration of " + SILENT).isTrue();
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("modelfleet_slo_calibration{model_id=\"" + SILENT));

        assertPromtoolAccepts(file);
        // Written atomically: only the file is left in its folder, readable by the collector's user.
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.toList()).containsExactly(file);
        }
        assertThat(Files.getPosixFilePermissions(file)).contains(PosixFilePermission.OTHERS_READ);

        // Without --out the same text goes to standard output, and nothing else does.
        CliRun stdout = CliRun.run(cwd, "slo", "export");
        assertThat(stdout.exitCode()).as(stdout.err()).isZero();
        assertThat(stdout.out()).isEqualTo(Files.readString(file));
    }

    @Test
    void anIdWithOddCharactersKeepsTheFileValid() throws Exception {
        LatestSlo odd = new LatestSlo(
                "odd\"id\\x\nline",
                "t",
                "TIER3",
                Hour.parse("2026-11-24T11"),
                SloStatus.STABLE,
                42,
                Optional.of(new LatestSlo.Estimate(1.01, 0.9, 1.12)),
                Optional.empty(),
                Optional.of(new LatestSlo.Budget(
                        LocalDate.parse("2026-11-23"),
                        OptionalDouble.of(0.5),
                        OptionalDouble.empty(),
                        OptionalDouble.of(2.0),
                        OptionalDouble.empty())));
        Path file = cwd.resolve("odd.prom");
        Files.writeString(file, SloOpenMetrics.render(List.of(odd)));
        assertPromtoolAccepts(file);
        assertThat(samples(Files.readString(file)))
                .containsEntry(
                        "modelfleet_slo_calibration{model_id=\"odd\\\"id\\\\x\\nline\",team=\"t\",tier=\"TIER3\"}",
                        1.01);
    }

    @Test
    void aWarehouseWithoutSloResultsIsRefusedBeforeSparkStartsAndTheFileKept() throws IOException {
        Path kept = Files.writeString(cwd.resolve("kept.prom"), "# EOF\n");
        Files.createDirectories(cwd.resolve("empty-warehouse"));
        CliRun run = CliRun.run(cwd, "slo", "export", "--warehouse", "empty-warehouse", "--out", kept.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err())
                .contains("error: Cannot export SLOs: " + cwd.resolve("empty-warehouse")
                        + " holds no slo_hourly table yet")
                .contains("set with --warehouse DIR|URL, or 'warehouse:' in modelfleet.yaml")
                .doesNotContain("starting Spark")
                .doesNotContain("\tat ");
        assertThat(Files.readString(kept)).isEqualTo("# EOF\n");
    }

    @Test
    void aFolderAsTheFileAndAnotherFormatAreUsageErrors() throws IOException {
        Files.createDirectories(cwd.resolve("textfile-dir"));
        CliRun folder = CliRun.run(cwd, "slo", "export", "--out", "textfile-dir");
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(folder.err())
                .contains("error: Cannot write " + cwd.resolve("textfile-dir") + ": it is a folder")
                .contains("name a file in it, e.g. " + cwd.resolve("textfile-dir/modelfleet.prom"))
                .contains("set with --out FILE");
        CliRun json = CliRun.run(cwd, "slo", "export", "--format", "json");
        assertThat(json.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(json.err()).contains("--format json is not one this command writes; use openmetrics");
    }

    /** Runs the real promtool on the file: exit 0, and no lint finding (it prints them and exits 3). */
    static void assertPromtoolAccepts(Path file) throws IOException, InterruptedException {
        Path promtool = ExternalTool.require("promtool", "prometheus");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(said).isZero();
        assertThat(said).isEmpty();
    }

    private static final Pattern SAMPLE =
            Pattern.compile("([a-z_]+)\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)\\} (\\S+)");

    /**
     * The file's samples by series (name and labels as written), each value parsed; a series
     * written twice fails, and so does any line that is neither a comment nor one whole sample.
     */
    static Map<String, Double> samples(String text) {
        assertThat(text).endsWith("\n# EOF\n");
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# ")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a sample line: " + line).isTrue();
            Double before = samples.put(m.group(1) + "{" + m.group(2) + "}", Double.parseDouble(m.group(3)));
            assertThat(before).as("written twice: " + line).isNull();
        }
        return samples;
    }

    /** Asserts the series has the row's value, or is absent where the row holds null; 1 if present. */
    private static int sameOrAbsent(Map<String, Double> samples, String series, Row row, int column) {
        if (row.isNullAt(column)) {
            assertThat(samples).doesNotContainKey(series);
            return 0;
        }
        assertThat(samples).containsEntry(series, row.getDouble(column));
        return 1;
    }

    private static Row row(List<Row> rows, String model) {
        return rows.stream()
                .filter(r -> r.getString(0).equals(model))
                .findFirst()
                .orElseThrow();
    }

    private static String table(String name) {
        return cwd.resolve("warehouse").resolve(name).toString();
    }
}
