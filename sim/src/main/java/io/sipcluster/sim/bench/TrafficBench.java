package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.List;

/**
 * Control traffic of an idle, formed full mesh: the packets and bytes each node sends per second (keepalive pings,
 * their pongs, and the periodic refresh of each node's own links, a FULL_TOP_UPDATE to each neighbour), averaged
 * over every node of a few seeds.
 */
final class TrafficBench {
    /** After forming, the flooding of the formation dies down before measuring. */
    private static final long SETTLE_MILLIS = 10_000;
    /** Two refresh periods with OpenSIPS's timings, 24 with FAST. */
    private static final long MEASURE_MILLIS = 60_000;
    /** 128 nodes with FAST send 160,000 keepalives per simulated second: 4 refresh periods are enough. */
    private static final long MEASURE_MILLIS_LARGE_FAST = 10_000;
    private static final int SEEDS = 3;
    private static final int SEEDS_FOR_LARGE = 1;
    private static final List<String> TYPES = List.of("Ping", "Pong", "LsUpdate", "FullTopUpdate");

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("nodes", "profile", "seeds", "window s", "packets/node/s",
                "bytes/node/s", "refresh packets/node/s", "Ping / Pong / LsUpdate / FullTopUpdate packets in the window");
        for (int nodes : List.of(3, 10, 128)) {
            for (Timings t : List.of(Timings.OPENSIPS_DEFAULTS, Timings.FAST)) {
                int seeds = nodes > 24 ? SEEDS_FOR_LARGE : SEEDS;
                long window = nodes > 24 && t == Timings.FAST ? MEASURE_MILLIS_LARGE_FAST : MEASURE_MILLIS;
                long packets = 0;
                long bytes = 0;
                long[] byType = new long[TYPES.size()];
                for (long seed = 1; seed <= seeds; seed++) {
                    Simulation sim = BenchCluster.fullMesh(seed, t, nodes).startAll();
                    if (!sim.runUntil(() -> BenchCluster.formed(sim), 60_000, 1)) {
                        throw new IllegalStateException(sim.describe(nodes + " nodes did not form"));
                    }
                    sim.runFor(SETTLE_MILLIS);
                    long[] before = BenchCluster.sentByAll(sim);
                    long[] typesBefore = typeCounts(sim);
                    sim.runFor(window);
                    long[] after = BenchCluster.sentByAll(sim);
                    long[] typesAfter = typeCounts(sim);
                    packets += after[0] - before[0];
                    bytes += after[1] - before[1];
                    for (int i = 0; i < byType.length; i++) {
                        byType[i] += typesAfter[i] - typesBefore[i];
                    }
                }
                double nodeSeconds = (double) seeds * nodes * window / 1000.0;
                table.row(nodes, BenchCluster.name(t), seeds, window / 1000, String.format("%.1f", packets / nodeSeconds),
                        String.format("%.0f", bytes / nodeSeconds), String.format("%.1f", byType[3] / nodeSeconds),
                        byType[0] + " / " + byType[1] + " / " + byType[2] + " / " + byType[3]);
            }
        }
        table.print(out);
    }

    private static long[] typeCounts(Simulation sim) {
        long[] counts = new long[TYPES.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = sim.sentOfType(TYPES.get(i));
        }
        return counts;
    }
}
