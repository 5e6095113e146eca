package io.sipcluster.wire;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Splits a TCP byte stream into BIN packets: several packets per read, and packets split across reads.
 *
 * <p>It buffers at most one packet (at most {@link WireLimits#MAX_PACKET_BYTES}), so a peer cannot make it grow.
 * A bad marker or length means the stream has lost its framing and cannot be resynchronised, as in OpenSIPS,
 * which drops the connection: {@link #feed} throws, and the framer must not be fed again.
 */
public final class PacketFramer {
    private final byte[] pending = new byte[WireLimits.MAX_PACKET_BYTES];
    private int pendingLen;
    private boolean broken;

    /**
     * Consumes {@code len} bytes and hands every complete packet to {@code sink}. A packet array passed to the sink
     * is a fresh copy that the sink may keep.
     */
    public void feed(byte[] data, int offset, int len, Consumer<byte[]> sink) throws MalformedPacketException {
        if (broken) {
            throw new IllegalStateException("framer was fed after a framing error; the connection must be closed");
        }
        int pos = offset;
        int end = offset + len;
        try {
            // Complete a packet started in an earlier read.
            if (pendingLen > 0) {
                pos = fillPending(data, pos, end, sink);
            }
            // Whole packets straight from the caller's buffer, without copying through `pending`.
            while (pendingLen == 0 && end - pos >= BinHeader.MARKER_AND_LENGTH_BYTES) {
                int pkgLen = BinHeader.readPacketLength(data, pos);
                if (end - pos < pkgLen) {
                    break;
                }
                sink.accept(Arrays.copyOfRange(data, pos, pos + pkgLen));
                pos += pkgLen;
            }
            // Keep the tail (a header fragment or an incomplete packet).
            if (pos < end) {
                System.arraycopy(data, pos, pending, pendingLen, end - pos);
                pendingLen += end - pos;
                if (pendingLen >= BinHeader.MARKER_AND_LENGTH_BYTES) {
                    BinHeader.readPacketLength(pending, 0); // fail early on a bad header
                }
            }
        } catch (MalformedPacketException e) {
            broken = true;
            throw e;
        }
    }

    /** Bytes of an incomplete packet held back; a connection closing with some left lost a partial packet. */
    public int bufferedBytes() {
        return pendingLen;
    }

    private int fillPending(byte[] data, int pos, int end, Consumer<byte[]> sink) throws MalformedPacketException {
        if (pendingLen < BinHeader.MARKER_AND_LENGTH_BYTES) {
            int take = Math.min(BinHeader.MARKER_AND_LENGTH_BYTES - pendingLen, end - pos);
            System.arraycopy(data, pos, pending, pendingLen, take);
            pendingLen += take;
            pos += take;
            if (pendingLen < BinHeader.MARKER_AND_LENGTH_BYTES) {
                return pos;
            }
        }
        int pkgLen = BinHeader.readPacketLength(pending, 0);
        int take = Math.min(pkgLen - pendingLen, end - pos);
        System.arraycopy(data, pos, pending, pendingLen, take);
        pendingLen += take;
        pos += take;
        if (pendingLen == pkgLen) {
            sink.accept(Arrays.copyOf(pending, pkgLen));
            pendingLen = 0;
        }
        return pos;
    }
}
