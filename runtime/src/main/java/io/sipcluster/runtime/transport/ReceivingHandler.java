package io.sipcluster.runtime.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.sipcluster.runtime.PacketSource;
import io.sipcluster.runtime.ReceivedPacket;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import java.io.IOException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The receiving end of one connection (accepted or opened by us): decodes each packet on the I/O thread and
 * hands it to the loop, keeping three promises.
 * <ul>
 *   <li>Bounded: at most {@code inboundPendingBytes} of this connection's packets wait for the loop; beyond that
 *       the connection stops reading (TCP then slows the sender) until the loop has worked through half.</li>
 *   <li>Authenticated: a packet of a cluster that requires TLS is accepted only on a TLS connection whose peer
 *       certificate that cluster trusts.</li>
 *   <li>Not abusable: a packet that fails to decode is dropped and counted (the connection stays: its framing is
 *       intact); a connection whose packets the clusterer ignores {@code ignoredPacketsBeforeClose} times in a row
 *       is closed.</li>
 * </ul>
 */
final class ReceivingHandler extends ChannelInboundHandlerAdapter implements PacketSource {
    private final TransportContext t;
    private final long connectionId;
    private final boolean inboundConnection;
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean resumeScheduled = new AtomicBoolean();
    private volatile boolean paused;
    /** Clusters this connection may carry though they require TLS; empty until a TLS handshake says otherwise. */
    private volatile Set<Integer> tlsClusters = Set.of();
    /** Consecutive packets the engine ignored (loop thread only). */
    private int ignoredInARow;
    private volatile Channel channel;

    /**
     * @param tlsClusters for an outgoing TLS connection, the cluster whose trust verified the server; empty otherwise
     *     (an accepted TLS connection learns its clusters from the client's certificate)
     */
    ReceivingHandler(TransportContext t, boolean inboundConnection, Set<Integer> tlsClusters) {
        this.t = t;
        this.connectionId = t.newConnectionId();
        this.inboundConnection = inboundConnection;
        this.tlsClusters = tlsClusters;
    }

    long connectionId() {
        return connectionId;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        t.connections.put(connectionId, ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        t.connections.remove(connectionId);
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] frame = (byte[]) msg;
        BinMessage message;
        try {
            message = BinCodec.decode(frame);
        } catch (MalformedPacketException e) {
            t.counters.malformedPackets.increment();
            t.malformed.warn("BIN connection from {}: dropped a malformed packet of {} bytes ({})",
                    ctx.channel().remoteAddress(), frame.length, e.getMessage());
            return;
        }
        int cluster = ClusterOf.packet(message);
        if (t.tls.requiresTls(cluster) && !tlsClusters.contains(cluster)) {
            t.counters.tlsClusterRefusals.increment();
            t.tlsProblems.warn("BIN connection from {}: refused a packet of cluster {}, which requires TLS with a "
                    + "certificate it trusts", ctx.channel().remoteAddress(), cluster);
            return;
        }
        long pending = pendingBytes.addAndGet(frame.length);
        if (pending > t.limits.inboundPendingBytes() && !paused) {
            paused = true;
            ctx.channel().config().setAutoRead(false);
            t.counters.readPauses.increment();
            TransportContext.log().debug("BIN connection from {}: {} bytes wait for the loop; reading paused",
                    ctx.channel().remoteAddress(), pending);
        }
        t.inbound.received(new ReceivedPacket(message, connectionId, frame.length, this));
    }

    /** On the loop thread, after the engine has seen the packet. */
    @Override
    public void processed(ReceivedPacket packet, boolean ignored) {
        long left = pendingBytes.addAndGet(-packet.wireBytes());
        Channel ch = channel;
        if (ch == null) {
            return;
        }
        if (paused && left <= t.limits.inboundPendingBytes() / 2 && resumeScheduled.compareAndSet(false, true)) {
            ch.eventLoop().execute(this::resumeReading);
        }
        if (!ignored) {
            ignoredInARow = 0;
        } else if (++ignoredInARow == t.limits.ignoredPacketsBeforeClose()) {
            t.counters.strangerConnectionsClosed.increment();
            t.strangers.warn("BIN connection from {}: the last {} packets were all ignored by the clusterer "
                    + "(unknown node or cluster?); closing it", ch.remoteAddress(), ignoredInARow);
            ch.close();
        }
    }

    private void resumeReading() {
        resumeScheduled.set(false);
        if (paused && pendingBytes.get() <= t.limits.inboundPendingBytes() / 2) {
            paused = false;
            channel.config().setAutoRead(true);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent hs) {
            onHandshake(ctx, hs);
        } else if (evt instanceof IdleStateEvent && inboundConnection) {
            t.counters.idleClosed.increment();
            TransportContext.log().debug("BIN connection from {} idle; closing it", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    private void onHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent hs) {
        if (!hs.isSuccess()) {
            t.counters.tlsHandshakeFailures.increment();
            t.tlsProblems.warn("BIN TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                    hs.cause() == null ? "unknown" : hs.cause().getMessage());
            ctx.close();
            return;
        }
        if (!inboundConnection) {
            return; // the cluster's own trust manager verified the server while connecting
        }
        try {
            Certificate[] peer = ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            X509Certificate[] chain = Arrays.copyOf(peer, peer.length, X509Certificate[].class);
            tlsClusters = t.tls.clustersTrusting(chain);
            TransportContext.log().debug("BIN TLS connection from {} ({}): clusters {}",
                    ctx.channel().remoteAddress(), chain[0].getSubjectX500Principal(), tlsClusters);
        } catch (SSLPeerUnverifiedException | ArrayStoreException e) {
            t.counters.tlsHandshakeFailures.increment();
            t.tlsProblems.warn("BIN TLS connection from {} has no usable client certificate; closing it",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause.getCause() instanceof SSLException ? cause.getCause() : cause;
        if (root instanceof SSLException) {
            // the handshake event reports handshake failures; anything else is counted with them
            TransportContext.log().debug("BIN TLS error on {}: {}", ctx.channel().remoteAddress(), root.getMessage());
        } else if (root instanceof IOException) {
            TransportContext.log().debug("BIN connection {}: {}", ctx.channel().remoteAddress(), root.getMessage());
        } else {
            TransportContext.log().warn("BIN connection {}: unexpected error; closing it", ctx.channel().remoteAddress(), root);
        }
        ctx.close();
    }
}
