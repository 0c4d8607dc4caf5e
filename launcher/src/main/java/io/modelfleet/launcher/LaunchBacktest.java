package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.gate.CandidateQuality;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.registry.FunnelStage;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Lifecycle;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.TierPolicy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs simulated launches of a registry's models through the real workflow (controller, simulated
 * fleet, quality gate, a database per policy) on a fast clock, once per gate policy on the same
 * launches, and counts what each policy did to healthy candidates and to candidates worse than
 * production by known amounts.
 *
 * <p>The candidates: half healthy (as good as production), the rest miscalibrated so that their
 * |ln calibration| is worse by 0.5, 1 and 2 times the calibration margin, a sixth each, in an order
 * the seed shuffles. Each model has one launch open at a time; a launch the gate cannot decide is
 * HELD and then rolled back by the backtest standing in for a person, and counted as held.
 */
public final class LaunchBacktest {
    /** Candidates by how much worse than production they are, in calibration margins. */
    public enum CandidateClass {
        HEALTHY(0),
        WORSE_HALF_MARGIN(0.5),
        WORSE_ONE_MARGIN(1),
        WORSE_TWO_MARGINS(2);

        private final double margins;

        CandidateClass(double margins) {
            this.margins = margins;
        }

        public double margins() {
            return margins;
        }

        public String label() {
            return this == HEALTHY ? "healthy" : "worse " + Launches.plain(margins) + "x margin";
        }
    }

    /**
     * One backtest.
     *
     * @param databases a fresh, empty launch database per policy, by name
     * @param traffic each model's base rate and rows per hour
     * @param plan the traffic plan every simulated launch follows
     */
    public record Settings(
            int launches,
            long seed,
            List<Launch.Step> plan,
            Duration attributionWindow,
            Duration tick,
            Function<String, LaunchDatabase> databases,
            Function<Model, SimulatedTraffic.Profile> traffic,
            List<CandidateClass> mix,
            Path scratch) {
        public Settings {
            if (launches < 1) {
                throw new IllegalArgumentException("a backtest needs at least one launch, got " + launches);
            }
            plan = List.copyOf(plan);
            requireNonNull(attributionWindow, "attributionWindow is null");
            requireNonNull(tick, "tick is null");
            requireNonNull(databases, "databases is null");
            requireNonNull(traffic, "traffic is null");
            requireNonNull(scratch, "scratch is null");
            mix = List.copyOf(mix);
            if (mix.isEmpty()) {
                throw new IllegalArgumentException("a backtest needs a mix of candidate classes");
            }
        }

        /** Half healthy candidates; a sixth each worse by 0.5, 1 and 2 margins. */
        public static List<CandidateClass> defaultMix() {
            return List.of(
                    CandidateClass.HEALTHY,
                    CandidateClass.HEALTHY,
                    CandidateClass.HEALTHY,
                    CandidateClass.WORSE_HALF_MARGIN,
                    CandidateClass.WORSE_ONE_MARGIN,
                    CandidateClass.WORSE_TWO_MARGINS);
        }

        /** 5%, 25%, 50% for at least an hour each (at most two days, then one), then 100%. */
        public static List<Launch.Step> defaultPlan() {
            return List.of(
                    new Launch.Step(5, 60, 2880),
                    new Launch.Step(25, 60, 1440),
                    new Launch.Step(50, 60, 1440),
                    new Launch.Step(100, 0, 60));
        }
    }

    /** How one launch ended under one policy. */
    public record Outcome(
            String launch,
            String model,
            CandidateClass candidateClass,
            String result,
            double percentReached,
            double hoursShifting) {
        public static final String PROMOTED = "promoted";
        public static final String ROLLED_BACK = "rolled_back";
        public static final String HELD = "held";
        public static final String NOT_STARTED = "not_started";
    }

