package io.sipcluster.core;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;

/** Everything the engine may cause. The runtime (or the simulator) carries these out after each input. */
public interface Effects {
    /** Send to the node listening at {@code url} (a direct neighbour). Delivery is not promised. */
    void send(Str url, BinMessage message);

    /** Answer on the connection a message arrived on (to a node whose address is not known yet). */
    void reply(long connection, BinMessage message);

    void publish(ClusterEvent event);

    /**
     * A routed packet reached this node for a module's capability registered here: hand it to the module.
     * {@code srcNodeId} is the node that sent it, whichever nodes it went through. (The clusterer's own packets
     * never come here: generic messages and commands are published as {@link ClusterEvent}s.)
     */
    void deliver(int clusterId, int srcNodeId, Routable packet);
}
