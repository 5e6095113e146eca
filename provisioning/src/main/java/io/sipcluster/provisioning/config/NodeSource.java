package io.sipcluster.provisioning.config;

import io.sipcluster.core.config.NodeDescriptor;
import java.util.List;

/** Where the nodes of a cluster are provisioned: in the node file, or in the {@code clusterer} table. */
public sealed interface NodeSource {
    /**
     * Script-style provisioning (OpenSIPS {@code db_mode=0}): this node as {@code my_node_info}, and the neighbours
     * it joins through as {@code neighbor_node_info}. The rest of the cluster is discovered from them.
     */
    record File(NodeDescriptor self, List<NodeDescriptor> neighbours) implements NodeSource {
        public File {
            neighbours = List.copyOf(neighbours);
        }
    }

    /**
     * The cluster's rows in the {@code clusterer} table (OpenSIPS {@code db_mode=1}): this node's own row and every
     * other node's; nodes that are not in the table are not accepted.
     */
    record Table() implements NodeSource {
    }
}
