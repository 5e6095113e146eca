package io.sipcluster.wire;

/**
 * The fixed part of every BIN packet.
 *
 * <pre>
 * offset size
 * 0      4    "P4CK"
 * 4      4    pkg_len      u32, the whole packet, header included
 * 8      2    version      per-capability data version
 * 10     2    cap_len      u16
 * 12     L    capability   cap_len bytes
 * 12+L   4    packet_type  i32, per capability
 * 16+L        body
 * </pre>
 * All integers are little-endian: OpenSIPS copies host-order values on x86-64.
 *
 * @param bodyOffset offset of the first body byte within the packet
 * @param length total packet length (pkg_len)
 */
public record BinHeader(int version, Capability capability, int packetType, int bodyOffset, int length) {
    public static final int MARKER_AND_LENGTH_BYTES = 8;

    /** Checks the marker and length of a packet prefix; returns pkg_len. Needs at least 8 bytes. */
    public static int readPacketLength(byte[] buf, int offset) throws MalformedPacketException {
        if (buf[offset] != 'P' || buf[offset + 1] != '4' || buf[offset + 2] != 'C' || buf[offset + 3] != 'K') {
            throw new MalformedPacketException("header.marker", "not \"P4CK\"");
        }
        int len = BinReader.getIntLE(buf, offset + 4);
        if (len < WireLimits.MIN_PACKET_BYTES || len > WireLimits.MAX_PACKET_BYTES) {
            throw new MalformedPacketException("header.pkg_len", "length " + Integer.toUnsignedString(len)
                    + " outside [" + WireLimits.MIN_PACKET_BYTES + ", " + WireLimits.MAX_PACKET_BYTES + "]");
        }
        return len;
    }

    /** Parses the header of exactly one packet occupying {@code buf[offset, offset + length)}. */
    public static BinHeader read(byte[] buf, int offset, int length) throws MalformedPacketException {
        if (length < WireLimits.MIN_PACKET_BYTES) {
            throw new MalformedPacketException("header", "packet of " + length + " bytes is shorter than a header");
        }
        int pkgLen = readPacketLength(buf, offset);
        if (pkgLen != length) {
            throw new MalformedPacketException("header.pkg_len", "says " + pkgLen + " bytes, packet has " + length);
        }
        int version = (short) ((buf[offset + 8] & 0xff) | (buf[offset + 9] & 0xff) << 8);
        int capLen = (buf[offset + 10] & 0xff) | (buf[offset + 11] & 0xff) << 8;
        if (capLen == 0 || capLen > WireLimits.MAX_CAPABILITY_BYTES) {
            throw new MalformedPacketException("header.cap_len", "capability length " + capLen
                    + " outside [1, " + WireLimits.MAX_CAPABILITY_BYTES + "]");
        }
        if (12 + capLen + 4 > length) {
            throw new MalformedPacketException("header.cap_len", "capability length " + capLen + " overruns the packet");
        }
        Capability capability = Capability.fromWire(buf, offset + 12, capLen);
        int type = BinReader.getIntLE(buf, offset + 12 + capLen);
        return new BinHeader(version, capability, type, 16 + capLen, length);
    }
}
