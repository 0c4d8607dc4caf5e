package io.modelfleet.alerts.internal;

import io.modelfleet.alerts.AlertSettings;
import io.modelfleet.alerts.SloState;
import io.modelfleet.alerts.SloState.IncidentHour;
import io.modelfleet.alerts.SloState.ModelDay;
import io.modelfleet.alerts.SloState.ModelHour;
import io.modelfleet.core.Hour;
import io.modelfleet.core.slo.Alert;
import io.modelfleet.core.slo.SloStatus;
import io.modelfleet.registry.Tier;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which alerts fire, from the SLO tables' latest hour and day:
 *
 * <ul>
 *   <li>{@value #MODEL_UNSTABLE}: a TIER0 or TIER1 model whose latest hour is UNSTABLE, or whose
 *       newest final hour is when every hour after it is still provisional; severity {@code page}
 *       for TIER0, {@code ticket} for TIER1; from the first hour of its unbroken run of UNSTABLE
 *       hours. A provisional hour UNSTABLE by the full evidence rule alerts early, before its labels
 *       are complete, with the annotation {@code provisional: true};
 *   <li>{@value #CORRELATED_INCIDENT}: a correlated incident of the latest hour (the failing models
 *       of one surface, funnel stage or team, {@code slo_incidents}) whose most critical model is
 *       TIER0 ({@code page}) or TIER1 ({@code ticket}); labelled {@code dimension} and {@code
 *       value} instead of a model, from the incident's first hour. Its models get no {@value
 *       #MODEL_UNSTABLE} alert of their own: one cause, one page;
 *   <li>{@value #ERROR_BUDGET_BURN}: a model whose latest day in {@code slo_daily} says {@code page} or
 *       {@code ticket} (the multi-window burn-rate rules), with that as its severity; from the first
 *       day of its unbroken run of days at that level.
 * </ul>
 *
 * Labels: {@code alertname}, {@code model_id}, {@code team}, {@code tier}, {@code severity} and the
 * configured extra labels. A budget going from ticket to page is a new alert (its severity label
 * changes) and the ticket resolves, as Prometheus' separate rules would do.
 */
public final class AlertRules {
    public static final String MODEL_UNSTABLE = "ModelfleetModelUnstable";
    public static final String ERROR_BUDGET_BURN = "ModelfleetErrorBudgetBurn";
    public static final String CORRELATED_INCIDENT = "ModelfleetCorrelatedIncident";

    private AlertRules() {}

    /** The alerts firing in {@code state}, ordered by alert name then model. */
    public static List<FiringAlert> firing(SloState state, AlertSettings settings) {
        List<FiringAlert> firing = new ArrayList<>();
        state.latestHour().ifPresent(latest -> {
            List<IncidentHour> incidents = state.incidents().stream()
                    .filter(i -> i.hour().equals(latest))
                    .toList();
            Set<String> inIncident = new HashSet<>();
            incidents.forEach(i -> inIncident.addAll(i.models()));
            firing.addAll(unstable(latest, state.hours(), inIncident, settings));
            firing.addAll(correlated(incidents, settings));
        });
        state.latestDay().ifPresent(latest -> firing.addAll(burning(latest, state.days(), settings)));
        return firing;
    }

    private static List<FiringAlert> correlated(List<IncidentHour> incidents, AlertSettings settings) {
        List<FiringAlert> out = new ArrayList<>();
        for (IncidentHour incident : incidents) {
            if (!(incident.tier() == Tier.TIER0 || incident.tier() == Tier.TIER1)) {
                continue;
            }
            long run = incident.firstHour().start().until(incident.hour().start(), ChronoUnit.HOURS) + 1;
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(
                    "summary",
                    incident.models().size() + " models of " + incident.dimension() + " " + incident.value()
                            + " failing together since " + incident.firstHour() + " UTC (" + run
                            + (run == 1 ? " hour)" : " hours)")
                            + (incident.provisional() ? "; early: their labels are not all in yet" : ""));
            annotations.put("description", incident.cause() + ". Models: " + String.join(", ", incident.models()));
            annotations.put("provisional", Boolean.toString(incident.provisional()));
            annotations.put("hour", incident.hour().toString());
            annotations.put("models", Integer.toString(incident.models().size()));
            Map<String, String> labels = new TreeMap<>(settings.labels());
            labels.put("alertname", CORRELATED_INCIDENT);
            labels.put("dimension", incident.dimension());
            labels.put("value", incident.value());
            labels.put("tier", incident.tier().name());
            labels.put("severity", (incident.tier() == Tier.TIER0 ? Alert.PAGE : Alert.TICKET).id());
            if (incident.dimension().equals("team")) {
                labels.put("team", incident.value());
            }
            settings.reportUrl().ifPresent(url -> annotations.put("report", url.toString()));
            out.add(new FiringAlert(
                    labels,
                    annotations,
                    settings.reportUrl(),
                    incident.firstHour().start(),
                    incident.hour().plus(1).start()));
        }
        return out;
    }

    private static List<FiringAlert> unstable(
            Hour latest, List<ModelHour> rows, Set<String> inIncident, AlertSettings settings) {
        List<FiringAlert> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Hour, ModelHour>> model :
                byModel(rows, ModelHour::modelId, ModelHour::hour).entrySet()) {
            TreeMap<Hour, ModelHour> hours = model.getValue();
            ModelHour last = judgedHour(hours, latest);
            if (last == null
                    || inIncident.contains(last.modelId())
                    || last.status() != SloStatus.UNSTABLE
                    || !(last.tier() == Tier.TIER0 || last.tier() == Tier.TIER1)) {
                continue;
            }
            Hour first = last.hour();
            while (hours.containsKey(first.plus(-1))
                    && hours.get(first.plus(-1)).status() == SloStatus.UNSTABLE) {
                first = first.plus(-1);
            }
            long run = first.start().until(last.hour().start(), ChronoUnit.HOURS) + 1;
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(
                    "summary",
                    last.modelId() + " (" + last.tier() + ", team " + last.team() + ") has been UNSTABLE since " + first
                            + " UTC (" + run + (run == 1 ? " hour)" : " hours)")
                            + (last.isFinal() ? "" : "; early: its labels are not all in yet"));
            annotations.put("description", last.reasons().isBlank() ? "UNSTABLE" : last.reasons());
            annotations.put("hour", last.hour().toString());
            annotations.put("provisional", Boolean.toString(!last.isFinal()));
            annotations.put("unstable_hours", Long.toString(run));
            annotations.put("run_id", last.runId());
            out.add(alert(
                    MODEL_UNSTABLE,
                    last.modelId(),
                    last.team(),
                    last.tier(),
                    last.tier() == Tier.TIER0 ? Alert.PAGE : Alert.TICKET,
                    annotations,
                    first,
                    latest.plus(1),
                    settings));
        }
        return out;
    }

    /**
     * The hour a model's alert speaks of: the newest hour that is final or already UNSTABLE,
     * looking past provisional hours that are not (and past missing ones), whose judgement may
     * still change: an early alert on a provisional UNSTABLE hour then holds until that hour is
     * final, instead of resolving when the next provisional hour is too thin to judge. Null when
     * the model has no row in the latest hour (removed from the registry).
     */
    private static ModelHour judgedHour(TreeMap<Hour, ModelHour> hours, Hour latest) {
        ModelHour newest = hours.get(latest);
        if (newest == null) {
            return null;
        }
        for (ModelHour h : hours.headMap(latest, true).descendingMap().values()) {
            if (h.isFinal() || h.status() == SloStatus.UNSTABLE) {
                return h;
            }
        }
        return newest;
    }

    private static List<FiringAlert> burning(LocalDate latest, List<ModelDay> rows, AlertSettings settings) {
        List<FiringAlert> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<LocalDate, ModelDay>> model :
                byModel(rows, ModelDay::modelId, ModelDay::day).entrySet()) {
            TreeMap<LocalDate, ModelDay> days = model.getValue();
            ModelDay last = days.get(latest);
            if (last == null || last.alert() == Alert.NONE) {
                continue;
            }
            LocalDate first = latest;
            while (days.containsKey(first.minusDays(1))
                    && days.get(first.minusDays(1)).alert() == last.alert()) {
                first = first.minusDays(1);
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(
                    "summary",
                    last.modelId() + " (" + last.tier() + ", team " + last.team() + ") is burning its error budget: "
                            + last.alert().id() + " since " + first);
            annotations.put(
                    "description",
                    "burn rate " + rate(last.burnRate6h()) + " over 6 h, " + rate(last.burnRate24h()) + " over 24 h, "
                            + rate(last.burnRate72h()) + " over 72 h (1 spends the 28-day budget exactly); budget left "
                            + last.errorBudgetRemaining()
                                    .map(b -> String.format(Locale.ROOT, "%.0f%%", 100 * b))
                                    .orElse("unknown"));
            annotations.put("day", latest.toString());
            annotations.put("burn_rate_6h", rate(last.burnRate6h()));
            annotations.put("burn_rate_24h", rate(last.burnRate24h()));
            annotations.put("burn_rate_72h", rate(last.burnRate72h()));
            last.errorBudgetRemaining()
                    .ifPresent(b -> annotations.put("error_budget_remaining", String.format(Locale.ROOT, "%.4f", b)));
            out.add(alert(
                    ERROR_BUDGET_BURN,
                    last.modelId(),
                    last.team(),
                    last.tier(),
                    last.alert(),
                    annotations,
                    Hour.of(first.atStartOfDay(ZoneOffset.UTC).toInstant()),
                    Hour.of(latest.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()),
                    settings));
        }
        return out;
    }

    private static FiringAlert alert(
            String name,
            String modelId,
            String team,
            Tier tier,
            Alert severity,
            Map<String, String> annotations,
            Hour since,
            Hour until,
            AlertSettings settings) {
        Map<String, String> labels = new TreeMap<>(settings.labels());
        labels.put("alertname", name);
        labels.put("model_id", modelId);
        labels.put("team", team);
        labels.put("tier", tier.name());
        labels.put("severity", severity.id());
        Optional<URI> report = settings.reportUrl().map(url -> reportAnchor(url, modelId));
        report.ifPresent(link -> annotations.put("report", link.toString()));
        return new FiringAlert(labels, annotations, report, since.start(), until.start());
    }

    /** The model's section of the HTML report, whose id is {@code model-<model_id>}. */
    public static URI reportAnchor(URI report, String modelId) {
        return URI.create(report + "#model-" + modelId);
    }

    private static String rate(Optional<Double> rate) {
        return rate.map(r -> String.format(Locale.ROOT, "%.1f", r)).orElse("n/a");
    }

    private static <R, K extends Comparable<? super K>> TreeMap<String, TreeMap<K, R>> byModel(
            List<R> rows, Function<R, String> model, Function<R, K> key) {
        TreeMap<String, TreeMap<K, R>> byModel = new TreeMap<>();
        for (R row : rows) {
            byModel.computeIfAbsent(model.apply(row), m -> new TreeMap<>()).put(key.apply(row), row);
        }
        return byModel;
    }
}
