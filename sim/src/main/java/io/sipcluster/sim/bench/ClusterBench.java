package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import java.io.PrintStream;

/**
 * Cluster behaviour measured in the simulator: failure detection, formation, idle control traffic and how far a
 * full mesh scales. Times are simulated (the virtual clock), except the scaling table's wall time. Prints Markdown
 * tables; docs/benchmarks.md holds a run.
 *
 * <p>Arguments: [seeds per measurement, default 200] [wall seconds per scaling size, default 180].
 */
public final class ClusterBench {
    private ClusterBench() {}

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long wallPerSize = args.length > 1 ? Long.parseLong(args[1]) : 180;
        if (seeds < 1 || wallPerSize < 1) {
            System.err.println("usage: ClusterBench [<seeds per measurement> [<wall seconds per scaling size>]]");
            System.exit(2);
        }
        PrintStream out = System.out;
        long start = System.nanoTime();
        out.printf("ClusterBench: %d seeds per measurement, one-way latency %d-%d ms, Java %s, %d CPUs%n%n", seeds,
                BenchCluster.MIN_LATENCY_MILLIS, BenchCluster.MAX_LATENCY_MILLIS, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        section(out, "(a) Failure detection of node 3 in a 3-node full mesh, simulated ms"
                + " (worstCaseDetectionMillis(3): " + Timings.OPENSIPS_DEFAULTS.worstCaseDetectionMillis(3) + " / "
                + Timings.FAST.worstCaseDetectionMillis(3) + " ms)");
        new DetectionBench(seeds).run(out);
        section(out, "(b) Formation of a freshly started cluster, simulated ms until every link is up"
                + " and every node reached");
        new ConvergenceBench(seeds).run(out);
        section(out, "(c) Idle control traffic of a full mesh, from 10 s after formation");
        new TrafficBench().run(out);
        section(out, "(d) Full-mesh scaling, OPENSIPS_DEFAULTS, one seed per size, wall time of this JVM");
        new ScalingBench(wallPerSize).run(out);
        out.printf("total wall time %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void section(PrintStream out, String title) {
        out.println(title);
        out.println();
    }
}
