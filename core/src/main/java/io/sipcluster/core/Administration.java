package io.sipcluster.core;

import io.sipcluster.core.config.NodeDescriptor;

import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.RemoveNode;

/**
 * Management's changes to one cluster: {@code clusterer_set_status} for the local node or another, and
 * {@code clusterer_remove_node} with the REMOVE_NODE broadcast it causes.
 */
final class Administration {
    /** What administration needs from the cluster. */
    interface Port extends ClusterMembers {
        /** Nodes may join by introducing themselves (OpenSIPS {@code db_mode=0}). */
        boolean discovery();

        boolean selfEnabled();

        void setSelfEnabled(boolean enabled);

        /** Forgets every up link of the local node at once, telling nobody (the node goes silent). */
        void dropAllLinks();

        /** The link to {@code n} is no longer up: the neighbours are told. */
        void linkLost(RemoteNode n, Effects fx);

        /** A node was enabled or disabled locally: routes may no longer (or again) go through it. */
        void nodeEnabledChanged(int nodeId, boolean enabled);

        /** Publishes NodeUp/NodeDown for every change of reachability. */
        void refreshReachability(Effects fx);

        /** Adds a provisioned node, not linked yet. */
        void addNode(NodeDescriptor node);

        /** Removes the node and every trace of it from the cluster's tables. */
        void deleteNode(int nodeId);

        SendResult broadcast(Routable packet, NodeMatch match, long now, Effects fx);
    }

    private final Port port;

    Administration(Port port) {
        this.port = port;
    }

    /**
     * {@code clusterer_set_status}: for the local node, stop (or resume) all traffic in the cluster, so that the
     * others see it fail; for another node, ignore it (or take it back) locally.
     */
    void setEnabled(int nodeId, boolean enabled, Effects fx) {
        if (nodeId == port.self().nodeId()) {
            if (port.selfEnabled() == enabled) {
                return;
            }
            port.setSelfEnabled(enabled);
            for (RemoteNode n : port.nodes()) {
                n.link.restartProbing(); // disabled: nothing is sent; enabled again: probe everyone at once
            }
            port.dropAllLinks();
        } else {
            RemoteNode n = port.node(nodeId);
            if (n == null) {
                throw new IllegalArgumentException("node " + nodeId + " is not in cluster " + port.clusterId());
            }
            if (n.enabled() == enabled) {
                return;
            }
            n.setEnabled(enabled);
            if (!enabled) {
                port.linkLost(n, fx);
            }
            n.link.restartProbing();
            port.nodeEnabledChanged(nodeId, enabled);
        }
        port.refreshReachability(fx);
    }

    /**
     * {@code clusterer_remove_node}: every node forgets {@code nodeId} (discovery mode only, as in OpenSIPS, since
     * provisioned nodes would be loaded again).
     */
    void removeNode(int nodeId, long now, Effects fx) {
        if (!port.discovery()) {
            throw new IllegalStateException("nodes are provisioned from the database: remove the row instead");
        }
        if (port.node(nodeId) == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not in cluster " + port.clusterId());
        }
        port.broadcast(new RemoveNode(nodeId, Trailer.UNADDRESSED), NodeMatch.ANY, now, fx);
        forget(nodeId, fx);
    }

    void onRemoveNode(RemoteNode src, RemoveNode r, Effects fx) {
        if (!port.discovery()) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src.id(), IgnoreReason.UNEXPECTED,
                    "REMOVE_NODE with provisioned nodes"));
        } else if (r.targetNodeId() == port.self().nodeId()) {
            setEnabled(port.self().nodeId(), false, fx); // we were removed: leave, as OpenSIPS does
        } else if (port.node(r.targetNodeId()) != null) {
            forget(r.targetNodeId(), fx);
        }
    }

    /**
     * {@code clusterer_reload}: the provisioned nodes are now {@code wanted}. Nodes no longer listed are forgotten,
     * new ones added (and probed at the next tick); a node whose row changed only its state is enabled or disabled
     * as {@code clusterer_set_status} would, one whose address, priority, retries or seed flag changed starts over
     * with a fresh link. This node's own row takes effect at restart, as its listeners are bound then.
     */
    void reprovision(java.util.List<NodeDescriptor> wanted, Effects fx) {
        java.util.Map<Integer, NodeDescriptor> byId = new java.util.TreeMap<>();
        wanted.forEach(d -> byId.put(d.nodeId(), d));
        for (int id : java.util.List.copyOf(port.nodeIds())) {
            if (!byId.containsKey(id)) {
                forget(id, fx);
            }
        }
        for (NodeDescriptor d : byId.values()) {
            RemoteNode n = port.node(d.nodeId());
            if (n == null) {
                port.addNode(d);
                fx.publish(new ClusterEvent.NodeDiscovered(port.clusterId(), d.nodeId()));
            } else if (!n.descriptor.equals(d)) {
                if (n.descriptor.equals(withEnabled(d, n.enabled()))) {
                    setEnabled(d.nodeId(), d.enabled(), fx);
                } else {
                    forget(d.nodeId(), fx);
                    port.addNode(d);
                }
            }
        }
        port.refreshReachability(fx);
    }

    private static NodeDescriptor withEnabled(NodeDescriptor d, boolean enabled) {
        return new NodeDescriptor(d.nodeId(), d.url(), d.sipAddr(), d.priority(), d.noPingRetries(), d.seed(), enabled);
    }

    private void forget(int nodeId, Effects fx) {
        port.linkLost(port.node(nodeId), fx);
        port.deleteNode(nodeId);
        port.refreshReachability(fx);
    }
}
