package io.sipcluster.sim.sweep;

/**
 * How one scenario ended.
 *
 * @param detail why it failed (empty when it passed): the invariant's message, or who cannot reach whom
 * @param healToSettledMillis simulated time from the final heal until the cluster settled for good: every live node
 *     reached every other over up links and no dead node was counted reachable; -1 when that never happened
 * @param simulatedMillis simulated time the run covered
 * @param actions simulator actions executed (ticks, deliveries): the run's amount of work
 * @param recentEvents the last NodeUp/NodeDown events of a failed run, one a line, to see what went wrong
 */
public record Outcome(Scenario scenario, Verdict verdict, String detail, long healToSettledMillis,
                      long simulatedMillis, long actions, long wallNanos, String recentEvents) {
    public enum Verdict {
        PASSED,
        /** The simulator's invariant check threw: a node's routing view was incoherent at some point. */
        INVARIANT_VIOLATED,
        /** Within the quiescence period after the final heal, the cluster never settled even once. */
        NOT_CONVERGED,
        /** It settled, but kept losing a node or a link again, while nothing failed any more, until the end. */
        UNSTABLE,
        /** The run needed more actions than its budget: a packet storm or a livelock. */
        ACTION_BUDGET_EXHAUSTED,
        /** The engine or the simulator threw something other than an invariant's AssertionError. */
        ERROR
    }

    public boolean passed() {
        return verdict == Verdict.PASSED;
    }

    public long seed() {
        return scenario.seed();
    }

    /** What a failure prints: the verdict, the detail and the schedule that reproduces it. */
    public String failureReport() {
        return "FAILED " + verdict + " at seed " + seed() + ": " + detail + "\n" + scenario.describe()
                + (recentEvents.isEmpty() ? "" : "  last node events:\n" + recentEvents);
    }
}
