package io.modelfleet.cli.spark.render;

import io.modelfleet.cli.render.Json;
import io.modelfleet.cli.render.Text;
import io.modelfleet.cli.render.TextTable;
import io.modelfleet.launcher.GateLook;
import io.modelfleet.launcher.LaunchEvent;
import io.modelfleet.launcher.LaunchRecord;
import io.modelfleet.launcher.Launches;
import io.modelfleet.launcher.ServingFleet;
import io.modelfleet.registry.Resources;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How the launch commands print launches: text for people, JSON for scripts. */
public final class LaunchReport {
    private LaunchReport() {}

    /** One launch in a list. */
    record Summary(
            String id,
            String model,
            String state,
            String step,
            double candidatePercent,
            long secondsInState,
            String waitingFor,
            String requestedBy,
            String productionVersion,
            String candidateVersion) {
        static Summary of(LaunchRecord l, Instant now) {
            return new Summary(
                    l.id(),
                    l.model(),
                    l.state().name(),
                    stepOf(l),
                    l.candidatePercent(),
                    Duration.between(l.stateSince(), now).toSeconds(),
                    l.waitingFor(),
                    l.requestedBy(),
                    l.productionVersion(),
                    l.candidate().version());
        }
    }

    record Amount(double cpu, double memoryGb, long gpus) {
        static Amount of(Resources r) {
            return new Amount(r.cpu(), r.memoryGb(), r.gpus());
        }
    }

    record Pool(String pool, String team, Amount quota, Amount inUse, Amount reserved, Amount free) {}

    record Listing(List<Summary> launches, List<Pool> pools) {}

    record Approval(String role, String needs, List<String> approvers, String approvedBy) {}

    record Estimate(String estimateId, String verdict, long replicas, String pool) {}

    record Detail(
            Summary launch,
            String reason,
            String pool,
            String tier,
            Estimate estimate,
            List<Approval> approvals,
            Amount reservation,
            List<ServingFleet.Deployment> fleet,
            Gate gate,
            List<LaunchEvent> events) {}

    /** The launch's quality gate: its margins and budget, and every look with its numbers. */
    record Gate(double neMargin, double calibrationMargin, double alpha, double alphaPerTest, List<GateLook> looks) {}

    static String stepOf(LaunchRecord l) {
        if (l.step() < 0) {
            return Text.NONE;
        }
        return (l.step() + 1) + "/" + l.trafficPlan().size() + " at "
                + percent(l.trafficPlan().get(l.step()).percent()) + "%";
    }

    public static void list(
            PrintWriter out, List<LaunchRecord> launches, List<Launches.PoolUse> pools, Instant now, boolean json) {
        List<Pool> used = new ArrayList<>();
        for (Launches.PoolUse p : pools) {
            if (p.reserved().cpu() > 0
                    || p.reserved().memoryGb() > 0
                    || p.reserved().gpus() > 0
                    || launches.stream().anyMatch(l -> l.pool().equals(p.pool()))) {
                Resources free = new Resources(
                        Math.max(
                                0,
                                p.quota().cpu() - p.inUse().cpu() - p.reserved().cpu()),
                        Math.max(
                                0,
                                p.quota().memoryGb()
                                        - p.inUse().memoryGb()
                                        - p.reserved().memoryGb()),
                        Math.max(
                                0,
                                p.quota().gpus()
                                        - p.inUse().gpus()
                                        - p.reserved().gpus()));
                used.add(new Pool(
                        p.pool(),
                        p.team(),
                        Amount.of(p.quota()),
                        Amount.of(p.inUse()),
                        Amount.of(p.reserved()),
                        Amount.of(free)));
            }
        }
        if (json) {
            Json.print(
                    out,
                    new Listing(launches.stream().map(l -> Summary.of(l, now)).toList(), used));
            return;
        }
        if (launches.isEmpty()) {
            out.println("no open launches");
        } else {
            TextTable table = new TextTable(List.of("LAUNCH", "MODEL", "STATE", "STEP", "IN STATE", "WAITING FOR"));
            for (LaunchRecord l : launches) {
                table.row(List.of(
                        l.id(),
                        l.model(),
                        l.state().name(),
                        stepOf(l),
                        duration(Duration.between(l.stateSince(), now)),
                        waitingFor(l, 110)));
            }
            table.print(out);
        }
        if (!used.isEmpty()) {
            out.println();
            out.println("pools of open launches (cpu / GiB / GPUs):");
            TextTable table = new TextTable(List.of("POOL", "TEAM", "QUOTA", "IN USE", "RESERVED", "FREE"));
            for (Pool p : used) {
                table.row(List.of(
                        p.pool(),
                        p.team(),
                        amount(p.quota()),
                        amount(p.inUse()),
                        amount(p.reserved()),
                        amount(p.free())));
            }
            table.print(out, "  ");
        }
        out.flush();
    }

