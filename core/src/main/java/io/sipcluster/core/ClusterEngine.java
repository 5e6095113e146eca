package io.sipcluster.core;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The clusterer of one node: every cluster it belongs to, driven by inputs.
 *
 * <p>Pure: no I/O, threads, clock or randomness. The caller passes the monotonic time with every input and
 * carries out the {@link Effects}. One thread must own an engine (the runtime's loop, or the simulator).
 */
public final class ClusterEngine {
    private final int nodeId;
    private final Timings timings;
    private final Map<Integer, ClusterState> clusters = new TreeMap<>();

    public ClusterEngine(int nodeId, List<ClusterSetup> setups, Timings timings, WallClock wall) {
        this(nodeId, setups, timings, wall, WireLimits.MAX_PACKET_BYTES);
    }

    /**
     * @param maxPacketBytes the largest control packet to build; topology updates that would be larger are sent
     *     in parts (tests use a small value to exercise that)
     */
    public ClusterEngine(int nodeId, List<ClusterSetup> setups, Timings timings, WallClock wall, int maxPacketBytes) {
        if (maxPacketBytes < 512 || maxPacketBytes > WireLimits.MAX_PACKET_BYTES) {
            throw new IllegalArgumentException("packet size limit must be 512.." + WireLimits.MAX_PACKET_BYTES);
        }
        this.nodeId = nodeId;
        this.timings = timings;
        for (ClusterSetup s : setups) {
            if (s.self().nodeId() != nodeId) {
                throw new IllegalArgumentException("cluster " + s.clusterId() + " provisions this node as "
                        + s.self().nodeId() + ", not " + nodeId);
            }
            if (clusters.put(s.clusterId(), new ClusterState(s, timings, wall, maxPacketBytes)) != null) {
                throw new IllegalArgumentException("cluster " + s.clusterId() + " set up twice");
            }
        }
    }

    public int nodeId() {
        return nodeId;
    }

    public Timings timings() {
        return timings;
    }

    /** Call every {@link Timings#tickMillis()}: heartbeats for every cluster. */
    public void tick(long nowMillis, Effects fx) {
        for (ClusterState c : clusters.values()) {
            c.tick(nowMillis, fx);
        }
    }

    /**
     * A decoded packet arrived on {@code connection} (an opaque id from the transport, for replies to nodes whose
     * address is not known yet).
     */
    public void receive(BinMessage message, long connection, long nowMillis, Effects fx) {
        if (message instanceof InternalMessage m) {
            if (m.srcNodeId() == nodeId) {
                fx.publish(new ClusterEvent.Ignored(m.clusterId(), m.srcNodeId(), "packet claims our own node id"));
                return;
            }
            ClusterState c = clusters.get(m.clusterId());
            if (c == null) {
                fx.publish(new ClusterEvent.Ignored(m.clusterId(), m.srcNodeId(), "unknown cluster"));
                return;
            }
            c.receive(m, connection, nowMillis, fx);
        } else if (message instanceof Routable p) {
            Trailer t = p.trailer();
            int clusterId = t instanceof Trailer.Node n ? n.clusterId() : ((Trailer.Bridge) t).dstClusterId();
            if (t.srcNodeId() == nodeId) {
                fx.publish(new ClusterEvent.Ignored(clusterId, t.srcNodeId(), "packet claims our own node id"));
                return;
            }
            ClusterState c = clusters.get(clusterId);
            if (c == null) {
                fx.publish(new ClusterEvent.Ignored(clusterId, t.srcNodeId(), "unknown cluster"));
                return;
            }
            c.receive(p, nowMillis, fx);
        }
    }

    // ------------------------------------------------------------------ modules

    /** Routed packets of {@code capability} in {@code clusterId} are delivered here from now on; it starts synced. */
    public void registerCapability(int clusterId, Capability capability) {
        cluster(clusterId).register(capability, false);
    }

    /**
     * Registers a capability whose data must first come from another node (OpenSIPS {@code startup_sync}); call
     * {@link #requestSync} to fetch it.
     */
    public void registerCapabilityNeedingSync(int clusterId, Capability capability) {
        cluster(clusterId).register(capability, true);
    }

    /** Asks a donor for all of the capability's data; live updates are held until it has arrived. */
    public void requestSync(int clusterId, Capability capability, long nowMillis, Effects fx) {
        cluster(clusterId).requestSync(capability, nowMillis, fx);
    }

    /**
     * Answers a {@link ClusterEvent.SyncRequested}: streams the module's records (each already encoded with the
     * module's codec) to the requester, then SYNC_END. Returns the number of chunks sent.
     */
    public long sendSyncData(int clusterId, Capability capability, int requesterNodeId, int dataVersion,
                             java.util.Iterator<io.sipcluster.wire.Str> chunks, long nowMillis, Effects fx) {
        return cluster(clusterId).sendSyncData(capability, requesterNodeId, dataVersion, chunks, nowMillis, fx);
    }

    public SyncStatus syncStatus(int clusterId, Capability capability) {
        return cluster(clusterId).syncStatus(capability);
    }

    /** Sends a module or clusterer-extra packet to one node; its trailer is set here. */
    public SendResult send(int clusterId, int dstNodeId, Routable packet, long nowMillis, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        return c == null ? SendResult.UNKNOWN_DESTINATION : c.send(dstNodeId, packet, nowMillis, fx);
    }

    /** Sends a packet to every enabled node of the cluster, each copy with its own trailer. */
    public SendResult broadcast(int clusterId, Routable packet, long nowMillis, Effects fx) {
        return broadcast(clusterId, packet, NodeMatch.ANY, nowMillis, fx);
    }

    /** Sends to the enabled nodes that match (OpenSIPS {@code send_all_having}). */
    public SendResult broadcast(int clusterId, Routable packet, NodeMatch match, long nowMillis, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        return c == null ? SendResult.UNKNOWN_DESTINATION : c.broadcast(packet, match, nowMillis, fx);
    }

    // ------------------------------------------------------------------ administration

    /** {@code clusterer_set_status}: enable or disable the local node (its own id) or another node, locally. */
    public void setNodeEnabled(int clusterId, int targetNodeId, boolean enabled, long nowMillis, Effects fx) {
        cluster(clusterId).setEnabled(targetNodeId, enabled, nowMillis, fx);
    }

    /** {@code clusterer_remove_node}: tells every node to forget {@code targetNodeId}, and forgets it here. */
    public void removeNode(int clusterId, int targetNodeId, long nowMillis, Effects fx) {
        cluster(clusterId).removeNode(targetNodeId, nowMillis, fx);
    }

    public boolean isEnabled(int clusterId) {
        return cluster(clusterId).selfEnabled();
    }

    /** The transport lost the connection to {@code remoteNodeId} in {@code clusterId}. */
    public void connectionLost(int clusterId, int remoteNodeId, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        if (c != null) {
            c.connectionLost(remoteNodeId, fx);
        }
    }

    // ------------------------------------------------------------------ sharing tags

    /** A tag from the configuration ({@code name/cluster=active|backup}); an active one is announced as nodes come up. */
    public void declareSharingTag(int clusterId, String name, boolean active, Effects fx) {
        cluster(clusterId).declareTag(checkTagName(name), active, fx);
    }

    /** Takes the tag on this node and tells every other node (management's {@code clusterer_shtag_set_active}). */
    public void activateSharingTag(int clusterId, String name, long nowMillis, Effects fx) {
        cluster(clusterId).activateTag(checkTagName(name), "MI command", nowMillis, fx);
    }

    /** Tag name to active (true) or backup (false), for the tags this node knows in the cluster. */
    public Map<String, Boolean> sharingTags(int clusterId) {
        return cluster(clusterId).tagsView();
    }

    private static String checkTagName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("sharing tag name must be 1-255 characters");
        }
        return name;
    }

    // ------------------------------------------------------------------ views

    public Set<Integer> clusterIds() {
        return clusters.keySet();
    }

    public List<NodeView> nodes(int clusterId) {
        return cluster(clusterId).view();
    }

    /** Nodes reachable now, directly or through others. */
    public Set<Integer> reachable(int clusterId) {
        return cluster(clusterId).reachableNodes();
    }

    /**
     * A number that changes whenever this node's routes in the cluster change (and so its up links or the nodes it
     * reaches): a caller watching the routing view need only look again when it moved.
     */
    public long routesVersion(int clusterId) {
        return cluster(clusterId).routesVersion();
    }

    /** The ids of every other node known in the cluster, ascending. */
    public Set<Integer> knownNodes(int clusterId) {
        return cluster(clusterId).knownNodes();
    }

    /** The neighbour to send through towards a node, or -1. */
    public int nextHop(int clusterId, int remoteNodeId) {
        return cluster(clusterId).nextHop(remoteNodeId);
    }

    public LinkState linkState(int clusterId, int remoteNodeId) {
        var link = cluster(clusterId).linkTo(remoteNodeId);
        return link == null ? null : link.state();
    }

    private ClusterState cluster(int clusterId) {
        ClusterState c = clusters.get(clusterId);
        if (c == null) {
            throw new IllegalArgumentException("not in cluster " + clusterId);
        }
        return c;
    }
}
