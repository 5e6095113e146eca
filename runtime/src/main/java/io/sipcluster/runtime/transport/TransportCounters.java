package io.sipcluster.runtime.transport;

import io.sipcluster.runtime.TrafficClass;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The transport's counters, written from I/O threads and the loop thread; read as a {@link TransportStats}. */
final class TransportCounters {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder connectionsRefused = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connectionsLost = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder packetsReceived = new LongAdder();
    final LongAdder bytesReceived = new LongAdder();
    final LongAdder packetsSent = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder badMarkerFrames = new LongAdder();
    final LongAdder badLengthFrames = new LongAdder();
    final LongAdder slowFrames = new LongAdder();
    final LongAdder malformedPackets = new LongAdder();
    final LongAdder strangerConnectionsClosed = new LongAdder();
    final LongAdder readPauses = new LongAdder();
    final LongAdder tlsHandshakeFailures = new LongAdder();
    final LongAdder tlsClusterRefusals = new LongAdder();
    final LongAdder controlDropped = new LongAdder();
    final LongAdder bulkDropped = new LongAdder();
    final LongAdder unreachableDropped = new LongAdder();
    final LongAdder encodeFailures = new LongAdder();
    final AtomicLong openInbound = new AtomicLong();
    final AtomicLong openOutbound = new AtomicLong();
    final AtomicLong queuedControlBytes = new AtomicLong();
    final AtomicLong queuedBulkBytes = new AtomicLong();

    void queueFull(TrafficClass c) {
        (c == TrafficClass.CONTROL ? controlDropped : bulkDropped).increment();
    }

    void queued(TrafficClass c, long deltaBytes) {
        (c == TrafficClass.CONTROL ? queuedControlBytes : queuedBulkBytes).addAndGet(deltaBytes);
    }

    TransportStats snapshot(String kind) {
        return new TransportStats(connectionsAccepted.sum(), connectionsRefused.sum(), connectionsOpened.sum(),
                connectFailures.sum(), connectionsLost.sum(), idleClosed.sum(), packetsReceived.sum(),
                bytesReceived.sum(), packetsSent.sum(), bytesSent.sum(), badMarkerFrames.sum(),
                badLengthFrames.sum(), slowFrames.sum(), malformedPackets.sum(), strangerConnectionsClosed.sum(),
                readPauses.sum(), tlsHandshakeFailures.sum(), tlsClusterRefusals.sum(), controlDropped.sum(),
                bulkDropped.sum(), unreachableDropped.sum(), encodeFailures.sum(), openInbound.get(),
                openOutbound.get(), queuedControlBytes.get(), queuedBulkBytes.get(), kind);
    }
}
