package io.modelfleet.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelfleet.core.ModelfleetErrors;
import io.modelfleet.core.ModelfleetException;
import io.modelfleet.core.TableCreation;
import io.modelfleet.core.gate.GateTest;
import io.modelfleet.registry.Launch;
import io.modelfleet.registry.Model;
import io.modelfleet.registry.Registry;
import io.modelfleet.registry.Resources;
import io.modelfleet.registry.Team;
import io.modelfleet.registry.TierPolicy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The launch workflow: what people do to launches (submit, approve, reject, roll back, abort) and
 * what the controller does on each tick (advance every open launch one step). Every change is one
 * transaction that moves the launch's row from the version it read and appends its event; a step
 * cut short by a crash leaves nothing behind and is redone by the next tick, and a step another
 * node made first is skipped.
 */
public final class Launches {
    /** Called inside a step's transaction at its named points; tests use it to crash a step there. */
    @FunctionalInterface
    public interface StepHook {
        StepHook NONE = (launch, point) -> {};

        void at(LaunchRecord launch, String point);
    }

    /** The longest reason a person gives, as for a launch request's own reason. */
    static final int MAX_REASON = 2000;

    private final LaunchDatabase database;
    private final Supplier<Registry> registry;
    private final ServingFleet fleet;
    private final FreezePolicy freeze;
    private final InstantSource clock;
    private final LaunchSettings settings;
    private final Optional<GateSource> gates;
    private final GateTest.Policy policy;
    private volatile StepHook hook = StepHook.NONE;

    public Launches(
            LaunchDatabase database,
            Supplier<Registry> registry,
            ServingFleet fleet,
            FreezePolicy freeze,
            InstantSource clock,
            LaunchSettings settings) {
        this.database = requireNonNull(database, "database is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.fleet = requireNonNull(fleet, "fleet is null");
        this.freeze = requireNonNull(freeze, "freeze is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.gates = Optional.empty();
        this.policy = GateTest.Policy.SEQUENTIAL;
    }

    private Launches(Launches of, GateSource gates, GateTest.Policy policy) {
        this.database = of.database;
        this.registry = of.registry;
        this.fleet = of.fleet;
        this.freeze = of.freeze;
        this.clock = of.clock;
        this.settings = of.settings;
        this.gates = Optional.of(requireNonNull(gates, "gates is null"));
        this.policy = requireNonNull(policy, "policy is null");
    }

    /**
     * This workflow with every traffic step judged by the quality gate over {@code gates}' traffic,
     * drawing intervals by {@code policy} (the product uses {@link GateTest.Policy#SEQUENTIAL}; the
     * backtest compares the others on the same launches). Without a gate, steps move on bake time
     * alone: only the workflow's own tests run so.
     */
    public Launches gatedBy(GateSource gates, GateTest.Policy policy) {
        return new Launches(this, gates, policy);
    }

    /**
     * Creates the workflow's tables (and the simulated fleet's) where missing. Nodes and commands
     * starting together on a fresh shared database race to make them, and the loser's statements
     * fail (PostgreSQL: a duplicate key in its catalog; H2: the table already exists); it tries again,
     * after a pause, and finds what the winner made.
     */
    public static void createTables(LaunchDatabase database) {
        try (Connection connection = database.connect()) {
            TableCreation.inOneTransaction(connection, c -> {
                LaunchStore.createTables(c);
                GateStore.createTable(c);
                SimulatedFleet.createTable(c);
            });
        } catch (SQLException e) {
            throw ModelfleetErrors.launchDatabase(database.describe(), e);
        }
    }

    public void hook(StepHook hook) {
        this.hook = requireNonNull(hook, "hook is null");
    }

    public InstantSource clock() {
        return clock;
    }

    // ---- what people do ----------------------------------------------------------------------

    /**
     * Records a validated launch request with its estimate: REQUESTED, then ESTIMATED.
     *
     * @param sizedReplicas the candidate's replicas: as the request gives them, or as the estimate sized them
     */
    public LaunchRecord submit(Launch request, LaunchRecord.Estimate estimate, long sizedReplicas) {
        Registry current = registry.get();
        Model production = current.model(request.model())
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + request.model()));
        Instant now = clock.instant();
        Model candidate = request.candidateEntry(production);
        Model.Serving serving = candidate.serving();
        LaunchRecord record = new LaunchRecord(
                request.id(),
                production.id(),
                production.owner().team(),
                production.pool(),
                production.tier().name(),
                request.requestedBy(),
                request.reason(),
                LaunchState.REQUESTED,
                1,
                -1,
                now,
                now,
                now,
                production.serving().version(),
                production.serving().replicas(),
                production.serving().resources(),
                new LaunchRecord.CandidateServing(
                        serving.version(),
                        serving.artifact(),
                        sizedReplicas,
                        serving.resources(),
                        serving.keepTop().isPresent()
                                ? Optional.of(serving.keepTop().getAsLong())
                                : Optional.empty(),
                        serving.latencyP99Ms().isPresent()
                                ? Optional.of(serving.latencyP99Ms().getAsDouble())
                                : Optional.empty(),
                        serving.scorer().kind().name().toLowerCase(Locale.ROOT),
                        serving.scorer().inputWidth(),
                        serving.scorer().hidden()),
                request.trafficPlan(),
                Optional.of(estimate),
                Optional.empty(),
                request.exemption(),
                request.gate(current.tierPolicies()
                        .map(t -> t.of(production.tier()).gate())
                        .orElse(TierPolicy.Gate.FALLBACK)),
                Optional.empty(),
                "");
        return transaction(tx -> {
            checkNew(tx, request, production, now);
            LaunchStore.insert(tx, record);
            ObjectNode request_ = LaunchStore.object()
                    .put("model", record.model())
                    .put("production_version", record.productionVersion())
                    .put("candidate_version", record.candidate().version())
                    .put("file", request.file());
            request_.set("traffic_plan", LaunchStore.planJson(record.trafficPlan()));
            request_.set("candidate", LaunchStore.candidateJson(record.candidate()));
            request_.set("gate", LaunchStore.gateJson(record.gate()));
            LaunchStore.recordSubmission(tx, record, record.requestedBy(), record.reason(), request_.toString());
            return LaunchStore.transition(
                            tx,
                            record,
                            new LaunchStore.Transition(
                                    LaunchState.ESTIMATED,
                                    -1,
                                    Optional.empty(),
                                    "estimator",
                                    now,
                                    "estimate " + estimate.estimateId() + ": " + estimate.verdict() + " - "
                                            + estimate.poolReason(),
                                    estimate.evidence(),
                                    estimate.verdict().equals(LaunchRecord.Estimate.CANNOT_FIT)
                                            ? "nothing: its estimate is CANNOT_FIT; abort it and submit a smaller candidate"
                                            : "approval from " + describe(requirements(current, record)),
                                    Optional.empty()))
                    .orElseThrow();
        });
    }

