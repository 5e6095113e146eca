package io.sipcluster.core;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;

/** Everything the engine may cause. The runtime (or the simulator) carries these out after each input. */
public interface Effects {
    /** Send to the node listening at {@code url} (a direct neighbour). Delivery is not promised. */
    void send(Str url, BinMessage message);

    /** Answer on the connection a message arrived on (to a node whose address is not known yet). */
    void reply(long connection, BinMessage message);

    void publish(ClusterEvent event);
}
