package io.sipcluster.core;

import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.ShtagActive;
import java.util.Map;

/**
 * The sharing tags of one cluster on the wire: SHTAG_ACTIVE to every node when this node takes a tag, to late
 * nodes when they become reachable, and the backup switch when another node announces one (OpenSIPS
 * {@code sharing_tags.c}). The bookkeeping is {@link SharingTags}.
 */
final class SharingTagExchange {
    /** What the exchange needs from the cluster. */
    interface Port extends ClusterMembers {
        SendResult send(int nodeId, Routable packet, long now, Effects fx);
    }

    private final Port port;
    private final SharingTags tags;

    SharingTagExchange(Port port, SharingTags tags) {
        this.port = port;
        this.tags = tags;
    }

    void declare(String name, boolean active, Effects fx) {
        tags.declare(name, active, port.nodeIds());
        if (active) {
            fx.publish(new ClusterEvent.SharingTagChanged(port.clusterId(), name, true, "configuration"));
        }
    }

    /** Takes the tag here and tells every node; those out of reach are told when they come back. */
    void activate(String name, String reason, long now, Effects fx) {
        if (tags.activate(name, port.nodeIds())) {
            fx.publish(new ClusterEvent.SharingTagChanged(port.clusterId(), name, true, reason));
        }
        for (int id : port.nodeIds()) {
            tell(id, name, now, fx);
        }
    }

    Map<String, Boolean> view() {
        return tags.view();
    }

    void onShtagActive(RemoteNode src, ShtagActive a, Effects fx) {
        String name = a.tagName().toString();
        Boolean changed = tags.announcedElsewhere(name);
        if (changed == null) {
            fx.publish(new ClusterEvent.Ignored(port.clusterId(), src.id(), IgnoreReason.LIMIT_REACHED,
                    "too many sharing tags"));
        } else if (changed) {
            fx.publish(new ClusterEvent.SharingTagChanged(port.clusterId(), name, false,
                    "cluster broadcast from " + src.id()));
        }
    }

    /** Tells one node that this node holds the tag; a node out of reach stays owed the news. */
    void tell(int nodeId, String name, long now, Effects fx) {
        RemoteNode n = port.node(nodeId);
        if (n == null || !n.enabled()
                || port.send(nodeId, new ShtagActive(Str.of(name), Trailer.UNADDRESSED), now, fx) == SendResult.SENT) {
            tags.told(name, nodeId);
        }
    }
}
