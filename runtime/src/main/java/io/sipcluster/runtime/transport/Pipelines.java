package io.sipcluster.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The handler chains of BIN connections.
 * <pre>
 *   socket → [TLS] → idle timer → BinFrameDecoder (byte[] per packet) → ReceivingHandler (decode, hand to loop)
 *                                                                       → OutboundState (ours only: writability,
 *                                                                          idle close, loss)
 * </pre>
 * Writes bypass the chain: {@link OutboundConnection} writes whole encoded packets, and TLS encrypts them.
 */
final class Pipelines {
    private Pipelines() {}

    private static void common(ChannelPipeline p, TransportContext t, long idleMillis, ReceivingHandler receiver) {
        p.addLast("idle", new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS));
        p.addLast("frames", new BinFrameDecoder(t.counters, t.limits.frameTimeout().toNanos(), t.badFrames));
        p.addLast("receive", receiver);
    }

    /** Outgoing connections: TLS client for {@code bins:}, and the connection's state handler last. */
    static final class Outbound extends ChannelInitializer<Channel> {
        private final TransportContext t;
        private final OutboundConnection owner;

        Outbound(TransportContext t, OutboundConnection owner) {
            this.t = t;
            this.owner = owner;
        }

        @Override
        protected void initChannel(Channel ch) {
            DestinationKey key = owner.key();
            ChannelPipeline p = ch.pipeline();
            if (key.binUrl().isTls()) {
                SslContext ctx = t.tls.client(key.tlsCluster());
                SslHandler ssl = ctx.newHandler(ch.alloc(), key.binUrl().host(), key.binUrl().port());
                ssl.setHandshakeTimeoutMillis(t.limits.tlsHandshakeTimeout().toMillis());
                p.addLast("tls", ssl);
            }
            Set<Integer> tlsClusters = key.binUrl().isTls() ? Set.of(key.tlsCluster()) : Set.of();
            common(p, t, t.limits.idleTimeout().toMillis(), new ReceivingHandler(t, false, tlsClusters));
            p.addLast("state", new OutboundState(owner));
        }
    }

    /** Connection events that matter to the queue that owns the connection. */
    private static final class OutboundState extends ChannelDuplexHandler {
        private final OutboundConnection owner;

        OutboundState(OutboundConnection owner) {
            this.owner = owner;
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) {
                owner.pump(ctx.channel());
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                owner.idle(ctx.channel());
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            owner.closed(ctx.channel());
            super.channelInactive(ctx);
        }
    }

    /**
     * Accepted connections: enforces the connection limits before anything is read, then TLS server for
     * {@code bins:} listeners.
     */
    static final class Accepted extends ChannelInitializer<Channel> {
        private final TransportContext t;
        private final boolean tls;
        private final Map<InetAddress, AtomicInteger> perAddress;
        private final AtomicInteger total;
        private final Consumer<InetAddress> peerSeen;

        Accepted(TransportContext t, boolean tls, Map<InetAddress, AtomicInteger> perAddress, AtomicInteger total,
                 Consumer<InetAddress> peerSeen) {
            this.t = t;
            this.tls = tls;
            this.perAddress = perAddress;
            this.total = total;
            this.peerSeen = peerSeen;
        }

        static Map<InetAddress, AtomicInteger> newAddressTable() {
            return new ConcurrentHashMap<>();
        }

        @Override
        protected void initChannel(Channel ch) {
            InetAddress remote = ((InetSocketAddress) ch.remoteAddress()).getAddress();
            if (!admit(ch, remote)) {
                return;
            }
            t.counters.connectionsAccepted.increment();
            t.counters.openInbound.incrementAndGet();
            ch.closeFuture().addListener(f -> {
                t.counters.openInbound.decrementAndGet();
                release(remote);
            });
            ChannelPipeline p = ch.pipeline();
            if (tls) {
                SslHandler ssl = t.tls.server().newHandler(ch.alloc());
                ssl.setHandshakeTimeoutMillis(t.limits.tlsHandshakeTimeout().toMillis());
                p.addLast("tls", ssl);
            }
            long idle = t.limits.idleTimeout().toMillis();
            common(p, t, idle + idle / 4, new ReceivingHandler(t, true, Set.of()));
            peerSeen.accept(remote);
        }

        private boolean admit(Channel ch, InetAddress remote) {
            int fromAddress = perAddress.computeIfAbsent(remote, a -> new AtomicInteger()).incrementAndGet();
            int all = total.incrementAndGet();
            if (fromAddress > t.limits.maxConnectionsPerAddress() || all > t.limits.maxInboundConnections()) {
                release(remote);
                t.counters.connectionsRefused.increment();
                t.refused.warn("BIN connection from {} refused: {} connections from that address, {} in all "
                        + "(limits {} and {})", ch.remoteAddress(), fromAddress - 1, all - 1,
                        t.limits.maxConnectionsPerAddress(), t.limits.maxInboundConnections());
                ch.close();
                return false;
            }
            return true;
        }

        private void release(InetAddress remote) {
            total.decrementAndGet();
            perAddress.computeIfPresent(remote, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }
}
