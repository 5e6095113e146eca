package io.sipcluster.runtime;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;

/**
 * Carries BIN packets between nodes. The loop thread calls it; implementations must never block that thread
 * (queue, and drop with a count when a queue is full: the core's pings and retries cope with loss).
 */
public interface Transport extends AutoCloseable {
    /** Sends to the node listening at {@code url} ({@code bin:host:port} or {@code bins:host:port}). */
    void send(Str url, BinMessage message);

    /** Answers on the connection a packet arrived on (to a node whose address is not known yet). */
    void reply(long connectionId, BinMessage message);

    @Override
    void close();

    /** A transport that drops everything: a node alone, or a test of what does not touch the network. */
    Transport NONE = new Transport() {
        @Override
        public void send(Str url, BinMessage message) { }

        @Override
        public void reply(long connectionId, BinMessage message) { }

        @Override
        public void close() { }
    };
}
