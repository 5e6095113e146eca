package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How long a 3-node cluster takes to notice that node 3 failed, in simulated time from the failure. Two failures:
 * a silent one (node 3 partitioned away, nobody is told, only missing pongs show it) and a crashed process (its
 * peers' TCP connections close). Two moments: when both other nodes count node 3 unreachable (their NodeDown; a
 * link leaves the routing graph at its first unanswered ping, as in OpenSIPS) and when both have declared their
 * link to it down (after the retries: what {@link Timings#worstCaseDetectionMillis} bounds).
 */
final class DetectionBench {
    private static final int NODES = 3;
    private static final int VICTIM = 3;

    private final int seeds;

    DetectionBench(int seeds) {
        this.seeds = seeds;
    }

    enum Failure { SILENT, CRASH }

    /** Milliseconds from the failure to each of the two moments. */
    private record Detection(long unreachable, long linkDown) {}

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("profile", "failure", "moment", "seeds", "min ms", "median ms",
                "p99 ms", "max ms", "worstCaseDetectionMillis(3)", "seeds within it");
        for (Timings t : List.of(Timings.OPENSIPS_DEFAULTS, Timings.FAST)) {
            for (Failure f : Failure.values()) {
                List<Long> unreachable = new ArrayList<>();
                List<Long> linkDown = new ArrayList<>();
                for (long seed = 1; seed <= seeds; seed++) {
                    Detection d = detect(seed, t, f);
                    unreachable.add(d.unreachable());
                    linkDown.add(d.linkDown());
                }
                String failure = f == Failure.SILENT ? "silent (partitioned away)" : "process crash";
                addRow(table, t, failure, "unreachable (NodeDown)", unreachable);
                addRow(table, t, failure, "link declared down", linkDown);
            }
        }
        table.print(out);
    }

    private static void addRow(MarkdownTable table, Timings t, String failure, String moment, List<Long> samples) {
        long bound = t.worstCaseDetectionMillis(3);
        Distribution d = Distribution.of(samples);
        table.row(BenchCluster.name(t), failure, moment, d.count(), d.min(), d.median(), d.p99(), d.max(), bound,
                samples.stream().filter(s -> s <= bound).count());
    }

    private static Detection detect(long seed, Timings t, Failure failure) {
        Simulation sim = BenchCluster.fullMesh(seed, t, NODES).startAll();
        if (!sim.runUntil(() -> BenchCluster.formed(sim), 10_000)) {
            throw new IllegalStateException(sim.describe("3 nodes did not form"));
        }
        // Steady state first, then the failure at a random point of the keepalive cycle.
        SplittableRandom r = new SplittableRandom(seed);
        sim.runFor(2 * t.pingIntervalMillis() + r.nextLong(t.pingIntervalMillis()));
        long failedAt = sim.nowMillis();
        if (failure == Failure.SILENT) {
            sim.partition(Set.of(1, 2), Set.of(VICTIM));
        } else {
            sim.crash(VICTIM);
        }
        long[] unreachableAt = {-1};
        boolean done = sim.runUntil(() -> {
            if (unreachableAt[0] < 0 && !reachedByAnyPeer(sim)) {
                unreachableAt[0] = sim.nowMillis();
            }
            return unreachableAt[0] >= 0 && linkDownAtEveryPeer(sim);
        }, 10 * t.worstCaseDetectionMillis(3));
        if (!done) {
            throw new IllegalStateException(sim.describe("node " + VICTIM + " never detected as failed"));
        }
        return new Detection(unreachableAt[0] - failedAt, sim.nowMillis() - failedAt);
    }

    private static boolean reachedByAnyPeer(Simulation sim) {
        return sim.node(1).engine().reachable(BenchCluster.CLUSTER).contains(VICTIM)
                || sim.node(2).engine().reachable(BenchCluster.CLUSTER).contains(VICTIM);
    }

    private static boolean linkDownAtEveryPeer(Simulation sim) {
        return sim.node(1).engine().linkState(BenchCluster.CLUSTER, VICTIM) == LinkState.DOWN
                && sim.node(2).engine().linkState(BenchCluster.CLUSTER, VICTIM) == LinkState.DOWN;
    }
}
