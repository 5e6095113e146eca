package io.sipcluster.core;

/** What the engine tells the rest of the node (and, through management, the operator). */
public sealed interface ClusterEvent {
    int clusterId();

    /** {@code nodeId} became reachable, directly or through other nodes (OpenSIPS NODE_STATE_CHANGED 1). */
    record NodeUp(int clusterId, int nodeId) implements ClusterEvent {}

    /** {@code nodeId} is no longer reachable by any path (OpenSIPS NODE_STATE_CHANGED 0). */
    record NodeDown(int clusterId, int nodeId) implements ClusterEvent {}

    /** A node this one did not know introduced itself and was added (discovery). */
    record NodeDiscovered(int clusterId, int nodeId) implements ClusterEvent {}

    /** A message was ignored: from an unknown node or cluster, stale, or inconsistent. Counted, never fatal. */
    record Ignored(int clusterId, int fromNodeId, String reason) implements ClusterEvent {}

    /**
     * A sharing tag changed state here (OpenSIPS E_CLUSTERER_SHARING_TAG_CHANGED).
     *
     * @param reason "MI command", "configuration", or "cluster broadcast from N"
     */
    record SharingTagChanged(int clusterId, String tag, boolean active, String reason) implements ClusterEvent {}
}
