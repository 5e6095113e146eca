package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a freshly started cluster takes to form: simulated time from starting every node (each one's first
 * heartbeat at a random point of the first tick) until every node reaches every other over a direct up link, and
 * what it costs: packets sent by all nodes until then, and per node per second of that time.
 */
final class ConvergenceBench {
    /** Simulated time a formation may take before it counts as failed. */
    private static final long LIMIT_MILLIS = 300_000;
    /** Seeds for 128 nodes: each formation is about 2 million packets, seconds to tens of seconds of wall time. */
    private static final int SEEDS_FOR_LARGE = 3;

    private final int seeds;

    ConvergenceBench(int seeds) {
        this.seeds = seeds;
    }

    private record Setup(String provisioning, int nodes) {}

    void run(PrintStream out) {
        MarkdownTable table = new MarkdownTable("provisioning", "nodes", "profile", "seeds", "min ms", "median ms",
                "p99 ms", "max ms", "packets to form (median)", "packets/node/s while forming (median)");
        List<Setup> setups = List.of(new Setup("full mesh", 3), new Setup("full mesh", 10),
                new Setup("full mesh", 128), new Setup("join through seed", 3), new Setup("join through seed", 10));
        for (Setup s : setups) {
            for (Timings t : List.of(Timings.OPENSIPS_DEFAULTS, Timings.FAST)) {
                int n = s.nodes() > 24 ? Math.min(seeds, SEEDS_FOR_LARGE) : seeds;
                List<Long> millis = new ArrayList<>();
                List<Long> packets = new ArrayList<>();
                List<Long> rates = new ArrayList<>();
                for (long seed = 1; seed <= n; seed++) {
                    Simulation sim = (s.provisioning().equals("full mesh")
                            ? BenchCluster.fullMesh(seed, t, s.nodes())
                            : BenchCluster.joinThroughSeed(seed, t, s.nodes())).startAll();
                    // Checked every simulated ms (the check is N^2); every action happens on a whole ms.
                    if (!sim.runUntil(() -> BenchCluster.formed(sim), LIMIT_MILLIS, 1)) {
                        throw new IllegalStateException(sim.describe(s + " did not form"));
                    }
                    long sent = BenchCluster.sentByAll(sim)[0];
                    millis.add(sim.nowMillis());
                    packets.add(sent);
                    rates.add(Math.round(sent * 1000.0 / s.nodes() / Math.max(1, sim.nowMillis())));
                }
                Distribution d = Distribution.of(millis);
                table.row(s.provisioning(), s.nodes(), BenchCluster.name(t), d.count(), d.min(), d.median(), d.p99(),
                        d.max(), Distribution.of(packets).median(), Distribution.of(rates).median());
            }
        }
        table.print(out);
    }
}
