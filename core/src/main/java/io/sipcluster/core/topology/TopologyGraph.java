package io.sipcluster.core.topology;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * The link-state graph of one cluster as the local node knows it: its own up links, and for every other node the
 * nodes that node has an up link to, as its updates said. Links of other nodes towards the local node are not
 * kept (a node learns those from the link itself), so no adjacency but the local node's names it.
 *
 * <p>Every node gets a small index, reused after removal, so that an adjacency is a bit set: a full mesh of 128
 * nodes is 128 x 2 words, the flooding decisions are a few word operations, and the routes of a full mesh are
 * found after one level of the search. The graph also caches its {@link Routes} and counts how often they changed.
 */
public final class TopologyGraph {
    /** Index of the local node. */
    static final int SELF = 0;

    private final int selfId;
    private final NodeIndex indexOf = new NodeIndex();
    private final Deque<Integer> freeIndices = new ArrayDeque<>();
    private int[] idOf = new int[16];
    private int[] priority = new int[16];
    private BitSet[] adjacency = new BitSet[16];
    /** The transpose: for each node, the nodes that have a link to it. */
    private BitSet[] inLinks = new BitSet[16];
    /** Indices in use, the local node included. */
    private final BitSet present = new BitSet();
    /** Indices of the nodes routing may go through or to (management can disable a node locally). */
    private final BitSet enabled = new BitSet();
    private int size;
    /** Indices in use ordered by (priority, node id), the preference among equal-length paths; null when stale. */
    private int[] preference;
    /** Indices of the nodes with a lower id than the local node; null when stale. */
    private BitSet lowerIds;
    private Routes routes;
    private long routesVersion;

    public TopologyGraph(int selfId) {
        this.selfId = selfId;
        assign(selfId, Integer.MIN_VALUE);
    }

    public int selfId() {
        return selfId;
    }

    // ------------------------------------------------------------------ nodes

    /** Adds another node, with no links known; a node already present keeps its links. */
    public void addNode(int id, int nodePriority) {
        if (id == selfId || indexOf.get(id) >= 0) {
            return;
        }
        assign(id, nodePriority);
        changed();
    }

