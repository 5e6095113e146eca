package io.sipcluster.wire;

import io.sipcluster.wire.clusterer.ClustererPacketType;

/**
 * Hand-built packets with fields a correct encoder would never write: lying counts and str lengths, bad markers,
 * trailing bytes. Thin over {@link BinWriter}, which writes whatever it is given.
 */
final class RawPacket {
    private final BinWriter w = new BinWriter();

    private RawPacket(Capability capability, int version, int packetType) {
        w.begin(capability, version, packetType);
    }

    /** A {@code clusterer-internal} packet, front header (cluster 1, node 2) written. */
    static RawPacket internal(ClustererPacketType type) {
        return new RawPacket(Capability.CLUSTERER_INTERNAL, ClustererPacketType.VERSION, type.code()).i32(1).i32(2);
    }

    /** A {@code clusterer-extra} packet of the version its type needs; finish it with {@link #nodeTrailer()}. */
    static RawPacket extra(ClustererPacketType type) {
        return new RawPacket(Capability.CLUSTERER_EXTRA, type.version(), type.code());
    }

    static RawPacket module(Capability capability, int version, int packetType) {
        return new RawPacket(capability, version, packetType);
    }

    RawPacket i32(int v) {
        w.writeInt(v);
        return this;
    }

    /** A str length prefix on its own, to claim more bytes than follow. */
    RawPacket u16(int v) {
        return raw((byte) v, (byte) (v >>> 8));
    }

    RawPacket str(String s) {
        w.writeStr(Str.of(s));
        return this;
    }

    RawPacket raw(byte... bytes) {
        w.writeBytes(Str.ofBytes(bytes));
        return this;
    }

    RawPacket nodeTrailer() {
        new Trailer.Node(1, 2, 3).writeTo(w);
        return this;
    }

    /** The packet, its pkg_len set to its true length. */
    byte[] bytes() {
        return w.toByteArray();
    }
}
