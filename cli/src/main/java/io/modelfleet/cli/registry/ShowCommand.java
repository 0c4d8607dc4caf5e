package io.modelfleet.cli.registry;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelfleet.cli.BaseCommand;
import io.modelfleet.cli.ExitCodes;
import io.modelfleet.cli.options.FormatOption;
import io.modelfleet.cli.options.Formats;
import io.modelfleet.cli.options.OutputFormat;
import io.modelfleet.cli.options.RegistryOption;
import io.modelfleet.cli.render.Json;
import io.modelfleet.core.slo.SloPolicy;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Team;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Show one model: its entry, the SLO it is held to, and its pool's usage.",
        footer = {
            "",
            "Examples:",
            "  modelfleet registry show ig_feed_mtml_lsr_v3",
            "  modelfleet registry show ig_feed_mtml_lsr_v3 --format json"
        })
@Formats({OutputFormat.TEXT, OutputFormat.JSON})
public final class ShowCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "ID", description = "Model id.")
    String id;

    @Mixin
    RegistryOption registryOption;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Registry registry = LoadedRegistry.load(context(), registryOption.resolve(context()));
        Model model = registry.modelNamed(id);
        if (format.get() == OutputFormat.JSON) {
            Json.print(out(), Shown.of(registry, model));
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        out.println(model.id() + "  (" + model.file() + ")");
        out.println("  " + model.description());
        line(out, "type", model.type());
        line(out, "tier", model.tier().name());
        line(
                out,
                "surface / stage",
                model.surface() + " / " + model.funnelStage().id());
        line(out, "business function", model.businessFunction());
        line(out, "lifecycle", model.lifecycle().id());
        line(
                out,
                "owner",
                model.owner().team()
                        + model.owner().oncall().map(o -> ", on-call " + o).orElse(", no on-call")
                        + (model.owner().contacts().isEmpty()
                                ? ""
                                : ", " + String.join(" ", model.owner().contacts())));
        Model.Serving serving = model.serving();
        line(
                out,
                "serving",
                serving.version() + ", " + serving.replicas() + " replicas x " + resources(serving.resources()) + " = "
                        + resources(model.footprint()));
        line(
                out,
                "scorer",
                serving.scorer().kind() + ", input " + serving.scorer().inputWidth()
                        + (serving.scorer().hidden().isEmpty()
                                ? ""
                                : ", hidden " + serving.scorer().hidden()));
        Optional<Team.Pool> pool = Optional.ofNullable(registry.pools().get(model.pool()));
        line(
                out,
                "pool",
                model.pool()
                        + pool.map(p -> ": uses " + resources(registry.poolUsage(p.id())) + " of "
                                        + resources(p.quota()))
                                .orElse(" (unknown)"));
        if (registry.tierPolicies().isPresent()) {
            SloPolicy slo = registry.effectiveSlo(model);
            line(
                    out,
                    "SLO",
                    String.format(
                            Locale.ROOT,
                            "calibration %.2f-%.2f, NE regression <= %.1f%%, >= %d events/hour, objective %.1f%%%s",
                            slo.calibrationMin(),
                            slo.calibrationMax(),
                            slo.neRegressionLimit() * 100,
                            slo.minEventsPerHour(),
                            slo.objective() * 100,
                            model.slo() == Model.SloOverride.NONE ? " (tier defaults)" : " (with overrides)"));
            model.slo()
                    .exception()
                    .ifPresent(e -> line(out, "SLO exception", "until " + e.expires() + ": " + e.reason()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * What --format json writes: the model's entry as written in its YAML file, then the file it is
     * in and, where the registry has tier policies, the SLO it is held to.
     */
    @JsonPropertyOrder({"entry", "file", "effective_slo"})
    record Shown(
            @JsonAnyGetter Map<String, JsonNode> entry,
            String file,
            @JsonInclude(JsonInclude.Include.NON_NULL) EffectiveSlo effectiveSlo) {
        static Shown of(Registry registry, Model model) {
            Map<String, JsonNode> entry = new LinkedHashMap<>();
            model.source().properties().forEach(field -> entry.put(field.getKey(), field.getValue()));
            entry.remove("file");
            entry.remove("effective_slo");
            return new Shown(
                    entry,
                    model.file(),
                    registry.tierPolicies().isPresent() ? EffectiveSlo.of(registry.effectiveSlo(model)) : null);
        }
    }

    record EffectiveSlo(
            double calibrationMin,
            double calibrationMax,
            double neRegressionLimit,
            long minEventsPerHour,
            double objective) {
        static EffectiveSlo of(SloPolicy slo) {
            return new EffectiveSlo(
                    slo.calibrationMin(),
                    slo.calibrationMax(),
                    slo.neRegressionLimit(),
                    slo.minEventsPerHour(),
                    slo.objective());
        }
    }

    private static void line(PrintWriter out, String label, String value) {
        out.printf(Locale.ROOT, "  %-18s %s%n", label, value);
    }

    private static String resources(Resources r) {
        return String.format(
                Locale.ROOT,
                "%s cpu / %s GiB%s",
                trim(r.cpu()),
                trim(r.memoryGb()),
                r.gpus() > 0 ? " / " + r.gpus() + " gpu" : "");
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
