package io.sipcluster.runtime;

import io.sipcluster.core.NodeView;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A read-only snapshot of one cluster as this node sees it, taken on the loop thread (what {@code clusterer_list}
 * and {@code clusterer_shtag_list} show).
 *
 * @param enabled whether this node takes part (management can disable it)
 * @param nodes every other node known in the cluster, with its link state and next hop
 * @param reachable the nodes reachable now, directly or through others
 * @param sharingTags tag name to active (true) or backup (false)
 */
public record ClusterView(int clusterId, boolean enabled, List<NodeView> nodes, Set<Integer> reachable,
                          Map<String, Boolean> sharingTags) {
    public ClusterView {
        nodes = List.copyOf(nodes);
        reachable = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(reachable));
        sharingTags = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sharingTags));
    }
}
