package io.sipcluster.core;

import io.sipcluster.core.link.LinkState;
import io.sipcluster.core.config.NodeDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Immutable snapshots of one cluster for management: the nodes ({@code clusterer_list}), the topology
 * ({@code clusterer_list_topology}) and the other nodes' capabilities ({@code clusterer_list_cap}).
 */
final class ClusterViews {
    private ClusterViews() {}

    /** What the snapshots read from the cluster. */
    interface Port extends ClusterMembers {
        Set<Integer> upLinks();

        int nextHop(int nodeId);

        /** A node's up links as learned from its updates. */
        List<Integer> neighboursOf(int nodeId);
    }

    static List<NodeView> nodes(Port cluster) {
        List<NodeView> out = new ArrayList<>();
        for (RemoteNode n : cluster.nodes()) {
            NodeDescriptor d = n.descriptor;
            out.add(new NodeView(n.id(), d.url(), n.link.state(), n.enabled(), cluster.nextHop(n.id()),
                    Set.copyOf(cluster.neighboursOf(n.id())), d.sipAddr(), d.priority(), d.noPingRetries(), d.seed()));
        }
        return List.copyOf(out);
    }

    /**
     * The local node first with its up links, then every other node with the links learned from its updates,
     * plus the local node where the direct link is up (a node's updates never list its link to the receiver), as
     * OpenSIPS lists them.
     */
    static List<Adjacency> topology(Port cluster) {
        int self = cluster.self().nodeId();
        List<Adjacency> out = new ArrayList<>();
        out.add(new Adjacency(self, List.copyOf(cluster.upLinks())));
        for (RemoteNode n : cluster.nodes()) {
            List<Integer> neighbours = new ArrayList<>(cluster.neighboursOf(n.id()));
            if (n.link.state() == LinkState.UP) {
                neighbours.add(self);
            }
            out.add(new Adjacency(n.id(), neighbours));
        }
        return List.copyOf(out);
    }

    /** By node, each node's capabilities in the order it first announced them. */
    static List<RemoteCapabilityView> remoteCapabilities(Port cluster) {
        List<RemoteCapabilityView> out = new ArrayList<>();
        for (RemoteNode n : cluster.nodes()) {
            n.capabilities.forEach((name, synced) -> out.add(new RemoteCapabilityView(n.id(), name, synced)));
        }
        return List.copyOf(out);
    }
}
