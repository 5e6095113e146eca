package io.sipcluster.core;

import io.sipcluster.core.topology.SequenceCheck;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CAP_UPDATE: telling the other nodes which capabilities this node has and whether each is synced, and learning
 * the same of them (OpenSIPS {@code send_cap_update}, {@code send_single_cap_update}, {@code handle_cap_update}).
 * A neighbour whose link comes up gets everything we know and answers with what it knows; a change of one local
 * capability goes to the neighbours alone; every update is flooded on.
 */
final class CapabilityExchange {
    /** What the exchange needs from the cluster. */
    interface Port extends ClusterMembers {
        /** Neighbours with an up link. */
        Set<Integer> upLinks();

        int unixSeconds();

        /**
         * Whether node {@code about} tells {@code target} its capabilities itself (they have a link, which brings
         * a full CAP_UPDATE when it comes up), so that an entry about it need not be sent to {@code target}.
         */
        boolean tellsItself(int about, int target);

        /** Passes a flooded update on to the neighbours not yet in its path. */
        void flood(InternalMessage m, List<Integer> path, Effects fx);
    }

    private final Port port;
    private final CapabilitySync sync;
    private int capSeq = SequenceCheck.NONE;

    CapabilityExchange(Port port, CapabilitySync sync) {
        this.port = port;
        this.sync = sync;
    }

    /** One local capability became synced or not: a single-capability update to the neighbours. */
    void announce(Capability cap, boolean synced, Effects fx) {
        Set<Integer> links = port.upLinks();
        if (links.isEmpty()) {
            return;
        }
        int selfId = port.self().nodeId();
        CapUpdate u = new CapUpdate(port.clusterId(), selfId, ++capSeq, port.unixSeconds(),
                List.of(new NodeCapabilities(selfId, List.of(new CapabilityState(Str.of(cap.name()), synced ? 1 : 0)))),
                0, List.of(selfId));
        for (int id : links) {
            fx.send(port.node(id).descriptor.url(), u);
        }
    }

    /**
     * Every capability we know of, ours first, for a neighbour whose link just came up (or that asked), but for
     * the nodes that tell it their own: in a full mesh that is our entry alone, where OpenSIPS sends the whole
     * table on every link (N^3 entries to form a cluster).
     */
    void sendFull(RemoteNode dest, int requireReply, Effects fx) {
        int selfId = port.self().nodeId();
        List<NodeCapabilities> entries = new ArrayList<>();
        Map<Capability, Boolean> mine = sync.states();
        if (!mine.isEmpty()) {
            List<CapabilityState> list = new ArrayList<>();
            mine.forEach((c, ok) -> list.add(new CapabilityState(Str.of(c.name()), ok ? 1 : 0)));
            entries.add(new NodeCapabilities(selfId, list));
        }
        for (RemoteNode n : port.nodes()) {
            if (n.capabilities.isEmpty() || port.tellsItself(n.id(), dest.id())) {
                continue;
            }
            List<CapabilityState> list = new ArrayList<>();
            n.capabilities.forEach((c, ok) -> list.add(new CapabilityState(Str.of(c), ok ? 1 : 0)));
            entries.add(new NodeCapabilities(n.id(), list));
        }
        if (entries.isEmpty()) {
            return;
        }
        fx.send(dest.descriptor.url(), new CapUpdate(port.clusterId(), selfId, ++capSeq, port.unixSeconds(), entries,
                requireReply, List.of(selfId)));
    }

    void onCapUpdate(RemoteNode src, CapUpdate u, long now, Effects fx) {
        int clusterId = port.clusterId();
        if (!SequenceCheck.isNewer(src.capSeq, src.capTimestamp, u.seqNo(), u.timestamp())) {
            fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.STALE_SEQUENCE,
                    "stale CAP_UPDATE seq " + u.seqNo()));
            return;
        }
        src.capSeq = u.seqNo();
        src.capTimestamp = SequenceCheck.keptTimestamp(src.capTimestamp, u.timestamp());
        List<NodeCapabilities> news = new ArrayList<>();
        for (NodeCapabilities entry : u.nodes()) {
            if (entry.nodeId() == port.self().nodeId()) {
                continue;
            }
            RemoteNode node = port.node(entry.nodeId());
            if (node == null) {
                // OpenSIPS stops here too: the update is not applied further nor flooded.
                fx.publish(new ClusterEvent.Ignored(clusterId, src.id(), IgnoreReason.UNKNOWN_NODE,
                        "CAP_UPDATE about unknown node " + entry.nodeId()));
                return;
            }
            List<CapabilityState> changed = new ArrayList<>();
            for (CapabilityState c : entry.capabilities()) {
                if (apply(src, node, c, now, fx)) {
                    changed.add(c);
                }
            }
            if (!changed.isEmpty()) {
                news.add(new NodeCapabilities(entry.nodeId(), changed));
            }
        }
        if (u.requireReply() != 0) {
            sendFull(src, 0, fx);
        }
        // Only what was news here goes on: whoever already had an entry heard it from its node or from the relay
        // that told us, and the copies of an unchanged table would otherwise cross the whole mesh on every link-up.
        if (!news.isEmpty()) {
            port.flood(new CapUpdate(u.clusterId(), u.srcNodeId(), u.seqNo(), u.timestamp(), news, 0, u.path()),
                    u.path(), fx);
        }
    }

    /** Applies one announced state; true when it changed what this node knew. */
    private boolean apply(RemoteNode src, RemoteNode node, CapabilityState c, long now, Effects fx) {
        if (c.capState() != 0 && c.capState() != 1) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src.id(), IgnoreReason.BAD_VALUE,
                    "bad capability state " + c.capState()));
            return false;
        }
        Capability cap = CapabilitySync.named(c.capName());
        if (cap == null) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src.id(), IgnoreReason.BAD_VALUE,
                    "capability name of " + c.capName().length() + " bytes"));
            return false;
        }
        String name = cap.name();
        boolean synced = c.capState() == 1;
        if (!node.capabilities.containsKey(name) && node.capabilities.size() >= WireLimits.MAX_CAPABILITIES_PER_NODE) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src.id(), IgnoreReason.LIMIT_REACHED,
                    "node " + node.id() + " already has " + WireLimits.MAX_CAPABILITIES_PER_NODE + " capabilities"));
            return false;
        }
        Boolean before = node.capabilities.put(name, synced);
        boolean changed = before == null || before != synced;
        if (changed) {
            fx.publish(new ClusterEvent.CapabilityChanged(port.clusterId(), node.id(), name, synced));
        }
        if (synced) {
            sync.onRemoteSynced(cap, now, fx);
        }
        return changed;
    }
}
