package io.modelfleet.cli.spark;

import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.Config;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code alerts:} block of the command's modelfleet.yaml, read by the commands whose SLO runs send alerts. */
public final class AlertsConfig {
    private AlertsConfig() {}

    /** Where alerts go; empty when modelfleet.yaml has no {@code alerts:} (nothing is sent, nothing complains). */
    public static Optional<AlertSettings> of(CliContext context) {
        Config config = context.config();
        return AlertSettings.from(
                config.alerts(), config.file().orElseGet(() -> context.resolve(Path.of(Config.FILE_NAME))));
    }
}
