package io.sipcluster.core.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * Shortest paths from the local node over the learned link-state graph: for every reachable node, the direct
 * neighbour to send through.
 *
 * <p>Breadth-first by hop count; among equal-length paths the one through the neighbour with the lower
 * (priority, node id) wins, because each level's nodes are expanded in that order. OpenSIPS orders its whole
 * queue by priority, which can prefer a longer path through a preferred node; a node routes on its own, so the two
 * choices coexist in a mixed cluster.
 */
public final class Routes {
    private final Map<Integer, Integer> nextHop;

    private Routes(Map<Integer, Integer> nextHop) {
        this.nextHop = nextHop;
    }

    /**
     * @param self the local node
     * @param neighbours adjacency: the nodes each node has an up link to (for {@code self}, its own up links)
     * @param priority a node's priority (lower is preferred)
     */
    public static Routes compute(int self, IntFunction<Set<Integer>> neighbours, ToIntFunction<Integer> priority) {
        Comparator<Integer> preference = Comparator.<Integer>comparingInt(priority::applyAsInt)
                .thenComparingInt(Integer::intValue);
        Map<Integer, Integer> firstHop = new HashMap<>();
        Deque<Integer> level = new ArrayDeque<>();
        for (int n : sorted(neighbours.apply(self), preference)) {
            firstHop.put(n, n);
            level.add(n);
        }
        while (!level.isEmpty()) {
            List<Integer> next = new ArrayList<>();
            for (int node : level) {
                for (int n : sorted(neighbours.apply(node), preference)) {
                    if (n != self && !firstHop.containsKey(n)) {
                        firstHop.put(n, firstHop.get(node));
                        next.add(n);
                    }
                }
            }
            next.sort(preference);
            level = new ArrayDeque<>(next);
        }
        return new Routes(firstHop);
    }

    /** The neighbour to send through to reach {@code dest}, or -1 when it is unreachable. */
    public int nextHop(int dest) {
        return nextHop.getOrDefault(dest, -1);
    }

    public boolean reachable(int dest) {
        return nextHop.containsKey(dest);
    }

    public Set<Integer> reachableNodes() {
        return nextHop.keySet();
    }

    private static List<Integer> sorted(Collection<Integer> nodes, Comparator<Integer> order) {
        List<Integer> l = new ArrayList<>(nodes);
        l.sort(order);
        return l;
    }
}
