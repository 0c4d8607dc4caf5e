package io.modelfleet.demo;

import io.modelfleet.cli.Config;
import io.modelfleet.cli.spark.render.SchedulerStatusReport;
import io.modelfleet.core.Hour;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.scheduler.Clock;
import io.modelfleet.scheduler.JobName;
import io.modelfleet.scheduler.ModelfleetScheduler;
import io.modelfleet.scheduler.SchedulerRuntime;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SchedulerStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The demo's scheduler part: a node restarted after downtime catches up the hours it missed, on a fast clock. */
final class SchedulerDemo {
    static final double SPEED = 30;

    private SchedulerDemo() {}

    /** The hour the demo's scheduler took over: six hours before the end of the logs. */
    static Hour start() {
        return Hour.of(Instant.now().truncatedTo(ChronoUnit.DAYS)).plus(-6);
    }

    /** What the demo's node did: per job, the units done when it stopped. */
    record CaughtUp(double seconds, List<JobDone> jobs) {}

    record JobDone(String job, long done, long failed, long hoursBehind) {}

    static CaughtUp run(PrintWriter out, Path dir, String master, String command) {
        Config config = Config.load(dir.resolve(Config.FILE_NAME));
        SchedulerSettings settings = SchedulerSettings.from(config.scheduler(), config.state());
        Instant end = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Clock clock = Clock.accelerated(end, SPEED);
        out.println("13. Scheduling: the scheduler took over from "
                + settings.start().orElseThrow() + " and was down since. Restarted with a");
        out.println("   clock running " + (int) SPEED + "x from " + Hour.of(end)
                + ", it catches up the missed hours oldest first (each replaced whole,");
        out.println("   never duplicated), rolls up the finished day and snapshots the registry (Quartz, job store in "
                + config.state() + ").");
        out.println(
                "   Hours whose labels are still coming in are provisional: each is computed once more when its tier's");
        out.println("   label window closes, and its day is rolled up again so budgets take it in:");
        out.flush();
        long start = System.nanoTime();
        try (ModelfleetScheduler node = new ModelfleetScheduler(
                settings,
                "demo-node",
                ledger -> new SchedulerRuntime(
                        () -> SparkSessions.create(master, "modelfleet-demo"),
                        config.registry(),
                        config.logs(),
                        config.warehouse(),
                        clock,
                        settings,
                        ledger,
                        "demo-node",
                        line -> {
                            synchronized (out) {
                                out.println("   " + line);
                                out.flush();
                            }
                        }))) {
            node.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!SchedulerStatus.caughtUp(settings, clock) && System.nanoTime() < deadline) {
                sleep();
            }
            // Let the daily rollup of the finished day fire once more before stopping.
            for (int i = 0;
                    i < 14
                            && SchedulerStatus.read(settings, clock)
                                            .job(JobName.SLO_DAILY)
                                            .done()
                                    == 0;
                    i++) {
                sleep();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(
                Locale.ROOT,
                "   stopped cleanly after %.0f s; what 'scheduler status' says now (on the demo's clock):%n",
                seconds);
        SchedulerStatus.Status now = SchedulerStatus.read(settings, clock);
        StringWriter status = new StringWriter();
        SchedulerStatusReport.text(new PrintWriter(status), now);
        status.toString().lines().forEach(line -> out.println("   " + line));
        out.println(
                "   Run it for real: cd " + dir + " && " + command + " scheduler run      (Ctrl-C stops it cleanly)");
        out.println("   Every run is in job_runs: " + command + " sql --warehouse " + config.warehouse()
                + " \"SELECT job, unit, status, attempt, rows_written FROM job_runs ORDER BY started\"");
        out.flush();
        return new CaughtUp(
                seconds,
                now.jobs().stream()
                        .map(j -> new JobDone(j.job().id(), j.done(), j.failedForGood(), j.behind()))
                        .toList());
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the demo's scheduler ran", e);
        }
    }
}
