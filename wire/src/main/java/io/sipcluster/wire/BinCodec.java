package io.sipcluster.wire;

import io.sipcluster.wire.clusterer.ClustererCodec;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.mi.MiCodec;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.mi.MiPacketType;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import io.sipcluster.wire.usrloc.UsrlocPacketType;

/**
 * Whole BIN packets to and from {@link BinMessage}s.
 *
 * <p>Decoding never throws anything but {@link MalformedPacketException} for bad input, and allocates at most in
 * proportion to the packet's size. Every packet it accepts re-encodes to the same bytes.
 */
public final class BinCodec {
    private BinCodec() {}

    /** Decodes exactly one packet: {@code packet} must hold it whole and nothing else. */
    public static BinMessage decode(byte[] packet) throws MalformedPacketException {
        return decode(packet, 0, packet.length);
    }

    public static BinMessage decode(byte[] buf, int offset, int length) throws MalformedPacketException {
        BinHeader h = BinHeader.read(buf, offset, length);
        BinReader r = new BinReader(buf, offset + h.bodyOffset(), offset + length);
        Capability cap = h.capability();
        if (cap.equals(Capability.CLUSTERER_INTERNAL)) {
            if (h.version() != 1) {
                throw new MalformedPacketException("header.version", "clusterer-internal version " + h.version());
            }
            return ClustererCodec.decodeInternal(h.packetType(), r);
        }
        if (cap.equals(Capability.CLUSTERER_EXTRA)) {
            return ClustererCodec.decodeExtra(h.packetType(), h.version(), r);
        }
        Trailer trailer = Trailer.pop(r);
        if (cap.equals(Capability.USRLOC) && h.version() == UsrlocPacketType.VERSION) {
            return new UsrlocPacket(UsrlocCodec.decode(h.packetType(), r), trailer);
        }
        // A type of a later sipcluster-mi version stays opaque, so that this node can still relay it.
        if (cap.equals(Capability.SIPCLUSTER_MI) && h.version() == MiPacketType.VERSION
                && MiPacketType.isKnown(h.packetType())) {
            return MiCodec.decode(h.packetType(), r, trailer);
        }
        return new ModulePacket(cap, h.version(), h.packetType(), r.readBytes("body", r.remaining()), trailer);
    }

    /** Encodes {@code m} into {@code w} and returns the packet length; the bytes are {@code w.array()[0, length)}. */
    public static int encode(BinMessage m, BinWriter w) {
        if (m instanceof InternalMessage i) {
            return ClustererCodec.encode(i, w);
        }
        if (m instanceof ExtraMessage e) {
            return ClustererCodec.encode(e, w);
        }
        if (m instanceof UsrlocPacket u) {
            return UsrlocCodec.encode(u, w);
        }
        if (m instanceof MiPacket p) {
            return MiCodec.encode(p, w);
        }
        ModulePacket p = (ModulePacket) m;
        w.begin(p.capability(), p.version(), p.packetType()).writeBytes(p.body());
        p.trailer().writeTo(w);
        return w.finish();
    }

    public static byte[] encode(BinMessage m) {
        BinWriter w = new BinWriter();
        int len = encode(m, w);
        return java.util.Arrays.copyOf(w.array(), len);
    }
}
