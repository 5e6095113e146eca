package io.sipcluster.core;

import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;

/**
 * Packets addressed by a trailer (clusterer-extra control and every module's packets): sent to one node or to
 * all, passed on by the nodes in between, and handed over where they are addressed (OpenSIPS {@code clusterer.c}:
 * {@code clusterer_send_msg}, {@code clusterer_bcast_msg}, {@code msg_send_retry} and the receive callbacks).
 */
final class RoutedPackets {
    /** What routing needs from the cluster. */
    interface Port extends ClusterMembers {
        /** False after management disabled the local node: it sends and accepts nothing. */
        boolean selfEnabled();

        /** The neighbour to send through towards {@code nodeId}, or -1 when it is unreachable. */
        int nextHop(int nodeId);

        /** False for a capability that management disabled here: its packets are not sent. */
        boolean capabilityEnabled(Capability cap);

        /** A packet addressed to the local node arrived from {@code src} (whichever nodes it went through). */
        void arrived(RemoteNode src, Routable packet, long now, Effects fx);
    }

    private final Port port;
    private final RelayGuard relayGuard;

    /** @param relayGuard the hop limit of relayed packets, shared by every cluster of the engine */
    RoutedPackets(Port port, RelayGuard relayGuard) {
        this.port = port;
        this.relayGuard = relayGuard;
    }

    /**
     * A packet addressed by its trailer. From a known, enabled node it counts as life (and a down link is probed
     * again at once); addressed to another node it is passed on towards it; addressed here it is handed over.
     */
    void receive(Routable p, long now, Effects fx) {
        int clusterId = port.clusterId();
        if (!port.selfEnabled()) {
            fx.publish(new ClusterEvent.Ignored(clusterId, p.trailer().srcNodeId(), IgnoreReason.LOCAL_NODE_DISABLED,
                    "local node disabled"));
            return;
        }
        Trailer t = p.trailer();
        if (t instanceof Trailer.Bridge) {
            fx.publish(new ClusterEvent.Ignored(clusterId, t.srcNodeId(), IgnoreReason.UNSUPPORTED,
                    "bridge packets are not supported yet"));
            return;
        }
        RemoteNode src = port.node(t.srcNodeId());
        if (src == null) {
            fx.publish(new ClusterEvent.Ignored(clusterId, t.srcNodeId(), IgnoreReason.UNKNOWN_NODE,
                    "routed packet from an unknown node"));
            return;
        }
        if (!src.enabled()) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.NODE_DISABLED, "node disabled"));
            return;
        }
        // OpenSIPS refreshes liveness only for the source, even when the packet came through another node.
        src.link.packetReceived(now);
        if (src.link.state() == LinkState.DOWN) {
            src.link.restartProbing();
        }
        if (t.dstNodeId() != port.self().nodeId()) {
            relay(p, t.dstNodeId(), now, fx);
        } else {
            port.arrived(src, p, now, fx);
        }
    }

    /** Sends towards one node: directly when the link is up, else through the next hop of the shortest path. */
    SendResult send(int dst, Routable p, long now, Effects fx) {
        if (!port.selfEnabled()) {
            return SendResult.LOCAL_NODE_DISABLED;
        }
        if (!port.capabilityEnabled(p.capability())) {
            return SendResult.SENT; // OpenSIPS too reports success and sends nothing for a disabled capability
        }
        RemoteNode n = port.node(dst);
        if (n == null) {
            return SendResult.UNKNOWN_DESTINATION;
        }
        if (!n.enabled()) {
            return SendResult.SENT; // OpenSIPS reports success and sends nothing to a disabled node
        }
        Routable addressed = p.withTrailer(new Trailer.Node(port.clusterId(), port.self().nodeId(), dst));
        return forward(addressed, dst, now, fx) ? SendResult.SENT : SendResult.DESTINATION_DOWN;
    }

    /** One send per enabled node matching {@code match}, each with its own trailer. */
    SendResult broadcast(Routable p, NodeMatch match, long now, Effects fx) {
        if (!port.selfEnabled()) {
            return SendResult.LOCAL_NODE_DISABLED;
        }
        boolean anyTried = false;
        boolean anySent = false;
        for (RemoteNode n : port.nodes()) {
            if (!n.enabled() || !matches(n, match)) {
                continue;
            }
            anyTried = true;
            anySent |= send(n.id(), p, now, fx) == SendResult.SENT;
        }
        return !anyTried || anySent ? SendResult.SENT : SendResult.DESTINATION_DOWN;
    }

    /** Passes on a packet addressed to another node, unless that would send it round in circles. */
    private void relay(Routable p, int dst, long now, Effects fx) {
        int clusterId = port.clusterId();
        int src = p.trailer().srcNodeId();
        if (port.node(dst) == null) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.UNKNOWN_NODE,
                    "packet for unknown node " + dst));
            return;
        }
        int hop = port.nextHop(dst);
        if (hop < 0) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.NO_ROUTE, "no route to node " + dst));
        } else if (hop == src) {
            // Its source routes to dst through us and we route through it: the packet would bounce for ever.
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.ROUTING_LOOP,
                    "packet for node " + dst + " would go back to its source"));
        } else if (!relayGuard.admit(p, now)) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src, IgnoreReason.ROUTING_LOOP, "packet for node " + dst
                    + " relayed " + RelayGuard.MAX_RELAYS_PER_WINDOW + " times in " + RelayGuard.WINDOW_MILLIS + " ms"));
        } else {
            sendVia(hop, p, now, fx);
        }
    }

    /** Sends to the next hop towards {@code dst}; false when there is none. */
    private boolean forward(Routable p, int dst, long now, Effects fx) {
        int hop = port.nextHop(dst);
        if (hop < 0) {
            return false;
        }
        sendVia(hop, p, now, fx);
        return true;
    }

    private void sendVia(int neighbour, Routable p, long now, Effects fx) {
        RemoteNode next = port.node(neighbour);
        next.link.packetSent(now);
        fx.send(next.descriptor.url(), p);
    }

    private boolean matches(RemoteNode n, NodeMatch match) {
        return switch (match) {
            case ANY -> true;
            case SAME_SIP_ADDR -> sameSipAddr(n);
            case DIFFERENT_SIP_ADDR -> !sameSipAddr(n);
        };
    }

    /** OpenSIPS compares SIP addresses with any port left out. */
    private boolean sameSipAddr(RemoteNode n) {
        return hostOf(n.descriptor.sipAddr().toString()).equals(hostOf(port.self().sipAddr().toString()));
    }

    private static String hostOf(String sipAddr) {
        String s = sipAddr.startsWith("sip:") ? sipAddr.substring(4) : sipAddr;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            return end > 0 ? s.substring(0, end + 1) : s;
        }
        int colon = s.lastIndexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }
}
