package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.List;

/**
 * How large a full mesh the simulator can form, and at what cost. OpenSIPS-style flooding makes a full mesh cost
 * about N^4 packets to form (each of the N^2 link-ups is flooded to every node over every link), and every packet
 * is really encoded, decoded and followed by the invariant checks, so the wall time grows faster still. Each size
 * gets a wall-time limit; after the first size that misses it, larger ones are not tried.
 */
final class ScalingBench {
    private static final List<Integer> SIZES = List.of(24, 32, 40, 48, 56, 64);
    /** Simulated time a formation may take; formation needs about one second, the rest is wall-time bound. */
    private static final long LIMIT_MILLIS = 60_000;

    private final long wallSecondsPerSize;

    ScalingBench(long wallSecondsPerSize) {
        this.wallSecondsPerSize = wallSecondsPerSize;
    }

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("nodes", "formed", "simulated ms", "wall s", "packets sent",
                "packets / N^4", "MB sent");
        Timings t = Timings.OPENSIPS_DEFAULTS;
        boolean gaveUp = false;
        for (int n : SIZES) {
            if (gaveUp) {
                table.row(n, "not tried", "", "", "", "", "");
                continue;
            }
            long start = System.nanoTime();
            long wallDeadline = start + wallSecondsPerSize * 1_000_000_000L;
            Simulation sim = BenchCluster.fullMesh(n, t, n).startAll();
            sim.runUntil(() -> BenchCluster.formed(sim) || System.nanoTime() > wallDeadline, LIMIT_MILLIS);
            boolean formed = BenchCluster.formed(sim);
            double wall = (System.nanoTime() - start) / 1e9;
            long[] sent = BenchCluster.sentByAll(sim);
            table.row(n, formed ? "yes" : "no, wall limit " + wallSecondsPerSize + " s", sim.nowMillis(),
                    String.format("%.1f", wall), sent[0], String.format("%.2f", sent[0] / Math.pow(n, 4)),
                    String.format("%.0f", sent[1] / 1e6));
            gaveUp = !formed;
        }
        table.print(out);
    }
}
