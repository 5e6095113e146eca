package io.sipcluster.core;

import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.link.Link;
import io.sipcluster.core.topology.SequenceCheck;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the local node knows about one other node of a cluster. */
final class RemoteNode {
    NodeDescriptor descriptor;
    final Link link = new Link();
    /** Freshness of the node's link state and topology updates (its links are in the cluster's TopologyGraph). */
    int lsSeq = SequenceCheck.NONE;
    int lsTimestamp;
    int topSeq = SequenceCheck.NONE;
    int topTimestamp;
    int capSeq = SequenceCheck.NONE;
    int capTimestamp;
    /** Capability name to synced, as the node's CAP_UPDATEs said (in the order first heard). */
    final Map<String, Boolean> capabilities = new LinkedHashMap<>();

    RemoteNode(NodeDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    int id() {
        return descriptor.nodeId();
    }

    boolean enabled() {
        return descriptor.enabled();
    }

    void setEnabled(boolean enabled) {
        NodeDescriptor d = descriptor;
        descriptor = new NodeDescriptor(d.nodeId(), d.url(), d.sipAddr(), d.priority(), d.noPingRetries(), d.seed(),
                enabled);
    }
}
