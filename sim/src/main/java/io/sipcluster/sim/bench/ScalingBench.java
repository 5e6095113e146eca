package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.List;

/**
 * How large a full mesh the simulator can form, and at what cost. With pruned flooding a full mesh costs about
 * N^3 packets to form: each node announces each of its N link-ups to the neighbours it has so far (N^2 / 2 per
 * node), and each announcement is relayed about once more to the nodes the announcer has no link to yet
 * (OpenSIPS-style flooding relays it over every link: about N^4 / 3). Every packet is really encoded and decoded.
 * Each size gets a wall-time limit; after the first size that misses it, larger ones are not tried.
 */
final class ScalingBench {
    private static final List<Integer> SIZES = List.of(24, 32, 48, 64, 96, 128);
    /** Simulated time a formation may take; formation needs about one second, the rest is wall-time bound. */
    private static final long LIMIT_MILLIS = 60_000;

    private final long wallSecondsPerSize;

    ScalingBench(long wallSecondsPerSize) {
        this.wallSecondsPerSize = wallSecondsPerSize;
    }

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("nodes", "formed", "simulated ms", "wall s", "packets sent",
                "packets / N^3", "MB sent");
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
            sim.runUntil(() -> BenchCluster.formed(sim) || System.nanoTime() > wallDeadline, LIMIT_MILLIS, 1);
            boolean formed = BenchCluster.formed(sim);
            double wall = (System.nanoTime() - start) / 1e9;
            long[] sent = BenchCluster.sentByAll(sim);
            table.row(n, formed ? "yes" : "no, wall limit " + wallSecondsPerSize + " s", sim.nowMillis(),
                    String.format("%.1f", wall), sent[0], String.format("%.2f", sent[0] / Math.pow(n, 3)),
                    String.format("%.0f", sent[1] / 1e6));
            gaveUp = !formed;
        }
        table.print(out);
    }
}