    /** Forgets a node and every link to or from it. */
    public void removeNode(int id) {
        int idx = indexOf.get(id);
        if (idx < 0 || idx == SELF) {
            return;
        }
        for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
            adjacency[i].clear(idx);
            inLinks[i].clear(idx);
        }
        adjacency[idx].clear();
        inLinks[idx].clear();
        present.clear(idx);
        enabled.clear(idx);
        indexOf.remove(id);
        freeIndices.push(idx);
        preference = null;
        lowerIds = null;
        changed();
    }

    public boolean contains(int id) {
        return indexOf.get(id) >= 0;
    }

    /** A disabled node is neither routed to nor through. */
    public void setEnabled(int id, boolean on) {
        int idx = indexOf.get(id);
        if (idx >= 0 && idx != SELF && enabled.get(idx) != on) {
            enabled.set(idx, on);
            changed();
        }
    }

    // ------------------------------------------------------------------ links

    /**
     * Sets the link {@code from -> to} ({@code from} may be the local node). Links towards the local node, to an
     * unknown node or to the node itself are not kept. True if the graph changed.
     */
    public boolean setLink(int from, int to, boolean up) {
        int f = indexOf.get(from);
        int t = indexOf.get(to);
        if (f < 0 || t < 0 || t == SELF || f == t || adjacency[f].get(t) == up) {
            return false;
        }
        adjacency[f].set(t, up);
        inLinks[t].set(f, up);
        if (f == SELF || !routedDirectly(t)) {
            changed();
        }
        return true;
    }

    /** Replaces a node's links with {@code ids} (unknown ids and the local node are left out). True if changed. */
    public boolean replaceNeighbours(int id, Collection<Integer> ids) {
        int idx = indexOf.get(id);
        if (idx < 0) {
            return false;
        }
        BitSet updated = new BitSet(size);
        for (int n : ids) {
            int t = indexOf.get(n);
            if (t >= 0 && t != SELF && t != idx) {
                updated.set(t);
            }
        }
        if (updated.equals(adjacency[idx])) {
            return false;
        }
        BitSet flipped = (BitSet) updated.clone();
        flipped.xor(adjacency[idx]);
        for (int t = flipped.nextSetBit(0); t >= 0; t = flipped.nextSetBit(t + 1)) {
            inLinks[t].set(idx, updated.get(t));
        }
        adjacency[idx] = updated;
        if (idx == SELF || !allRoutedDirectly(flipped)) {
            changed();
        }
        return true;
    }

    /** Forgets every link of a node. True if it had any. */
    public boolean clearNeighbours(int id) {
        int idx = indexOf.get(id);
        if (idx < 0 || adjacency[idx].isEmpty()) {
            return false;
        }
        BitSet links = adjacency[idx];
        for (int t = links.nextSetBit(0); t >= 0; t = links.nextSetBit(t + 1)) {
            inLinks[t].clear(idx);
        }
        boolean matters = idx == SELF || !allRoutedDirectly(links);
        links.clear();
        if (matters) {
            changed();
        }
        return true;
    }

    /** Whether {@code from} has an up link to {@code to}, as far as the local node knows. */
    public boolean linked(int from, int to) {
        int f = indexOf.get(from);
        int t = indexOf.get(to);
        return f >= 0 && t >= 0 && adjacency[f].get(t);
    }

    /** A node's links, in ascending node id order (empty for an unknown node). */
    public List<Integer> neighbours(int id) {
        int idx = indexOf.get(id);
        if (idx < 0) {
            return List.of();
        }
        return ids(adjacency[idx]);
    }

    /** How many links a node has. */
    public int degree(int id) {
        int idx = indexOf.get(id);
        return idx < 0 ? 0 : adjacency[idx].cardinality();
    }

    // ------------------------------------------------------------------ routes

    /** The routes over the graph as it is now, computed again only after a change. */
    public Routes routes() {
        if (routes == null) {
            Routes fresh = Routes.compute(this);
            if (!fresh.sameAs(previousRoutes)) {
                routesVersion++;
            }
            routes = fresh;
            previousRoutes = fresh;
        }
        return routes;
    }

    private Routes previousRoutes;

    /** Changes each time {@link #routes()} returns different routes from the previous call. */
    public long routesVersion() {
        routes();
        return routesVersion;
    }

    /** The neighbour to send through towards {@code id}, or -1 when it is unreachable. */
    public int nextHop(int id) {
        int idx = indexOf.get(id);
        return idx < 0 ? -1 : routes().nextHopOf(idx);
    }

    // ------------------------------------------------------------------ for Routes and Flooding

    /** The index of a node id, or -1 when unknown. */
    int indexOf(int id) {
        return indexOf.get(id);
    }

    int idOf(int idx) {
        return idOf[idx];
    }

    int size() {
        return size;
    }

    BitSet adjacencyOf(int idx) {
        return adjacency[idx];
    }

    BitSet enabledIndices() {
        return enabled;
    }

    /** The nodes that have a link to the node at {@code idx}. */
    BitSet inLinksOf(int idx) {
        return inLinks[idx];
    }

    /** Indices of the nodes whose id is lower than the local node's. */
    BitSet lowerIds() {
        if (lowerIds == null) {
            BitSet out = new BitSet(size);
            for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
                if (idOf[i] < selfId) {
                    out.set(i);
                }
            }
            lowerIds = out;
        }
        return lowerIds;
    }

    /** Every node's index ordered by (priority, node id): lower is preferred. */
    int[] preference() {
        if (preference == null) {
            List<Integer> order = new ArrayList<>();
            for (int i = present.nextSetBit(0); i >= 0; i = present.nextSetBit(i + 1)) {
                order.add(i);
            }
            order.sort((a, b) -> priority[a] != priority[b] ? Integer.compare(priority[a], priority[b])
                    : Integer.compare(idOf[a], idOf[b]));
            preference = order.stream().mapToInt(Integer::intValue).toArray();
        }
        return preference;
    }

    /** The node ids of a set of indices, ascending. */
    List<Integer> ids(BitSet indices) {
        int[] out = new int[indices.cardinality()];
        int k = 0;
        for (int i = indices.nextSetBit(0); i >= 0; i = indices.nextSetBit(i + 1)) {
            out[k++] = idOf[i];
        }
        Arrays.sort(out);
        List<Integer> list = new ArrayList<>(out.length);
        for (int id : out) {
            list.add(id);
        }
        return list;
    }

    /** The indices of known node ids (unknown ones are left out). */
    BitSet indicesOf(Set<Integer> ids) {
        BitSet out = new BitSet(size);
        for (int id : ids) {
            int idx = indexOf.get(id);
            if (idx >= 0) {
                out.set(idx);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ internals

    private void assign(int id, int nodePriority) {
        int idx = freeIndices.isEmpty() ? size++ : freeIndices.pop();
        if (idx >= idOf.length) {
            int capacity = idOf.length * 2;
            idOf = Arrays.copyOf(idOf, capacity);
            priority = Arrays.copyOf(priority, capacity);
            adjacency = Arrays.copyOf(adjacency, capacity);
            inLinks = Arrays.copyOf(inLinks, capacity);
        }
        idOf[idx] = id;
        priority[idx] = nodePriority;
        adjacency[idx] = new BitSet();
        inLinks[idx] = new BitSet();
        indexOf.put(id, idx);
        present.set(idx);
        enabled.set(idx);
        preference = null;
        lowerIds = null;
    }

    private void changed() {
        routes = null;
    }

    /**
     * A node the local node has an up link to (and may route to) is found on the first level of the search with
     * itself as next hop, so another node's link towards it changes no route: in a formed full mesh no update
     * about others' links needs the routes computed again.
     */
    private boolean routedDirectly(int idx) {
        return adjacency[SELF].get(idx) && enabled.get(idx);
    }

    /** {@link #routedDirectly} for every node of a set (which is not changed). */
    private boolean allRoutedDirectly(BitSet indices) {
        BitSet rest = (BitSet) indices.clone();
        rest.andNot(adjacency[SELF]);
        if (!rest.isEmpty()) {
            return false;
        }
        rest.or(indices);
        rest.andNot(enabled);
        return rest.isEmpty();
    }
}
