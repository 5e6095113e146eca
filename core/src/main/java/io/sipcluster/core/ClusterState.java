package io.sipcluster.core;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.Link;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.core.topology.Routes;
import io.sipcluster.core.topology.SequenceCheck;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage.GenericMsg;
import io.sipcluster.wire.clusterer.ExtraMessage.MiCmd;
import io.sipcluster.wire.clusterer.ExtraMessage.RemoveNode;
import io.sipcluster.wire.clusterer.ExtraMessage.ShtagActive;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncEnd;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncReq;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.clusterer.InternalMessage.FullTopUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeDescription;
import io.sipcluster.wire.clusterer.InternalMessage.NodeInfo;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import io.sipcluster.wire.clusterer.InternalMessage.UnknownId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One cluster as the local node runs it. The topology lives here: links to the other nodes, the learned graph,
 * flooding, routes and reachability, with OpenSIPS's semantics ({@code topology.c}). The other jobs have their
 * own classes, wired to this one through their ports: {@link RoutedPackets} (trailer-addressed packets),
 * {@link CapabilityExchange} (CAP_UPDATE), {@link CapabilitySync} (data sync), {@link SharingTagExchange},
 * {@link Administration} and {@link ClusterViews}; packets that reach this node go to the part they belong to
 * ({@link #arrived}). Single-threaded; time comes in with every call.
 */
final class ClusterState {
    private final int clusterId;
    private final NodeDescriptor self;
    private final boolean discovery;
    private final Timings timings;
    private final WallClock wall;
    /** Largest topology packet this node builds; BIN's maximum unless a test wants parts. */
    private final int maxPacketBytes;

    /** Every other node of the cluster, by id (sorted, so that iteration and output are deterministic). */
    private final Map<Integer, RemoteNode> nodes = new TreeMap<>();
    /** Nodes the local node has an up link to. */
    private final Set<Integer> myLinks = new TreeSet<>();
    private int lsSeq = SequenceCheck.NONE;
    private int topSeq = SequenceCheck.NONE;

    private Routes routes;
    /** Time of the latest input, for work that follows from it (telling a node that came back about our tags). */
    private long lastNow;
    private Set<Integer> reachable = Set.of();
    /** False after management disabled the local node in this cluster: it sends and accepts nothing. */
    private boolean selfEnabled = true;

    private final Parts parts = new Parts();
    private final CapabilitySync sync = new CapabilitySync(parts);
    private final SharingTags tags = new SharingTags();
    /** Sync requests from nodes that were not reachable yet when they asked. */
    private final Map<Integer, Set<Capability>> owedSyncs = new TreeMap<>();
    private final RoutedPackets routed;
    private final RemoteCommands commands;
    private final CapabilityExchange capabilities = new CapabilityExchange(parts, sync);
    private final SharingTagExchange tagExchange = new SharingTagExchange(parts, tags);
    private final Administration admin = new Administration(parts);

    /**
     * @param relayGuard the hop limit of relayed packets, shared by the engine's clusters
     * @param commands management commands to and from other nodes, shared by the engine's clusters
     */
    ClusterState(ClusterSetup setup, Timings timings, WallClock wall, int maxPacketBytes, RelayGuard relayGuard,
                 RemoteCommands commands) {
        this.routed = new RoutedPackets(parts, relayGuard);
        this.commands = commands;
        this.maxPacketBytes = maxPacketBytes;
        this.clusterId = setup.clusterId();
        this.self = setup.self();
        this.discovery = setup.discovery();
        this.timings = timings;
        this.wall = wall;
        for (NodeDescriptor n : setup.neighbours()) {
            nodes.put(n.nodeId(), new RemoteNode(n));
        }
    }

    int clusterId() {
        return clusterId;
    }

    // ------------------------------------------------------------------ inputs

    /** The heartbeat timer: probes links and declares silent ones down. */
    void tick(long now, Effects fx) {
        lastNow = now;
        if (!selfEnabled) {
            return;
        }
        for (RemoteNode n : nodes.values()) {
            if (!n.enabled()) {
                continue;
            }
            boolean wasUp = n.link.state() == LinkState.UP;
            switch (n.link.tick(now, timings, n.descriptor.noPingRetries())) {
                case PROBE -> fx.send(n.descriptor.url(), new Ping(clusterId, self.nodeId(), 1));
                case KEEPALIVE -> fx.send(n.descriptor.url(), new Ping(clusterId, self.nodeId(), 0));
                case DECLARE_DOWN, NOTHING -> { }
            }
            if (wasUp && n.link.state() != LinkState.UP) {
                // Down, or merely retrying: either way the link leaves our adjacency and the others are told,
                // as OpenSIPS does on its first unanswered ping.
                linkLost(n, fx);
            }
        }
        refreshReachability(fx);
        sync.tick(now, fx);
    }

    void receive(InternalMessage m, long connection, long now, Effects fx) {
        lastNow = now;
        if (!selfEnabled) {
            fx.publish(new ClusterEvent.Ignored(clusterId, m.srcNodeId(), IgnoreReason.LOCAL_NODE_DISABLED,
                    "local node disabled"));
            return;
        }
        RemoteNode src = nodes.get(m.srcNodeId());
        if (src == null) {
            receiveFromUnknown(m, connection, fx);
        } else {
            if (!(m instanceof Pong)) {
                src.link.packetReceived(now);
            }
            if (!src.enabled()) {
                fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.NODE_DISABLED, "node disabled"));
            } else if (m instanceof Ping p) {
                onPing(src, p, now, fx);
            } else if (m instanceof Pong p) {
                onPong(src, p, now, fx);
            } else if (m instanceof LsUpdate u) {
                onLsUpdate(src, u, fx);
            } else if (m instanceof FullTopUpdate u) {
                onFullTopUpdate(src, u, fx);
            } else if (m instanceof UnknownId) {
                onUnknownId(src, fx);
            } else if (m instanceof CapUpdate u) {
                onCapUpdate(src, u, now, fx);
            } else if (m instanceof NodeDescription) {
                fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNEXPECTED,
                        "description of a known node"));
            }
        }
        refreshReachability(fx);
    }

    // ------------------------------------------------------------------ routed packets

    /** A packet addressed by its trailer: passed on, or handed to the part it belongs to ({@link #arrived}). */
    void receive(Routable p, long now, Effects fx) {
        lastNow = now;
        routed.receive(p, now, fx);
    }

    SendResult send(int dst, Routable p, long now, Effects fx) {
        return routed.send(dst, p, now, fx);
    }

    SendResult broadcast(Routable p, NodeMatch match, long now, Effects fx) {
        return routed.broadcast(p, match, now, fx);
    }

    /** A routed packet reached this node: the part it belongs to takes it. */
    private void arrived(RemoteNode src, Routable p, long now, Effects fx) {
        if (p instanceof ShtagActive a) {
            tagExchange.onShtagActive(src, a, fx);
        } else if (p instanceof RemoveNode r) {
            admin.onRemoveNode(src, r, fx);
        } else if (p instanceof SyncReq r) {
            onSyncReq(src, r, fx);
        } else if (p instanceof Sync y) {
            sync.onSync(src.id(), y, now, fx);
        } else if (p instanceof SyncEnd e) {
            sync.onSyncEnd(src.id(), e, now, fx);
        } else if (p instanceof GenericMsg g) {
            GenericMessages.received(clusterId, src.id(), g, fx);
        } else if (p instanceof MiCmd m) {
            commands.onMiCmd(clusterId, src.id(), m, fx);
        } else if (!sync.isEnabled(p.capability())) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.CAPABILITY_DISABLED,
                    p.capability() + " is disabled here"));
        } else if (p.capability().equals(Capability.SIPCLUSTER_MI)) {
            commands.onPacket(clusterId, src.id(), p, fx);
        } else if (sync.holding(p.capability())) {
            sync.hold(src.id(), p, fx);
        } else if (sync.isRegistered(p.capability())) {
            fx.deliver(clusterId, src.id(), p);
        } else {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNKNOWN_CAPABILITY,
                    "no capability " + p.capability() + " here"));
        }
    }

    // ------------------------------------------------------------------ capabilities and sync

    void register(Capability cap, boolean needsSync) {
        sync.register(cap, needsSync);
    }

    void requestSync(Capability cap, long now, Effects fx) {
        lastNow = now;
        sync.requestSync(cap, now, fx);
    }

    long sendSyncData(Capability cap, int dst, int dataVersion, Iterator<Str> chunks, long now, Effects fx) {
        lastNow = now;
        return sync.sendSyncData(cap, dst, dataVersion, chunks, fx);
    }

    SyncStatus syncStatus(Capability cap) {
        return sync.status(cap);
    }

    boolean capabilityEnabled(Capability cap) {
        return sync.isEnabled(cap);
    }

    void setCapabilityEnabled(Capability cap, boolean enabled, long now, Effects fx) {
        lastNow = now;
        sync.setEnabled(cap, enabled, fx);
    }

    private void onSyncReq(RemoteNode src, SyncReq r, Effects fx) {
        Capability cap = CapabilitySync.named(r.capName());
        if (cap == null) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.BAD_VALUE,
                    "SYNC_REQ for a capability name of " + r.capName().length() + " bytes"));
            return;
        }
        if (!sync.isRegistered(cap)) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNKNOWN_CAPABILITY,
                    "SYNC_REQ for unregistered " + cap));
            return;
        }
        if (!sync.isEnabled(cap)) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.CAPABILITY_DISABLED,
                    "SYNC_REQ for disabled " + cap));
            return;
        }
        if (reachable.contains(src.id())) {
            fx.publish(new ClusterEvent.SyncRequested(clusterId, cap.name(), src.id()));
        } else {
            // Its link to us came up before ours to it: answer when it is reachable, as OpenSIPS does.
            owedSyncs.computeIfAbsent(src.id(), k -> new LinkedHashSet<>()).add(cap);
        }
    }

    /** The node is enabled here and its CAP_UPDATEs say it has {@code cap} synced (usable). */
    boolean remoteSynced(int nodeId, Capability cap) {
        RemoteNode n = nodes.get(nodeId);
        return n != null && n.enabled() && Boolean.TRUE.equals(n.capabilities.get(cap.name()));
    }

    private void onCapUpdate(RemoteNode src, CapUpdate u, long now, Effects fx) {
        capabilities.onCapUpdate(src, u, now, fx);
    }

    private void sendFullCapUpdate(RemoteNode dest, int requireReply, Effects fx) {
        capabilities.sendFull(dest, requireReply, fx);
    }

    // ------------------------------------------------------------------ sharing tags

    void declareTag(String name, boolean active, Effects fx) {
        tagExchange.declare(name, active, fx);
    }

    void activateTag(String name, String reason, long now, Effects fx) {
        lastNow = now;
        tagExchange.activate(name, reason, now, fx);
    }

    Map<String, Boolean> tagsView() {
        return tagExchange.view();
    }

    private void tellTag(int nodeId, String name, long now, Effects fx) {
        tagExchange.tell(nodeId, name, now, fx);
    }

    // ------------------------------------------------------------------ administration

    void setEnabled(int nodeId, boolean enabled, long now, Effects fx) {
        lastNow = now;
        admin.setEnabled(nodeId, enabled, fx);
    }

    boolean selfEnabled() {
        return selfEnabled;
    }

    void removeNode(int nodeId, long now, Effects fx) {
        lastNow = now;
        admin.removeNode(nodeId, now, fx);
    }

    /** The cluster as its parts see it: one object for all their ports, so each method is written once. */
    private final class Parts implements RoutedPackets.Port, CapabilityExchange.Port, SharingTagExchange.Port,
            Administration.Port, ClusterViews.Port, CapabilitySync.Port {
        @Override
        public int clusterId() {
            return clusterId;
        }

        @Override
        public int selfId() {
            return self.nodeId();
        }

        @Override
        public boolean selfIsSeed() {
            return self.seed();
        }

        @Override
        public Set<Integer> reachable() {
            return reachable;
        }

        @Override
        public boolean remoteSynced(int nodeId, Capability cap) {
            return ClusterState.this.remoteSynced(nodeId, cap);
        }

        @Override
        public int priority(int nodeId) {
            return priorityOf(nodeId);
        }

        @Override
        public SendResult send(int nodeId, Routable packet, Effects fx) {
            return routed.send(nodeId, packet, lastNow, fx);
        }

        @Override
        public void announce(Capability cap, boolean synced, Effects fx) {
            capabilities.announce(cap, synced, fx);
        }

        @Override
        public NodeDescriptor self() {
            return self;
        }

        @Override
        public RemoteNode node(int nodeId) {
            return nodes.get(nodeId);
        }

        @Override
        public Collection<RemoteNode> nodes() {
            return nodes.values();
        }

        @Override
        public Set<Integer> nodeIds() {
            return nodes.keySet();
        }

        @Override
        public boolean selfEnabled() {
            return selfEnabled;
        }

        @Override
        public void setSelfEnabled(boolean enabled) {
            selfEnabled = enabled;
        }

        @Override
        public boolean discovery() {
            return discovery;
        }

        @Override
        public int nextHop(int nodeId) {
            return ClusterState.this.nextHop(nodeId);
        }

        @Override
        public boolean capabilityEnabled(Capability cap) {
            return sync.isEnabled(cap);
        }

        @Override
        public void arrived(RemoteNode src, Routable packet, long now, Effects fx) {
            ClusterState.this.arrived(src, packet, now, fx);
        }

        @Override
        public SendResult send(int nodeId, Routable packet, long now, Effects fx) {
            return routed.send(nodeId, packet, now, fx);
        }

        @Override
        public SendResult broadcast(Routable packet, NodeMatch match, long now, Effects fx) {
            return routed.broadcast(packet, match, now, fx);
        }

        @Override
        public Set<Integer> upLinks() {
            return myLinks;
        }

        @Override
        public int unixSeconds() {
            return wall.unixSeconds();
        }

        @Override
        public void flood(InternalMessage m, List<Integer> path, Effects fx) {
            ClusterState.this.flood(m, path, fx);
        }

        @Override
        public void dropAllLinks() {
            myLinks.clear();
        }

        @Override
        public void linkLost(RemoteNode n, Effects fx) {
            ClusterState.this.linkLost(n, fx);
        }

        @Override
        public void invalidateRoutes() {
            ClusterState.this.invalidateRoutes();
        }

        @Override
        public void refreshReachability(Effects fx) {
            ClusterState.this.refreshReachability(fx);
        }

        @Override
        public void deleteNode(int nodeId) {
            nodes.remove(nodeId);
            for (RemoteNode other : nodes.values()) {
                other.neighbours.remove(nodeId);
            }
            owedSyncs.remove(nodeId);
        }
    }

    /** The transport lost its connection to a node: probing restarts, as after a failed send in OpenSIPS. */
    void connectionLost(int nodeId, Effects fx) {
        RemoteNode n = nodes.get(nodeId);
        if (n == null || !n.enabled()) {
            return;
        }
        boolean wasUp = n.link.state() == LinkState.UP;
        n.link.restartProbing();
        if (wasUp) {
            linkLost(n, fx);
        }
        refreshReachability(fx);
    }

    // ------------------------------------------------------------------ handlers

    private void onPing(RemoteNode src, Ping p, long now, Effects fx) {
        List<Integer> known = new ArrayList<>();
        if (p.reqNodeList() != 0) {
            for (int id : nodes.keySet()) {
                if (id != src.id()) {
                    known.add(id);
                }
            }
        }
        fx.send(src.descriptor.url(), new Pong(clusterId, self.nodeId(), known));
        if (src.link.state() == LinkState.DOWN) {
            src.link.probeNow(now); // it is back: probe at once rather than after the node timeout
            fx.send(src.descriptor.url(), new Ping(clusterId, self.nodeId(), 1));
        }
    }

    private void onPong(RemoteNode src, Pong p, long now, Effects fx) {
        if (src.link.pongReceived(now, timings)) {
            linkUp(src, p.nodeIds(), fx);
        }
    }

    private void onLsUpdate(RemoteNode src, LsUpdate u, Effects fx) {
        if (!SequenceCheck.isNewer(src.lsSeq, src.lsTimestamp, u.seqNo(), u.timestamp())) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.STALE_SEQUENCE,
                    "stale LS_UPDATE seq " + u.seqNo()));
            return;
        }
        src.lsSeq = u.seqNo();
        src.lsTimestamp = SequenceCheck.keptTimestamp(src.lsTimestamp, u.timestamp());
        if (u.neighId() == self.nodeId()) {
            // The sender's view of our link disagrees with ours: probe to find out who is right.
            LinkState mine = src.link.state();
            if ((u.newLs() == LsUpdate.LINK_UP && mine == LinkState.DOWN)
                    || (u.newLs() == LsUpdate.LINK_DOWN && mine == LinkState.UP)) {
                src.link.restartProbing();
                if (mine == LinkState.UP) {
                    linkLost(src, fx);
                }
            }
        } else {
            RemoteNode about = nodes.get(u.neighId());
            if (about == null) {
                fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNKNOWN_NODE,
                        "LS_UPDATE about unknown node " + u.neighId()));
                return;
            }
            if (u.newLs() == LsUpdate.LINK_UP) {
                src.neighbours.add(about.id());
            } else {
                src.neighbours.remove(about.id());
            }
            invalidateRoutes();
        }
        flood(u, u.path(), fx);
    }

    private void onFullTopUpdate(RemoteNode src, FullTopUpdate u, Effects fx) {
        if (!SequenceCheck.isNewer(src.topSeq, src.topTimestamp, u.seqNo(), u.timestamp())) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.STALE_SEQUENCE,
                    "stale FULL_TOP_UPDATE seq " + u.seqNo()));
            return;
        }
        src.topSeq = u.seqNo();
        src.topTimestamp = SequenceCheck.keptTimestamp(src.topTimestamp, u.timestamp());
        // First learn every described node, so that adjacency lists can name nodes described later in the packet.
        for (TopologyEntry e : u.nodes()) {
            if (discovery && e.nodeId() != self.nodeId() && e.description() != null && !nodes.containsKey(e.nodeId())) {
                learn(e.nodeId(), e.description(), fx);
            }
        }
        for (int i = 0; i < u.nodes().size(); i++) {
            TopologyEntry e = u.nodes().get(i);
            RemoteNode node = nodes.get(e.nodeId());
            if (e.nodeId() == self.nodeId() || node == null) {
                continue;
            }
            // The sender's own entry is always current; others must be newer than what we hold.
            if (i > 0 && !SequenceCheck.isNewer(node.lsSeq, node.lsTimestamp, e.lsSeqNo(), e.lsTimestamp())) {
                continue;
            }
            node.lsSeq = e.lsSeqNo();
            node.lsTimestamp = SequenceCheck.keptTimestamp(node.lsTimestamp, e.lsTimestamp());
            Set<Integer> present = new HashSet<>();
            for (int neigh : e.neighbours()) {
                if (neigh == self.nodeId()) {
                    if (node.link.state() == LinkState.DOWN && node.enabled()) {
                        node.link.restartProbing(); // it can see us: try again
                    }
                } else if (nodes.containsKey(neigh)) {
                    present.add(neigh);
                }
            }
            // Links the entry does not list are down, except towards the sender: a node has no news of the
            // links its neighbours have to it.
            Set<Integer> updated = new TreeSet<>(present);
            if (node.neighbours.contains(src.id()) && node != src) {
                updated.add(src.id());
            }
            if (!updated.equals(node.neighbours)) {
                node.neighbours.clear();
                node.neighbours.addAll(updated);
                invalidateRoutes();
            }
        }
        flood(u, u.path(), fx);
    }

    private void onUnknownId(RemoteNode src, Effects fx) {
        fx.send(src.descriptor.url(), new NodeDescription(clusterId, self.nodeId(), self.url(), self.sipAddr(),
                self.priority(), self.noPingRetries(), List.of(self.nodeId())));
        src.link.restartProbing();
    }

    private void receiveFromUnknown(InternalMessage m, long connection, Effects fx) {
        if (!discovery) {
            fx.publish(new ClusterEvent.Ignored(clusterId, m.srcNodeId(), IgnoreReason.UNKNOWN_NODE,
                    "unknown node (discovery is off)"));
            return;
        }
        if (m instanceof Ping) {
            fx.reply(connection, new UnknownId(clusterId, self.nodeId()));
        } else if (m instanceof NodeDescription d) {
            if (learn(d.srcNodeId(), new NodeInfo(d.url(), d.sipAddr(), d.priority(), d.noPingRetries()), fx)) {
                flood(d, d.path(), fx);
            }
        } else {
            fx.publish(new ClusterEvent.Ignored(clusterId, m.srcNodeId(), IgnoreReason.UNKNOWN_NODE,
                    "unknown node sent " + m.type()));
        }
    }

    // ------------------------------------------------------------------ link changes

    private void linkUp(RemoteNode n, List<Integer> knownByPeer, Effects fx) {
        myLinks.add(n.id());
        invalidateRoutes();
        sendLsUpdate(n.id(), LsUpdate.LINK_UP, fx);
        sendFullTopUpdate(n, knownByPeer, fx);
        sendFullCapUpdate(n, 1, fx);
    }

    private void linkLost(RemoteNode n, Effects fx) {
        if (myLinks.remove(n.id())) {
            invalidateRoutes();
            sendLsUpdate(n.id(), LsUpdate.LINK_DOWN, fx);
        }
    }

    private void sendLsUpdate(int aboutNode, int newLs, Effects fx) {
        List<Integer> targets = new ArrayList<>();
        for (int id : myLinks) {
            if (id != aboutNode) {
                targets.add(id);
            }
        }
        if (targets.isEmpty()) {
            return;
        }
        LsUpdate u = new LsUpdate(clusterId, self.nodeId(), ++lsSeq, wall.unixSeconds(), aboutNode, newLs,
                List.of(self.nodeId()));
        for (int id : targets) {
            fx.send(nodes.get(id).descriptor.url(), u);
        }
    }

    /**
     * Our own adjacency first, then every node but the receiver, with descriptions of the nodes it did not list.
     * A large cluster does not fit one BIN packet (128 nodes in a full mesh need about 70 KB), so the entries are
     * spread over as many packets as needed, each starting with our own entry and numbered in sequence: a receiver
     * applies every entry on its own, so OpenSIPS nodes read the parts as they would one update.
     */
    private void sendFullTopUpdate(RemoteNode dest, List<Integer> knownByDest, Effects fx) {
        Set<Integer> known = new HashSet<>(knownByDest);
        // OpenSIPS sends ls_timestamp 0 for the sender's own entry; receivers skip the check on it.
        TopologyEntry own = new TopologyEntry(self.nodeId(), null, lsSeq, 0, List.copyOf(myLinks));
        List<TopologyEntry> entries = new ArrayList<>();
        entries.add(own);
        int size = TOPOLOGY_PACKET_OVERHEAD + entrySize(own);
        for (RemoteNode n : nodes.values()) {
            if (n == dest) {
                continue;
            }
            NodeDescriptor d = n.descriptor;
            NodeInfo descr = known.contains(n.id()) ? null
                    : new NodeInfo(d.url(), d.sipAddr(), d.priority(), d.noPingRetries());
            TopologyEntry e = new TopologyEntry(n.id(), descr, n.lsSeq, n.lsTimestamp, List.copyOf(n.neighbours));
            if (entries.size() > 1 && size + entrySize(e) > maxPacketBytes) {
                fx.send(dest.descriptor.url(), fullTopUpdate(entries));
                entries = new ArrayList<>();
                entries.add(own);
                size = TOPOLOGY_PACKET_OVERHEAD + entrySize(own);
            }
            entries.add(e);
            size += entrySize(e);
        }
        fx.send(dest.descriptor.url(), fullTopUpdate(entries));
    }

    private FullTopUpdate fullTopUpdate(List<TopologyEntry> entries) {
        return new FullTopUpdate(clusterId, self.nodeId(), ++topSeq, wall.unixSeconds(), entries,
                List.of(self.nodeId()));
    }

    /** Header, front header, seq, timestamp, count, and room for a full flooding path. */
    private static final int TOPOLOGY_PACKET_OVERHEAD = 16 + 18 + 8 + 12 + 4 * (1 + WireLimits.MAX_PATH);

    private static int entrySize(TopologyEntry e) {
        int size = 4 * 5 + 4 * e.neighbours().size();
        NodeInfo d = e.description();
        if (d != null) {
            size += 2 + d.url().length() + 2 + d.sipAddr().length() + 8;
        }
        return size;
    }

    /** Adds a node that introduced itself or was described by another. False when it cannot be added. */
    private boolean learn(int nodeId, NodeInfo info, Effects fx) {
        if (nodeId <= 0 || nodeId == self.nodeId() || nodes.containsKey(nodeId)
                || nodes.size() >= WireLimits.MAX_NODES || info.url().isEmpty()) {
            return false;
        }
        nodes.put(nodeId, new RemoteNode(new NodeDescriptor(nodeId, info.url(), info.sipAddr(), info.priority(),
                Math.max(0, info.noPingRetries()), false, true)));
        fx.publish(new ClusterEvent.NodeDiscovered(clusterId, nodeId));
        return true;
    }

    /**
     * Passes a flooded message on to every up neighbour not yet in its path, with the local node appended. Paths
     * stop at OpenSIPS's 25 hops, the only bound flooding has.
     */
    private void flood(InternalMessage m, List<Integer> path, Effects fx) {
        if (path.size() >= WireLimits.MAX_PATH) {
            return;
        }
        List<Integer> longer = new ArrayList<>(path);
        longer.add(self.nodeId());
        InternalMessage copy = null;
        for (int id : myLinks) {
            if (path.contains(id)) {
                continue;
            }
            if (copy == null) {
                copy = withPath(m, longer);
            }
            fx.send(nodes.get(id).descriptor.url(), copy);
        }
    }

    private static InternalMessage withPath(InternalMessage m, List<Integer> path) {
        if (m instanceof LsUpdate u) {
            return new LsUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), u.neighId(), u.newLs(), path);
        }
        if (m instanceof FullTopUpdate u) {
            return new FullTopUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), u.nodes(), path);
        }
        if (m instanceof NodeDescription d) {
            return new NodeDescription(d.clusterId(), d.srcNodeId(), d.url(), d.sipAddr(), d.priority(),
                    d.noPingRetries(), path);
        }
        if (m instanceof CapUpdate u) {
            // Only the direct neighbour answers a CAP_UPDATE; flooded copies never ask for a reply.
            return new CapUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), u.nodes(), 0, path);
        }
        throw new IllegalArgumentException(m.type() + " is not flooded");
    }

    // ------------------------------------------------------------------ routing and reachability

    private void invalidateRoutes() {
        routes = null;
    }

    private Routes routes() {
        if (routes == null) {
            routes = Routes.compute(self.nodeId(),
                    id -> id == self.nodeId() ? myLinks : neighboursOfEnabled(id), this::priorityOf);
        }
        return routes;
    }

    /** A node's next-hop priority (lower is preferred); unknown nodes come last. */
    private int priorityOf(int nodeId) {
        RemoteNode n = nodes.get(nodeId);
        return n == null ? Integer.MAX_VALUE : n.descriptor.priority();
    }

    private Set<Integer> neighboursOfEnabled(int id) {
        RemoteNode n = nodes.get(id);
        if (n == null || !n.enabled()) {
            return Set.of();
        }
        Set<Integer> out = new TreeSet<>();
        for (int neigh : n.neighbours) {
            RemoteNode m = nodes.get(neigh);
            if (m != null && m.enabled()) {
                out.add(neigh);
            }
        }
        return out;
    }

    /** The neighbour to send through towards {@code nodeId}, or -1 when it is unreachable. */
    int nextHop(int nodeId) {
        return routes().nextHop(nodeId);
    }

    /** Publishes NodeUp/NodeDown for every change of reachability since the last call. */
    private void refreshReachability(Effects fx) {
        Set<Integer> now = new TreeSet<>(routes().reachableNodes());
        if (now.equals(reachable)) {
            return;
        }
        Set<Integer> prev = reachable;
        List<Integer> downs = new ArrayList<>();
        boolean anyUp = false;
        for (int id : prev) {
            if (!now.contains(id)) {
                forgetSequences(nodes.get(id));
                fx.publish(new ClusterEvent.NodeDown(clusterId, id));
                downs.add(id);
            }
        }
        reachable = Set.copyOf(now);
        for (int id : now) {
            if (!prev.contains(id)) {
                anyUp = true;
                fx.publish(new ClusterEvent.NodeUp(clusterId, id));
                for (String tag : tags.owedTo(id)) {
                    tellTag(id, tag, lastNow, fx);
                }
                Set<Capability> owed = owedSyncs.remove(id);
                if (owed != null) {
                    owed.forEach(c -> fx.publish(new ClusterEvent.SyncRequested(clusterId, c.name(), id)));
                }
            }
        }
        for (int id : downs) {
            sync.onNodeDown(id, lastNow, fx);
        }
        if (anyUp) {
            sync.onNodeUp(lastNow, fx);
        }
    }

    /** An unreachable node may restart unseen: whatever it numbers next must be accepted. */
    private static void forgetSequences(RemoteNode n) {
        if (n != null) {
            n.lsSeq = SequenceCheck.NONE;
            n.topSeq = SequenceCheck.NONE;
        }
    }

    // ------------------------------------------------------------------ views

    List<NodeView> view() {
        return ClusterViews.nodes(parts);
    }

    List<Adjacency> topologyView() {
        return ClusterViews.topology(parts);
    }

    List<RemoteCapabilityView> remoteCapabilitiesView() {
        return ClusterViews.remoteCapabilities(parts);
    }

    List<CapabilityView> capabilitiesView() {
        return sync.views();
    }

    Set<Integer> reachableNodes() {
        return reachable;
    }

    boolean knows(int nodeId) {
        return nodes.containsKey(nodeId);
    }

    List<Integer> enabledNodeIds() {
        return nodes.values().stream().filter(RemoteNode::enabled).map(RemoteNode::id).toList();
    }

    Str selfUrl() {
        return self.url();
    }

    Link linkTo(int nodeId) {
        RemoteNode n = nodes.get(nodeId);
        return n == null ? null : n.link;
    }
}
