package io.modelfleet.cli.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfleet.cli.CliRun;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.jobs.ExternalTool;
import io.modelfleet.jobs.SharedSpark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.logging.Level;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report as people see it: written by the command from a warehouse with two incidents, opened in a
 * real headless Chromium through chromedriver. Leaves the page and a screenshot under target/.
 */
class TestReportInBrowser {
    private static final String MISCALIBRATED = "ig_feed_mtml_lsr_v3";
    private static final String DROPPED = "ig_reels_mtml_lsr_v3";
    private static final Path KEPT = Path.of("target", "report-browser");

    @TempDir
    static Path cwd;

    private static ChromeDriver browser;
    private static JsonNode written;

    @BeforeAll
    static void reportInABrowser() throws Exception {
        Path chromium = ExternalTool.require("chromium", "chromium");
        Path chromedriver = ExternalTool.require("chromedriver", "chromium-driver");
        CliRun.copyExample(cwd.resolve("registry"));
        Files.writeString(
                cwd.resolve("modelfleet.yaml"),
                "registry: registry\nlogs: logs\nwarehouse: warehouse\nstate: state\nspark:\n  master: local[2]\n");
        CliRun generate = CliRun.run(
                cwd,
                "generate",
                "predictions",
                "--from",
                "2026-11-24T09",
                "--to",
                "2026-11-24T10",
                "--incident",
                "miscalibrate:" + MISCALIBRATED + ":2026-11-24T10:1.6",
                "--incident",
                "traffic-drop:" + DROPPED + ":2026-11-24T10:0.02",
                "--incident",
                "unregistered:ghost_model:2026-11-24T10:7");
        assertThat(generate.exitCode()).as(generate.err()).isZero();
        CliRun slo = CliRun.run(cwd, "slo", "run", "--from", "2026-11-24T09", "--to", "2026-11-24T10");
        assertThat(slo.exitCode()).as(slo.err()).isZero();
        CliRun report = CliRun.run(cwd, "report", "--out", "out/report.html", "--format", "json");
        assertThat(report.exitCode()).as(report.err()).isZero();
        written = new ObjectMapper().readTree(report.out());

        Files.createDirectories(KEPT);
        Files.copy(cwd.resolve("out/report.html"), KEPT.resolve("report.html"), StandardCopyOption.REPLACE_EXISTING);
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        "--no-first-run",
                        // The machine has no network: Chromium's own background calls would only log errors.
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + cwd.resolve("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().window().setSize(new Dimension(1200, 900));
        browser.get(cwd.resolve("out/report.html").toUri().toString());
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void opensWithoutConsoleErrors() {
        List<LogEntry> entries = browser.manage().logs().get(LogType.BROWSER).getAll();
        assertThat(entries).as("console messages").noneMatch(e -> e.getLevel().intValue() >= Level.WARNING.intValue());
        assertThat(browser.getTitle()).isEqualTo("modelfleet report 2026-11-24T09 to 2026-11-24T10 UTC");
    }

    @Test
    void chartsAreDrawn() {
        List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
        // Heatmap, flagged strip, three trend charts (stage, surface, tier) and three per drawn model.
        int drawn = written.path("drawn_models").asInt();
        assertThat(charts).hasSize(2 + 3 + 3 * drawn);
        assertThat(charts).allSatisfy(chart -> {
            assertThat(chart.getSize().getWidth()).isPositive();
            assertThat(chart.getSize().getHeight()).isPositive();
        });
        WebElement band = browser.findElement(By.cssSelector("#model-" + MISCALIBRATED + " polygon.band.cal"));
        assertThat(band.getSize().getHeight()).isPositive();
        List<WebElement> redCells = browser.findElements(By.cssSelector("#overview rect.s-unstable"));
        assertThat(redCells)
                .isNotEmpty()
                .allSatisfy(cell -> assertThat(cell.getSize().getWidth()).isPositive());
    }

    @Test
    void theIncidentsAreFlaggedAndTheUnstableHoursMatchTheTable() {
        SparkSession spark = SharedSpark.get();
        List<Row> unstable = spark.read()
                .format("delta")
                .load(cwd.resolve("warehouse/slo_hourly").toString())
                .where("status = 'UNSTABLE'")
                .select("model_id")
                .distinct()
                .collectAsList();
        assertThat(unstable).extracting(r -> r.getString(0)).contains(MISCALIBRATED);
        WebElement section = browser.findElement(By.id("model-" + MISCALIBRATED));
        assertThat(section.isDisplayed()).isTrue();
        assertThat(section.getText()).contains("TIER0", "feed-ranking-oncall", "unstable hour");
        for (Row r : unstable) {
            assertThat(browser.findElements(By.id("model-" + r.getString(0))))
                    .as("section of unstable model %s", r.getString(0))
                    .hasSize(1);
        }
        assertThat(browser.findElement(By.id("model-" + DROPPED)).getText()).contains("without enough data");
        assertThat(browser.findElement(By.id("data-quality")).getText()).contains("ghost_model");
        // Flagged, counted a second way: unstable, or judged in some hours and not in others, or burning.
        spark.read()
                .format("delta")
                .load(cwd.resolve("warehouse/slo_hourly").toString())
                .createOrReplaceTempView("h");
        spark.read()
                .format("delta")
                .load(cwd.resolve("warehouse/slo_daily").toString())
                .createOrReplaceTempView("d");
        long flagged = spark.sql("SELECT model_id FROM h GROUP BY model_id"
                        + " HAVING sum(IF(status = 'UNSTABLE', 1, 0)) > 0"
                        + " OR (sum(IF(status IN ('INSUFFICIENT_DATA', 'NO_DATA'), 1, 0)) BETWEEN 1 AND count(*) - 1)"
                        + " UNION SELECT model_id FROM d WHERE alert IN ('page', 'ticket')"
                        + " AND ds = (SELECT max(ds) FROM d)")
                .count();
        assertThat(written.path("flagged_models").asLong()).isEqualTo(flagged);
    }

    @Test
    void saysWhatItCannotWriteBeforeReading() throws Exception {
        Files.createDirectories(cwd.resolve("a-folder"));
        CliRun folder = CliRun.run(cwd, "report", "--out", "a-folder");
        assertThat(folder.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(folder.err())
                .contains("it is a folder", "a-folder/report.html")
                .doesNotContain("Exception");
        CliRun empty = CliRun.run(cwd, "report", "--from", "2026-10-01T00", "--to", "2026-10-01T03", "--out", "x.html");
        assertThat(empty.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(empty.err()).contains("no SLO hours between 2026-10-01T00 and 2026-10-01T03", "2026-11-24T09");
        assertThat(cwd.resolve("x.html")).doesNotExist();
        try (var left = Files.list(cwd)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void leavesAScreenshotForPeopleToLookAt() throws Exception {
        long height = (Long) browser.executeScript("return document.documentElement.scrollHeight");
        browser.manage().window().setSize(new Dimension(1200, (int) Math.min(height + 100, 8000)));
        byte[] png = browser.getScreenshotAs(OutputType.BYTES);
        // Written, not copied from the driver's temp file, so it gets the usual mode and others can open it.
        Files.write(KEPT.resolve("report.png"), png);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(png.length).isGreaterThan(20_000);
    }
}
