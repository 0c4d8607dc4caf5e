package io.modelfleet.cli.spark.generate;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.options.SeedOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Location;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException.Input;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.jobs.predictions.CandidateTraffic;
import io.modelfleet.jobs.predictions.Incident;
import io.modelfleet.jobs.predictions.LabelDelays;
import io.modelfleet.jobs.predictions.PredictionLogGenerator;
import io.modelfleet.registry.RegistryLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "predictions",
        mixinStandardHelpOptions = true,
        description =
                "Write seeded, realistic prediction logs (Parquet, ds=/hr= partitions) for a registry's serving models.",
        footer = {
            "",
            "Volumes follow each model's tier and a diurnal curve; a healthy model is calibrated.",
            "Regenerating an hour replaces that hour's partition; other hours are kept.",
            "",
            "Incidents (repeat --incident):",
            "  miscalibrate:MODEL:FROM_HOUR:FACTOR     predictions multiplied by FACTOR from that hour",
            "  ne-degrade:MODEL:FROM_HOUR:NOISE        predictions blurred (NOISE = std. dev. in logit space)",
            "  traffic-drop:MODEL:FROM_HOUR:FRACTION   only FRACTION of the usual events",
            "  invalid-rows:MODEL:HOUR:COUNT           COUNT rows with NaN/out-of-range predictions or labels",
            "  unregistered:ID:HOUR:COUNT              COUNT rows for an id the registry does not know",
            "",
            "A launch's candidate (repeat --candidate): MODEL:VERSION:QUALITY:PERCENT logs PERCENT of the",
            "model's rows as VERSION, QUALITY one of good, miscalibrated:FACTOR, ne-worse:NOISE,",
            "latency-worse:FACTOR. --labels-as-of T --attribution-window-minutes M leaves a row's label null",
            "until M minutes after its event have passed at T (late clicks and conversions).",
            "--label-delay-median-minutes M [--label-delay-p99-minutes P] instead gives every label a",
            "label_time drawn from a log-normal delay (median M, 99th percentile P, default 12 M); the SLO",
            "job counts a label once its label_time has passed.",
            "",
            "Examples:",
            "  modelfleet generate predictions --from 2026-11-22T00 --to 2026-11-24T23",
            "  modelfleet generate predictions --registry registry --out logs \\",
            "      --from 2026-11-24T00 --to 2026-11-24T23 \\",
            "      --incident miscalibrate:ig_feed_mtml_lsr_v3:2026-11-24T10:1.5 --negative-weight 10",
            "  modelfleet generate predictions --from 2026-11-24T00 --to 2026-11-24T23 --format json",
            "  modelfleet generate predictions --from 2026-11-24T10 --to 2026-11-24T12 \\",
            "      --candidate ig_feed_mtml_lsr_v3:v4:miscalibrated:1.15:5",
            "  modelfleet generate predictions --from 2026-11-24T00 --to 2026-11-24T23 \\",
            "      --label-delay-median-minutes 10 --label-delay-p99-minutes 120"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class GeneratePredictionsCommand extends BaseCommand {
    @Mixin
    RegistryOption registryOption;

    @Option(
            names = "--out",
            paramLabel = "DIR|URL",
            description = "Logs folder, or a URL such as s3a://bucket/logs (default: 'logs' from modelfleet.yaml).")
    String out;

    @Mixin
    HourRangeOptions range;

    @Mixin
    SeedOption seed;

    @Option(
            names = "--scale",
            defaultValue = "1.0",
            paramLabel = "F",
            description = "Volume multiplier (default: ${DEFAULT-VALUE}).")
    double scale;

    @Option(
            names = "--negative-weight",
            defaultValue = "1.0",
            paramLabel = "W",
            description =
                    "Negative downsampling: keep one negative in W, weighted W (default: ${DEFAULT-VALUE}: keep all).")
    double negativeWeight;

    @Option(names = "--incident", paramLabel = "SPEC", description = "An injected incident; see below.")
    List<String> incidents = new ArrayList<>();

    @Option(
            names = "--candidate",
            paramLabel = "MODEL:VERSION:QUALITY:PERCENT",
            description = "A candidate version logged beside production; see below.")
    List<String> candidates = new ArrayList<>();

    @Option(
            names = "--labels-as-of",
            paramLabel = "TIME",
            description = "Write labels as known at this instant (ISO, e.g. 2026-11-24T13:00:00Z); see below.")
    Instant labelsAsOf;

    @Option(
            names = "--attribution-window-minutes",
            defaultValue = "0",
            paramLabel = "M",
            description = "Minutes after an event before its label is known (default: ${DEFAULT-VALUE}).")
    long attributionMinutes;

    @Option(
            names = "--label-delay-median-minutes",
            paramLabel = "M",
            description = "Labels arrive late: median delay after the event, minutes; see below.")
    Double labelDelayMedian;

    @Option(
            names = "--label-delay-p99-minutes",
            paramLabel = "P",
            description = "99th percentile of the label delay, minutes (default: 12 times the median).")
    Double labelDelayP99;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        var hours = range.required(context());
        var registry = RegistryLoader.loadValid(registryOption.resolve(context()));
        var parsed = incidents.stream().map(Incident::parse).toList();
        Location target = out != null
                ? context().location(out, Input.LOGS)
                : context().config().logs();
        // checked before Spark starts, like every other flag
        Optional<LabelDelays> delays = Optional.empty();
        if (labelDelayP99 != null && labelDelayMedian == null) {
            throw ModelfleetErrors.labelDelayWithoutMedian();
        }
        if (labelDelayMedian != null) {
            // the default tail is 12 times the median, cut at the longest delay accepted
            double p99 = labelDelayP99 != null
                    ? labelDelayP99
                    : Math.min(12 * labelDelayMedian, Math.max(labelDelayMedian, 30 * 24 * 60));
            delays = Optional.of(new LabelDelays(minutes(labelDelayMedian), minutes(p99)));
        }
        var spark = sparkOptions.start(context());
        var generator = new PredictionLogGenerator(spark, registry, seed.get(), scale, negativeWeight, parsed)
                .candidates(candidates.stream()
                        .map(GeneratePredictionsCommand::candidate)
                        .toList())
                .progress(line -> {
                    err().println("  " + line);
                    err().flush();
                });
        delays.ifPresent(generator::labelDelays);
        if (labelsAsOf != null) {
            generator.labelsAsOf(labelsAsOf, Duration.ofMinutes(attributionMinutes));
        }
        err().println("writing " + hours.size() + " hour(s) of prediction logs to " + target + "...");
        long start = System.nanoTime();
        var summary = generator.write(hours, target);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (format.get() == OutputFormat.JSON) {
            Json.print(
                    out(),
                    new Generated(
                            target.toString(), summary.plannedRows(), summary.models(), summary.hours(), seconds));
        } else {
            out().printf(
                            Locale.ROOT,
                            "wrote %s: %,d rows planned for %d models over %d hours in %.1f s%n",
                            target,
                            summary.plannedRows(),
                            summary.models(),
                            summary.hours(),
                            seconds);
        }
        return ExitCodes.OK;
    }

    private static Duration minutes(double minutes) {
        return Double.isFinite(minutes) ? Duration.ofMillis(Math.round(minutes * 60_000)) : Duration.ZERO;
    }

    /** Reads MODEL:VERSION:QUALITY:PERCENT, where QUALITY may hold a colon itself (miscalibrated:1.15). */
    static CandidateTraffic candidate(String spec) {
        int first = spec.indexOf(':');
        int second = first < 0 ? -1 : spec.indexOf(':', first + 1);
        int last = spec.lastIndexOf(':');
        if (first < 0 || second < 0 || last <= second) {
            throw ModelfleetErrors.unreadableCandidate(spec);
        }
        double percent;
        try {
            percent = Double.parseDouble(spec.substring(last + 1));
        } catch (NumberFormatException e) {
            throw ModelfleetErrors.unreadableCandidate(spec);
        }
        if (!(percent >= 0 && percent <= 100)) {
            throw ModelfleetErrors.unreadableCandidate(spec);
        }
        return new CandidateTraffic(
                spec.substring(0, first),
                spec.substring(first + 1, second),
                CandidateQuality.parse(spec.substring(second + 1, last)),
                percent / 100,
                Map.of());
    }

    /**
     * What --format json writes. {@code planned_rows}: events drawn before negative downsampling
     * (all of them are written with the default --negative-weight 1).
     */
    record Generated(String folder, long plannedRows, int models, int hours, double seconds) {}
}
