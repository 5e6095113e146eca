package io.sipcluster.sim.sweep;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.sim.SimEvent;
import io.sipcluster.sim.SimNode;
import io.sipcluster.sim.Simulation;
import java.util.List;
import java.util.StringJoiner;

/**
 * Runs one {@link Scenario}: starts every node, applies the faults at their times, and after the final heal checks
 * liveness: within the quiescence period the cluster must settle (every live node reaches every other live node
 * over up links, no dead node counted as reachable) and then stay settled, action after action, for a stability
 * period. The simulator checks safety (coherent routing views) after every action on its own and throws; that is
 * reported as a failure here, as is a run that exceeds its action budget, so that no seed can run unbounded.
 */
public final class ScenarioRunner {
    static final int CLUSTER = 1;

    /**
     * Simulator actions one scenario may execute. Scenarios of 3-10 nodes need about 6,700 on average (10,000 seeds:
     * 66.7 million); thousands of times more means packets are multiplying, which is a failure in itself.
     */
    public static final long DEFAULT_ACTION_BUDGET = 20_000_000;

    /** Times the cluster may settle and unsettle again before the check gives up on it (a bound, never reached). */
    private static final int MAX_SETTLE_ATTEMPTS = 1_000;

    private final long actionBudget;

    public ScenarioRunner() {
        this(DEFAULT_ACTION_BUDGET);
    }

    public ScenarioRunner(long actionBudget) {
        this.actionBudget = actionBudget;
    }

    /**
     * How long after the final heal the cluster may take to settle. A link declared down is probed again only
     * after the node timeout (60 s with OpenSIPS's defaults), and a probe sent just before the heal is lost, so one
     * node timeout is not always enough; two, plus time to detect, probe and flood, always should be.
     */
    public static long quiescenceMillis(Timings t) {
        return 2 * t.nodeTimeoutMillis() + 4 * t.worstCaseDetectionMillis(3);
    }

    /** How long a settled cluster must stay settled: long enough for a flapping link to be declared down. */
    public static long stabilityMillis(Timings t) {
        return 2 * t.worstCaseDetectionMillis(3);
    }

    public Outcome run(Scenario scenario) {
        long wallStart = System.nanoTime();
        Simulation sim = scenario.newSimulation();
        Result result;
        try {
            sim.startAll();
            result = applyFaults(sim, scenario) ? checkLiveness(sim, scenario.profile().timings())
                    : Result.of(Outcome.Verdict.ACTION_BUDGET_EXHAUSTED, budgetDetail(sim));
        } catch (AssertionError e) {
            result = Result.of(Outcome.Verdict.INVARIANT_VIOLATED, e.getMessage());
        } catch (RuntimeException e) {
            result = Result.of(Outcome.Verdict.ERROR, e + " at "
                    + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?")
                    + " (seed " + scenario.seed() + ", t=" + sim.nowMillis() + " ms)");
        }
        String events = result.verdict == Outcome.Verdict.PASSED ? "" : recentNodeEvents(sim);
        return new Outcome(scenario, result.verdict, result.detail, result.healToSettledMillis, sim.nowMillis(),
                sim.executedActions(), System.nanoTime() - wallStart, events);
    }

    /** A verdict with its detail and, when the cluster settled, how long after the final heal. */
    private record Result(Outcome.Verdict verdict, String detail, long healToSettledMillis) {
        static Result of(Outcome.Verdict v, String detail) {
            return new Result(v, detail, -1);
        }
    }

