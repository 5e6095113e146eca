package io.sipcluster.runtime.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import io.sipcluster.wire.BinHeader;
import io.sipcluster.wire.MalformedPacketException;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits a connection's byte stream into whole BIN packets ({@code byte[]}, one per packet), with the wire
 * module's framing rules ({@link BinHeader#readPacketLength}: "P4CK", then a length of 17 to 65,515 bytes).
 *
 * <p>A bad marker or length means the stream has lost its framing for good, so the connection is closed, as
 * OpenSIPS does; the length is checked as soon as 8 bytes are there, before anything is buffered for the packet.
 * At most one partial packet is held, and it must be complete within the frame timeout: a peer trickling a byte
 * at a time is cut off instead of pinning a buffer forever.
 */
final class BinFrameDecoder extends ByteToMessageDecoder {
    private static final Logger log = LoggerFactory.getLogger(BinFrameDecoder.class);

    private final TransportCounters counters;
    private final long frameTimeoutNanos;
    private final RateLimitedLog badFrames;
    private final byte[] header = new byte[BinHeader.MARKER_AND_LENGTH_BYTES];
    private long framesDone;
    private boolean broken;
    private ScheduledFuture<?> deadline;

    BinFrameDecoder(TransportCounters counters, long frameTimeoutNanos, RateLimitedLog badFrames) {
        this.counters = counters;
        this.frameTimeoutNanos = frameTimeoutNanos;
        this.badFrames = badFrames;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= header.length) {
            in.getBytes(in.readerIndex(), header);
            int length;
            try {
                length = BinHeader.readPacketLength(header, 0);
            } catch (MalformedPacketException e) {
                reject(ctx, in, e);
                return;
            }
            if (in.readableBytes() < length) {
                break;
            }
            byte[] packet = new byte[length];
            in.readBytes(packet);
            framesDone++;
            counters.packetsReceived.increment();
            counters.bytesReceived.add(length);
            out.add(packet);
        }
        if (in.isReadable() && ctx.channel().isActive()) {
            armDeadline(ctx);
        }
    }

    private void reject(ChannelHandlerContext ctx, ByteBuf in, MalformedPacketException e) {
        broken = true;
        in.skipBytes(in.readableBytes());
        boolean marker = e.field().equals("header.marker");
        (marker ? counters.badMarkerFrames : counters.badLengthFrames).increment();
        badFrames.warn("BIN connection from {}: {}; closing it ({})", remote(ctx),
                marker ? "not a BIN packet" : "bad packet length", e.getMessage());
        ctx.close();
    }

    /** A partial packet is buffered: it must be complete within the frame timeout. */
    private void armDeadline(ChannelHandlerContext ctx) {
        if (deadline != null) {
            return;
        }
        long framesAtStart = framesDone;
        deadline = ctx.executor().schedule(() -> {
            deadline = null;
            if (broken || actualReadableBytes() == 0) {
                return;
            }
            if (framesDone == framesAtStart) {
                broken = true;
                counters.slowFrames.increment();
                badFrames.warn("BIN connection from {}: a packet did not complete within {} ms ({} bytes so far); closing it",
                        remote(ctx), TimeUnit.NANOSECONDS.toMillis(frameTimeoutNanos), actualReadableBytes());
                ctx.close();
            } else {
                armDeadline(ctx); // packets are flowing; this is a newer partial one
            }
        }, frameTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
        if (!broken && actualReadableBytes() > 0) {
            log.debug("BIN connection from {} closed with {} bytes of a partial packet", remote(ctx), actualReadableBytes());
        }
        super.channelInactive(ctx);
    }

    private static SocketAddress remote(ChannelHandlerContext ctx) {
        return ctx.channel().remoteAddress();
    }
}
