package io.sipcluster.app.inspect.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds link, IP and TCP headers for synthetic captures. Checksums are left zero: the reader ignores them. */
final class TestFrames {
    static final byte[] V4_A = {10, 0, 0, 1};
    static final byte[] V4_B = {10, 0, 0, 2};
    static final byte[] V6_A = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    static final byte[] V6_B = {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;

    private TestFrames() {}

    static byte[] tcp(int srcPort, int dstPort, long seq, int flags, byte[] payload) {
        return tcp(srcPort, dstPort, seq, flags, new byte[0], payload);
    }

    /** A TCP header with {@code options} (a multiple of 4 bytes) and payload. */
    static byte[] tcp(int srcPort, int dstPort, long seq, int flags, byte[] options, byte[] payload) {
        int headerLength = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length);
        b.putShort((short) srcPort).putShort((short) dstPort).putInt((int) seq).putInt(0)
                .put((byte) (headerLength / 4 << 4)).put((byte) flags).putShort((short) 65535).putInt(0)
                .put(options).put(payload);
        return b.array();
    }

    static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] l4) {
        return ipv4(src, dst, protocol, new byte[0], 0, l4);
    }

    /** An IPv4 header with {@code options} (a multiple of 4 bytes) and the flags/fragment-offset word. */
    static byte[] ipv4(byte[] src, byte[] dst, int protocol, byte[] options, int fragmentWord, byte[] l4) {
        int headerLength = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + l4.length);
        b.put((byte) (0x40 | headerLength / 4)).put((byte) 0).putShort((short) (headerLength + l4.length))
                .putShort((short) 1).putShort((short) fragmentWord).put((byte) 64).put((byte) protocol)
                .putShort((short) 0).put(src).put(dst).put(options).put(l4);
        return b.array();
    }

    /** An IPv6 packet; {@code afterHeader} is the extension headers (if any) followed by the upper layer. */
    static byte[] ipv6(byte[] src, byte[] dst, int nextHeader, byte[] afterHeader) {
        ByteBuffer b = ByteBuffer.allocate(40 + afterHeader.length);
        b.putInt(0x6000_0000).putShort((short) afterHeader.length).put((byte) nextHeader).put((byte) 64)
                .put(src).put(dst).put(afterHeader);
        return b.array();
    }

    /** A generic IPv6 extension header (hop-by-hop, routing, destination options) of {@code 8 * units} bytes. */
    static byte[] ipv6Extension(int nextHeader, int units) {
        byte[] h = new byte[8 * units];
        h[0] = (byte) nextHeader;
        h[1] = (byte) (units - 1);
        return h;
    }

    static byte[] ipv6Fragment(int nextHeader, int offsetBytes, boolean more) {
        ByteBuffer b = ByteBuffer.allocate(8);
        b.put((byte) nextHeader).put((byte) 0).putShort((short) (offsetBytes / 8 << 3 | (more ? 1 : 0))).putInt(42);
        return b.array();
    }

    static byte[] ethernet(int etherType, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(14 + l3.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 2}).put(new byte[] {2, 0, 0, 0, 0, 1}).putShort((short) etherType).put(l3);
        return b.array();
    }

    /** Ethernet with one VLAN tag per entry of {@code tpids} (outermost first). */
    static byte[] ethernetVlan(int[] tpids, int etherType, byte[] l3) {
        ByteArrayOutputStream tags = new ByteArrayOutputStream();
        for (int i = 0; i < tpids.length; i++) {
            int next = i + 1 < tpids.length ? tpids[i + 1] : etherType;
            tags.writeBytes(new byte[] {0, (byte) (10 + i), (byte) (next >> 8), (byte) next});
        }
        return ethernet(tpids[0], concat(tags.toByteArray(), l3));
    }

    static byte[] linuxSll(int protocol, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(16 + l3.length);
        b.putShort((short) 0).putShort((short) 772).putShort((short) 6).put(new byte[8]).putShort((short) protocol)
                .put(l3);
        return b.array();
    }

    static byte[] linuxSll2(int protocol, byte[] l3) {
        ByteBuffer b = ByteBuffer.allocate(20 + l3.length);
        b.putShort((short) protocol).putShort((short) 0).putInt(1).putShort((short) 772).put((byte) 0)
                .put((byte) 6).put(new byte[8]).put(l3);
        return b.array();
    }

    /** BSD loopback: the address family in the byte order of the writing host. */
    static byte[] loopback(int family, ByteOrder hostOrder, byte[] l3) {
        return concat(ByteBuffer.allocate(4).order(hostOrder).putInt(family).array(), l3);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
