package io.sipcluster.runtime.transport;

import java.time.Duration;

/**
 * Bounds on what the BIN transport holds and how long it waits. Every queue and buffer has one, so that neither a
 * slow peer nor a hostile sender can make a node grow without limit.
 *
 * <p>Worst-case memory: per destination, {@code controlQueueBytes + bulkQueueBytes} plus Netty's write watermark
 * (64 KB) per connection; per inbound connection, {@code inboundPendingBytes} plus the rest of the read that
 * crossed it (a read is at most 64 KB) plus one partial packet (64 KB).
 *
 * @param controlQueueBytes control packets (pings, topology) queued per destination; a full queue drops the new packet
 * @param bulkQueueBytes sync and module packets queued per destination. A donor queues a whole sync at once, so
 *     this must hold the largest dataset to sync (OpenSIPS bounds the same queue at 1024 packets of up to 64 KB)
 * @param inboundPendingBytes packets read from one connection and not yet processed by the loop; above it the
 *     connection stops reading until the loop has worked through half
 * @param maxConnectionsPerAddress inbound connections from one remote IP address (a sipcluster peer opens two)
 * @param maxInboundConnections inbound connections in all
 * @param idleTimeout an outgoing connection without traffic this long is closed (it is reopened on demand);
 *     incoming ones get a quarter more, so that the side that opened a connection is the one to close it
 * @param frameTimeout a packet whose first byte has arrived must be complete within this time, or the
 *     connection is closed (a sender trickling bytes)
 * @param connectTimeout how long a connection attempt may take
 * @param tlsHandshakeTimeout how long a TLS handshake may take
 * @param reconnectBackoffMin wait after the first failed attempt to reach a destination; doubles per failure
 * @param reconnectBackoffMax the longest wait between attempts; packets for a destination in backoff are dropped
 * @param ignoredPacketsBeforeClose a connection whose packets the clusterer ignored this many times in a row (a
 *     stranger: unknown node or cluster) is closed
 * @param shutdownFlushTimeout how long closing waits for queued packets to be written
 * @param ioThreads Netty I/O threads for connections (listeners get one more)
 */
public record TransportLimits(long controlQueueBytes, long bulkQueueBytes, long inboundPendingBytes,
                              int maxConnectionsPerAddress, int maxInboundConnections, Duration idleTimeout,
                              Duration frameTimeout, Duration connectTimeout, Duration tlsHandshakeTimeout,
                              Duration reconnectBackoffMin, Duration reconnectBackoffMax,
                              int ignoredPacketsBeforeClose, Duration shutdownFlushTimeout, int ioThreads) {

    private static final long MIB = 1024 * 1024;

    /** Defaults for production: see each component for the reasoning. */
    public static final TransportLimits DEFAULTS = new TransportLimits(
            4 * MIB,                    // a full topology of 128 nodes is ~70 KB: room for dozens
            64 * MIB,                   // the OpenSIPS bound (1024 postponed chunks of up to 64 KB)
            16 * MIB,                   // keeps reading while a sync is applied, so pings behind it are seen
            64,                         // many nodes on one host (tests, containers on one IP)
            1024,
            Duration.ofSeconds(120),    // OpenSIPS tcp_connection_lifetime
            Duration.ofSeconds(10),     // a 64 KB packet takes milliseconds even on a slow WAN link
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofMillis(100),
            Duration.ofSeconds(2),      // short: a restarted peer must get our pongs soon
            1000,                       // a real peer's pings are answered long before that
            Duration.ofSeconds(2),
            2);

    public TransportLimits {
        if (controlQueueBytes < 65_536 || bulkQueueBytes < 65_536 || inboundPendingBytes < 65_536) {
            throw new IllegalArgumentException("queue and buffer limits must hold at least one 64 KB packet");
        }
        if (maxConnectionsPerAddress < 1 || maxInboundConnections < 1 || ioThreads < 1
                || ignoredPacketsBeforeClose < 1) {
            throw new IllegalArgumentException("connection limits, ignored-packet limit and I/O threads must be >= 1");
        }
        for (Duration d : new Duration[] {idleTimeout, frameTimeout, connectTimeout, tlsHandshakeTimeout,
                reconnectBackoffMin, reconnectBackoffMax, shutdownFlushTimeout}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("transport timeouts must be positive");
            }
        }
        if (reconnectBackoffMax.compareTo(reconnectBackoffMin) < 0) {
            throw new IllegalArgumentException("reconnect backoff max must be >= min");
        }
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes a few limits of an existing set: {@code DEFAULTS.toBuilder().frameTimeout(...).build()}. */
    public static final class Builder {
        private long controlQueueBytes;
        private long bulkQueueBytes;
        private long inboundPendingBytes;
        private int maxConnectionsPerAddress;
        private int maxInboundConnections;
        private Duration idleTimeout;
        private Duration frameTimeout;
        private Duration connectTimeout;
        private Duration tlsHandshakeTimeout;
        private Duration reconnectBackoffMin;
        private Duration reconnectBackoffMax;
        private int ignoredPacketsBeforeClose;
        private Duration shutdownFlushTimeout;
        private int ioThreads;

        private Builder(TransportLimits l) {
            controlQueueBytes = l.controlQueueBytes;
            bulkQueueBytes = l.bulkQueueBytes;
            inboundPendingBytes = l.inboundPendingBytes;
            maxConnectionsPerAddress = l.maxConnectionsPerAddress;
            maxInboundConnections = l.maxInboundConnections;
            idleTimeout = l.idleTimeout;
            frameTimeout = l.frameTimeout;
            connectTimeout = l.connectTimeout;
            tlsHandshakeTimeout = l.tlsHandshakeTimeout;
            reconnectBackoffMin = l.reconnectBackoffMin;
            reconnectBackoffMax = l.reconnectBackoffMax;
            ignoredPacketsBeforeClose = l.ignoredPacketsBeforeClose;
            shutdownFlushTimeout = l.shutdownFlushTimeout;
            ioThreads = l.ioThreads;
        }

        public Builder controlQueueBytes(long v) { controlQueueBytes = v; return this; }
        public Builder bulkQueueBytes(long v) { bulkQueueBytes = v; return this; }
        public Builder inboundPendingBytes(long v) { inboundPendingBytes = v; return this; }
        public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
        public Builder maxInboundConnections(int v) { maxInboundConnections = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder frameTimeout(Duration v) { frameTimeout = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder tlsHandshakeTimeout(Duration v) { tlsHandshakeTimeout = v; return this; }
        public Builder reconnectBackoff(Duration min, Duration max) {
            reconnectBackoffMin = min;
            reconnectBackoffMax = max;
            return this;
        }
        public Builder ignoredPacketsBeforeClose(int v) { ignoredPacketsBeforeClose = v; return this; }
        public Builder shutdownFlushTimeout(Duration v) { shutdownFlushTimeout = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }

        public TransportLimits build() {
            return new TransportLimits(controlQueueBytes, bulkQueueBytes, inboundPendingBytes,
                    maxConnectionsPerAddress, maxInboundConnections, idleTimeout, frameTimeout, connectTimeout,
                    tlsHandshakeTimeout, reconnectBackoffMin, reconnectBackoffMax, ignoredPacketsBeforeClose,
                    shutdownFlushTimeout, ioThreads);
        }
    }
}
