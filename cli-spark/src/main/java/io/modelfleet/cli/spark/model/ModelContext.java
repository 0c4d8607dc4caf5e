package io.modelfleet.cli.spark.model;

import io.modelfleet.cli.CliContext;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.spark.launch.LaunchPlatform;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Team;
import io.modelfleet.report.FleetReport.LaunchLine;
import io.modelfleet.report.FleetReport.ModelFacts;
import io.modelfleet.scheduler.SchedulerSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What `model` and the report both say about a model: its registry facts and its launches. */
public final class ModelContext {
    private ModelContext() {}

    public static ModelFacts facts(Registry registry, Model model) {
        return new ModelFacts(
                model.id(),
                model.tier().name(),
                model.type(),
                model.surface(),
                model.funnelStage().id(),
                model.owner().team(),
                oncall(registry, model),
                model.pool(),
                model.serving().version(),
                registry.tierPolicies().isPresent() ? slo(registry.effectiveSlo(model)) : null,
                model.slo()
                        .exception()
                        .map(e -> "until " + e.expires() + ": " + e.reason())
                        .orElse(null));
    }

    /** The model's own on-call, else its team's; null when neither is named. */
    public static String oncall(Registry registry, Model model) {
        return model.owner()
                .oncall()
                .or(() -> registry.team(model.owner().team()).map(Team::oncall))
                .orElse(null);
    }

    static String slo(SloPolicy slo) {
        return String.format(
                Locale.ROOT,
                "calibration %.2f-%.2f, NE regression <= %.1f%%, >= %d events/hour, objective %.1f%%",
                slo.calibrationMin(),
                slo.calibrationMax(),
                slo.neRegressionLimit() * 100,
                slo.minEventsPerHour(),
                slo.objective() * 100);
    }

    /** Every launch by model id, oldest first; empty when no scheduler database exists yet. */
    public static Map<String, List<LaunchLine>> launches(
            CliContext context, LaunchPlatform.Options platform, Registry registry) {
        SchedulerSettings settings = SchedulerSettings.from(
                context.config().scheduler(), context.config().state());
        Map<String, List<LaunchLine>> out = new LinkedHashMap<>();
        if (!settings.databaseExists()) {
            return out;
        }
        try (LaunchPlatform launches = LaunchPlatform.open(context, platform, registry)) {
            for (LaunchRecord l : launches.launches().all()) {
                out.computeIfAbsent(l.model(), k -> new ArrayList<>())
                        .add(new LaunchLine(
                                l.id(),
                                l.model(),
                                l.state().name(),
                                l.productionVersion() + " -> " + l.candidate().version(),
                                l.step() >= 0
                                        ? (l.step() + 1) + "/" + l.trafficPlan().size() + " at "
                                                + Text.amount(l.trafficPlan()
                                                        .get(l.step())
                                                        .percent()) + "%"
                                        : Text.NONE,
                                l.state().isEnd() ? Text.NONE : l.waitingFor()));
            }
        }
        return out;
    }
}
