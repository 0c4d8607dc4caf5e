package io.modelfleet.cli.spark.scheduler;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.HourRangeOptions;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.scheduler.Backfill;
import io.modelfleet.scheduler.Clock;
import io.modelfleet.scheduler.JobName;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.WorkUnit;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description =
                "Queue hours (slo-hourly) or days (slo-daily) to be redone whole. A running scheduler node picks them up at "
                        + "its next firing; with no node running, this command computes them itself.",
        footer = {
            "",
            "Exit codes: 0 queued (or computed), 1 some hours failed, 2 bad input.",
            "With --format json the runs' log goes to standard error and standard output has one summary:",
            "{\"job\", \"queued\", \"processed_here\", \"succeeded\" (null when queued for a node), \"nodes\", \"cron\"}.",
            "",
            "Examples:",
            "  modelfleet scheduler backfill --job slo-hourly --from 2026-11-20T00 --to 2026-11-20T23",
            "  modelfleet scheduler backfill --job slo-daily --from 2026-11-20T00 --to 2026-11-21T23 \\",
            "      --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SchedulerBackfillCommand extends BaseCommand {
    @Option(
            names = "--job",
            converter = JobNameConverter.class,
            required = true,
            paramLabel = "JOB",
            description = "slo-hourly or slo-daily.")
    JobName job;

    @Mixin
    HourRangeOptions range;

    @Mixin
    SchedulerNode options;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() {
        List<Hour> hours = range.required(context());
        List<WorkUnit> units = new ArrayList<>();
        if (job == JobName.SLO_DAILY) {
            hours.stream().map(Hour::day).distinct().map(WorkUnit.DayUnit::new).forEach(units::add);
        } else {
            hours.forEach(h -> units.add(new WorkUnit.HourUnit(h)));
        }
        SchedulerSettings settings = options.settings(context());
        Clock clock = options.clock();
        String master = sparkOptions.master(context());
        boolean json = format.get() == OutputFormat.JSON;
        PrintWriter log = json ? err() : out();
        Backfill.Result result = Backfill.run(
                settings,
                job,
                units,
                clock,
                ledger -> SchedulerNode.runtime(
                        context(),
                        settings,
                        ledger,
                        "backfill-" + SchedulerNode.defaultNodeId(),
                        clock,
                        log,
                        () -> SparkSessions.create(
                                master,
                                "modelfleet-backfill",
                                context().config().sparkConf())));
        int exitCode =
                !result.processedHere() || result.succeeded() == result.queued() ? ExitCodes.OK : ExitCodes.FINDINGS;
        if (json) {
            Json.print(
                    out(),
                    new Backfilled(
                            job.id(),
                            result.queued(),
                            result.processedHere(),
                            result.processedHere() ? result.succeeded() : null,
                            result.aliveNodes(),
                            settings.job(job).cron()));
            return exitCode;
        }
        if (!result.processedHere()) {
            out().println("queued " + result.queued() + " unit(s) of " + job + "; node(s) "
                    + String.join(", ", result.aliveNodes()) + " will compute them at the next firing (cron \""
                    + settings.job(job).cron() + "\")");
            return ExitCodes.OK;
        }
        out().println("computed " + result.succeeded() + " of " + result.queued() + " unit(s) of " + job
                + " here (no scheduler node is running)");
        return exitCode;
    }

    /**
     * What --format json writes: units queued; whether this command computed them (no node was
     * alive) and how many succeeded, or the nodes that will.
     */
    record Backfilled(
            String job, int queued, boolean processedHere, Integer succeeded, List<String> nodes, String cron) {}

    /** Reads --job while the command line is parsed: a job name that does not exist is a usage error. */
    static final class JobNameConverter implements ITypeConverter<JobName> {
        @Override
        public JobName convert(String value) {
            try {
                return JobName.fromId(value);
            } catch (ModelfleetException e) {
                throw new TypeConversionException(e.getMessage() + "; " + e.hint());
            }
        }
    }
}
