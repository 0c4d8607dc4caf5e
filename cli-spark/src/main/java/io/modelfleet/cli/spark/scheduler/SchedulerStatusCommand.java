package io.modelfleet.cli.spark.scheduler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.scheduler.JobName;
import io.modelfleet.scheduler.SchedulerSettings;
import io.modelfleet.scheduler.SchedulerStatus;
import io.modelfleet.scheduler.WorkLedger;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description =
                "Jobs, next fire times, last runs, hours behind, and the nodes of the cluster; read from the scheduler database.",
        footer = {"", "Examples:", "  modelfleet scheduler status", "  modelfleet scheduler status --format json"})
public final class SchedulerStatusCommand extends BaseCommand implements OutputFormat.Supported {
    @Override
    public List<OutputFormat> formats() {
        return List.of(OutputFormat.TEXT, OutputFormat.JSON);
    }

    @Mixin
    FormatOption format;

    @Mixin
    SchedulerNode options;

    @Override
    public Integer call() {
        SchedulerSettings settings = options.settings(context());
        if (!settings.databaseExists()) {
            // Reading would create an empty job store where none was asked for.
            if (format.get() == OutputFormat.JSON) {
                out().println(Json.write(new NeverRan(settings.database(), false)));
            } else {
                out().println("no scheduler has run here: " + settings.database() + " does not exist");
                out().println(
                                "start one with 'modelfleet scheduler run' (or point --config at the deployment's modelfleet.yaml)");
            }
            return ExitCodes.OK;
        }
        SchedulerStatus.Status status = SchedulerStatus.read(settings, options.clock());
        if (format.get() == OutputFormat.JSON) {
            out().println(json(status).toPrettyString());
        } else {
            print(out(), status);
        }
        return ExitCodes.OK;
    }

    /** What --format json says when no scheduler has run with these settings. */
    record NeverRan(String database, boolean ran) {}

    public static void print(PrintWriter out, SchedulerStatus.Status status) {
        out.println("scheduler database: " + status.database());
        TextTable jobs = new TextTable(List.of(
                "job",
                "cron",
                "next fire (UTC)",
                "last fire",
                "done",
                "pending",
                "retrying",
                "failed",
                "behind",
                "last run"));
        for (SchedulerStatus.JobStatus job : status.jobs()) {
            jobs.row(List.of(
                    job.job().id(),
                    job.cron(),
                    time(job.nextFire()),
                    time(job.previousFire()),
                    String.valueOf(job.done()),
                    String.valueOf(job.pending() + job.running()),
                    String.valueOf(job.failedRetrying()),
                    String.valueOf(job.failedForGood()),
                    job.job() == JobName.SLO_HOURLY ? job.behind() + " h" : "",
                    job.lastRun().map(SchedulerStatusCommand::describe).orElse("never")));
        }
        jobs.print(out);
        if (status.nodes().isEmpty()) {
            out.println("nodes: none running");
        } else {
            out.print("nodes:");
            status.nodes()
                    .forEach(n -> out.print(" " + n.id() + " ("
                            + (n.alive() ? "alive" : "last seen " + SchedulerNode.TIME.format(n.lastCheckin())) + ")"));
            out.println();
        }
        out.flush();
    }

    private static String describe(WorkLedger.Unit unit) {
        String key = unit.unit().key();
        String name = key.length() > 24 ? key.substring(0, 23) + "…" : key;
        return name + " " + unit.status().name().toLowerCase(Locale.ROOT)
                + unit.error()
                        .map(e -> ": " + (e.length() > 80 ? e.substring(0, 80) + "..." : e))
                        .orElse("");
    }

    private static String time(Optional<Instant> instant) {
        return instant.map(SchedulerNode.TIME::format).orElse("-");
    }

    static ObjectNode json(SchedulerStatus.Status status) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("database", status.database());
        ArrayNode jobs = root.putArray("jobs");
        for (SchedulerStatus.JobStatus job : status.jobs()) {
            ObjectNode node = jobs.addObject();
            node.put("job", job.job().id());
            node.put("cron", job.cron());
            node.put("next_fire", job.nextFire().map(Instant::toString).orElse(null));
            node.put("previous_fire", job.previousFire().map(Instant::toString).orElse(null));
            node.put("done", job.done());
            node.put("pending", job.pending());
            node.put("running", job.running());
            node.put("failed_retrying", job.failedRetrying());
            node.put("failed", job.failedForGood());
            node.put("latest_done", job.latestDone().orElse(null));
            node.put("hours_behind", job.behind());
            job.lastRun()
                    .ifPresent(u -> node.putObject("last_run")
                            .put("unit", u.unit().key())
                            .put("status", u.status().name())
                            .put("attempts", u.attempts())
                            .put("finished", u.finished().map(Instant::toString).orElse(null))
                            .put("error", u.error().orElse(null)));
        }
        ArrayNode nodes = root.putArray("nodes");
        status.nodes()
                .forEach(n -> nodes.addObject()
                        .put("id", n.id())
                        .put("last_checkin", n.lastCheckin().toString())
                        .put("alive", n.alive()));
        return root;
    }
}
