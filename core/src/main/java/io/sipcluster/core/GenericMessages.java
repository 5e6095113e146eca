package io.sipcluster.core;

import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.GenericMsg;

/**
 * Script-level messages between nodes (OpenSIPS {@code cluster_send_req}, {@code cluster_send_rpl},
 * {@code cluster_broadcast_req}): a GENERIC_MSG carries a request or a reply, a tag that pairs the two, and any
 * text; the receiver publishes it as {@link ClusterEvent.GenericMessageReceived}. The engine only carries them:
 * pairing replies with requests is the script's business.
 */
final class GenericMessages {
    private static final int REQUEST = 1;
    private static final int REPLY = 0;

    private final int nodeId;
    private final MessageTags tags;

    GenericMessages(int nodeId, int startSeconds) {
        this.nodeId = nodeId;
        this.tags = new MessageTags(nodeId, startSeconds);
    }

    /** @param cluster null when the local node is not in the cluster */
    SentRequest sendRequest(ClusterState cluster, int clusterId, int dst, Str message, long now, Effects fx) {
        Str tag = tags.next(clusterId);
        return new SentRequest(send(cluster, dst, new GenericMsg(REQUEST, tag, message, Trailer.UNADDRESSED), now, fx),
                tag);
    }

    SendResult sendReply(ClusterState cluster, int dst, Str message, Str tag, long now, Effects fx) {
        if (tag.isEmpty()) {
            throw new IllegalArgumentException("a reply needs the tag of the request it answers");
        }
        return send(cluster, dst, new GenericMsg(REPLY, tag, message, Trailer.UNADDRESSED), now, fx);
    }

    /** To every enabled node; with {@code includeSelf}, published here too, as if it had come from this node. */
    SentRequest broadcastRequest(ClusterState cluster, int clusterId, Str message, boolean includeSelf, long now,
                                 Effects fx) {
        Str tag = tags.next(clusterId);
        if (cluster == null) {
            return new SentRequest(SendResult.UNKNOWN_DESTINATION, tag);
        }
        GenericMsg m = new GenericMsg(REQUEST, tag, message, Trailer.UNADDRESSED);
        SendResult result = cluster.broadcast(m, NodeMatch.ANY, now, fx);
        if (includeSelf && result != SendResult.LOCAL_NODE_DISABLED) {
            received(cluster.clusterId(), nodeId, m, fx);
        }
        return new SentRequest(result, tag);
    }

    /** A GENERIC_MSG arrived (or was sent to this node itself). */
    static void received(int clusterId, int srcNodeId, GenericMsg m, Effects fx) {
        fx.publish(new ClusterEvent.GenericMessageReceived(clusterId, srcNodeId, m.reqLike() != 0, m.msg(), m.tag()));
    }

    /** A message to the local node itself is published here without a packet, as OpenSIPS does. */
    private SendResult send(ClusterState cluster, int dst, GenericMsg m, long now, Effects fx) {
        if (cluster == null) {
            return SendResult.UNKNOWN_DESTINATION;
        }
        if (dst != nodeId) {
            return cluster.send(dst, m, now, fx);
        }
        if (!cluster.selfEnabled()) {
            return SendResult.LOCAL_NODE_DISABLED;
        }
        received(cluster.clusterId(), nodeId, m, fx);
        return SendResult.SENT;
    }
}
