package io.sipcluster.runtime;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;

/** What a transport reports to the loop, from its I/O threads. Implementations hand the work to the loop thread. */
public interface Inbound {
    /** A whole, decoded packet arrived on {@code connectionId}. */
    void received(BinMessage message, long connectionId);

    /** The outgoing connection to {@code url} broke or could not be made. */
    void connectionLost(Str url);
}
