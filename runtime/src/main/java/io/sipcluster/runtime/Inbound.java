package io.sipcluster.runtime;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;

/** What a transport reports to the loop, from its I/O threads. Implementations hand the work to the loop thread. */
public interface Inbound {
    /** A whole, decoded packet arrived on {@code connectionId}. */
    void received(BinMessage message, long connectionId);

    /**
     * A whole, decoded packet arrived, and its connection wants to hear when it has been processed. The default
     * hands it over and reports it processed at once (for receivers without a queue of their own).
     */
    default void received(ReceivedPacket packet) {
        received(packet.message(), packet.connectionId());
        packet.source().processed(packet, false);
    }

    /** The outgoing connection to {@code url} broke or could not be made. */
    void connectionLost(Str url);
}
