package io.sipcluster.runtime;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.wire.Routable;

/**
 * A module's end of a capability (usrloc, dialog, ...): what a {@link ClusterNode} calls for it. Every method
 * runs on the node's loop thread and must return quickly: hand slow work (SQL, disk) to another executor.
 */
public interface CapabilityModule {
    /**
     * A packet of the capability arrived for this node: a live update, or a SYNC packet's contents while this
     * node syncs. {@code srcNodeId} is the node that sent it, whichever nodes it went through.
     */
    void onPacket(int clusterId, int srcNodeId, Routable packet);

    /**
     * Events of the capability's cluster: nodes up and down, sharing tags, and this capability's sync progress
     * ({@link ClusterEvent.SyncStarted}, {@link ClusterEvent.SyncDone}, ...).
     */
    default void onEvent(ClusterEvent event) {
    }

    /**
     * This node was chosen as donor by {@code requesterNodeId}: the records to send. The default has none, for
     * capabilities that never need syncing.
     */
    default SyncData syncData(int clusterId, int requesterNodeId) {
        return SyncData.empty(1);
    }
}
