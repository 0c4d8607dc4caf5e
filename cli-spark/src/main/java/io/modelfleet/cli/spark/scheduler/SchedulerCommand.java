package io.modelfleet.cli.spark.scheduler;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "scheduler",
        mixinStandardHelpOptions = true,
        description =
                "Run the jobs on a schedule (Quartz, persistent job store): hourly SLOs, daily rollups, registry snapshots.",
        footer = {
            "",
            "Examples:",
            "  modelfleet scheduler run",
            "  modelfleet scheduler status",
            "  modelfleet scheduler backfill --job slo-hourly --from 2026-11-20T00 --to 2026-11-20T23"
        })
public final class SchedulerCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("run", SchedulerRunCommand::new);
        subcommands.put("status", SchedulerStatusCommand::new);
        subcommands.put("backfill", SchedulerBackfillCommand::new);
        return subcommands;
    }
}
