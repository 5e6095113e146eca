package io.sipcluster.core;

import io.sipcluster.core.command.CommandOutcome;
import io.sipcluster.wire.Str;
import java.util.List;

/** What the engine tells the rest of the node (and, through management, the operator). */
public sealed interface ClusterEvent {
    int clusterId();

    /** {@code nodeId} became reachable, directly or through other nodes (OpenSIPS NODE_STATE_CHANGED 1). */
    record NodeUp(int clusterId, int nodeId) implements ClusterEvent {}

    /** {@code nodeId} is no longer reachable by any path (OpenSIPS NODE_STATE_CHANGED 0). */
    record NodeDown(int clusterId, int nodeId) implements ClusterEvent {}

    /** A node this one did not know introduced itself and was added (discovery). */
    record NodeDiscovered(int clusterId, int nodeId) implements ClusterEvent {}

    /**
     * An input was ignored: from an unknown node or cluster, stale, inconsistent or over a limit. Counted per
     * reason by the engine, never fatal.
     *
     * @param detail what exactly, for a log line ("stale LS_UPDATE seq 4")
     */
    record Ignored(int clusterId, int fromNodeId, IgnoreReason reason, String detail) implements ClusterEvent {
        /** An input ignored for a reason not classified ({@link IgnoreReason#OTHER}). */
        public Ignored(int clusterId, int fromNodeId, String detail) {
            this(clusterId, fromNodeId, IgnoreReason.OTHER, detail);
        }
    }

    /**
     * A generic message arrived from {@code srcNodeId} (OpenSIPS E_CLUSTERER_REQ_RECEIVED when {@code request},
     * E_CLUSTERER_RPL_RECEIVED otherwise), sent by a script or by {@link ClusterEngine#sendRequest}.
     *
     * @param tag the tag the sender gave it: a reply carries the tag of the request it answers
     */
    record GenericMessageReceived(int clusterId, int srcNodeId, boolean request, Str message, Str tag)
            implements ClusterEvent {}

    /**
     * Another node asks this one to run a management command. The host runs it and answers with
     * {@link ClusterEngine#replyToCommand}, unless {@code requestId} is -1: OpenSIPS's plain MI_CMD, whose sender
     * expects no answer.
     *
     * @param params positional parameters (at most 20), as text
     */
    record CommandReceived(int clusterId, int srcNodeId, long requestId, String command, List<String> params)
            implements ClusterEvent {
        public CommandReceived {
            params = List.copyOf(params);
        }
    }

    /**
     * How a command this node sent to {@code nodeId} ended; exactly one per accepted command.
     *
     * @param status the node's status code for OK and ERROR ({@code 200} is OK), 0 for the other outcomes
     * @param body the JSON text of the result (OK), the error message (ERROR), empty for the other outcomes
     */
    record CommandResult(int clusterId, int nodeId, long requestId, CommandOutcome outcome, int status, Str body)
            implements ClusterEvent {}

    /**
     * A sharing tag changed state here (OpenSIPS E_CLUSTERER_SHARING_TAG_CHANGED).
     *
     * @param reason "MI command", "configuration", or "cluster broadcast from N"
     */
    record SharingTagChanged(int clusterId, String tag, boolean active, String reason) implements ClusterEvent {}

    /** A capability's state on another node changed, as announced by CAP_UPDATE (synced = usable as a donor). */
    record CapabilityChanged(int clusterId, int nodeId, String capability, boolean synced) implements ClusterEvent {}

    /**
     * This node was chosen as donor: the module must now stream its data with
     * {@link ClusterEngine#sendSyncData} (OpenSIPS SYNC_REQ_RCV).
     */
    record SyncRequested(int clusterId, String capability, int requesterNodeId) implements ClusterEvent {}

    /** A sync request went out to {@code donorNodeId}. */
    record SyncStarted(int clusterId, String capability, int donorNodeId, int attempt) implements ClusterEvent {}

    /** Every chunk announced by the donor arrived and the buffered updates were delivered (OpenSIPS SYNC_DONE). */
    record SyncDone(int clusterId, String capability, int donorNodeId, long chunks) implements ClusterEvent {}

    /** A sync attempt failed (timeout, donor lost); another donor is tried. */
    record SyncFailed(int clusterId, String capability, int donorNodeId, String reason) implements ClusterEvent {}

    /** A seed node found no donor in time and declared itself synced with the data it has. */
    record SyncSeedFallback(int clusterId, String capability) implements ClusterEvent {}
}
