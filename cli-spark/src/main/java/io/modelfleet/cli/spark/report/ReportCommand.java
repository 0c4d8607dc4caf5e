package io.modelfleet.cli.spark.report;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.cli.spark.model.ModelContext;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.jobs.slo.OutputFiles;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.RegistryLoader;
import io.modelfleet.report.FleetReport;
import io.modelfleet.report.HtmlReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Writes the fleet report: one self-contained HTML file (no network needed to view it) with a"
                + " tier x hour heatmap of statuses, the budgets burning with owners and on-call, stability trends"
                + " by funnel stage, surface and tier, a section per flagged model (calibration and NE per hour with"
                + " 95%% bands and thresholds, volume, registry facts, launches) and data quality.",
        footer = {
            "",
            "The period defaults to the last 7 days of hours slo_hourly holds. A model is flagged when it had an",
            "unstable hour in the period or its error budget pages or tickets on the period's last day; the",
            "first " + FleetReportReader.MAX_SECTIONS
                    + " are drawn in full, the rest listed. The file is replaced whole.",
            "Exit codes: 0 written, 1 no SLO hours in the warehouse or the period, 2 bad option or unknown model,",
            "3 internal error.",
            "",
            "Examples:",
            "  modelfleet report --out report.html",
            "  modelfleet report --out incident.html --from 2026-11-24T00 --to 2026-11-24T23",
            "  modelfleet report --out feed.html --model ig_feed_mtml_lsr_v3 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class ReportCommand extends BaseCommand {
    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where to write the HTML file (default: report.html in the current folder).")
    String out = "report.html";

    @Option(
            names = "--model",
            paramLabel = "ID",
            description = "Also draw this model's section, flagged or not (repeatable).")
    List<String> models = new ArrayList<>();

    @Mixin
    HourRangeOptions range;

    @Mixin
    LaunchPlatform.Options platform;

    @Mixin
    FormatOption format;

    /** What the command did, for scripts. */
    record Written(
            String file,
            long bytes,
            String from,
            String to,
            long hours,
            int flaggedModels,
            int drawnModels,
            int budgetsBurning,
            double sparkSeconds,
            double readSeconds,
            double renderSeconds,
            double seconds) {}

    private static String plural(int n, String thing) {
        return n + " " + thing + (n == 1 ? "" : "s");
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Path registryRoot = platform.registry(context());
        Registry registry = RegistryLoader.loadValidParts(registryRoot, warning -> {
            err().println("warning: " + warning);
            err().flush();
        });
        List<String> asked = models.stream()
                .map(id -> registry.modelNamed(id).id())
                .distinct()
                .toList();
        Path file = context().resolve(Path.of(out));
        if (Files.isDirectory(file)) {
            throw ModelfleetErrors.outputIsAFolder(file, "report.html");
        }
        if (range.from().isPresent() && range.to().isPresent()) {
            range.required(context()); // a range past max_range_days needs --yes, as everywhere
        }
        SparkSession spark = platform.spark(context());
        long sparkReady = System.nanoTime();
        FleetReportReader reader = new FleetReportReader(
                spark, platform.warehouse(context()), registry, ModelContext.launches(context(), platform, registry));
        // With both ends given, the table's own first and last hour are not needed: one Spark job fewer.
        Optional<Hour[]> judged = range.from().isPresent() && range.to().isPresent() && reader.hasResults()
                ? Optional.of(new Hour[] {range.from().get(), range.to().get()})
                : reader.judgedHours();
        if (judged.isEmpty()) {
            err().println("no SLO results yet in " + platform.warehouse(context())
                    + ": run 'modelfleet slo run --from H --to H' (or the scheduler) first");
            err().flush();
            return ExitCodes.FINDINGS;
        }
        Hour last = range.to().orElse(judged.get()[1]);
        Hour first = range.from().orElseGet(() -> {
            Hour weekBefore = last.plus(-167);
            return weekBefore.compareTo(judged.get()[0]) < 0 ? judged.get()[0] : weekBefore;
        });
        if (first.compareTo(last) > 0) {
            throw ModelfleetErrors.hourRangeBackwards(first, last);
        }
        FleetReport report = reader.read(first, last.plus(1), asked, Instant.now());
        if (report.heatmap().isEmpty()) {
            Hour[] held = reader.judgedHours().orElseThrow();
            err().println("no SLO hours between " + first + " and " + last + " in " + platform.warehouse(context())
                    + ": it holds " + held[0] + " to " + held[1] + "; nothing written");
            err().flush();
            return ExitCodes.FINDINGS;
        }
        long read = System.nanoTime();
        String html = HtmlReport.render(report);
        long size = html.getBytes(StandardCharsets.UTF_8).length;
        OutputFiles.replace(file, html, "report.html");
        long done = System.nanoTime();
        double seconds = (done - started) / 1e9;
        Written written = new Written(
                file.toString(),
                size,
                first.toString(),
                last.toString(),
                report.heatmap().stream()
                        .map(FleetReport.TierHour::hour)
                        .distinct()
                        .count(),
                (int) report.models().stream().filter(m -> m.flagged()).count()
                        + report.flaggedNotShown().size(),
                report.models().size(),
                report.budgets().size(),
                (sparkReady - started) / 1e9,
                (read - sparkReady) / 1e9,
                (done - read) / 1e9,
                seconds);
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), written);
            return ExitCodes.OK;
        }
        out().printf(
                        Locale.ROOT,
                        "wrote %s (%,d KB) in %.1f s (reading %.1f s, drawing %.2f s): %s to %s, %s (%d drawn), %s%n",
                        file,
                        (size + 1023) / 1024,
                        seconds,
                        written.readSeconds(),
                        written.renderSeconds(),
                        first,
                        last,
                        plural(written.flaggedModels(), "flagged model"),
                        written.drawnModels(),
                        plural(written.budgetsBurning(), "budget") + " burning");
        out().println("open it in a browser: file://" + file.toAbsolutePath());
        out().flush();
        return ExitCodes.OK;
    }
}
