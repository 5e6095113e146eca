package io.sipcluster.sim.sweep;

import io.sipcluster.sim.Simulation;

/** How the nodes of a scenario learn about each other at start. */
public enum Provisioning {
    /** Every node is provisioned with every other (SQL mode, no discovery). */
    FULL_MESH,
    /** Node 1 is a seed knowing nobody; every other node knows only node 1 and discovers the rest. */
    JOIN_THROUGH_SEED;

    /** The node every other one needs at least once to join; it is always alive when a scenario ends. */
    public static final int SEED_NODE = 1;

    Simulation.Builder provision(Simulation.Builder builder, int nodes) {
        return this == FULL_MESH ? builder.fullMesh(nodes) : builder.joinThroughSeed(nodes);
    }
}
