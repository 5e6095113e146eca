package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a freshly started cluster takes to form: simulated time from starting every node (each one's first
 * heartbeat at a random point of the first tick) until every node reaches every other over a direct up link.
 */
final class ConvergenceBench {
    /** Simulated time a formation may take before it counts as failed. */
    private static final long LIMIT_MILLIS = 300_000;
    /** Seeds for 24 nodes: each formation costs ~120,000 packets, seconds of wall time. */
    private static final int SEEDS_FOR_LARGE = 10;

    private final int seeds;

    ConvergenceBench(int seeds) {
        this.seeds = seeds;
    }

    private record Setup(String provisioning, int nodes) {}

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("provisioning", "nodes", "profile", "seeds", "min ms", "median ms",
                "p99 ms", "max ms", "packets to form (median)");
        List<Setup> setups = List.of(new Setup("full mesh", 3), new Setup("full mesh", 10),
                new Setup("full mesh", 24), new Setup("join through seed", 3), new Setup("join through seed", 10));
        for (Setup s : setups) {
            for (Timings t : List.of(Timings.OPENSIPS_DEFAULTS, Timings.FAST)) {
                int n = s.nodes() >= 24 ? Math.min(seeds, SEEDS_FOR_LARGE) : seeds;
                List<Long> millis = new ArrayList<>();
                List<Long> packets = new ArrayList<>();
                for (long seed = 1; seed <= n; seed++) {
                    Simulation sim = (s.provisioning().equals("full mesh")
                            ? BenchCluster.fullMesh(seed, t, s.nodes())
                            : BenchCluster.joinThroughSeed(seed, t, s.nodes())).startAll();
                    if (!sim.runUntil(() -> BenchCluster.formed(sim), LIMIT_MILLIS)) {
                        throw new IllegalStateException(sim.describe(s + " did not form"));
                    }
                    millis.add(sim.nowMillis());
                    packets.add(BenchCluster.sentByAll(sim)[0]);
                }
                Distribution d = Distribution.of(millis);
                table.row(s.provisioning(), s.nodes(), BenchCluster.name(t), d.count(), d.min(), d.median(), d.p99(),
                        d.max(), Distribution.of(packets).median());
            }
        }
        table.print(out);
    }
}
