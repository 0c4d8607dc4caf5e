package io.modelfleet.cli.spark.scheduler;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.spark.AlertsConfig;
import io.modelfleet.cli.spark.render.SchedulerStatusReport;
import io.modelfleet.core.Hour;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.jobs.SparkSessions;
import io.modelfleet.scheduler.Clock;
import io.modelfleet.scheduler.ModelfleetScheduler;
import io.modelfleet.scheduler.SchedulerRuntime;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.WorkLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** Options and wiring every scheduler command shares: settings from modelfleet.yaml, the clock, the node. */
final class SchedulerNode {
    @Option(
            names = "--clock-start",
            paramLabel = "H",
            description =
                    "Run the scheduler's clock from this hour instead of now (with --clock-speed: a demo or a drill).")
    String clockStart;

    @Option(
            names = "--clock-speed",
            defaultValue = "1",
            paramLabel = "X",
            description =
                    "How many times faster than real time the scheduler's clock runs (default: ${DEFAULT-VALUE}).")
    double clockSpeed;

    SchedulerSettings settings(CliContext context) {
        // The node's runtime reads 'alerts:' once the database is open; reading it here first refuses a mistake in
        // it before anything is created.
        AlertsConfig.of(context);
        // Paths in modelfleet.yaml are relative to its folder, the export file's too.
        Path base = context.config()
                .file()
                .map(file -> file.toAbsolutePath().getParent())
                .orElse(context.cwd());
        return SchedulerSettings.from(
                context.config().scheduler(), context.config().state(), base);
    }

    Clock clock() {
        if (!(clockSpeed > 0) || clockSpeed > 1e7) {
            throw ModelfleetErrors.clockSpeed(clockSpeed);
        }
        if (clockStart == null && clockSpeed == 1) {
            return Clock.system();
        }
        Instant origin = clockStart != null ? Hour.parse(clockStart).start() : Instant.now();
        return Clock.accelerated(origin, clockSpeed);
    }

    static String defaultNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    static ModelfleetScheduler create(
            CliContext context, SchedulerSettings settings, String node, Clock clock, String master, PrintWriter out) {
        return new ModelfleetScheduler(
                settings,
                node,
                ledger -> runtime(context, settings, ledger, node, clock, out, () -> {
                    SchedulerRuntimeLog.line(out, "starting Spark (" + master + ") for this node's runs...");
                    return SparkSessions.create(
                            master, "modelfleet-scheduler", context.config().sparkConf());
                }));
    }

    /** What a node (or a backfill working in its place) runs units with, from the deployment's settings. */
    static SchedulerRuntime runtime(
            CliContext context,
            SchedulerSettings settings,
            WorkLedger ledger,
            String node,
            Clock clock,
            PrintWriter out,
            Supplier<SparkSession> spark) {
        return new SchedulerRuntime(
                spark,
                context.config().registry(),
                context.config().logs(),
                context.config().warehouse(),
                clock,
                settings,
                ledger,
                node,
                line -> SchedulerRuntimeLog.line(out, line),
                AlertsConfig.of(context),
                context.config().incidents());
    }

    /** Timestamped, whole lines from several threads. */
    static final class SchedulerRuntimeLog {
        private SchedulerRuntimeLog() {}

        static void line(PrintWriter out, String line) {
            synchronized (out) {
                out.println(SchedulerStatusReport.TIME.format(Instant.now()) + "  " + line);
                out.flush();
            }
        }
    }
}
