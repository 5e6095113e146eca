package io.sipcluster.core.topology;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shortest paths from the local node over a {@link TopologyGraph}: for every reachable node, the direct neighbour
 * to send through. An immutable snapshot.
 *
 * <p>Breadth-first by hop count; among equal-length paths the one through the neighbour with the lower
 * (priority, node id) wins, because each level's nodes are expanded in that order. OpenSIPS orders its whole
 * queue by priority, which can prefer a longer path through a preferred node; a node routes on its own, so the two
 * choices coexist in a mixed cluster. The search stops as soon as every enabled node is found, which in a full
 * mesh is after the local node's own links.
 */
public final class Routes {
    /** Node id per graph index, as the graph was when these routes were computed. */
    private final int[] nodeIds;
    /** Next hop node id per graph index, -1 when unreachable (and for the local node). */
    private final int[] hops;
    private Set<Integer> reachable;

    private Routes(int[] nodeIds, int[] hops) {
        this.nodeIds = nodeIds;
        this.hops = hops;
    }

    static Routes compute(TopologyGraph g) {
        int n = g.size();
        int[] hopIndex = new int[n];
        Arrays.fill(hopIndex, -1);
        BitSet enabled = g.enabledIndices();
        BitSet found = new BitSet(n);
        found.set(TopologyGraph.SELF);
        int remaining = enabled.cardinality() - (enabled.get(TopologyGraph.SELF) ? 1 : 0);
        BitSet level = (BitSet) g.adjacencyOf(TopologyGraph.SELF).clone();
        level.and(enabled);
        for (int i = level.nextSetBit(0); i >= 0; i = level.nextSetBit(i + 1)) {
            hopIndex[i] = i;
            found.set(i);
            remaining--;
        }
        int[] preference = g.preference();
        BitSet candidates = new BitSet(n);
        while (remaining > 0 && !level.isEmpty()) {
            BitSet next = new BitSet(n);
            for (int node : preference) {
                if (!level.get(node)) {
                    continue;
                }
                candidates.clear();
                candidates.or(g.adjacencyOf(node));
                candidates.and(enabled);
                candidates.andNot(found);
                for (int c = candidates.nextSetBit(0); c >= 0; c = candidates.nextSetBit(c + 1)) {
                    hopIndex[c] = hopIndex[node];
                    found.set(c);
                    next.set(c);
                    remaining--;
                }
            }
            level = next;
        }
        int[] nodeIds = new int[n];
        int[] hops = new int[n];
        for (int i = 0; i < n; i++) {
            nodeIds[i] = g.idOf(i);
            hops[i] = hopIndex[i] < 0 ? -1 : g.idOf(hopIndex[i]);
        }
        return new Routes(nodeIds, hops);
    }

    /** Next hop node id towards the node at graph index {@code idx}, or -1. */
    int nextHopOf(int idx) {
        return idx < hops.length ? hops[idx] : -1;
    }

    /** The nodes reachable by any path, ascending. */
    public Set<Integer> reachableNodes() {
        if (reachable == null) {
            Set<Integer> out = new TreeSet<>();
            for (int i = 0; i < hops.length; i++) {
                if (hops[i] >= 0) {
                    out.add(nodeIds[i]);
                }
            }
            reachable = Collections.unmodifiableSet(out);
        }
        return reachable;
    }

    /** The same next hop for every node (null is never the same). */
    boolean sameAs(Routes other) {
        return other != null && Arrays.equals(hops, other.hops) && Arrays.equals(nodeIds, other.nodeIds);
    }
}
