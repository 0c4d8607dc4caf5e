package io.modelfleet.cli.spark.slo;

import io.modelfleet.cli.GroupCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

@Command(
        name = "slo",
        mixinStandardHelpOptions = true,
        description = "Judge every model's calibration and NE hour by hour, show what is unstable now, and export"
                + " the newest hour for Prometheus.",
        footer = {
            "",
            "Examples:",
            "  modelfleet slo run --from 2026-11-22T00 --to 2026-11-24T23",
            "  modelfleet slo status",
            "  modelfleet slo export --out /var/lib/node_exporter/textfile/modelfleet.prom",
            "  modelfleet sql \"SELECT tier, count(*) FROM slo_hourly WHERE status = 'UNSTABLE' GROUP BY tier\""
        })
public final class SloCommand extends GroupCommand {
    @Override
    public Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        subcommands.put("run", SloRunCommand::new);
        subcommands.put("status", SloStatusCommand::new);
        subcommands.put("export", SloExportCommand::new);
        return subcommands;
    }
}