    public static void detail(PrintWriter out, Launches.View view, Instant now, boolean json) {
        LaunchRecord l = view.launch();
        List<Approval> approvals = view.approvals().stream()
                .map(r -> new Approval(
                        r.role().name(),
                        r.role().description(),
                        r.approvers(),
                        r.approvedBy().orElse(null)))
                .toList();
        Optional<LaunchRecord.Estimate> e = l.estimate();
        Detail detail = new Detail(
                Summary.of(l, now),
                l.reason(),
                l.pool(),
                l.tier(),
                e.map(x -> new Estimate(x.estimateId(), x.verdict(), x.replicas(), x.poolReason()))
                        .orElse(null),
                approvals,
                view.reservation().map(Amount::of).orElse(null),
                view.deployments(),
                new Gate(
                        l.gate().neMargin(),
                        l.gate().calibrationMargin(),
                        l.gate().alpha(),
                        l.alphaPerTest(),
                        view.gates()),
                view.events());
        if (json) {
            Json.print(out, detail);
            return;
        }
        out.printf(
                Locale.ROOT,
                "launch %s: %s %s -> %s (%s, pool %s)%n",
                l.id(),
                l.model(),
                l.productionVersion(),
                l.candidate().version(),
                l.tier(),
                l.pool());
        out.printf(Locale.ROOT, "  requested by %s: %s%n", l.requestedBy(), Text.inert(l.reason(), 200));
        out.printf(
                Locale.ROOT,
                "  state %s for %s%s%n",
                l.state(),
                duration(Duration.between(l.stateSince(), now)),
                l.step() >= 0 ? ", step " + stepOf(l) : "");
        if (!l.state().isEnd()) {
            out.printf(
                    Locale.ROOT,
                    "  waiting for: %s%n",
                    l.waitingFor().isEmpty() ? "the next controller tick" : l.waitingFor());
        }
        e.ifPresent(x -> out.printf(
                Locale.ROOT,
                "  estimate %s: %s, %d replicas; %s%n",
                x.estimateId(),
                x.verdict(),
                x.replicas(),
                x.poolReason()));
        out.println("  approvals:");
        for (Approval a : approvals) {
            out.printf(
                    Locale.ROOT,
                    "    %-9s %s%n",
                    a.role(),
                    a.approvedBy() != null
                            ? "approved by " + a.approvedBy()
                            : "needs " + a.needs() + ": "
                                    + (a.approvers().isEmpty()
                                            ? "nobody is listed"
                                            : String.join(" or ", a.approvers())));
        }
        out.println("  reserved: "
                + view.reservation().map(r -> amount(Amount.of(r))).orElse("nothing") + " (cpu / GiB / GPUs)");
        if (!view.deployments().isEmpty()) {
            out.println("  fleet:");
            for (ServingFleet.Deployment d : view.deployments()) {
                out.printf(
                        Locale.ROOT,
                        "    %-8s %-12s %d/%d replicas ready, %s%% of traffic%n",
                        d.version(),
                        d.status(),
                        d.ready(),
                        d.replicas(),
                        percent(d.percent()));
            }
        }
        printGate(out, l, view.gates());
        out.println("  events:");
        TextTable events = new TextTable(List.of("SEQ", "AT", "FROM", "TO", "ACTOR", "REASON"));
        for (LaunchEvent event : view.events()) {
            events.row(List.of(
                    Integer.toString(event.seq()),
                    event.at().toString(),
                    event.from(),
                    event.to(),
                    event.actor(),
                    Text.inert(event.reason(), 120)));
        }
        events.print(out, "    ");
        out.flush();
    }

    private static void printGate(PrintWriter out, LaunchRecord l, List<GateLook> looks) {
        out.printf(
                Locale.ROOT,
                "  quality gate: NE at most %s%% above production's, |ln calibration| at most %.4f above; alpha %s"
                        + " over %d gated steps x 2 metrics = %.5f per test%n",
                percent(l.gate().neMargin() * 100),
                l.gate().calibrationMargin(),
                percent(l.gate().alpha()),
                l.gatedSteps(),
                l.alphaPerTest());
        if (looks.isEmpty()) {
            out.println("    no look yet (the gate looks once a whole hour of the step has its labels)");
            return;
        }
        TextTable table = new TextTable(List.of(
                "LOOK",
                "STEP",
                "AT",
                "HOURS",
                "METRIC",
                "PROD",
                "CAND",
                "DIFF",
                "INTERVAL",
                "MARGIN",
                "DECISION",
                "EVENTS P+C"));
        for (GateLook g : looks) {
            boolean judged = !g.metric().equals("events");
            table.row(List.of(
                    Integer.toString(g.look()),
                    (g.step() + 1) + " @" + percent(g.percent()) + "%",
                    g.at().toString(),
                    Long.toString(Duration.between(g.from(), g.through()).toHours()),
                    judged ? g.metric() : "(no events to judge)",
                    number("%.4f", g.production()),
                    number("%.4f", g.candidate()),
                    number("%+.4f", g.estimate()),
                    !judged
                            ? Text.NONE
                            : g.metric().equals("latency_p99_ms")
                                    ? "measured"
                                    : String.format(Locale.ROOT, "[%+.4f, %+.4f]", g.lower(), g.upper()),
                    number("%.4f", g.margin()),
                    g.decision(),
                    g.productionEvents() + "+" + g.candidateEvents()));
        }
        table.print(out, "    ");
    }

    /** A gate figure, or a dash where the look has none (no events, production's latency). */
    private static String number(String format, double value) {
        return Double.isNaN(value) ? Text.NONE : String.format(Locale.ROOT, format, value);
    }

    /** What an open launch waits for, in words; nothing for an ended one. */
    static String waitingFor(LaunchRecord l, int max) {
        if (l.state().isEnd()) {
            return Text.NONE;
        }
        return l.waitingFor().isEmpty() ? "the next controller tick" : Text.inert(l.waitingFor(), max);
    }

    static String amount(Amount a) {
        return percent(a.cpu()) + " / " + percent(a.memoryGb()) + " / " + a.gpus();
    }

    static String percent(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + "s";
        }
        if (minutes < 120) {
            return minutes + "m";
        }
        long hours = d.toHours();
        return hours < 48
                ? hours + "h" + (minutes % 60 > 0 ? " " + minutes % 60 + "m" : "")
                : d.toDays() + "d " + hours % 24 + "h";
    }
}