    /**
     * Right after the heal the cluster may settle for a moment and unsettle again (a node resuming from a pause
     * replays stale packets), so what counts is the first moment after which it stays settled for the stability
     * period; that moment must come within the quiescence period.
     */
    private Result checkLiveness(Simulation sim, Timings timings) {
        long healedAt = sim.nowMillis();
        long deadline = healedAt + quiescenceMillis(timings);
        int settledTimes = 0;
        for (int attempt = 0; attempt < MAX_SETTLE_ATTEMPTS && sim.nowMillis() < deadline; attempt++) {
            boolean settled = sim.runUntil(() -> overBudget(sim) || settled(sim), deadline - sim.nowMillis());
            if (overBudget(sim)) {
                return Result.of(Outcome.Verdict.ACTION_BUDGET_EXHAUSTED, budgetDetail(sim));
            }
            if (!settled) {
                break;
            }
            settledTimes++;
            long settledAt = sim.nowMillis();
            boolean unsettled = sim.runUntil(() -> overBudget(sim) || !settled(sim), stabilityMillis(timings));
            if (overBudget(sim)) {
                return Result.of(Outcome.Verdict.ACTION_BUDGET_EXHAUSTED, budgetDetail(sim));
            }
            if (!unsettled) {
                return new Result(Outcome.Verdict.PASSED, "", settledAt - healedAt);
            }
        }
        if (settledTimes == 0) {
            return Result.of(Outcome.Verdict.NOT_CONVERGED, "not settled " + quiescenceMillis(timings)
                    + " ms after the final heal; " + views(sim));
        }
        return Result.of(Outcome.Verdict.UNSTABLE, "settled " + settledTimes + " times after the final heal but "
                + "never stayed so for " + stabilityMillis(timings) + " ms; " + views(sim));
    }

    /**
     * Liveness, settled: every live node reaches every other over up links, and no longer counts a dead node as
     * reachable (a crash not yet detected is still to cause a NodeDown).
     */
    private static boolean settled(Simulation sim) {
        return sim.converged(CLUSTER) && sim.fullMeshUp(CLUSTER) && noDeadNodeReachable(sim);
    }

    private static boolean noDeadNodeReachable(Simulation sim) {
        for (int id : sim.nodeIds()) {
            SimNode n = sim.node(id);
            if (n.alive()) {
                for (int other : n.engine().reachable(CLUSTER)) {
                    if (!sim.node(other).alive()) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** How many NodeUp/NodeDown events a failure report shows: the end of the story, not all of it. */
    private static final int REPORTED_EVENTS = 30;

    private static String recentNodeEvents(Simulation sim) {
        List<SimEvent> nodeEvents = sim.events(e -> e.event() instanceof ClusterEvent.NodeUp
                || e.event() instanceof ClusterEvent.NodeDown);
        StringBuilder sb = new StringBuilder();
        for (SimEvent e : nodeEvents.subList(Math.max(0, nodeEvents.size() - REPORTED_EVENTS), nodeEvents.size())) {
            String what = e.event() instanceof ClusterEvent.NodeUp u ? "up " + u.nodeId()
                    : "down " + ((ClusterEvent.NodeDown) e.event()).nodeId();
            sb.append(String.format("  t=%8d ms  node %d sees %s%n", e.atMillis(), e.nodeId(), what));
        }
        return sb.toString();
    }

    /** Runs up to each fault's time and applies it; false if the run exceeds its action budget first. */
    private boolean applyFaults(Simulation sim, Scenario scenario) {
        for (Fault f : scenario.faults()) {
            long wait = f.atMillis() - sim.nowMillis();
            if (wait > 0 && sim.runUntil(() -> overBudget(sim), wait)) {
                return false;
            }
            f.applyTo(sim);
        }
        return true;
    }

    private boolean overBudget(Simulation sim) {
        return sim.executedActions() > actionBudget;
    }

    private String budgetDetail(Simulation sim) {
        return "more than " + actionBudget + " actions by t=" + sim.nowMillis() + " ms";
    }

    /** Each live node's reachable set and its links that are not up: where liveness failed. */
    static String views(Simulation sim) {
        StringJoiner out = new StringJoiner("; ");
        for (int id : sim.nodeIds()) {
            SimNode n = sim.node(id);
            if (!n.alive()) {
                out.add("node " + id + " dead");
                continue;
            }
            StringJoiner notUp = new StringJoiner(" ");
            for (int other : sim.nodeIds()) {
                if (other != id && sim.node(other).alive()) {
                    LinkState s = n.engine().linkState(CLUSTER, other);
                    if (s != LinkState.UP) {
                        notUp.add(other + ":" + (s == null ? "unknown" : s));
                    }
                }
            }
            out.add("node " + id + " reaches " + n.engine().reachable(CLUSTER)
                    + (notUp.length() == 0 ? "" : ", links not up " + notUp));
        }
        return out.toString();
    }
}
