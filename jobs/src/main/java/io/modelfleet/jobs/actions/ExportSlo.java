package io.modelfleet.jobs.actions;

import io.modelfleet.core.Action;
import io.modelfleet.core.Hour;
import io.modelfleet.core.Location;
import io.modelfleet.core.slo.LatestSlo;
import io.modelfleet.core.slo.SloOpenMetrics;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Exports the newest hour in {@code slo_hourly} — every model judged in it — with each of those
 * models' newest day in {@code slo_daily}, as OpenMetrics text ({@link SloOpenMetrics}) for
 * Prometheus. The command and the scheduler both run it.
 *
 * <p>The newest hour of the fleet, not each model's own newest: every serving model has a row in
 * every hour computed, so a model missing from the newest one is no longer registered or serving,
 * and its old figures would live on as series nobody updates.
 *
 * <p>Options: {@code warehouse} is required; {@code out} is optional. A warehouse without
 * {@code slo_hourly} is refused (a user error), and a file named by {@code out} is left as it was.
 */
public interface ExportSlo extends Action<ExportSlo.Result> {
    /** The warehouse folder the SLO tables live in. */
    ExportSlo warehouse(Location warehouse);

    /**
     * Also writes the text to this file, replacing it atomically: it is written whole to a hidden
     * temporary file in the same folder (named so that a textfile collector, which reads
     * {@code *.prom}, skips it), flushed to disk, then renamed over the file. A reader sees the old
     * file or the new one, never a part. Missing folders are created; a folder is refused.
     */
    ExportSlo out(Path file);

    /**
     * What was exported.
     *
     * @param text the OpenMetrics text
     * @param file where it was written, when {@code out} was set
     */
    record Result(List<LatestSlo> models, String text, Optional<Path> file) {
        public Result {
            models = List.copyOf(models);
        }

        /** The hour exported; empty when {@code slo_hourly} holds no row. */
        public Optional<Hour> hour() {
            return models.stream().map(LatestSlo::hour).max(Comparator.naturalOrder());
        }
    }
}
