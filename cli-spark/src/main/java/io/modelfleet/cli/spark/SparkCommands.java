package io.modelfleet.cli.spark;

import io.modelfleet.cli.CommandProvider;
import io.modelfleet.cli.spark.generate.GeneratePredictionsCommand;
import io.modelfleet.cli.spark.generate.GenerateTrafficCommand;
import io.modelfleet.cli.spark.launch.LaunchCommand;
import io.modelfleet.cli.spark.model.ModelCommand;
import io.modelfleet.cli.spark.report.ReportCommand;
import io.modelfleet.cli.spark.scheduler.SchedulerCommand;
import io.modelfleet.cli.spark.slo.SloCommand;
import io.modelfleet.cli.spark.sql.SqlCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The commands that run Spark jobs or read the warehouse: SLOs, SQL, launches, the scheduler, log and traffic generators. */
public final class SparkCommands implements CommandProvider {
    @Override
    public Map<String, Supplier<Object>> subcommands(String path) {
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        switch (path) {
            case "" -> {
                subcommands.put("slo", SloCommand::new);
                subcommands.put("sql", SqlCommand::new);
                subcommands.put("launch", LaunchCommand::new);
                subcommands.put("scheduler", SchedulerCommand::new);
                subcommands.put("model", ModelCommand::new);
                subcommands.put("report", ReportCommand::new);
            }
            case "generate" -> {
                subcommands.put("predictions", GeneratePredictionsCommand::new);
                subcommands.put("traffic", GenerateTrafficCommand::new);
            }
            default -> {}
        }
        return subcommands;
    }
}
