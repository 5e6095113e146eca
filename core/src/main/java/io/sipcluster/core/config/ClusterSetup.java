package io.sipcluster.core.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One cluster the local node belongs to: itself as provisioned in that cluster, and the nodes it knows at start.
 *
 * @param discovery nodes not provisioned may join by introducing themselves (OpenSIPS {@code db_mode=0}); with it
 *     off, only provisioned nodes are accepted (SQL mode)
 */
public record ClusterSetup(int clusterId, NodeDescriptor self, List<NodeDescriptor> neighbours, boolean discovery) {
    public ClusterSetup {
        if (clusterId <= 0) {
            throw new IllegalArgumentException("cluster id must be > 0, got " + clusterId);
        }
        neighbours = List.copyOf(neighbours);
        Set<Integer> ids = new HashSet<>();
        ids.add(self.nodeId());
        for (NodeDescriptor n : neighbours) {
            if (!ids.add(n.nodeId())) {
                throw new IllegalArgumentException("cluster " + clusterId + ": node id " + n.nodeId() + " listed twice");
            }
        }
    }
}
