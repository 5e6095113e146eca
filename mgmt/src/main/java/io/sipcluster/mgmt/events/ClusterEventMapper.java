package io.sipcluster.mgmt.events;

import io.sipcluster.core.ClusterEvent;
import java.util.List;
import java.util.Optional;

/**
 * Which engine events subscribers see, and as what: OpenSIPS's names and parameters ({@code clusterer_evi.c},
 * {@code sharing_tags.c}), so that event consumers written for OpenSIPS keep working.
 */
public final class ClusterEventMapper {
    /** A node became reachable (new_state 1) or unreachable (0), by any path. */
    public static final String NODE_STATE_CHANGED = "E_CLUSTERER_NODE_STATE_CHANGED";
    /** A sharing tag changed state on this node. */
    public static final String SHARING_TAG_CHANGED = "E_CLUSTERER_SHARING_TAG_CHANGED";

    /** A generic message marked as a request arrived ({@code cluster_send_req} on the sender). */
    public static final String REQ_RECEIVED = "E_CLUSTERER_REQ_RECEIVED";
    /** A generic message marked as a reply arrived ({@code cluster_send_rpl} on the sender). */
    public static final String RPL_RECEIVED = "E_CLUSTERER_RPL_RECEIVED";

    /** Every event name this mapper can produce (what {@code events_list} shows). */
    public static final List<String> NAMES = List.of(NODE_STATE_CHANGED, SHARING_TAG_CHANGED, REQ_RECEIVED,
            RPL_RECEIVED);

    private ClusterEventMapper() { }

    public static Optional<ManagementEvent> map(ClusterEvent event) {
        if (event instanceof ClusterEvent.NodeUp up) {
            return Optional.of(nodeState(up.clusterId(), up.nodeId(), 1));
        }
        if (event instanceof ClusterEvent.NodeDown down) {
            return Optional.of(nodeState(down.clusterId(), down.nodeId(), 0));
        }
        if (event instanceof ClusterEvent.SharingTagChanged t) {
            return Optional.of(ManagementEvent.of(SHARING_TAG_CHANGED, "name", t.tag(), "cluster", t.clusterId(),
                    "state", t.active() ? "active" : "backup", "reason", t.reason()));
        }
        if (event instanceof ClusterEvent.GenericMessageReceived m) {
            return Optional.of(ManagementEvent.of(m.request() ? REQ_RECEIVED : RPL_RECEIVED,
                    "cluster_id", m.clusterId(), "src_id", m.srcNodeId(), "msg", m.message().toString(),
                    "tag", m.tag().toString()));
        }
        return Optional.empty();
    }

    private static ManagementEvent nodeState(int clusterId, int nodeId, int state) {
        return ManagementEvent.of(NODE_STATE_CHANGED, "cluster_id", clusterId, "node_id", nodeId, "new_state", state);
    }
}