    /** What one policy did, by candidate class. */
    public record PolicyResult(GateTest.Policy policy, List<Outcome> outcomes, double simulatedHours, double seconds) {
        public List<Outcome> of(CandidateClass c) {
            return outcomes.stream().filter(o -> o.candidateClass() == c).toList();
        }

        public long count(CandidateClass c, String result) {
            return of(c).stream().filter(o -> o.result().equals(result)).count();
        }

        /** Launches finished per simulated week, one launch per model at a time. */
        public double launchesPerWeek() {
            return outcomes.size() / (simulatedHours / (24 * 7));
        }

        /** A quantile of hours from the first traffic step to the end, over launches that shifted. */
        public double hoursQuantile(double q) {
            double[] hours = outcomes.stream()
                    .filter(o -> !o.result().equals(Outcome.NOT_STARTED))
                    .mapToDouble(Outcome::hoursShifting)
                    .sorted()
                    .toArray();
            if (hours.length == 0) {
                return Double.NaN;
            }
            return hours[(int) Math.min(hours.length - 1, Math.ceil(q * hours.length) - 1)];
        }
    }

    /** A clock the backtest moves. */
    static final class FastClock implements InstantSource {
        private volatile Instant now;

        FastClock(Instant start) {
            this.now = start;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    /** Longer than any launch of the plan can take: the backtest stops with what each launch waits for. */
    private static final Duration STUCK = Duration.ofDays(30);

    private final Registry registry;
    private final Settings settings;

    public LaunchBacktest(Registry registry, Settings settings) {
        this.registry = requireNonNull(registry, "registry is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The models a backtest launches: active ranking models whose team has someone to approve. */
    public List<Model> models() {
        return registry.models().stream()
                .filter(m -> m.lifecycle() == Lifecycle.ACTIVE && m.funnelStage() != FunnelStage.SOURCING)
                .filter(m -> registry.team(m.owner().team())
                        .map(t -> t.approvers().size() >= 1)
                        .orElse(false))
                .filter(m -> !m.tier().name().equals("TIER0")
                        || registry.tierPolicies()
                                .map(t -> !t.platformApprovers().isEmpty())
                                .orElse(false))
                .toList();
    }

    /** Which class each launch's candidate is: the mix's proportions, shuffled by the seed. */
    public List<CandidateClass> classes() {
        List<CandidateClass> mix = settings.mix();
        List<CandidateClass> out = new ArrayList<>();
        for (int i = 0; i < settings.launches(); i++) {
            out.add(mix.get(i % mix.size()));
        }
        SplittableRandom random = new SplittableRandom(settings.seed());
        for (int i = out.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            CandidateClass t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        return out;
    }

    /** Runs every policy over the same launches; {@code progress} hears each policy's launches end. */
    public Map<GateTest.Policy, PolicyResult> run(List<GateTest.Policy> policies, Consumer<String> progress) {
        Map<GateTest.Policy, PolicyResult> out = new EnumMap<>(GateTest.Policy.class);
        for (GateTest.Policy policy : policies) {
            out.put(policy, run(policy, progress));
        }
        return out;
    }

    PolicyResult run(GateTest.Policy policy, Consumer<String> progress) {
        long started = System.nanoTime();
        List<Model> models = models();
        if (models.isEmpty()) {
            throw new IllegalArgumentException(
                    "the registry has no active ranking model whose team lists approvers to launch");
        }
        List<CandidateClass> classes = classes();
        Map<String, CandidateClass> classOf = new HashMap<>();
        Map<String, Model> modelOf = new HashMap<>();
        Map<String, Double> calibrationMargin = new HashMap<>();
        Instant start = Instant.parse("2026-01-05T00:00:00Z");
        FastClock clock = new FastClock(start);
        LaunchDatabase database = settings.databases().apply(policy.name().toLowerCase(Locale.ROOT));
        Launches.createTables(database);
        SimulatedTraffic traffic = new SimulatedTraffic(
                settings.attributionWindow(),
                settings.seed(),
                launch -> settings.traffic().apply(modelOf.get(launch.id())),
                launch -> {
                    CandidateClass c = classOf.get(launch.id());
                    double factor = Math.exp(c.margins() * calibrationMargin.get(launch.id()));
                    return c == CandidateClass.HEALTHY
                            ? CandidateQuality.GOOD
                            : new CandidateQuality("miscalibrated:" + factor, factor, 0, 1);
                });
        Launches launches = new Launches(
                        database,
                        () -> registry,
                        new SimulatedFleet(SimulatedFleet.Settings.DEFAULTS),
                        FreezePolicy.NONE,
                        clock,
                        new LaunchSettings(
                                Duration.ofDays(3650),
                                settings.scratch().resolve(policy.name().toLowerCase(Locale.ROOT)),
                                SimulatedFleet.Settings.DEFAULTS))
                .gatedBy(traffic, policy);

        Map<String, Deque<Integer>> queue = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            queue.computeIfAbsent(models.get(i % models.size()).id(), k -> new ArrayDeque<>())
                    .add(i);
        }
        Map<String, Instant> shiftingSince = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        Set<String> open = new HashSet<>();
        for (Model model : models) {
            submitNext(launches, traffic, queue, model, classes, classOf, modelOf, calibrationMargin, open);
        }
        Instant lastEnd = clock.instant();
        while (!open.isEmpty()) {
            clock.advance(settings.tick());
            if (clock.instant().isAfter(lastEnd.plus(STUCK))) {
                throw new IllegalStateException(
                        "backtest stuck: no launch ended in " + STUCK.toDays() + " simulated days; "
                                + launches.open().stream()
                                        .map(l -> l.id() + " " + l.state() + " waits for " + l.waitingFor())
                                        .toList());
            }
            for (Launches.Step step : launches.tick("controller")) {
                if (step.to() == LaunchState.SHIFTING && step.from() == LaunchState.PREPARING) {
                    shiftingSince.put(step.launch(), clock.instant());
                }
                if (step.to() == LaunchState.HELD) {
                    String approver = approverOf(launches, step.launch());
                    launches.rollback(step.launch(), approver, "backtest: the gate could not decide; counted as held");
                }
                if (step.to() == LaunchState.HELD || step.to().isEnd()) {
                    LaunchRecord ended = launches.view(step.launch()).launch();
                    Instant since = shiftingSince.get(step.launch());
                    String result = step.to() == LaunchState.HELD
                            ? Outcome.HELD
                            : step.to() == LaunchState.DONE
                                    ? Outcome.PROMOTED
                                    : step.to() == LaunchState.ROLLED_BACK ? Outcome.ROLLED_BACK : Outcome.NOT_STARTED;
                    outcomes.add(new Outcome(
                            step.launch(),
                            ended.model(),
                            classOf.get(step.launch()),
                            result,
                            ended.step() >= 0
                                    ? ended.trafficPlan().get(ended.step()).percent()
                                    : 0,
                            since == null
                                    ? 0
                                    : Duration.between(since, clock.instant()).toMinutes() / 60.0));
                    open.remove(step.launch());
                    lastEnd = clock.instant();
                    forget(database, ended.model());
                    progress.accept(policy.name().toLowerCase(Locale.ROOT) + ": " + outcomes.size() + " of "
                            + classes.size() + " launches ended");
                    submitNext(
                            launches,
                            traffic,
                            queue,
                            modelOf.get(step.launch()),
                            classes,
                            classOf,
                            modelOf,
                            calibrationMargin,
                            open);
                }
            }
        }
        return new PolicyResult(
                policy,
                outcomes,
                Duration.between(start, clock.instant()).toMinutes() / 60.0,
                (System.nanoTime() - started) / 1e9);
    }

    private void submitNext(
            Launches launches,
            SimulatedTraffic traffic,
            Map<String, Deque<Integer>> queue,
            Model model,
            List<CandidateClass> classes,
            Map<String, CandidateClass> classOf,
            Map<String, Model> modelOf,
            Map<String, Double> calibrationMargin,
            Set<String> open) {
        Deque<Integer> waiting = queue.get(model.id());
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        int index = waiting.poll();
        String id = String.format(Locale.ROOT, "backtest_%05d", index + 1);
        TierPolicy.Gate gate =
                registry.tierPolicies().map(t -> t.of(model.tier()).gate()).orElse(TierPolicy.Gate.FALLBACK);
        List<Launch.Step> plan = plannedSteps(traffic, model, gate);
        Launch request = new Launch(
                id,
                model.id(),
                "backtest",
                "backtest launch " + (index + 1) + " of " + classes.size(),
                new Launch.Candidate(
                        model.serving().version() + "." + (index + 1),
                        "backtest://" + model.id() + "/" + (index + 1),
                        // One replica: the backtest measures the gate, not the pools (a full deployment of every
                        // model at once does not fit the sample pools, and would only make launches wait).
                        OptionalLong.of(1),
                        Optional.empty(),
                        OptionalLong.empty(),
                        OptionalDouble.empty(),
                        model.serving().scorer()),
                plan,
                Optional.empty(),
                "launches/" + id + ".yaml");
        classOf.put(id, classes.get(index));
        modelOf.put(id, model);
        calibrationMargin.put(id, gate.calibrationMargin());
        launches.submit(
                request, new LaunchRecord.Estimate("backtest", LaunchRecord.Estimate.FITS, 1, "backtest", "{}"), 1);
        Set<String> used = new HashSet<>();
        for (Launches.Requirement part : launches.view(id).approvals()) {
            String who = part.approvers().stream()
                    .filter(a -> !used.contains(a))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "model " + model.id() + " has nobody left to approve its launch's " + part.role()));
            used.add(who);
            launches.approve(id, who);
        }
        open.add(id);
    }

    /**
     * The settings' plan with each gated step's longest bake set as a team would from the planned
     * bakes: twice the hours a healthy candidate needs to pass with 80% chance, plus the step's
     * split first hour and the attribution window before the first look, at least an hour past the
     * least bake; a step the gate cannot decide keeps the plan's own.
     */
    private List<Launch.Step> plannedSteps(SimulatedTraffic traffic, Model model, TierPolicy.Gate gate) {
        List<Launch.Step> steps = settings.plan();
        int gatedSteps = (int) steps.stream().filter(s -> s.percent() < 100).count();
        Optional<List<BakePlan.StepPlan>> plan = BakePlan.plan(
                traffic.typicalHour(settings.traffic().apply(model)),
                1,
                steps,
                gate,
                gate.alpha() / (2.0 * Math.max(1, gatedSteps)),
                BakePlan.DEFAULT_POWER);
        if (plan.isEmpty()) {
            return steps;
        }
        List<Launch.Step> out = new ArrayList<>();
        for (BakePlan.StepPlan p : plan.get()) {
            Launch.Step step = steps.get(p.step());
            out.add(
                    p.plannedHours().isPresent()
                            ? new Launch.Step(
                                    step.percent(),
                                    step.bakeMinutes(),
                                    Math.max(
                                            step.bakeMinutes() + 60,
                                            2 * 60 * p.plannedHours().getAsLong()
                                                    + 60
                                                    + settings.attributionWindow()
                                                            .toMinutes()))
                            : step);
        }
        return out;
    }

    private static void forget(LaunchDatabase database, String model) {
        try (Connection connection = database.connect()) {
            SimulatedFleet.forget(connection, model);
        } catch (SQLException e) {
            throw ModelfleetErrors.launchDatabase(database.describe(), e);
        }
    }

    private static String approverOf(Launches launches, String id) {
        return launches.view(id).approvals().get(0).approvers().get(0);
    }
}