    /**
     * Refuses, before anything is estimated, a request the workflow would not take: its id was used,
     * its model has an open launch, or the fleet serves a version the registry does not say (a
     * finished launch whose registry change nobody committed: a new launch would replace the wrong
     * version).
     */
    public void checkSubmittable(Launch request) {
        Model production = registry.get()
                .model(request.model())
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + request.model()));
        transaction(tx -> {
            checkNew(tx, request, production, clock.instant());
            return null;
        });
    }

    private void checkNew(Connection tx, Launch request, Model production, Instant now) throws SQLException {
        Optional<LaunchRecord> existing = LaunchStore.find(tx, request.id(), true);
        if (existing.isPresent()) {
            throw ModelfleetErrors.launchIdTaken(
                    request.id(), existing.get().state().name());
        }
        for (LaunchRecord open : LaunchStore.open(tx)) {
            if (open.model().equals(production.id())) {
                throw ModelfleetErrors.launchModelBusy(
                        production.id(), open.id(), open.state().name());
            }
        }
        for (ServingFleet.Deployment deployment : fleet.deployments(tx, production.id(), now)) {
            if (deployment.percent() > 0
                    && !deployment.version().equals(production.serving().version())) {
                throw ModelfleetErrors.launchRegistryBehind(
                        production.id(),
                        deployment.version(),
                        production.serving().version());
            }
        }
    }

    /** What an approval did. */
    public record ApprovalOutcome(LaunchRecord launch, ApprovalRole role, List<Requirement> missing, String message) {}

    /**
     * Records {@code who}'s approval in the first part of the launch's approvals they may fill. When
     * every part is filled the launch is APPROVED, or FROZEN if its team's budget is spent.
     */
    public ApprovalOutcome approve(String id, String given) {
        String who = actor(given, "approve");
        return transaction(tx -> {
            LaunchRecord launch = locked(tx, id);
            if (launch.state() != LaunchState.ESTIMATED) {
                throw ModelfleetErrors.launchWrongState(id, launch.state().name(), "approve", "ESTIMATED");
            }
            if (same(who, launch.requestedBy())) {
                throw ModelfleetErrors.launchRequesterApproves(id, who);
            }
            LaunchRecord.Estimate estimate = launch.estimate().orElseThrow();
            if (estimate.verdict().equals(LaunchRecord.Estimate.CANNOT_FIT)) {
                throw ModelfleetErrors.launchCannotFit(id, estimate.poolReason());
            }
            Instant now = clock.instant();
            LaunchStore.clearApprovals(tx, id, now.minus(settings.approvalTtl()));
            List<LaunchStore.Approval> approvals = LaunchStore.approvals(tx, id);
            List<Requirement> requirements = requirements(registry.get(), launch);
            Optional<LaunchStore.Approval> already =
                    approvals.stream().filter(a -> same(a.approver(), who)).findFirst();
            if (already.isPresent()) {
                return new ApprovalOutcome(
                        launch,
                        already.get().role(),
                        missing(requirements, approvals),
                        who + " already approved (" + already.get().role().description() + ")");
            }
            Set<ApprovalRole> filled =
                    approvals.stream().map(LaunchStore.Approval::role).collect(Collectors.toSet());
            Optional<Requirement> fills = requirements.stream()
                    .filter(r -> !filled.contains(r.role()) && r.mayApprove(who))
                    .findFirst();
            if (fills.isEmpty()) {
                throw ModelfleetErrors.launchNotAnApprover(
                        id, who, "approve", describe(missing(requirements, approvals)));
            }
            // Kept as the registry spells the person, whatever case or @ they typed.
            String canonical = fills.get().approvers().stream()
                    .filter(a -> same(a, who))
                    .findFirst()
                    .orElseThrow();
            LaunchStore.Approval approval = new LaunchStore.Approval(fills.get().role(), canonical, now);
            LaunchStore.addApproval(tx, id, approval);
            approvals = new ArrayList<>(approvals);
            approvals.add(approval);
            List<Requirement> missing = missing(requirements, approvals);
            if (!missing.isEmpty()) {
                LaunchStore.setWaiting(tx, id, "approval from " + describe(missing));
                return new ApprovalOutcome(
                        launch,
                        approval.role(),
                        missing,
                        "approved by " + canonical + "; still needs " + describe(missing));
            }
            LaunchRecord moved = approveOrFreeze(tx, launch, approvals, canonical, now);
            return new ApprovalOutcome(
                    moved,
                    approval.role(),
                    List.of(),
                    moved.state() == LaunchState.FROZEN
                            ? moved.waitingFor()
                            : "approved; the controller prepares it next");
        });
    }

    private LaunchRecord approveOrFreeze(
            Connection tx, LaunchRecord launch, List<LaunchStore.Approval> approvals, String actor, Instant now)
            throws SQLException {
        ObjectNode evidence = LaunchStore.object();
        approvals.forEach(a -> evidence.putObject(a.role().name().toLowerCase(Locale.ROOT))
                .put("approver", a.approver())
                .put("at", a.at().toString()));
        Optional<FreezePolicy.Freeze> frozen = freeze.holding(launch.team(), now);
        Optional<String> exemption = exemption(launch);
        if (frozen.isPresent()) {
            evidence.put("freeze", frozen.get().describe());
        }
        if (frozen.isPresent() && exemption.isEmpty()) {
            String reason = "launch freeze: team " + launch.team() + "'s "
                    + frozen.get().describe()
                    + "; held until the budget recovers, or until the request carries an exemption approved by the"
                    + " platform team";
            return move(tx, launch, LaunchState.FROZEN, -1, Optional.of(now), actor, now, reason, evidence, reason);
        }
        String reason = "approved by "
                + approvals.stream().map(LaunchStore.Approval::approver).collect(Collectors.joining(", "))
                + frozen.map(f -> "; launch freeze lifted by exemption: " + exemption.get())
                        .orElse("");
        return move(
                tx,
                launch,
                LaunchState.APPROVED,
                -1,
                Optional.of(now),
                actor,
                now,
                reason,
                evidence,
                "pool capacity, at the next tick");
    }

    /** The exemption, if the request carries one the platform team approved. */
    private Optional<String> exemption(LaunchRecord launch) {
        List<String> platform =
                registry.get().tierPolicies().map(t -> t.platformApprovers()).orElse(List.of());
        return launch.exemption()
                .filter(e -> platform.stream().anyMatch(p -> same(p, e.approvedBy())))
                .map(e -> e.kind() + " approved by " + e.approvedBy() + " (" + e.reason() + ")");
    }

    /** Rejects an estimated or frozen launch; any of its approvers may. */
    public LaunchRecord reject(String id, String who, String reason) {
        return decide(
                id, who, reason, "reject", EnumSet.of(LaunchState.ESTIMATED, LaunchState.FROZEN), LaunchState.REJECTED);
    }

    /** Takes a launch that has not served traffic back: its reservation is released and its deployment removed. */
    public LaunchRecord abort(String id, String who, String reason) {
        return decide(
                id,
                who,
                reason,
                "abort",
                EnumSet.of(
                        LaunchState.REQUESTED,
                        LaunchState.ESTIMATED,
                        LaunchState.APPROVED,
                        LaunchState.FROZEN,
                        LaunchState.PREPARING),
                LaunchState.ABORTED);
    }

    /** Moves all traffic back to production, scales the candidate down and releases the reservation. */
    public LaunchRecord rollback(String id, String who, String reason) {
        return decide(
                id,
                who,
                reason,
                "roll back",
                EnumSet.of(LaunchState.PREPARING, LaunchState.SHIFTING, LaunchState.HELD, LaunchState.FINALIZING),
                LaunchState.ROLLED_BACK);
    }

    /**
     * A HELD step bakes on: the gate looks again every hour for {@code hours} more before it holds
     * the launch again.
     */
    public LaunchRecord extend(String id, String given, long hours, String reason) {
        if (hours < 1 || hours > 24 * 14) {
            throw ModelfleetErrors.launchExtensionOutOfRange(id, hours);
        }
        return held(
                id,
                given,
                reason,
                "extend",
                (tx, launch, who, now) -> move(
                        tx,
                        launch,
                        LaunchState.SHIFTING,
                        launch.step(),
                        launch.approvedAt(),
                        who,
                        now,
                        "step " + (launch.step() + 1) + " bakes " + hours + " h more: " + reason,
                        LaunchStore.object().put("extended_hours", hours),
                        "the quality gate",
                        Optional.of(now.plus(Duration.ofHours(hours)))));
    }

    /** A HELD step is passed by a person: traffic moves to the next step as if the gate had passed it. */
    public LaunchRecord promote(String id, String given, String reason) {
        return held(id, given, reason, "promote", (tx, launch, who, now) -> {
            ObjectNode evidence = LaunchStore.object().put("promoted_by", who);
            return nextStep(tx, launch, who, now, "promoted by " + who + ": " + reason, evidence);
        });
    }

    @FunctionalInterface
    private interface HeldAction {
        LaunchRecord apply(Connection tx, LaunchRecord launch, String who, Instant now) throws SQLException;
    }

    private LaunchRecord held(String id, String given, String reason, String action, HeldAction then) {
        String who = actor(given, action);
        checkReason(reason, action);
        return transaction(tx -> {
            LaunchRecord launch = locked(tx, id);
            if (launch.state() != LaunchState.HELD) {
                throw ModelfleetErrors.launchWrongState(id, launch.state().name(), action, LaunchState.HELD.name());
            }
            List<String> mayAct = new ArrayList<>();
            requirements(registry.get(), launch).forEach(r -> mayAct.addAll(r.approvers()));
            if (mayAct.stream().noneMatch(p -> same(p, who))) {
                throw ModelfleetErrors.launchNotAnApprover(id, who, action, String.join(", ", new TreeSet<>(mayAct)));
            }
            String canonical =
                    mayAct.stream().filter(p -> same(p, who)).findFirst().orElseThrow();
            return then.apply(tx, launch, canonical, clock.instant());
        });
    }

    private LaunchRecord decide(
            String id, String given, String reason, String action, Set<LaunchState> from, LaunchState to) {
        String who = actor(given, action);
        checkReason(reason, action);
        return transaction(tx -> {
            LaunchRecord launch = locked(tx, id);
            if (!from.contains(launch.state())) {
                throw ModelfleetErrors.launchWrongState(
                        id,
                        launch.state().name(),
                        action,
                        from.stream().map(Enum::name).collect(Collectors.joining(", ")));
            }
            Registry current = registry.get();
            List<String> mayAct = new ArrayList<>();
            if (to != LaunchState.REJECTED) {
                mayAct.add(launch.requestedBy());
            }
            requirements(current, launch).forEach(r -> mayAct.addAll(r.approvers()));
            if (mayAct.stream().noneMatch(p -> same(p, who))) {
                throw ModelfleetErrors.launchNotAnApprover(id, who, action, String.join(", ", new TreeSet<>(mayAct)));
            }
            Instant now = clock.instant();
            ObjectNode evidence = LaunchStore.object();
            undeploy(tx, launch, evidence, now);
            String canonical =
                    mayAct.stream().filter(p -> same(p, who)).findFirst().orElseThrow();
            return move(tx, launch, to, launch.step(), launch.approvedAt(), canonical, now, reason, evidence, "");
        });
    }

    /** Puts production back to all traffic, removes the candidate and frees its reservation. */
    private void undeploy(Connection tx, LaunchRecord launch, ObjectNode evidence, Instant now) throws SQLException {
        if (launch.state().deployed()) {
            fleet.setWeights(
                    tx,
                    launch.model(),
                    Map.of(launch.productionVersion(), 100.0, launch.candidate().version(), 0.0));
            hook.at(launch, "traffic-back");
            fleet.scaleDown(tx, launch.model(), launch.candidate().version(), now);
            evidence.put("traffic", "100% back on " + launch.productionVersion());
            evidence.put("scaled_down", launch.candidate().version());
        }
        release(tx, launch, evidence);
    }

    private static void release(Connection tx, LaunchRecord launch, ObjectNode evidence) throws SQLException {
        Optional<Resources> held = LaunchStore.reservation(tx, launch.id());
        if (held.isPresent()) {
            LaunchStore.release(tx, launch.id());
            evidence.set("released", LaunchStore.resourcesJson(held.get()));
        }
    }

    // ---- the controller ----------------------------------------------------------------------

    /** What one tick did to one launch. */
    public record Step(String launch, LaunchState from, LaunchState to, String what) {
        public boolean moved() {
            return !what.startsWith("waits");
        }
    }

    /**
     * Advances every open launch by at most one step, each in its own transaction. A launch another
     * controller moved since this one listed it, or visited at this same instant, is left alone
     * until the next tick.
     */
    public List<Step> tick(String actor) {
        Instant tickAt = clock.instant();
        List<LaunchRecord> open = transaction(LaunchStore::open);
        Registry current = registry.get();
        Map<String, Optional<FreezePolicy.Freeze>> freezes = new TreeMap<>();
        List<Step> steps = new ArrayList<>();
        for (LaunchRecord seen : open) {
            // The gate's read of the logs (a Spark job) happens before the launch's row is locked, so a
            // person's rollback never waits behind it; the step uses it only if the launch is unchanged.
            Optional<Prefetched> prefetched = prefetch(seen, tickAt);
            Optional<Step> step;
            try {
                step = transaction(tx -> {
                    Optional<LaunchRecord> now = LaunchStore.find(tx, seen.id(), true);
                    if (now.isEmpty()
                            || now.get().version() != seen.version()
                            || !LaunchStore.visit(tx, seen.id(), tickAt)) {
                        return Optional.empty();
                    }
                    hook.at(seen, "locked");
                    Step done = advance(tx, current, seen, actor, freezes, tickAt, prefetched);
                    hook.at(seen, "before-commit");
                    return Optional.of(done);
                });
            } catch (ModelfleetException e) {
                if (lockTimeout(e)) {
                    // Another controller holds the launch: it is advancing it this tick.
                    continue;
                }
                throw e;
            }
            step.ifPresent(steps::add);
        }
        return steps;
    }

    /**
     * The gate's sums read ahead of a step, for a launch at {@code version}; {@code sums} throws what
     * the read threw, inside the step, where a failed read holds the launch.
     */
    record Prefetched(int version, Instant from, Instant through, GateSource.Sums read, RuntimeException error) {
        GateSource.Sums sums() {
            if (error != null) {
                throw error;
            }
            return read;
        }
    }

    /** Reads the sums a SHIFTING launch's gate will look at this tick, if it will look. */
    private Optional<Prefetched> prefetch(LaunchRecord seen, Instant now) {
        if (gates.isEmpty()
                || seen.state() != LaunchState.SHIFTING
                || seen.trafficPlan().get(seen.step()).percent() >= 100) {
            return Optional.empty();
        }
        Instant from = hourAfter(seen.stepSince());
        Instant through = gates.get().labelledThrough(now).truncatedTo(ChronoUnit.HOURS);
        if (!through.isAfter(from)) {
            return Optional.empty();
        }
        Optional<GateLook> last = transaction(tx -> GateStore.last(tx, seen.id()));
        if (last.isPresent()
                && last.get().step() == seen.step()
                && !last.get().through().isBefore(through)) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new Prefetched(seen.version(), from, through, gates.get().sums(seen, from, through), null));
        } catch (RuntimeException e) {
            return Optional.of(new Prefetched(seen.version(), from, through, null, e));
        }
    }

    private Step advance(
            Connection tx,
            Registry current,
            LaunchRecord launch,
            String actor,
            Map<String, Optional<FreezePolicy.Freeze>> freezes,
            Instant now,
            Optional<Prefetched> prefetched)
            throws SQLException {
        LaunchState from = launch.state();
        return switch (from) {
            case REQUESTED -> waits(tx, launch, "its estimate (run 'launch submit' again)");
            case ESTIMATED -> {
                LaunchStore.clearApprovals(tx, launch.id(), now.minus(settings.approvalTtl()));
                List<Requirement> missing =
                        missing(requirements(current, launch), LaunchStore.approvals(tx, launch.id()));
                yield waits(
                        tx,
                        launch,
                        launch.estimate()
                                        .map(LaunchRecord.Estimate::verdict)
                                        .orElse("")
                                        .equals(LaunchRecord.Estimate.CANNOT_FIT)
                                ? "nothing: its estimate is CANNOT_FIT; abort it and submit a smaller candidate"
                                : "approval from " + describe(missing));
            }
            case FROZEN -> {
                Optional<FreezePolicy.Freeze> holding =
                        freezes.computeIfAbsent(launch.team(), team -> freeze.holding(team, now));
                if (holding.isPresent()) {
                    yield waits(
                            tx, launch, "the freeze to lift: " + holding.get().describe());
                }
                ObjectNode evidence = LaunchStore.object().put("freeze", "lifted");
                move(
                        tx,
                        launch,
                        LaunchState.APPROVED,
                        -1,
                        Optional.of(now),
                        actor,
                        now,
                        "launch freeze lifted: team " + launch.team() + "'s error budgets have recovered",
                        evidence,
                        "pool capacity, at the next tick");
                yield new Step(launch.id(), from, LaunchState.APPROVED, "freeze lifted");
            }
            case APPROVED -> prepare(tx, current, launch, actor, now);
            case PREPARING -> {
                ServingFleet.Readiness ready =
                        fleet.readiness(tx, launch.model(), launch.candidate().version(), now);
                ObjectNode evidence = LaunchStore.object()
                        .put("ready", ready.ready())
                        .put("wanted", ready.wanted())
                        .put("failed_starts", ready.failed())
                        .put("deadline", ready.deadline().toString());
                if (ready.complete()) {
                    double percent = launch.trafficPlan().get(0).percent();
                    weights(tx, launch, percent);
                    move(
                            tx,
                            launch,
                            LaunchState.SHIFTING,
                            0,
                            launch.approvedAt(),
                            actor,
                            now,
                            String.format(
                                    Locale.ROOT,
                                    "%d of %d replicas ready (%d failed starts replaced); traffic %s%% to %s",
                                    ready.ready(),
                                    ready.wanted(),
                                    ready.failed(),
                                    plain(percent),
                                    launch.candidate().version()),
                            evidence,
                            bake(launch, 0, now));
                    yield new Step(launch.id(), from, LaunchState.SHIFTING, "ready; " + plain(percent) + "% traffic");
                }
                if (!now.isBefore(ready.deadline())) {
                    String reason = String.format(
                            Locale.ROOT,
                            "deployment not ready by its deadline %s: %d of %d replicas ready, %d failed starts",
                            ready.deadline(),
                            ready.ready(),
                            ready.wanted(),
                            ready.failed());
                    undeploy(tx, launch, evidence, now);
                    move(tx, launch, LaunchState.ABORTED, -1, launch.approvedAt(), actor, now, reason, evidence, "");
                    yield new Step(launch.id(), from, LaunchState.ABORTED, reason);
                }
                yield waits(
                        tx,
                        launch,
                        String.format(
                                Locale.ROOT,
                                "replicas: %d of %d ready (deadline %s)",
                                ready.ready(),
                                ready.wanted(),
                                ready.deadline()));
            }
            case SHIFTING -> shift(tx, current, launch, actor, now, prefetched);
            case HELD ->
                waits(
                        tx,
                        launch,
                        "a person: the gate could not decide step " + (launch.step() + 1)
                                + "; 'launch extend', 'launch promote' or 'launch rollback'");
            case FINALIZING -> {
                weights(tx, launch, 100);
                fleet.scaleDown(tx, launch.model(), launch.productionVersion(), now);
                ObjectNode evidence = LaunchStore.object();
                Optional<Model> model = current.model(launch.model());
                RegistryChange.Written change = RegistryChange.write(current, model, launch, settings.changes());
                evidence.put("registry_change", change.folder().toString());
                evidence.set("fields", change.fields());
                release(tx, launch, evidence);
                move(
                        tx,
                        launch,
                        LaunchState.DONE,
                        launch.step(),
                        launch.approvedAt(),
                        actor,
                        now,
                        "100% on " + launch.candidate().version() + "; " + launch.productionVersion()
                                + " scaled down; registry change written to " + change.folder(),
                        evidence,
                        "");
                yield new Step(launch.id(), from, LaunchState.DONE, "finalized; registry change in " + change.folder());
            }
            case DONE, REJECTED, ABORTED, ROLLED_BACK -> throw new IllegalStateException(launch.id() + " is ended");
        };
    }

    /**
     * SHIFTING: the step bakes for at least its bake time, and, when a gate is set and the step
     * leaves production traffic to compare with, until the gate decides. The gate looks once per
     * newly labelled hour; FAIL rolls back at once (bake or not), PASS moves on once baked, and a
     * step still undecided at its deadline is HELD for a person.
     */
    private Step shift(
            Connection tx,
            Registry current,
            LaunchRecord launch,
            String actor,
            Instant now,
            Optional<Prefetched> prefetched)
            throws SQLException {
        Launch.Step step = launch.trafficPlan().get(launch.step());
        Instant baked = launch.stepSince().plus(Duration.ofMinutes(step.bakeMinutes()));
        boolean gated = gates.isPresent() && step.percent() < 100;
        ObjectNode evidence = LaunchStore.object()
                .put("step", launch.step() + 1)
                .put("percent", step.percent())
                .put("baked_minutes", Duration.between(launch.stepSince(), now).toMinutes());
        if (!gated) {
            if (now.isBefore(baked)) {
                return waits(tx, launch, bake(launch, launch.step(), launch.stepSince()));
            }
            return stepped(
                    launch,
                    nextStep(
                            tx,
                            launch,
                            actor,
                            now,
                            "baked " + step.bakeMinutes() + " min at " + plain(step.percent()) + "%",
                            evidence));
        }
        GateSource source = gates.get();
        Instant deadline =
                launch.stepDeadline().orElse(launch.stepSince().plus(Duration.ofMinutes(step.maxBakeMinutes())));
        Instant from = hourAfter(launch.stepSince());
        Instant through = source.labelledThrough(now).truncatedTo(ChronoUnit.HOURS);
        Optional<GateLook> last = GateStore.last(tx, launch.id()).filter(l -> l.step() == launch.step());
        GateTest.Decision decision =
                last.map(l -> GateTest.Decision.valueOf(l.stepDecision())).orElse(GateTest.Decision.INCONCLUSIVE);
        if (through.isAfter(from) && (last.isEmpty() || last.get().through().isBefore(through))) {
            List<GateLook> look;
            try {
                Optional<Prefetched> read = prefetched.filter(
                        p -> p.from().equals(from) && p.through().equals(through) && p.version() == launch.version());
                GateSource.Sums sums = read.isPresent() ? read.get().sums() : source.sums(launch, from, through);
                look = look(tx, launch, sums, from, through, now);
            } catch (RuntimeException e) {
                // Logs that cannot be read (or a gate that cannot judge them) hold this launch at its step,
                // not every launch of the tick; the next tick tries again, and at the step's deadline a
                // person decides.
                String problem = e instanceof ModelfleetException
                        ? e.getMessage()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
                if (!now.isBefore(deadline)) {
                    return hold(
                            tx,
                            launch,
                            actor,
                            now,
                            "the quality gate could not judge step " + (launch.step() + 1) + " by its deadline "
                                    + deadline + ": " + problem,
                            evidence.put("gate_error", problem));
                }
                return waits(
                        tx,
                        launch,
                        "the gate to read its logs: " + problem + " (retried every tick; held at " + deadline + ")");
            }
            decision = GateTest.Decision.valueOf(look.get(0).stepDecision());
            evidence.set("gate", gateEvidence(look));
        } else if (last.isPresent()) {
            evidence.set(
                    "gate",
                    gateEvidence(GateStore.look(tx, launch.id(), last.get().look())));
        }
        if (decision == GateTest.Decision.FAIL) {
            String oncall = current.team(launch.team()).map(Team::oncall).orElse("the owning team's on-call");
            String reason = "quality gate FAIL at " + plain(step.percent()) + "%: " + gateSummary(evidence)
                    + "; traffic back to " + launch.productionVersion() + "; on-call " + oncall + " (team "
                    + launch.team() + ") notified";
            evidence.put("oncall", oncall);
            undeploy(tx, launch, evidence, now);
            move(
                    tx,
                    launch,
                    LaunchState.ROLLED_BACK,
                    launch.step(),
                    launch.approvedAt(),
                    actor,
                    now,
                    reason,
                    evidence,
                    "");
            return new Step(launch.id(), LaunchState.SHIFTING, LaunchState.ROLLED_BACK, "gate FAIL; rolled back");
        }
        if (decision == GateTest.Decision.PASS && !now.isBefore(baked)) {
            return stepped(
                    launch,
                    nextStep(
                            tx,
                            launch,
                            actor,
                            now,
                            "quality gate PASS at " + plain(step.percent()) + "% after "
                                    + Duration.between(launch.stepSince(), now).toMinutes() + " min: "
                                    + gateSummary(evidence),
                            evidence));
        }
        if (decision == GateTest.Decision.INCONCLUSIVE && !now.isBefore(deadline)) {
            String reason = "quality gate INCONCLUSIVE at " + plain(step.percent()) + "% by the step's deadline "
                    + deadline + ": " + gateSummary(evidence) + "; held for a person to extend, promote or roll back";
            return hold(tx, launch, actor, now, reason, evidence);
        }
        String gateWaits = decision == GateTest.Decision.PASS
                ? "gate passed; bake until " + baked
                : through.isAfter(from)
                        ? "the gate: INCONCLUSIVE on "
                                + Duration.between(from, through).toHours()
                                + " labelled h; next look when the hour after " + through + " is labelled; held at "
                                + deadline
                        : "the first labelled hour after " + from + " for the gate; held at " + deadline;
        return waits(tx, launch, "step " + (launch.step() + 1) + " at " + plain(step.percent()) + "%: " + gateWaits);
    }

    /** HELD: traffic stays at the step's share; the launch waits for a person. */
    private Step hold(Connection tx, LaunchRecord launch, String actor, Instant now, String reason, ObjectNode evidence)
            throws SQLException {
        move(
                tx,
                launch,
                LaunchState.HELD,
                launch.step(),
                launch.approvedAt(),
                actor,
                now,
                reason,
                evidence,
                "a person: 'launch extend', 'launch promote' or 'launch rollback'");
        return new Step(launch.id(), LaunchState.SHIFTING, LaunchState.HELD, "held for a person");
    }

    private static Step stepped(LaunchRecord before, LaunchRecord after) {
        return new Step(
                before.id(),
                before.state(),
                after.state(),
                after.state() == LaunchState.FINALIZING
                        ? "last step done"
                        : plain(after.candidatePercent()) + "% traffic");
    }

    /** Moves to the plan's next step, or to FINALIZING after the last. */
    private LaunchRecord nextStep(
            Connection tx, LaunchRecord launch, String actor, Instant now, String reason, ObjectNode evidence)
            throws SQLException {
        if (launch.step() + 1 == launch.trafficPlan().size()) {
            return move(
                    tx,
                    launch,
                    LaunchState.FINALIZING,
                    launch.step(),
                    launch.approvedAt(),
                    actor,
                    now,
                    reason,
                    evidence,
                    "finalization, at the next tick");
        }
        double next = launch.trafficPlan().get(launch.step() + 1).percent();
        weights(tx, launch, next);
        return move(
                tx,
                launch,
                LaunchState.SHIFTING,
                launch.step() + 1,
                launch.approvedAt(),
                actor,
                now,
                reason + "; traffic " + plain(launch.candidatePercent()) + "% -> " + plain(next) + "%",
                evidence.put("next_percent", next),
                bake(launch, launch.step() + 1, now));
    }

    private List<GateLook> look(
            Connection tx, LaunchRecord launch, GateSource.Sums sums, Instant from, Instant through, Instant now)
            throws SQLException {
        double alpha = launch.alphaPerTest();
        QualityGate.Decision decision = QualityGate.judge(
                sums.production(), sums.candidate(), QualityGate.Margins.of(launch.gate()), alpha, policy);
        int number = GateStore.last(tx, launch.id()).map(GateLook::look).orElse(0) + 1;
        List<GateLook> rows = new ArrayList<>();
        double percent = launch.trafficPlan().get(launch.step()).percent();
        Optional<LatencyGate.Profile> profile = LatencyGate.profile(launch);
        OptionalDouble served =
                profile.isPresent() ? fleet.servedP99Ms(tx, launch, profile.get(), percent) : OptionalDouble.empty();
        GateTest.Decision step = decision.decision();
        Optional<GateLook> latency = Optional.empty();
        if (served.isPresent()) {
            double objective = profile.get().objectiveMs();
            boolean within = served.getAsDouble() <= objective;
            if (!within) {
                step = GateTest.Decision.FAIL;
            }
            latency = Optional.of(new GateLook(
                    launch.id(),
                    number,
                    launch.step(),
                    percent,
                    now,
                    from,
                    through,
                    "MEASURED",
                    "latency_p99_ms",
                    Double.NaN,
                    served.getAsDouble(),
                    served.getAsDouble() - objective,
                    served.getAsDouble(),
                    served.getAsDouble(),
                    objective,
                    alpha,
                    (within ? GateTest.Decision.PASS : GateTest.Decision.FAIL).name(),
                    step.name(),
                    decision.productionEvents(),
                    decision.candidateEvents()));
        }
        if (decision.metrics().isEmpty()) {
            rows.add(new GateLook(
                    launch.id(),
                    number,
                    launch.step(),
                    percent,
                    now,
                    from,
                    through,
                    policy.name(),
                    "events",
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    alpha,
                    decision.decision().name(),
                    step.name(),
                    decision.productionEvents(),
                    decision.candidateEvents()));
        }
        for (QualityGate.MetricVerdict metric : decision.metrics()) {
            GateTest.Verdict v = metric.verdict();
            rows.add(new GateLook(
                    launch.id(),
                    number,
                    launch.step(),
                    percent,
                    now,
                    from,
                    through,
                    policy.name(),
                    metric.metric(),
                    metric.production(),
                    metric.candidate(),
                    v.estimate(),
                    v.lower(),
                    v.upper(),
                    v.margin(),
                    alpha,
                    v.decision().name(),
                    step.name(),
                    decision.productionEvents(),
                    decision.candidateEvents()));
        }
        latency.ifPresent(rows::add);
        GateStore.insert(tx, rows);
        return rows;
    }

    private static ObjectNode gateEvidence(List<GateLook> look) {
        ObjectNode gate = LaunchStore.object();
        if (look.isEmpty()) {
            return gate;
        }
        GateLook first = look.get(0);
        gate.put("look", first.look())
                .put("policy", first.policy())
                .put("decision", first.stepDecision())
                .put("hours_from", first.from().toString())
                .put("hours_through", first.through().toString())
                .put("production_events", first.productionEvents())
                .put("candidate_events", first.candidateEvents())
                .put("alpha", first.alpha());
        for (GateLook row : look) {
            if (row.metric().equals("events")) {
                continue;
            }
            ObjectNode metric = gate.putObject(row.metric());
            // JSON has no NaN or infinity: a value the look has not (production's latency) is left out.
            finite(metric, "production", row.production());
            finite(metric, "candidate", row.candidate());
            finite(metric, "difference", row.estimate());
            finite(metric, "lower", row.lower());
            finite(metric, "upper", row.upper());
            finite(metric, "margin", row.margin());
            metric.put("decision", row.decision());
        }
        return gate;
    }

    private static void finite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        }
    }

    /** The gate's evidence in one line: each metric's difference, its interval and the margin. */
    private static String gateSummary(ObjectNode evidence) {
        JsonNode gate = evidence.path("gate");
        if (gate.isMissingNode() || gate.isEmpty()) {
            return "no labelled hour yet";
        }
        List<String> parts = new ArrayList<>();
        for (String metric : List.of("ne", "abs_log_calibration")) {
            JsonNode m = gate.path(metric);
            if (!m.isMissingNode()) {
                parts.add(String.format(
                        Locale.ROOT,
                        "%s %s [%s, %s] vs margin %s %s",
                        metric.equals("ne") ? "NE diff" : "|ln cal| diff",
                        signed(m, "difference"),
                        signed(m, "lower"),
                        signed(m, "upper"),
                        m.has("margin")
                                ? String.format(
                                        Locale.ROOT, "%.4f", m.path("margin").asDouble())
                                : "n/a",
                        m.path("decision").asText()));
            }
        }
        if (parts.isEmpty()) {
            parts.add("no events with both labels to judge");
        }
        JsonNode latency = gate.path("latency_p99_ms");
        if (!latency.isMissingNode()) {
            parts.add(String.format(
                    Locale.ROOT,
                    "served p99 %s ms vs objective %.1f ms %s",
                    latency.has("candidate")
                            ? String.format(
                                    Locale.ROOT,
                                    "%.1f",
                                    latency.path("candidate").asDouble())
                            : "unbounded (overloaded)",
                    latency.path("margin").asDouble(),
                    latency.path("decision").asText()));
        }
        return String.join("; ", parts)
                + String.format(
                        Locale.ROOT,
                        " (%d+%d events, %s h)",
                        gate.path("production_events").asLong(),
                        gate.path("candidate_events").asLong(),
                        Duration.between(
                                        Instant.parse(gate.path("hours_from").asText()),
                                        Instant.parse(gate.path("hours_through").asText()))
                                .toHours());
    }

    /** A signed figure of the gate's evidence; "n/a" where it was not finite (and so not kept). */
    private static String signed(JsonNode metric, String field) {
        return metric.has(field)
                ? String.format(Locale.ROOT, "%+.4f", metric.path(field).asDouble())
                : "n/a";
    }

    /** The first whole hour at or after {@code at}: the hour a step started in had both shares in it. */
    private static Instant hourAfter(Instant at) {
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        return hour.equals(at) ? hour : hour.plus(Duration.ofHours(1));
    }

    /** APPROVED: the pool holds the reservation (or the launch waits, with the numbers), then the candidate deploys. */
    private Step prepare(Connection tx, Registry current, LaunchRecord launch, String actor, Instant now)
            throws SQLException {
        if (launch.approvedAt().isPresent()
                && now.isAfter(launch.approvedAt().get().plus(settings.approvalTtl()))) {
            LaunchStore.clearApprovals(tx, launch.id(), now.plusSeconds(1));
            move(
                    tx,
                    launch,
                    LaunchState.ESTIMATED,
                    -1,
                    Optional.empty(),
                    "controller",
                    now,
                    "approval expired after " + settings.approvalTtl().toHours() + " h waiting for pool capacity",
                    LaunchStore.object(),
                    "approval again");
            return new Step(launch.id(), LaunchState.APPROVED, LaunchState.ESTIMATED, "approval expired");
        }
        Resources need = launch.reservation();
        Team.Pool pool = current.pools().get(launch.pool());
        if (pool == null) {
            return waits(tx, launch, "pool " + launch.pool() + ", which the registry no longer has");
        }
        boolean borrowing = launch.estimate()
                .map(LaunchRecord.Estimate::verdict)
                .orElse("")
                .equals(LaunchRecord.Estimate.NEEDS_APPROVAL);
        // A NEEDS_APPROVAL launch was approved by the pool's owners to draw on the team's other pools too.
        List<Team.Pool> scope = borrowing
                ? current.pools().values().stream()
                        .filter(p -> p.team().equals(pool.team()))
                        .sorted((a, b) -> a.id().compareTo(b.id()))
                        .toList()
                : List.of(pool);
        LaunchStore.ensurePools(tx, scope.stream().map(Team.Pool::id).toList());
        Resources quota = Resources.ZERO;
        Resources used = Resources.ZERO;
        Resources reserved = Resources.ZERO;
        for (Team.Pool p : scope) {
            LaunchStore.lockPool(tx, p.id());
            quota = quota.plus(p.quota());
            used = used.plus(current.poolUsage(p.id()));
            reserved = reserved.plus(LaunchStore.reserved(tx, p.id()));
        }
        Resources after = used.plus(reserved).plus(need);
        ObjectNode evidence = LaunchStore.object();
        evidence.set("need", LaunchStore.resourcesJson(need));
        evidence.set("quota", LaunchStore.resourcesJson(quota));
        evidence.set("in_use", LaunchStore.resourcesJson(used));
        evidence.set("reserved_by_others", LaunchStore.resourcesJson(reserved));
        if (!after.fitsWithin(quota)) {
            return waits(
                    tx,
                    launch,
                    String.format(
                            Locale.ROOT,
                            "pool %s: needs %s cpu, %s GiB, %d GPUs; free %s cpu, %s GiB, %d GPUs (quota less %s in use and"
                                    + " %s reserved by other launches)",
                            scope.stream().map(Team.Pool::id).collect(Collectors.joining("+")),
                            plain(need.cpu()),
                            plain(need.memoryGb()),
                            need.gpus(),
                            plain(quota.cpu() - used.cpu() - reserved.cpu()),
                            plain(quota.memoryGb() - used.memoryGb() - reserved.memoryGb()),
                            quota.gpus() - used.gpus() - reserved.gpus(),
                            plain(used.cpu()) + " cpu",
                            plain(reserved.cpu()) + " cpu"));
        }
        LaunchStore.reserve(tx, launch.id(), launch.pool(), need, now);
        hook.at(launch, "reserved");
        fleet.adopt(tx, launch.model(), launch.productionVersion(), launch.productionReplicas());
        fleet.deploy(
                tx,
                launch.model(),
                launch.candidate().version(),
                launch.candidate().replicas(),
                now);
        hook.at(launch, "deployed");
        move(
                tx,
                launch,
                LaunchState.PREPARING,
                -1,
                launch.approvedAt(),
                actor,
                now,
                String.format(
                        Locale.ROOT,
                        "reserved %s cpu, %s GiB, %d GPUs in %s; deploying %d replicas of %s",
                        plain(need.cpu()),
                        plain(need.memoryGb()),
                        need.gpus(),
                        launch.pool(),
                        launch.candidate().replicas(),
                        launch.candidate().version()),
                evidence,
                "replicas to become ready");
        return new Step(launch.id(), LaunchState.APPROVED, LaunchState.PREPARING, "reserved; deploying");
    }

    /** What a launch at traffic step {@code step}, entered at {@code since}, waits for. */
    private String bake(LaunchRecord launch, int step, Instant since) {
        Launch.Step at = launch.trafficPlan().get(step);
        return String.format(
                Locale.ROOT,
                "bake at %s%% until %s%s",
                plain(at.percent()),
                since.plus(Duration.ofMinutes(at.bakeMinutes())),
                gates.isPresent() && at.percent() < 100 ? " and until the quality gate decides" : "");
    }

    private void weights(Connection tx, LaunchRecord launch, double candidatePercent) throws SQLException {
        fleet.setWeights(
                tx,
                launch.model(),
                Map.of(
                        launch.productionVersion(),
                        100 - candidatePercent,
                        launch.candidate().version(),
                        candidatePercent));
    }

    private static Step waits(Connection tx, LaunchRecord launch, String what) throws SQLException {
        LaunchStore.setWaiting(tx, launch.id(), what);
        return new Step(launch.id(), launch.state(), launch.state(), "waits for " + what);
    }

    private LaunchRecord move(
            Connection tx,
            LaunchRecord launch,
            LaunchState to,
            int step,
            Optional<Instant> approvedAt,
            String actor,
            Instant now,
            String reason,
            ObjectNode evidence,
            String waitingFor)
            throws SQLException {
        Optional<Instant> deadline = to == LaunchState.SHIFTING && step != launch.step()
                ? Optional.of(now.plus(
                        Duration.ofMinutes(launch.trafficPlan().get(step).maxBakeMinutes())))
                : to == LaunchState.SHIFTING || to == LaunchState.HELD ? launch.stepDeadline() : Optional.empty();
        return move(tx, launch, to, step, approvedAt, actor, now, reason, evidence, waitingFor, deadline);
    }

    private LaunchRecord move(
            Connection tx,
            LaunchRecord launch,
            LaunchState to,
            int step,
            Optional<Instant> approvedAt,
            String actor,
            Instant now,
            String reason,
            ObjectNode evidence,
            String waitingFor,
            Optional<Instant> stepDeadline)
            throws SQLException {
        if (!launch.state().canMoveTo(to)) {
            throw new IllegalStateException(
                    "illegal transition " + launch.state() + " -> " + to + " of " + launch.id());
        }
        return LaunchStore.transition(
                        tx,
                        launch,
                        new LaunchStore.Transition(
                                to,
                                step,
                                approvedAt,
                                actor,
                                now,
                                reason,
                                evidence.toString(),
                                waitingFor,
                                stepDeadline))
                .orElseThrow(() -> new ConcurrentChange(launch.id()));
    }

    /** Another actor changed the launch inside our lock: cannot happen with row locks, so it is a bug if it does. */
    static final class ConcurrentChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange(String id) {
            super("launch " + id + " changed under its row lock");
        }
    }

    // ---- what people read --------------------------------------------------------------------

    /** One part of a launch's approvals: its role, who may fill it, and who did. */
    public record Requirement(ApprovalRole role, List<String> approvers, Optional<String> approvedBy) {
        boolean mayApprove(String who) {
            return approvers.stream().anyMatch(a -> same(a, who));
        }
    }

    /** A launch with everything {@code launch status} shows. */
    public record View(
            LaunchRecord launch,
            List<Requirement> approvals,
            Optional<Resources> reservation,
            List<ServingFleet.Deployment> deployments,
            List<LaunchEvent> events,
            List<GateLook> gates) {}

    /** A pool's use: its quota, what the registry's models hold, and what open launches have reserved. */
    public record PoolUse(String pool, String team, Resources quota, Resources inUse, Resources reserved) {}

    public View view(String id) {
        Registry current = registry.get();
        return transaction(tx -> {
            LaunchRecord launch = LaunchStore.find(tx, id, false).orElseThrow(() -> unknown(tx, id));
            List<LaunchStore.Approval> approvals = LaunchStore.approvals(tx, id);
            List<Requirement> requirements = requirements(current, launch).stream()
                    .map(r -> new Requirement(
                            r.role(),
                            r.approvers(),
                            approvals.stream()
                                    .filter(a -> a.role() == r.role())
                                    .map(LaunchStore.Approval::approver)
                                    .findFirst()))
                    .toList();
            return new View(
                    launch,
                    requirements,
                    LaunchStore.reservation(tx, id),
                    fleet.deployments(tx, launch.model(), clock.instant()),
                    LaunchStore.events(tx, Optional.of(id), false, Integer.MAX_VALUE),
                    GateStore.of(tx, id));
        });
    }

    public List<LaunchRecord> open() {
        return transaction(LaunchStore::open);
    }

    public List<LaunchRecord> all() {
        return transaction(LaunchStore::all);
    }

    public List<PoolUse> pools() {
        Registry current = registry.get();
        return transaction(tx -> {
            List<PoolUse> out = new ArrayList<>();
            for (Team.Pool pool : current.pools().values()) {
                out.add(new PoolUse(
                        pool.id(),
                        pool.team(),
                        pool.quota(),
                        current.poolUsage(pool.id()),
                        LaunchStore.reserved(tx, pool.id())));
            }
            return out;
        });
    }

    /** Every look of the launch's quality gate, oldest first, a row per metric. */
    public List<GateLook> gateLooks(String id) {
        return transaction(tx -> GateStore.of(tx, id));
    }

    /**
     * Hands the gate's looks not yet published to {@code sink} (which must take a repeated batch
     * without doubling it), then marks them published. Returns how many rows.
     */
    public int publishGates(Consumer<List<GateLook>> sink) {
        List<GateLook> pending = transaction(GateStore::unpublished);
        if (pending.isEmpty()) {
            return 0;
        }
        sink.accept(pending);
        transaction(tx -> {
            GateStore.markPublished(tx, pending);
            return null;
        });
        return pending.size();
    }

    /** Every event of every launch, in order. */
    public List<LaunchEvent> events() {
        return transaction(tx -> LaunchStore.events(tx, Optional.empty(), false, Integer.MAX_VALUE));
    }

    /**
     * Hands the events not yet published to {@code sink} (which must accept a batch it has seen
     * before without doubling it: a crash after the sink and before the mark repeats it), then marks
     * them published. Returns how many.
     */
    public int publish(Consumer<List<LaunchEvent>> sink) {
        List<LaunchEvent> pending = transaction(tx -> LaunchStore.events(tx, Optional.empty(), true, 10_000));
        if (pending.isEmpty()) {
            return 0;
        }
        sink.accept(pending);
        transaction(tx -> {
            LaunchStore.markPublished(tx, pending);
            return null;
        });
        return pending.size();
    }

    static List<Requirement> requirements(Registry registry, LaunchRecord launch) {
        List<Requirement> out = new ArrayList<>();
        List<String> team = registry.team(launch.team()).map(Team::approvers).orElse(List.of());
        out.add(new Requirement(ApprovalRole.TEAM, without(team, launch.requestedBy()), Optional.empty()));
        if (launch.tier().equals("TIER0")) {
            List<String> platform =
                    registry.tierPolicies().map(t -> t.platformApprovers()).orElse(List.of());
            out.add(new Requirement(ApprovalRole.PLATFORM, without(platform, launch.requestedBy()), Optional.empty()));
        }
        if (launch.estimate()
                .map(LaunchRecord.Estimate::verdict)
                .orElse("")
                .equals(LaunchRecord.Estimate.NEEDS_APPROVAL)) {
            Team.Pool pool = registry.pools().get(launch.pool());
            List<String> owners = pool == null
                    ? List.of()
                    : registry.team(pool.team()).map(Team::approvers).orElse(List.of());
            out.add(new Requirement(ApprovalRole.POOL, without(owners, launch.requestedBy()), Optional.empty()));
        }
        return out;
    }

    private static List<String> without(List<String> people, String requester) {
        return people.stream().filter(p -> !same(p, requester)).toList();
    }

    private static List<Requirement> missing(List<Requirement> requirements, List<LaunchStore.Approval> approvals) {
        Set<ApprovalRole> filled =
                approvals.stream().map(LaunchStore.Approval::role).collect(Collectors.toSet());
        return requirements.stream().filter(r -> !filled.contains(r.role())).toList();
    }

    static String describe(List<Requirement> requirements) {
        return requirements.stream()
                .map(r -> r.role().description() + " ("
                        + (r.approvers().isEmpty() ? "nobody is listed" : String.join(" or ", r.approvers())) + ")")
                .collect(Collectors.joining(", and "));
    }

    /** Handles compare without a leading @ and without case: @Feed-Lead and feed-lead are one person. */
    static boolean same(String a, String b) {
        // Lower-cased in the root locale, not equalsIgnoreCase: that folds characters such as ſ (U+017F) onto s.
        return strip(a).toLowerCase(Locale.ROOT).equals(strip(b).toLowerCase(Locale.ROOT));
    }

    /** Who acts, as given: trimmed; nobody, or a name with control characters, is refused. */
    private static String actor(String given, String action) {
        String who = given == null ? "" : given.strip();
        if (who.isEmpty()) {
            throw ModelfleetErrors.launchActorMissing(action);
        }
        if (who.chars().anyMatch(Character::isISOControl) || who.length() > 200) {
            throw ModelfleetErrors.launchActorUnreadable(action);
        }
        return who;
    }

    private static void checkReason(String reason, String action) {
        if (reason == null || reason.isBlank()) {
            throw ModelfleetErrors.launchNeedsReason(action);
        }
        if (reason.length() > MAX_REASON) {
            throw ModelfleetErrors.launchReasonTooLong(action, reason.length());
        }
    }

    private static String strip(String handle) {
        return handle.startsWith("@") ? handle.substring(1) : handle;
    }

    /** A number as a person writes it: 5, not 5.0; two decimals otherwise. */
    public static String plain(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static LaunchRecord locked(Connection tx, String id) throws SQLException {
        return LaunchStore.find(tx, id, true).orElseThrow(() -> unknown(tx, id));
    }

    private static ModelfleetException unknown(Connection tx, String id) {
        try {
            return ModelfleetErrors.launchUnknown(
                    id, LaunchStore.all(tx).stream().map(LaunchRecord::id).toList());
        } catch (SQLException e) {
            return ModelfleetErrors.launchUnknown(id, List.of());
        }
    }

    /** H2's and PostgreSQL's codes for a lock wait that timed out or a deadlock broken by the database. */
    private static boolean lockTimeout(ModelfleetException e) {
        if (e.getCause() instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            return state.equals("HYT00") || state.equals("40001") || state.equals("55P03") || state.equals("40P01");
        }
        return false;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection tx) throws SQLException;
    }

    private <T> T transaction(Work<T> work) {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw ModelfleetErrors.launchDatabase(database.describe(), e);
        }
    }
}
