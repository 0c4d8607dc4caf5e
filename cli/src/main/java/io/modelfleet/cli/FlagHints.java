package io.modelfleet.cli;

import io.modelfleet.core.ModelfleetException.Input;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where the command line sets each {@link Input}: the flags that may carry it (only those the
 * running command has are named) and its key in modelfleet.yaml. The layers below name the input
 * at fault in domain words; this is the one place that knows its flags.
 */
final class FlagHints {
    private record Where(List<String> flags, String configKey) {}

    private static final Map<Input, Where> WHERE = new EnumMap<>(Input.class);

    static {
        WHERE.put(Input.REGISTRY, new Where(List.of("--registry"), "registry"));
        WHERE.put(Input.LOGS, new Where(List.of("--logs", "--out"), "logs"));
        WHERE.put(Input.WAREHOUSE, new Where(List.of("--warehouse"), "warehouse"));
        WHERE.put(Input.TRAFFIC, new Where(List.of("--traffic", "--out"), null));
        WHERE.put(Input.HOURS, new Where(List.of("--hour", "--from", "--to"), null));
        WHERE.put(Input.SEED, new Where(List.of("--seed"), null));
        WHERE.put(Input.SCALE, new Where(List.of("--scale"), null));
        WHERE.put(Input.NEGATIVE_WEIGHT, new Where(List.of("--negative-weight"), null));
        WHERE.put(
                Input.LABEL_DELAY,
                new Where(List.of("--label-delay-median-minutes", "--label-delay-p99-minutes"), null));
        WHERE.put(Input.INCIDENT, new Where(List.of("--incident"), null));
        WHERE.put(Input.REQUESTS_PER_DAY, new Where(List.of("--requests-per-day"), null));
        WHERE.put(Input.SAMPLES_PER_HOUR, new Where(List.of("--samples-per-hour"), null));
        WHERE.put(Input.MODEL_COUNT, new Where(List.of("--models"), null));
        WHERE.put(Input.TEAM_COUNT, new Where(List.of("--teams"), null));
        WHERE.put(Input.MODEL, new Where(List.of("--model"), null));
        WHERE.put(Input.CANDIDATE, new Where(List.of("--candidate", "--model"), null));
        WHERE.put(Input.JOB, new Where(List.of("--job"), null));
        WHERE.put(Input.SCHEDULER_SETTINGS, new Where(List.of(), "scheduler"));
        WHERE.put(Input.CONFIG, new Where(List.of("--config"), null));
        WHERE.put(Input.CLOCK_SPEED, new Where(List.of("--clock-speed"), null));
        WHERE.put(Input.ARRIVAL_RATE, new Where(List.of("--arrival-rate"), null));
        WHERE.put(Input.SERVICE_TIME, new Where(List.of("--service-mean-ms"), null));
        WHERE.put(Input.SERVICE_DISTRIBUTION, new Where(List.of("--service-dist"), null));
        WHERE.put(Input.SERVERS, new Where(List.of("--servers"), null));
        WHERE.put(Input.REQUESTS, new Where(List.of("--requests"), null));
        WHERE.put(Input.FILTER, new Where(List.of("--stage", "--lifecycle"), null));
        WHERE.put(Input.OUTPUT, new Where(List.of("--out"), null));
        WHERE.put(Input.WORKDIR, new Where(List.of("--workdir"), null));
        WHERE.put(Input.SAMPLE_REGISTRY, new Where(List.of("--sample"), null));
        WHERE.put(Input.RANGE_CONFIRMATION, new Where(List.of("--yes"), "max_range_days"));
        WHERE.put(Input.LAUNCH, new Where(List.of(), null));
        WHERE.put(Input.LAUNCH_FILE, new Where(List.of(), null));
        WHERE.put(Input.ACTOR, new Where(List.of("--as"), null));
        WHERE.put(Input.REASON, new Where(List.of("--reason"), null));
        WHERE.put(Input.LAUNCH_COUNT, new Where(List.of("--launches"), null));
        WHERE.put(Input.HOURS_MORE, new Where(List.of("--hours"), null));
        WHERE.put(Input.ALERTS, new Where(List.of(), "alerts"));
        WHERE.put(Input.SPARK_MASTER, new Where(List.of("--master"), "spark"));
        WHERE.put(Input.HARDWARE, new Where(List.of(), "hardware"));
        WHERE.put(Input.REPEATS, new Where(List.of("--repeats"), null));
        WHERE.put(Input.WARM_UP, new Where(List.of("--warm-up-seconds"), null));
        WHERE.put(Input.PROFILE_NAME, new Where(List.of("--name"), null));
    }

    private FlagHints() {}

    /** E.g. "set with --logs DIR, or 'logs:' in modelfleet.yaml", for the flags {@code command} has. */
    static Optional<String> of(Input input, CommandSpec command) {
        Where where = WHERE.get(input);
        if (where == null) {
            return Optional.empty();
        }
        List<String> flags = new ArrayList<>();
        for (String name : where.flags()) {
            OptionSpec option = command.findOption(name);
            if (option != null) {
                flags.add(option.typeInfo().isBoolean() ? name : name + " " + option.paramLabel());
            }
        }
        List<String> ways = new ArrayList<>();
        if (!flags.isEmpty()) {
            ways.add(String.join(", ", flags));
        }
        if (where.configKey() != null) {
            ways.add("'" + where.configKey() + ":' in " + Config.FILE_NAME);
        }
        return ways.isEmpty() ? Optional.empty() : Optional.of("set with " + String.join(", or ", ways));
    }
}
