package io.sipcluster.wire.clusterer;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.WireName;
import java.util.List;

/**
 * {@code clusterer-internal} packets: link control and topology between direct neighbours. Each starts with the
 * front header (cluster id, source node id); flooded ones end with the path of nodes they went through.
 */
public sealed interface InternalMessage extends BinMessage {
    int clusterId();

    int srcNodeId();

    ClustererPacketType type();

    @Override
    default Capability capability() {
        return Capability.CLUSTERER_INTERNAL;
    }

    @Override
    default int version() {
        return ClustererPacketType.VERSION;
    }

    @Override
    default int packetType() {
        return type().code();
    }

    /** Liveness probe. {@code reqNodeList} != 0 asks for the node list in the PONG (first ping of a link). */
    record Ping(int clusterId, int srcNodeId, int reqNodeList) implements InternalMessage {
        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.PING;
        }
    }

    /** Ping reply; lists the nodes the responder knows, except the pinger, when the ping asked for them. */
    record Pong(int clusterId, int srcNodeId, @WireName("node_id") List<Integer> nodeIds) implements InternalMessage {
        public Pong {
            nodeIds = List.copyOf(nodeIds);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.PONG;
        }
    }

    /** The sender's direct link to {@code neighId} changed: {@code newLs} 0 = up, 1 = down. Flooded. */
    record LsUpdate(int clusterId, int srcNodeId, int seqNo, int timestamp, int neighId, int newLs, List<Integer> path)
            implements InternalMessage {
        public static final int LINK_UP = 0;
        public static final int LINK_DOWN = 1;

        public LsUpdate {
            path = List.copyOf(path);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.LS_UPDATE;
        }
    }

    /** The sender's whole view of the topology, sent to a neighbour when the link to it comes up. Flooded. */
    record FullTopUpdate(int clusterId, int srcNodeId, int seqNo, int timestamp,
                         @WireName("node_entry") List<TopologyEntry> nodes, List<Integer> path)
            implements InternalMessage {
        public FullTopUpdate {
            nodes = List.copyOf(nodes);
            path = List.copyOf(path);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.FULL_TOP_UPDATE;
        }
    }

    /**
     * One node's adjacency in a FULL_TOP_UPDATE. {@code description} is present only for nodes the receiver did not
     * list in its PONG, so that it can learn them (discovery).
     */
    record TopologyEntry(int nodeId, NodeInfo description, int lsSeqNo, int lsTimestamp,
                         @WireName("neigh_id") List<Integer> neighbours) {
        public TopologyEntry {
            neighbours = List.copyOf(neighbours);
        }
    }

    /** What a node tells others about itself so that they can reach it. */
    record NodeInfo(Str url, Str sipAddr, int priority, int noPingRetries) {}

    /** Reply to a packet from a node id the receiver does not know; asks for a NODE_DESCRIPTION. */
    record UnknownId(int clusterId, int srcNodeId) implements InternalMessage {
        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.UNKNOWN_ID;
        }
    }

    /** A node introducing itself (discovery). Flooded. */
    record NodeDescription(int clusterId, int srcNodeId, Str url, Str sipAddr, int priority, int noPingRetries,
                           List<Integer> path) implements InternalMessage {
        public NodeDescription {
            path = List.copyOf(path);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.NODE_DESCRIPTION;
        }
    }

    /**
     * Which capabilities nodes have and whether each is synced. Full (every node the sender knows) on link-up,
     * single (the sender's one changed capability) otherwise. Flooded with {@code requireReply} reset to 0.
     */
    record CapUpdate(int clusterId, int srcNodeId, int seqNo, int timestamp,
                     @WireName("node_entry") List<NodeCapabilities> nodes, int requireReply, List<Integer> path)
            implements InternalMessage {
        public CapUpdate {
            nodes = List.copyOf(nodes);
            path = List.copyOf(path);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.CAP_UPDATE;
        }
    }

    record NodeCapabilities(int nodeId, @WireName("cap") List<CapabilityState> capabilities) {
        public NodeCapabilities {
            capabilities = List.copyOf(capabilities);
        }
    }

    /** {@code capState} 1 = synced (usable as a donor), 0 = not synced. */
    record CapabilityState(Str capName, int capState) {}
}
