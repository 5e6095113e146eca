package io.sipcluster.runtime.transport;

import io.sipcluster.core.config.BinUrl;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.sipcluster.runtime.Inbound;
import io.sipcluster.runtime.TrafficClass;
import io.sipcluster.runtime.Transport;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Str;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIN over TCP ({@code bin:}) and TLS ({@code bins:}) on Netty, wire-compatible with OpenSIPS's proto_bin and
 * proto_bins.
 *
 * <p>As in OpenSIPS, every packet for a node goes out on a connection this node opened to the node's url, and
 * packets are accepted on any connection; {@link #reply} answers on the connection a packet came in on. Unlike
 * OpenSIPS, each destination gets two connections, one per {@link TrafficClass}, each with its own bounded queue:
 * a sync of 50,000 contacts queued for a node cannot delay the pings and pongs that keep its link up (OpenSIPS
 * issue #1976). An OpenSIPS peer simply sees two incoming connections.
 *
 * <p>Threads: {@link #send} and {@link #reply} are called by the loop thread and only encode and queue; Netty's
 * I/O threads connect, write, read, frame and decode, and hand decoded packets to {@link Inbound}.
 */
public final class BinTransport implements Transport {
    private static final Logger log = LoggerFactory.getLogger(BinTransport.class);
    private static final int URL_CACHE_LIMIT = 4096;

    private final TransportContext t;
    private final IoThreads io;
    private final Map<DestinationKey, OutboundConnection> destinations = new ConcurrentHashMap<>();
    private final Map<Str, Optional<BinUrl>> urls = new ConcurrentHashMap<>();
    private final List<Channel> listeners = new ArrayList<>();
    private final Map<InetAddress, AtomicInteger> inboundPerAddress = Pipelines.Accepted.newAddressTable();
    private final AtomicInteger inboundTotal = new AtomicInteger();
    private volatile boolean closed;

    private BinTransport(TransportContext t, IoThreads io) {
        this.t = t;
        this.io = io;
    }

    /**
     * Starts the I/O threads and binds {@code listenAt}; packets received go to {@code inbound}.
     *
     * @param tls TLS material by cluster id; needed for {@code bins:} listeners and destinations
     * @throws UncheckedIOException when a listener cannot be bound (nothing is left running)
     * @throws IllegalArgumentException when the TLS material cannot be loaded or a {@code bins:} listener has none
     */
    public static BinTransport start(List<BinUrl> listenAt, Map<Integer, TlsSettings> tls, TransportLimits limits,
                                     Inbound inbound, String threadName) {
        TlsContexts contexts = TlsContexts.load(tls);
        for (BinUrl l : listenAt) {
            if (l.isTls() && !contexts.hasServer()) {
                throw new IllegalArgumentException("listener " + l + " needs TLS settings for at least one cluster");
            }
        }
        IoThreads io = IoThreads.start(limits.ioThreads(), threadName);
        BinTransport transport = new BinTransport(new TransportContext(limits, inbound, contexts, io), io);
        try {
            for (BinUrl l : listenAt) {
                transport.bind(l);
            }
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        return transport;
    }

    private void bind(BinUrl url) {
        ServerBootstrap b = new ServerBootstrap()
                .group(io.acceptor, io.io)
                .channel(io.serverChannelType)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new Pipelines.Accepted(t, url.isTls(), inboundPerAddress, inboundTotal, this::peerSeen));
        var future = b.bind(url.isWildcard() ? new InetSocketAddress(url.port()) : new InetSocketAddress(url.host(), url.port()))
                .awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw new UncheckedIOException("cannot listen on " + url + ": " + future.cause().getMessage(),
                    future.cause() instanceof java.io.IOException io ? io : new java.io.IOException(future.cause()));
        }
        synchronized (listeners) {
            listeners.add(future.channel());
        }
        log.info("BIN listening on {} ({}, {})", url.withPort(boundPort(future.channel())), url.isTls() ? "TLS" : "TCP", io.kind);
    }

    private static int boundPort(Channel ch) {
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** The addresses the listeners are bound to, in the order given (the real port when 0 was asked for). */
    public List<InetSocketAddress> boundAddresses() {
        synchronized (listeners) {
            return listeners.stream().map(ch -> (InetSocketAddress) ch.localAddress()).toList();
        }
    }

    @Override
    public void send(Str url, BinMessage message) {
        BinUrl dst = parse(url);
        if (dst == null || closed) {
            t.counters.unreachableDropped.increment();
            return;
        }
        byte[] bytes = encode(message);
        if (bytes == null) {
            return;
        }
        TrafficClass c = TrafficClass.of(message);
        int tlsCluster = 0;
        if (dst.isTls()) {
            tlsCluster = ClusterOf.packet(message);
            if (t.tls.client(tlsCluster) == null) {
                t.counters.unreachableDropped.increment();
                t.unreachable.warn("BIN cannot send to {}: cluster {} has no TLS settings", url, tlsCluster);
                return;
            }
        }
        destinations.computeIfAbsent(new DestinationKey(url, dst, c, tlsCluster), k -> new OutboundConnection(t, k))
                .send(bytes);
    }

    @Override
    public void reply(long connectionId, BinMessage message) {
        Channel ch = t.connections.get(connectionId);
        if (ch == null || closed) {
            t.counters.unreachableDropped.increment();
            return;
        }
        byte[] bytes = encode(message);
        if (bytes == null) {
            return;
        }
        if (!ch.isWritable()) {
            t.counters.queueFull(TrafficClass.of(message));
            return;
        }
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes), ch.voidPromise());
        t.counters.packetsSent.increment();
        t.counters.bytesSent.add(bytes.length);
    }

    private byte[] encode(BinMessage message) {
        try {
            return BinCodec.encode(message);
        } catch (RuntimeException e) {
            t.counters.encodeFailures.increment();
            log.error("BIN cannot encode {}", message, e);
            return null;
        }
    }

    private BinUrl parse(Str url) {
        Optional<BinUrl> cached = urls.get(url);
        if (cached == null) {
            try {
                cached = Optional.of(BinUrl.parseLenient(url));
            } catch (IllegalArgumentException e) {
                t.unreachable.warn("BIN cannot send to {}: {}", url, e.getMessage());
                cached = Optional.empty();
            }
            if (urls.size() < URL_CACHE_LIMIT) {
                urls.put(url, cached);
            }
        }
        return cached.orElse(null);
    }

    /** A connection came in from {@code address}: destinations on that host are worth trying again now. */
    private void peerSeen(InetAddress address) {
        String ip = address.getHostAddress();
        for (OutboundConnection c : destinations.values()) {
            if (c.key().binUrl().host().equals(ip)) {
                c.peerSeen();
            }
        }
    }

    /** Bulk bytes queued for every destination and not yet handed to a socket: the sync streams' back-pressure. */
    public long queuedBulkBytes() {
        return t.counters.queuedBulkBytes.get();
    }

    public TransportStats stats() {
        return t.counters.snapshot(io.kind);
    }

    /**
     * Stops listening, writes what is queued (for up to the shutdown flush timeout), closes every connection and
     * stops the I/O threads. Packets sent after this are dropped.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long deadline = System.nanoTime() + t.limits.shutdownFlushTimeout().toNanos();
        synchronized (listeners) {
            listeners.forEach(ch -> ch.close().awaitUninterruptibly());
        }
        for (OutboundConnection c : destinations.values()) {
            c.shutDown();
        }
        while (System.nanoTime() - deadline < 0 && !destinations.values().stream().allMatch(OutboundConnection::drained)) {
            sleepQuietly(5);
        }
        destinations.values().forEach(OutboundConnection::discard);
        List<Channel> open = new ArrayList<>(t.connections.values());
        for (Channel ch : open) {
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        for (Channel ch : open) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            if (!ch.closeFuture().awaitUninterruptibly(left)) {
                ch.close();
            }
        }
        io.shutdown(t.limits.shutdownFlushTimeout());
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
