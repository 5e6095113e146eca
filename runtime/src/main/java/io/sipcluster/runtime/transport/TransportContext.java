package io.sipcluster.runtime.transport;

import io.netty.channel.Channel;
import io.sipcluster.runtime.Inbound;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the handlers of one transport share: limits, counters, the loop to deliver to, TLS, open connections. */
final class TransportContext {
    private static final Logger log = LoggerFactory.getLogger(BinTransport.class);

    final TransportLimits limits;
    final TransportCounters counters = new TransportCounters();
    final Inbound inbound;
    final TlsContexts tls;
    private final IoThreads io;
    /** Every open connection, inbound and outbound, by id: where {@code reply} writes. */
    final Map<Long, Channel> connections = new ConcurrentHashMap<>();
    private final AtomicLong nextConnectionId = new AtomicLong();

    final RateLimitedLog badFrames = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog malformed = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog refused = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog tlsProblems = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog strangers = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog queueFull = new RateLimitedLog(log, 1, TimeUnit.SECONDS);
    final RateLimitedLog unreachable = new RateLimitedLog(log, 5, TimeUnit.SECONDS);

    TransportContext(TransportLimits limits, Inbound inbound, TlsContexts tls, IoThreads io) {
        this.limits = limits;
        this.inbound = inbound;
        this.tls = tls;
        this.io = io;
    }

    IoThreads io() {
        return io;
    }

    long newConnectionId() {
        return nextConnectionId.incrementAndGet();
    }

    static Logger log() {
        return log;
    }
}
