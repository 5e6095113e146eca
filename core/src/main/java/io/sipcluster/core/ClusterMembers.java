package io.sipcluster.core;

import io.sipcluster.core.config.NodeDescriptor;
import java.util.Collection;
import java.util.Set;

/** What the parts of one cluster read from it: the local node, and the other nodes it knows. */
interface ClusterMembers {
    int clusterId();

    NodeDescriptor self();

    /** The other node with this id, or null when the cluster does not know it. */
    RemoteNode node(int nodeId);

    /** Every other node, in id order. */
    Collection<RemoteNode> nodes();

    /** The ids of every other node, in order. */
    Set<Integer> nodeIds();
}
