package io.modelfleet.cli.spark.scheduler;

import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.spark.SparkOptions;
import io.modelfleet.scheduler.Clock;
import io.modelfleet.scheduler.Database;
import io.modelfleet.scheduler.JobName;
import io.modelfleet.scheduler.ModelfleetScheduler;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SchedulerStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import sun.misc.Signal;
import sun.misc.SignalHandler;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description =
                "Run a scheduler node in the foreground until Ctrl-C or SIGTERM: hourly SLOs, daily rollups, registry snapshots,"
                        + " and the launch controller.",
        footer = {
            "",
            "The job store is the database in modelfleet.yaml (scheduler.database; default an H2 file under",
            "the state folder). Several nodes on one shared database (an H2 server, or PostgreSQL) form a",
            "cluster: each firing runs on one node. On Ctrl-C or SIGTERM the hour being computed finishes",
            "(or, if Spark is already stopping, is redone whole later).",
            "With --format json the node's log goes to standard error and, once it stops, standard output gets",
            "one summary: node, database, why it stopped, seconds, and per job the units done while it ran.",
            "",
            "Examples:",
            "  modelfleet scheduler run",
            "  modelfleet scheduler run --node scheduler-2",
            "  # a drill: an hour per second, stopping once caught up",
            "  modelfleet scheduler run --clock-start 2026-11-24T18 --clock-speed 3600 --exit-when-idle",
            "  modelfleet scheduler run --exit-when-idle --format json > summary.json   # the log on stderr"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class SchedulerRunCommand extends BaseCommand {
    @Option(
            names = "--node",
            paramLabel = "ID",
            description = "This node's id, unique in the cluster (default: host-pid).")
    String node;

    @Option(
            names = "--exit-when-idle",
            description = "Stop once slo-hourly has caught up (no complete hour left to do).")
    boolean exitWhenIdle;

    @Option(names = "--max-runtime", paramLabel = "SECONDS", description = "Stop after this many seconds.")
    Long maxRuntime;

    @Mixin
    SchedulerNode options;

    @Mixin
    FormatOption format;

    @Mixin
    SparkOptions sparkOptions;

    @Override
    public Integer call() throws InterruptedException {
        SchedulerSettings settings = options.settings(context());
        Clock clock = options.clock();
        String id = node != null ? node : SchedulerNode.defaultNodeId();
        boolean json = format.get() == OutputFormat.JSON;
        // With --format json the log is for people (stderr); stdout is the summary alone.
        PrintWriter out = json ? err() : out();
        Map<JobName, Long> doneBefore = json ? done(settings, clock) : Map.of();
        long started = System.nanoTime();
        ModelfleetScheduler scheduler =
                SchedulerNode.create(context(), settings, id, clock, sparkOptions.master(context()), out);
        // Ctrl-C and SIGTERM are handled as signals, not in a shutdown hook: by the time hooks run, Spark and
        // the embedded database are closing too, and the hour in hand could not finish or be recorded.
        CountDownLatch stopRequested = new CountDownLatch(1);
        String[] received = {null};
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> {
                    received[0] = signal.getName();
                    Signal.handle(signal, SignalHandler.SIG_DFL); // a second one stops at once
                    stopRequested.countDown();
                });
            } catch (IllegalArgumentException e) {
                // This platform does not deliver that signal to Java; the default applies.
            }
        }
        SchedulerNode.SchedulerRuntimeLog.line(out, "node " + id + " on " + Database.shown(settings.database()));
        for (JobName job : JobName.values()) {
            var js = settings.job(job);
            SchedulerNode.SchedulerRuntimeLog.line(
                    out,
                    String.format(
                            Locale.ROOT,
                            "  %-17s cron \"%s\", lateness %d min, %d attempt(s), backoff %d min",
                            job,
                            js.cron(),
                            js.lateness().toMinutes(),
                            js.maxAttempts(),
                            js.backoff().toMinutes()));
        }
        settings.openMetricsFile()
                .ifPresent(file -> SchedulerNode.SchedulerRuntimeLog.line(
                        out,
                        "  OpenMetrics export to " + file
                                + ", rewritten after each run that writes SLO hours or days"));
        SchedulerNode.SchedulerRuntimeLog.line(out, "running; Ctrl-C stops it cleanly");
        scheduler.start();
        long deadline = maxRuntime != null ? System.nanoTime() + TimeUnit.SECONDS.toNanos(maxRuntime) : Long.MAX_VALUE;
        String reason = null;
        String stopped = null;
        while (reason == null) {
            if (stopRequested.await(1, TimeUnit.SECONDS)) {
                reason = "SIG" + received[0] + ": letting the hour in hand finish...";
                stopped = "SIG" + received[0];
            } else if (exitWhenIdle && SchedulerStatus.caughtUp(settings, clock)) {
                reason = "caught up: every complete hour is done";
                stopped = "caught-up";
            } else if (System.nanoTime() > deadline) {
                reason = "max runtime reached";
                stopped = "max-runtime";
            }
        }
        SchedulerNode.SchedulerRuntimeLog.line(out, reason);
        scheduler.close();
        SchedulerNode.SchedulerRuntimeLog.line(out, "stopped cleanly");
        if (json) {
            SchedulerStatus.Status status = SchedulerStatus.read(settings, clock);
            Json.print(
                    out(),
                    new Ran(
                            id,
                            Database.shown(settings.database()),
                            stopped,
                            (System.nanoTime() - started) / 1e9,
                            status.jobs().stream()
                                    .map(j -> new JobRan(
                                            j.job().id(),
                                            j.done() - doneBefore.getOrDefault(j.job(), 0L),
                                            j.done(),
                                            j.pending() + j.running(),
                                            j.failedRetrying(),
                                            j.failedForGood(),
                                            j.behind()))
                                    .toList()));
        }
        // 128 + signal number, as shells report a process stopped by a signal.
        return received[0] == null ? ExitCodes.OK : "INT".equals(received[0]) ? 130 : 143;
    }

    /** Units done so far per job; none where no scheduler has run yet (reading would create the job store). */
    private static Map<JobName, Long> done(SchedulerSettings settings, Clock clock) {
        if (!settings.databaseExists()) {
            return Map.of();
        }
        return SchedulerStatus.read(settings, clock).jobs().stream()
                .collect(Collectors.toMap(SchedulerStatus.JobStatus::job, SchedulerStatus.JobStatus::done));
    }

    /**
     * What --format json writes once the node stopped: {@code stopped} is caught-up, max-runtime,
     * SIGINT or SIGTERM.
     */
    record Ran(String node, String database, String stopped, double seconds, List<JobRan> jobs) {}

    /**
     * One job: {@code done_while_running} counts units done in the cluster while this node ran
     * (by any node); the rest is the job's state when it stopped.
     */
    record JobRan(
            String job,
            long doneWhileRunning,
            long done,
            long pending,
            long failedRetrying,
            long failed,
            long hoursBehind) {}
}
