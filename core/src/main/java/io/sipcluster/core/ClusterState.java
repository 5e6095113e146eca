package io.sipcluster.core;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.Link;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.core.topology.Flooding;
import io.sipcluster.core.topology.SequenceCheck;
import io.sipcluster.core.topology.TopologyGraph;
import io.sipcluster.core.topology.TopologyPackets;
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
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeDescription;
import io.sipcluster.wire.clusterer.InternalMessage.NodeInfo;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import io.sipcluster.wire.clusterer.InternalMessage.UnknownId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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
    /** Nodes the local node has an up link to (the same as the local node's links in {@link #graph}). */
    private final Set<Integer> myLinks = new TreeSet<>();
    /** Every node's links as learned, the local node's own, and the routes over them. */
    private final TopologyGraph graph;
    private int lsSeq = SequenceCheck.NONE;
    private int topSeq = SequenceCheck.NONE;
    /** The latest timestamp put on a topology update: stamps never go back, even if the wall clock does. */
    private int lastStamp;
    /** When the local node next re-announces its own links (Long.MIN_VALUE: not scheduled yet). */
    private long nextRefreshAt = Long.MIN_VALUE;
    /** The routes version last turned into NodeUp/NodeDown events. */
    private long reachabilityVersion = -1;
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
        this.graph = new TopologyGraph(self.nodeId());
        for (NodeDescriptor n : setup.neighbours()) {
            addProvisioned(n);
        }
    }

    private void addProvisioned(NodeDescriptor n) {
        nodes.put(n.nodeId(), new RemoteNode(n));
        graph.addNode(n.nodeId(), n.priority());
        graph.setEnabled(n.nodeId(), n.enabled());
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
        refreshOwnLinks(now, fx);
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
                onLsUpdate(src, u, now, fx);
            } else if (m instanceof FullTopUpdate u) {
                onFullTopUpdate(src, u, fx);
            } else if (m instanceof UnknownId) {
                onUnknownId(src, fx);
            } else if (m instanceof CapUpdate u) {
                capabilities.onCapUpdate(src, u, now, fx);
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

    SyncStream.Progress continueSyncStream(SyncStream s, int maxPackets, long now, Effects fx) {
        lastNow = now;
        return sync.continueStream(s, maxPackets, fx);
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

    // ------------------------------------------------------------------ administration

    void setEnabled(int nodeId, boolean enabled, long now, Effects fx) {
        lastNow = now;
        admin.setEnabled(nodeId, enabled, fx);
    }

    boolean selfEnabled() {
        return selfEnabled;
    }

    /** {@code clusterer_reload}: the provisioned nodes are now those of {@code setup}. */
    void reprovision(ClusterSetup setup, long now, Effects fx) {
        lastNow = now;
        if (setup.self().nodeId() != self.nodeId()) {
            throw new IllegalArgumentException("the new setup is for node " + setup.self().nodeId());
        }
        admin.reprovision(setup.neighbours(), fx);
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
        public Set<Integer> knownNodes() {
            return ClusterState.this.knownNodes();
        }

        @Override
        public Boolean remoteCapabilityState(int nodeId, Capability cap) {
            RemoteNode n = nodes.get(nodeId);
            return n == null || !n.enabled() ? null : n.capabilities.get(cap.name());
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
            graph.clearNeighbours(self.nodeId());
        }

        @Override
        public void linkLost(RemoteNode n, Effects fx) {
            ClusterState.this.linkLost(n, fx);
        }

        @Override
        public boolean tellsItself(int about, int target) {
            return Flooding.tellsItself(graph, about, target);
        }

        @Override
        public void nodeEnabledChanged(int nodeId, boolean enabled) {
            graph.setEnabled(nodeId, enabled);
        }

        @Override
        public List<Integer> neighboursOf(int nodeId) {
            return graph.neighbours(nodeId);
        }

        @Override
        public void refreshReachability(Effects fx) {
            ClusterState.this.refreshReachability(fx);
        }

        @Override
        public void addNode(NodeDescriptor node) {
            addProvisioned(node);
        }

        @Override
        public void deleteNode(int nodeId) {
            nodes.remove(nodeId);
            graph.removeNode(nodeId);
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

    private void onLsUpdate(RemoteNode src, LsUpdate u, long now, Effects fx) {
        if (!SequenceCheck.isNewer(src.lsSeq, src.lsTimestamp, u.seqNo(), u.timestamp())) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.STALE_SEQUENCE,
                    "stale LS_UPDATE seq " + u.seqNo()));
            return;
        }
        src.lsSeq = u.seqNo();
        src.lsTimestamp = SequenceCheck.keptTimestamp(src.lsTimestamp, u.timestamp());
        if (u.neighId() == self.nodeId()) {
            onPeersViewOfOurLink(src, u.newLs() == LsUpdate.LINK_UP, now, fx);
        } else {
            RemoteNode about = nodes.get(u.neighId());
            if (about == null) {
                fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNKNOWN_NODE,
                        "LS_UPDATE about unknown node " + u.neighId()));
                return;
            }
            graph.setLink(src.id(), about.id(), u.newLs() == LsUpdate.LINK_UP);
        }
        flood(u, u.path(), fx);
    }

    /**
     * A peer's LS_UPDATE says what it thinks of its link to us. OpenSIPS restarts probing whenever that disagrees
     * with our view; taking an up link down on the word of an update that may be old (relayed, crossed with the
     * peer's own recovery) keeps a link flapping for as long as the two ends' announcements keep crossing (seed
     * 8339). So an up link stays up and the peer just gets a ping: if it really has the link down, the ping makes
     * it probe back at once, and if we do not hear back our own failure detection takes the link down. A down link
     * the peer says is up is probed again at once, as in OpenSIPS. Either way no announcement comes from the
     * disagreement alone.
     */
    private void onPeersViewOfOurLink(RemoteNode src, boolean peerSaysUp, long now, Effects fx) {
        LinkState mine = src.link.state();
        if (!peerSaysUp && mine == LinkState.UP) {
            src.link.pingNow(now);
            fx.send(src.descriptor.url(), new Ping(clusterId, self.nodeId(), 0));
        } else if (peerSaysUp && mine == LinkState.DOWN) {
            src.link.restartProbing();
        }
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
        Applied first = Applied.STALE;
        List<TopologyEntry> news = new ArrayList<>();
        for (int i = 0; i < u.nodes().size(); i++) {
            TopologyEntry e = u.nodes().get(i);
            RemoteNode node = nodes.get(e.nodeId());
            if (e.nodeId() == self.nodeId() || node == null) {
                continue;
            }
            Applied result = applyEntry(src, node, e, i == 0 && node == src, u.timestamp());
            if (i == 0) {
                first = result;
            } else if (result == Applied.NEWS) {
                news.add(e);
            }
        }
        floodTopology(u, first, news, fx);
    }

    /** What applying a FULL_TOP_UPDATE entry did. */
    private enum Applied {
        /** Older than what we hold: ignored. */
        STALE,
        /** Applied, but it told us nothing we did not know. */
        SAME,
        /** A later state of the node's links, or a change to what we held. */
        NEWS
    }

    /**
     * Applies one entry of a FULL_TOP_UPDATE from {@code src} if it is fresh; true if it was. The sender's own
     * entry is its own word on its links: OpenSIPS applies it unchecked (and stamps it 0), here it is stamped with
     * the update's time and applied unless older than what we hold. Others' entries must be newer.
     */
    private Applied applyEntry(RemoteNode src, RemoteNode node, TopologyEntry e, boolean sendersOwn, int updateStamp) {
        int stamp = sendersOwn ? updateStamp : e.lsTimestamp();
        boolean fresh = sendersOwn
                ? SequenceCheck.isNotOlder(node.lsSeq, node.lsTimestamp, e.lsSeqNo(), stamp)
                : e.lsSeqNo() != SequenceCheck.NONE && SequenceCheck.isNewer(node.lsSeq, node.lsTimestamp, e.lsSeqNo(), stamp);
        if (!fresh) {
            return Applied.STALE;
        }
        boolean newNumber = node.lsSeq != e.lsSeqNo();
        node.lsSeq = e.lsSeqNo();
        node.lsTimestamp = SequenceCheck.keptTimestamp(node.lsTimestamp, stamp);
        List<Integer> present = new ArrayList<>(e.neighbours().size() + 1);
        for (int neigh : e.neighbours()) {
            if (neigh == self.nodeId()) {
                if (node.link.state() == LinkState.DOWN && node.enabled()) {
                    node.link.restartProbing(); // it can see us: try again
                }
            } else {
                present.add(neigh);
            }
        }
        // Links the entry does not list are down, except towards the sender: a node has no news of the links its
        // neighbours have to it.
        if (node != src && graph.linked(node.id(), src.id())) {
            present.add(src.id());
        }
        boolean changed = graph.replaceNeighbours(node.id(), present);
        return newNumber || changed ? Applied.NEWS : Applied.SAME;
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
        graph.setLink(self.nodeId(), n.id(), true);
        sendLsUpdate(n.id(), LsUpdate.LINK_UP, fx);
        sendFullTopUpdate(n, knownByPeer, fx);
        capabilities.sendFull(n, 1, fx);
    }

    private void linkLost(RemoteNode n, Effects fx) {
        if (myLinks.remove(n.id())) {
            graph.setLink(self.nodeId(), n.id(), false);
            sendLsUpdate(n.id(), LsUpdate.LINK_DOWN, fx);
        }
    }

    /**
     * Tells every other up neighbour that our link to {@code aboutNode} changed. The sequence number moves on with
     * every change of our links, even with nobody to tell (OpenSIPS skips it then), so that one number always
     * stands for one set of links in our own FULL_TOP_UPDATE entry.
     */
    private void sendLsUpdate(int aboutNode, int newLs, Effects fx) {
        LsUpdate u = new LsUpdate(clusterId, self.nodeId(), ++lsSeq, stamp(), aboutNode, newLs,
                List.of(self.nodeId()));
        for (int id : myLinks) {
            if (id != aboutNode) {
                fx.send(nodes.get(id).descriptor.url(), u);
            }
        }
    }

    /**
     * What a neighbour whose link just came up needs of our view: our own entry, then the nodes it cannot hear
     * about from themselves, with descriptions of the nodes its PONG did not list. A node with a link to it tells
     * it about its own links (an LS_UPDATE on every change, its own FULL_TOP_UPDATE when their link came up), and
     * an entry whose state we do not know is dropped by every receiver, so both are left out unless the receiver
     * needs the description: in a formed full mesh the update is just our own entry, instead of every node's
     * links (about N^2 numbers). Too large for one BIN packet, it is sent in parts ({@link TopologyPackets}).
     */
    private void sendFullTopUpdate(RemoteNode dest, List<Integer> knownByDest, Effects fx) {
        Set<Integer> known = new HashSet<>(knownByDest);
        int stamp = stamp();
        List<TopologyEntry> others = new ArrayList<>();
        for (RemoteNode n : nodes.values()) {
            if (n == dest) {
                continue;
            }
            boolean describe = !known.contains(n.id());
            if (!describe && (n.lsSeq == SequenceCheck.NONE || Flooding.tellsItself(graph, n.id(), dest.id()))) {
                continue;
            }
            NodeDescriptor d = n.descriptor;
            NodeInfo descr = describe ? new NodeInfo(d.url(), d.sipAddr(), d.priority(), d.noPingRetries()) : null;
            others.add(new TopologyEntry(n.id(), descr, n.lsSeq, n.lsTimestamp, graph.neighbours(n.id())));
        }
        for (List<TopologyEntry> part : TopologyPackets.split(ownEntry(stamp), others, maxPacketBytes)) {
            fx.send(dest.descriptor.url(), new FullTopUpdate(clusterId, self.nodeId(), ++topSeq, stamp, part,
                    List.of(self.nodeId())));
        }
    }

    /**
     * The periodic refresh: every {@link Timings#refreshMillis()}, our own links go to every up neighbour as a
     * FULL_TOP_UPDATE holding only our own entry, which receivers (OpenSIPS ones too) apply as our word on our
     * links, and flood on where needed. Flooding is pruned on what each node believes the others' links are, and
     * link state can be lost behind a silent cut or outlive a restart; this is what corrects it.
     */
    private void refreshOwnLinks(long now, Effects fx) {
        if (nextRefreshAt == Long.MIN_VALUE) {
            nextRefreshAt = now + timings.refreshMillis();
            return;
        }
        if (now < nextRefreshAt) {
            return;
        }
        nextRefreshAt = now + timings.refreshMillis();
        if (myLinks.isEmpty()) {
            return;
        }
        int stamp = stamp();
        FullTopUpdate u = new FullTopUpdate(clusterId, self.nodeId(), ++topSeq, stamp, List.of(ownEntry(stamp)),
                List.of(self.nodeId()));
        for (int id : myLinks) {
            fx.send(nodes.get(id).descriptor.url(), u);
        }
    }

    /**
     * Our own entry, stamped with the update's time (OpenSIPS sends 0): receivers judge the sender's own entry by
     * the update's stamp, the moment at which these links were ours.
     */
    private TopologyEntry ownEntry(int stamp) {
        return new TopologyEntry(self.nodeId(), null, lsSeq, stamp, List.copyOf(myLinks));
    }

    /** Wall-clock seconds for an update, never earlier than the previous one's, so that receivers order them. */
    private int stamp() {
        lastStamp = Math.max(lastStamp, wall.unixSeconds());
        return lastStamp;
    }

    /** Adds a node that introduced itself or was described by another. False when it cannot be added. */
    private boolean learn(int nodeId, NodeInfo info, Effects fx) {
        if (nodeId <= 0 || nodeId == self.nodeId() || nodes.containsKey(nodeId)
                || nodes.size() >= WireLimits.MAX_NODES || info.url().isEmpty()) {
            return false;
        }
        nodes.put(nodeId, new RemoteNode(new NodeDescriptor(nodeId, info.url(), info.sipAddr(), info.priority(),
                Math.max(0, info.noPingRetries()), false, true)));
        graph.addNode(nodeId, info.priority());
        fx.publish(new ClusterEvent.NodeDiscovered(clusterId, nodeId));
        return true;
    }

    // ------------------------------------------------------------------ flooding

    /**
     * Passes a flooded message on, with the local node appended to its path, to the up neighbours that cannot have
     * it from a node in its path ({@link Flooding#targets}). An LS_UPDATE is sent by its originator to all its up
     * neighbours; the other kinds to one. A CAP_UPDATE goes to each neighbour without the entries about nodes that
     * tell it themselves. Paths stop at OpenSIPS's 25 hops.
     */
    private void flood(InternalMessage m, List<Integer> path, Effects fx) {
        if (path.size() >= WireLimits.MAX_PATH) {
            return;
        }
        List<Integer> targets = Flooding.targets(graph, path, m.srcNodeId(), m instanceof LsUpdate);
        if (targets.isEmpty()) {
            return;
        }
        List<Integer> longer = longerPath(path);
        InternalMessage copy = null;
        for (int id : targets) {
            InternalMessage out;
            if (m instanceof CapUpdate u) {
                List<NodeCapabilities> entries = new ArrayList<>();
                for (NodeCapabilities e : u.nodes()) {
                    if (!Flooding.tellsItself(graph, e.nodeId(), id)) {
                        entries.add(e);
                    }
                }
                if (entries.isEmpty()) {
                    continue;
                }
                // Only the direct neighbour answers a CAP_UPDATE; flooded copies never ask for a reply.
                out = new CapUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), entries, 0, longer);
            } else {
                if (copy == null) {
                    copy = withPath(m, longer);
                }
                out = copy;
            }
            fx.send(nodes.get(id).descriptor.url(), out);
        }
    }

    /**
     * Passes a FULL_TOP_UPDATE on, like {@link #flood}, with only what each neighbour may lack.
     * <ul>
     *   <li>An update holding only its sender's own entry is a periodic refresh (or a link-up update with nothing
     *       else to say, whose news the sender's LS_UPDATE carried to the others): it is passed on as a message the
     *       originator sent to all its neighbours, unless it was older than what we hold, so that it repairs the
     *       view of nodes that missed a change.</li>
     *   <li>Otherwise each neighbour gets the entries that were news here (what was not, this node flooded when it
     *       learned it), less those about nodes that tell it themselves; the first entry stays first, as receivers
     *       take it for the originator's own, and a neighbour for which nothing is left gets nothing.</li>
     * </ul>
     */
    private void floodTopology(FullTopUpdate u, Applied first, List<TopologyEntry> news, Effects fx) {
        if (u.path().size() >= WireLimits.MAX_PATH || u.nodes().isEmpty()) {
            return;
        }
        if (u.nodes().size() == 1) {
            if (first != Applied.STALE) {
                List<Integer> targets = Flooding.targets(graph, u.path(), u.srcNodeId(), true);
                FullTopUpdate out = targets.isEmpty() ? null : new FullTopUpdate(u.clusterId(), u.srcNodeId(),
                        u.seqNo(), u.timestamp(), u.nodes(), longerPath(u.path()));
                for (int id : targets) {
                    fx.send(nodes.get(id).descriptor.url(), out);
                }
            }
            return;
        }
        boolean firstIsNews = first == Applied.NEWS;
        if (!firstIsNews && news.isEmpty()) {
            return;
        }
        List<Integer> targets = Flooding.targets(graph, u.path(), u.srcNodeId(), false);
        List<Integer> longer = longerPath(u.path());
        TopologyEntry head = u.nodes().get(0);
        Map<List<TopologyEntry>, FullTopUpdate> built = new HashMap<>();
        for (int id : targets) {
            List<TopologyEntry> entries = new ArrayList<>();
            entries.add(head);
            for (TopologyEntry e : news) {
                if (!Flooding.tellsItself(graph, e.nodeId(), id)) {
                    entries.add(e);
                }
            }
            if (entries.size() == 1 && (!firstIsNews || Flooding.tellsItself(graph, head.nodeId(), id))) {
                continue;
            }
            FullTopUpdate out = built.computeIfAbsent(entries, es -> new FullTopUpdate(u.clusterId(),
                    u.srcNodeId(), u.seqNo(), u.timestamp(), es, longer));
            fx.send(nodes.get(id).descriptor.url(), out);
        }
    }

    private List<Integer> longerPath(List<Integer> path) {
        List<Integer> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(self.nodeId());
        return longer;
    }

    private static InternalMessage withPath(InternalMessage m, List<Integer> path) {
        if (m instanceof LsUpdate u) {
            return new LsUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), u.neighId(), u.newLs(), path);
        }
        if (m instanceof NodeDescription d) {
            return new NodeDescription(d.clusterId(), d.srcNodeId(), d.url(), d.sipAddr(), d.priority(),
                    d.noPingRetries(), path);
        }
        throw new IllegalArgumentException(m.type() + " is not flooded this way");
    }

    // ------------------------------------------------------------------ routing and reachability

    /** A node's next-hop priority (lower is preferred); unknown nodes come last. */
    private int priorityOf(int nodeId) {
        RemoteNode n = nodes.get(nodeId);
        return n == null ? Integer.MAX_VALUE : n.descriptor.priority();
    }

    /** The neighbour to send through towards {@code nodeId}, or -1 when it is unreachable. */
    int nextHop(int nodeId) {
        return graph.nextHop(nodeId);
    }

    /** Changes whenever this node's routes (hence its up links or reachability) change. */
    long routesVersion() {
        return graph.routesVersion();
    }

    /** Publishes NodeUp/NodeDown for every change of reachability since the last call. */
    private void refreshReachability(Effects fx) {
        long version = graph.routesVersion();
        if (version == reachabilityVersion) {
            return;
        }
        reachabilityVersion = version;
        Set<Integer> now = graph.routes().reachableNodes();
        if (now.equals(reachable)) {
            return;
        }
        Set<Integer> prev = reachable;
        List<Integer> downs = new ArrayList<>();
        boolean anyUp = false;
        for (int id : prev) {
            if (!now.contains(id)) {
                forgetTopologyOf(id);
                fx.publish(new ClusterEvent.NodeDown(clusterId, id));
                downs.add(id);
            }
        }
        reachable = now;
        for (int id : now) {
            if (!prev.contains(id)) {
                anyUp = true;
                probeIfDown(id);
                fx.publish(new ClusterEvent.NodeUp(clusterId, id));
                for (String tag : tags.owedTo(id)) {
                    tagExchange.tell(id, tag, lastNow, fx);
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

    /**
     * A node reachable again through others is alive: if our own link to it is down, probe it now rather than
     * after the node timeout. After a partition heals, the links across it are down at both ends, and neither end
     * would otherwise try again for up to a node timeout (60 s with OpenSIPS's timings), since only a ping from
     * the other end makes OpenSIPS probe early. If the direct link is really broken the probe fails and the link
     * is down again; it is tried once per time the node becomes reachable.
     */
    private void probeIfDown(int nodeId) {
        RemoteNode n = nodes.get(nodeId);
        if (n != null && n.enabled() && n.link.state() == LinkState.DOWN) {
            n.link.restartProbing();
        }
    }

    /**
     * An unreachable node may restart unseen: whatever it numbers next must be accepted. Its links cannot be
     * routed over while it is unreachable, and by the time it is back they may be another incarnation's, so they
     * are forgotten too; its own updates (at the latest its periodic refresh) tell them again.
     */
    private void forgetTopologyOf(int nodeId) {
        RemoteNode n = nodes.get(nodeId);
        if (n != null) {
            n.lsSeq = SequenceCheck.NONE;
            n.lsTimestamp = SequenceCheck.UNKNOWN_TIME;
            n.topSeq = SequenceCheck.NONE;
            n.topTimestamp = SequenceCheck.UNKNOWN_TIME;
            graph.clearNeighbours(nodeId);
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

    Set<Integer> knownNodes() {
        return java.util.Collections.unmodifiableSet(nodes.keySet());
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
