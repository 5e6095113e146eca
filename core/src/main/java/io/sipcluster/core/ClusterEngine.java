package io.sipcluster.core;

import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.core.command.PendingCommands;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
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
    private final RelayGuard relayGuard = new RelayGuard();
    private final GenericMessages genericMessages;
    private final RemoteCommands commands;
    /** Inputs ignored so far, indexed by {@link IgnoreReason#ordinal()}. */
    private final long[] ignored = new long[IgnoreReason.values().length];

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
        int startSeconds = wall.unixSeconds();
        this.genericMessages = new GenericMessages(nodeId, startSeconds);
        this.commands = new RemoteCommands(nodeId, startSeconds, clusters::get);
        for (ClusterSetup s : setups) {
            if (s.self().nodeId() != nodeId) {
                throw new IllegalArgumentException("cluster " + s.clusterId() + " provisions this node as "
                        + s.self().nodeId() + ", not " + nodeId);
            }
            ClusterState c = new ClusterState(s, timings, wall, maxPacketBytes, relayGuard, commands);
            if (clusters.put(s.clusterId(), c) != null) {
                throw new IllegalArgumentException("cluster " + s.clusterId() + " set up twice");
            }
            // Announced in every CAP_UPDATE: tells the other nodes that this one sends command results back.
            c.register(Capability.SIPCLUSTER_MI, false);
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
        Effects out = counted(fx);
        for (ClusterState c : clusters.values()) {
            c.tick(nowMillis, out);
        }
        commands.tick(nowMillis, out);
    }

    /**
     * A decoded packet arrived on {@code connection} (an opaque id from the transport, for replies to nodes whose
     * address is not known yet).
     */
    public void receive(BinMessage message, long connection, long nowMillis, Effects fx) {
        Effects out = counted(fx);
        if (message instanceof InternalMessage m) {
            ClusterState c = clusterOf(m.clusterId(), m.srcNodeId(), out);
            if (c != null) {
                c.receive(m, connection, nowMillis, out);
            }
        } else if (message instanceof Routable p) {
            Trailer t = p.trailer();
            int clusterId = t instanceof Trailer.Node n ? n.clusterId() : ((Trailer.Bridge) t).dstClusterId();
            ClusterState c = clusterOf(clusterId, t.srcNodeId(), out);
            if (c != null) {
                c.receive(p, nowMillis, out);
            }
        }
    }

    /** The cluster a received packet is for, or null (ignored) when it claims our id or names another cluster. */
    private ClusterState clusterOf(int clusterId, int srcNodeId, Effects fx) {
        if (srcNodeId == nodeId) {
            fx.publish(new ClusterEvent.Ignored(clusterId, srcNodeId, IgnoreReason.OWN_NODE_ID,
                    "packet claims our own node id"));
            return null;
        }
        ClusterState c = clusters.get(clusterId);
        if (c == null) {
            fx.publish(new ClusterEvent.Ignored(clusterId, srcNodeId, IgnoreReason.UNKNOWN_CLUSTER, "unknown cluster"));
        }
        return c;
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
        cluster(clusterId).requestSync(capability, nowMillis, counted(fx));
    }

    /**
     * Answers a {@link ClusterEvent.SyncRequested}: streams the module's records (each already encoded with the
     * module's codec) to the requester, then SYNC_END. Returns the number of chunks sent.
     */
    public long sendSyncData(int clusterId, Capability capability, int requesterNodeId, int dataVersion,
                             Iterator<Str> chunks, long nowMillis, Effects fx) {
        return cluster(clusterId).sendSyncData(capability, requesterNodeId, dataVersion, chunks, nowMillis, counted(fx));
    }

    /**
     * Answers a {@link ClusterEvent.SyncRequested} a few packets at a time: the stream to feed to
     * {@link #continueSyncStream} until it is no longer {@link SyncStream.Progress#MORE}. Nothing is sent yet.
     */
    public SyncStream openSyncStream(int clusterId, Capability capability, int requesterNodeId, int dataVersion,
                                     Iterator<Str> chunks) {
        cluster(clusterId);
        return new SyncStream(clusterId, capability, requesterNodeId, dataVersion, chunks);
    }

    /** Sends up to {@code maxPackets} more SYNC packets of {@code stream} (about 32 KB each), then SYNC_END. */
    public SyncStream.Progress continueSyncStream(SyncStream stream, int maxPackets, long nowMillis, Effects fx) {
        return cluster(stream.clusterId()).continueSyncStream(stream, maxPackets, nowMillis, counted(fx));
    }

    public SyncStatus syncStatus(int clusterId, Capability capability) {
        return cluster(clusterId).syncStatus(capability);
    }

    /**
     * {@code clusterer_set_cap_status}: a disabled capability is not synced and no donor, and nothing of it is
     * sent or accepted; the other nodes are told. Enabled again, a capability that needs data stays not synced
     * until {@link #requestSync}.
     */
    public void setCapabilityEnabled(int clusterId, Capability capability, boolean enabled, long nowMillis,
                                     Effects fx) {
        cluster(clusterId).setCapabilityEnabled(capability, enabled, nowMillis, counted(fx));
    }

    /** Sends a module or clusterer-extra packet to one node; its trailer is set here. */
    public SendResult send(int clusterId, int dstNodeId, Routable packet, long nowMillis, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        return c == null ? SendResult.UNKNOWN_DESTINATION : c.send(dstNodeId, packet, nowMillis, counted(fx));
    }

    /** Sends a packet to every enabled node of the cluster, each copy with its own trailer. */
    public SendResult broadcast(int clusterId, Routable packet, long nowMillis, Effects fx) {
        return broadcast(clusterId, packet, NodeMatch.ANY, nowMillis, fx);
    }

    /** Sends to the enabled nodes that match (OpenSIPS {@code send_all_having}). */
    public SendResult broadcast(int clusterId, Routable packet, NodeMatch match, long nowMillis, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        return c == null ? SendResult.UNKNOWN_DESTINATION : c.broadcast(packet, match, nowMillis, counted(fx));
    }

    // ------------------------------------------------------------------ generic messages

    /**
     * {@code cluster_send_req}: a request with a new tag to one node, which publishes it as
     * {@link ClusterEvent.GenericMessageReceived}; a request to the local node itself is published here.
     */
    public SentRequest sendRequest(int clusterId, int dstNodeId, Str message, long nowMillis, Effects fx) {
        return genericMessages.sendRequest(clusters.get(clusterId), clusterId, dstNodeId, message, nowMillis,
                counted(fx));
    }

    /** {@code cluster_send_rpl}: a reply to node {@code dstNodeId}, with the tag of the request it answers. */
    public SendResult sendReply(int clusterId, int dstNodeId, Str message, Str tag, long nowMillis, Effects fx) {
        return genericMessages.sendReply(clusters.get(clusterId), dstNodeId, message, tag, nowMillis, counted(fx));
    }

    /**
     * {@code cluster_broadcast_req}: one request, one tag, to every enabled node of the cluster; with
     * {@code includeSelf} it is also published here, as from this node.
     */
    public SentRequest broadcastRequest(int clusterId, Str message, boolean includeSelf, long nowMillis, Effects fx) {
        return genericMessages.broadcastRequest(clusters.get(clusterId), clusterId, message, includeSelf, nowMillis,
                counted(fx));
    }

    // ------------------------------------------------------------------ management commands on other nodes

    /**
     * Runs a management command on another node, with the result coming back as a {@link ClusterEvent.CommandResult}
     * carrying the returned request id (beyond OpenSIPS, whose {@code cluster_send_mi} never reports the result).
     * A node that does not announce {@code sipcluster-mi} (OpenSIPS) is sent the plain MI_CMD instead, and the
     * result says at once that none will come. A refused command is not sent and gets no result; the local node
     * itself is refused as an unknown destination (run the command here instead).
     *
     * @param params positional parameters, at most 20
     * @param timeoutMillis how long to wait for the result; it is checked on every tick, so it ends up to a tick
     *     late
     */
    public CommandSubmission sendCommand(int clusterId, int dstNodeId, String command, List<String> params,
                                         long timeoutMillis, long nowMillis, Effects fx) {
        return commands.send(clusterId, dstNodeId, command, params, timeoutMillis, nowMillis, counted(fx));
    }

    /**
     * {@link #sendCommand} to every enabled node of the cluster (the local node runs its own copy itself, if it
     * wants to): one submission per node, in id order, refused for the nodes that cannot be reached.
     *
     * @throws IllegalArgumentException when the local node is not in the cluster
     */
    public List<CommandSubmission> broadcastCommand(int clusterId, String command, List<String> params,
                                                    long timeoutMillis, long nowMillis, Effects fx) {
        return commands.broadcast(cluster(clusterId), command, params, timeoutMillis, nowMillis, counted(fx));
    }

    /**
     * Answers a {@link ClusterEvent.CommandReceived}: {@code status} 200 with the JSON text of the result, or an
     * error code with a message. A result too large for one BIN packet is replaced by an error reply (413) saying
     * so. Not for a plain MI_CMD (request id -1): OpenSIPS expects no answer.
     */
    public SendResult replyToCommand(int clusterId, int requesterNodeId, long requestId, int status, Str body,
                                     long nowMillis, Effects fx) {
        return commands.reply(clusterId, requesterNodeId, requestId, status, body, nowMillis, counted(fx));
    }

    /** Commands sent and still awaiting their result (bounded by {@link PendingCommands#MAX_PENDING}). */
    public int pendingCommands() {
        return commands.pendingCount();
    }

    // ------------------------------------------------------------------ administration

    /** {@code clusterer_set_status}: enable or disable the local node (its own id) or another node, locally. */
    public void setNodeEnabled(int clusterId, int targetNodeId, boolean enabled, long nowMillis, Effects fx) {
        cluster(clusterId).setEnabled(targetNodeId, enabled, nowMillis, counted(fx));
    }

    /** {@code clusterer_remove_node}: tells every node to forget {@code targetNodeId}, and forgets it here. */
    public void removeNode(int clusterId, int targetNodeId, long nowMillis, Effects fx) {
        cluster(clusterId).removeNode(targetNodeId, nowMillis, counted(fx));
    }

    /**
     * {@code clusterer_reload} in SQL mode: makes {@code setup}'s nodes the cluster's provisioned nodes (added,
     * removed, changed; see the administration notes in docs/architecture.md).
     */
    public void reprovision(ClusterSetup setup, long nowMillis, Effects fx) {
        cluster(setup.clusterId()).reprovision(setup, nowMillis, counted(fx));
    }

    public boolean isEnabled(int clusterId) {
        return cluster(clusterId).selfEnabled();
    }

    /** The transport lost the connection to {@code remoteNodeId} in {@code clusterId}. */
    public void connectionLost(int clusterId, int remoteNodeId, Effects fx) {
        ClusterState c = clusters.get(clusterId);
        if (c != null) {
            c.connectionLost(remoteNodeId, counted(fx));
        }
    }

    // ------------------------------------------------------------------ sharing tags

    /** A tag from the configuration ({@code name/cluster=active|backup}); an active one is announced as nodes come up. */
    public void declareSharingTag(int clusterId, String name, boolean active, Effects fx) {
        cluster(clusterId).declareTag(checkTagName(name), active, counted(fx));
    }

    /** Takes the tag on this node and tells every other node (management's {@code clusterer_shtag_set_active}). */
    public void activateSharingTag(int clusterId, String name, long nowMillis, Effects fx) {
        cluster(clusterId).activateTag(checkTagName(name), "MI command", nowMillis, counted(fx));
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

    /** The other nodes of the cluster ({@code clusterer_list}). */
    public List<NodeView> nodes(int clusterId) {
        return cluster(clusterId).view();
    }

    /** The local node's up links first, then every other node's as learned ({@code clusterer_list_topology}). */
    public List<Adjacency> topology(int clusterId) {
        return cluster(clusterId).topologyView();
    }

    /** The capabilities registered here, with their state ({@code clusterer_list_cap}). */
    public List<CapabilityView> capabilities(int clusterId) {
        return cluster(clusterId).capabilitiesView();
    }

    /** The other nodes' capabilities, as their CAP_UPDATEs announced them. */
    public List<RemoteCapabilityView> remoteCapabilities(int clusterId) {
        return cluster(clusterId).remoteCapabilitiesView();
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

    /** How many inputs were ignored so far, for every reason (zero included), for metrics. */
    public Map<IgnoreReason, Long> ignoredCounts() {
        Map<IgnoreReason, Long> out = new EnumMap<>(IgnoreReason.class);
        for (IgnoreReason r : IgnoreReason.values()) {
            out.put(r, ignored[r.ordinal()]);
        }
        return Collections.unmodifiableMap(out);
    }

    /** Packets remembered by the hop limit of relayed packets (bounded by {@link RelayGuard#MAX_ENTRIES}). */
    int relayTableSize() {
        return relayGuard.size();
    }

    /** The caller's effects with every ignored input counted on its way out. */
    private Effects counted(Effects fx) {
        return new CountingEffects(fx, ignored);
    }

    private ClusterState cluster(int clusterId) {
        ClusterState c = clusters.get(clusterId);
        if (c == null) {
            throw new IllegalArgumentException("not in cluster " + clusterId);
        }
        return c;
    }
}
