package io.sipcluster.runtime;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loops in one JVM connected without sockets, every packet encoded and decoded by the real codec: for tests of
 * what sits above the transport (management, modules) and for embedding several nodes in one process. Real
 * deployments use the TCP/TLS transport.
 */
public final class InProcessNetwork {
    private final Map<Str, Inbound> byUrl = new ConcurrentHashMap<>();
    private final Map<Long, Inbound> byConnection = new ConcurrentHashMap<>();
    private final AtomicLong connections = new AtomicLong();

    /** Attaches a loop listening at {@code url} and returns the transport it sends with. */
    public Transport attach(Str url, Inbound loop) {
        byUrl.put(url, loop);
        long myConnection = connections.incrementAndGet();
        byConnection.put(myConnection, loop);
        return new Transport() {
            @Override
            public void send(Str dst, BinMessage message) {
                Inbound peer = byUrl.get(dst);
                if (peer == null) {
                    loop.connectionLost(dst);
                } else {
                    peer.received(roundTrip(message), myConnection);
                }
            }

            @Override
            public void reply(long connectionId, BinMessage message) {
                Inbound peer = byConnection.get(connectionId);
                if (peer != null) {
                    peer.received(roundTrip(message), myConnection);
                }
            }

            @Override
            public void close() {
                byUrl.remove(url, loop);
                byConnection.remove(myConnection);
            }
        };
    }

    private static BinMessage roundTrip(BinMessage m) {
        try {
            return BinCodec.decode(BinCodec.encode(m));
        } catch (MalformedPacketException e) {
            throw new IllegalStateException("the codec cannot read what it wrote: " + m, e);
        }
    }
}
