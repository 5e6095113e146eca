package io.sipcluster.runtime.transport;

/**
 * A snapshot of the BIN transport's counters (totals since start) and gauges (now), for metrics and management.
 * Every kind of bad input and every dropped packet has its own counter; the log says which peer caused it.
 *
 * @param connectionsAccepted inbound connections accepted
 * @param connectionsRefused inbound connections closed at once: over the per-address or total limit
 * @param connectionsOpened outgoing connections established
 * @param connectFailures outgoing connection attempts that failed
 * @param connectionsLost established outgoing connections closed by the peer or the network
 * @param idleClosed connections closed for lack of traffic
 * @param packetsReceived whole packets read (before decoding)
 * @param bytesReceived bytes of those packets
 * @param packetsSent packets written to connections
 * @param bytesSent bytes of those packets
 * @param badMarkerFrames connections closed because a packet did not start with "P4CK" (garbage)
 * @param badLengthFrames connections closed because a packet announced a length outside 17..65,515 bytes
 * @param slowFrames connections closed because a packet was not complete within the frame timeout
 * @param malformedPackets well-framed packets whose content could not be decoded (dropped; connection kept)
 * @param strangerConnectionsClosed connections closed because the clusterer ignored every packet on them
 * @param readPauses times a connection stopped reading because the loop had too much of its data queued
 * @param tlsHandshakeFailures TLS handshakes that failed (untrusted or missing certificate, protocol error)
 * @param tlsClusterRefusals packets dropped because their cluster needs TLS with a certificate it trusts, and
 *     the connection did not have one
 * @param controlDropped control packets dropped because their destination's queue was full
 * @param bulkDropped sync and module packets dropped because their destination's queue was full
 * @param unreachableDropped packets dropped because their destination could not be reached (connect failed or
 *     waiting to retry)
 * @param encodeFailures packets the node could not encode (a bug; logged)
 * @param openInbound inbound connections open now
 * @param openOutbound outgoing connections open now
 * @param queuedControlBytes control bytes waiting to be written now
 * @param queuedBulkBytes bulk bytes waiting to be written now
 * @param transportKind "epoll" or "nio"
 */
public record TransportStats(long connectionsAccepted, long connectionsRefused, long connectionsOpened,
                             long connectFailures, long connectionsLost, long idleClosed, long packetsReceived,
                             long bytesReceived, long packetsSent, long bytesSent, long badMarkerFrames,
                             long badLengthFrames, long slowFrames, long malformedPackets,
                             long strangerConnectionsClosed, long readPauses, long tlsHandshakeFailures,
                             long tlsClusterRefusals, long controlDropped, long bulkDropped,
                             long unreachableDropped, long encodeFailures, long openInbound, long openOutbound,
                             long queuedControlBytes, long queuedBulkBytes, String transportKind) {
    /** All zero: a transport that has not started. */
    public static final TransportStats NONE = new TransportStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, "none");
}
