package io.sipcluster.sim.bench;

import io.sipcluster.core.config.Timings;
import io.sipcluster.sim.Simulation;

/** The simulated clusters every measurement uses, with one network so that the numbers compare. */
final class BenchCluster {
    static final int CLUSTER = 1;
    /** One-way delay of every packet, uniform in this range: a LAN. */
    static final long MIN_LATENCY_MILLIS = 1;
    static final long MAX_LATENCY_MILLIS = 3;

    private BenchCluster() {}

    static Simulation fullMesh(long seed, Timings timings, int nodes) {
        return Simulation.builder(seed).timings(timings).latency(MIN_LATENCY_MILLIS, MAX_LATENCY_MILLIS)
                .fullMesh(nodes).build();
    }

    static Simulation joinThroughSeed(long seed, Timings timings, int nodes) {
        return Simulation.builder(seed).timings(timings).latency(MIN_LATENCY_MILLIS, MAX_LATENCY_MILLIS)
                .joinThroughSeed(nodes).build();
    }

    /** Every node reaches every other over a direct up link. */
    static boolean formed(Simulation sim) {
        return sim.fullMeshUp(CLUSTER) && sim.converged(CLUSTER);
    }

    /** Packets and bytes sent by all nodes so far: {packets, bytes}. */
    static long[] sentByAll(Simulation sim) {
        long[] total = new long[2];
        for (int id : sim.nodeIds()) {
            long[] s = sim.sent(id);
            total[0] += s[0];
            total[1] += s[1];
        }
        return total;
    }

    static String name(Timings t) {
        return t == Timings.FAST ? "FAST" : t == Timings.OPENSIPS_DEFAULTS ? "OPENSIPS_DEFAULTS" : t.toString();
    }
}
