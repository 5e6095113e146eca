package io.sipcluster.app.inspect.pcap;

import static io.sipcluster.app.inspect.pcap.NetworkBytes.u16;
import static io.sipcluster.app.inspect.pcap.NetworkBytes.u32;
import static io.sipcluster.app.inspect.pcap.NetworkBytes.u8;

import java.nio.ByteOrder;

/** Strips the link-layer header of a frame and finds the IP packet inside. */
final class LinkLayerDecoder {
    /** Where the IP packet of a frame starts, and the IP version the link layer announced (4 or 6). */
    record IpStart(int version, int offset) {}

    private static final int ETHERNET_HEADER = 14;
    private static final int SLL_HEADER = 16;
    private static final int SLL2_HEADER = 20;
    private static final int LOOPBACK_HEADER = 4;
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88a8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;
    private static final int VLAN_TAG = 4;
    /** Q-in-Q rarely stacks more than two tags; more than this is garbage, not a deeper network. */
    private static final int MAX_VLAN_TAGS = 8;
    private static final int AF_INET = 2;
    // AF_INET6 differs per OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30.
    private static final int[] AF_INET6 = {10, 24, 28, 30};

    private final LinkType linkType;
    private final ByteOrder fileOrder;

    LinkLayerDecoder(LinkType linkType, ByteOrder fileOrder) {
        this.linkType = linkType;
        this.fileOrder = fileOrder;
    }

    IpStart decode(byte[] frame) throws SkippedFrameException {
        return switch (linkType) {
            case EN10MB -> {
                need(frame, 0, ETHERNET_HEADER, "Ethernet header");
                yield byEtherType(frame, ETHERNET_HEADER, u16(frame, 12));
            }
            case LINUX_SLL -> {
                need(frame, 0, SLL_HEADER, "Linux cooked header");
                yield byEtherType(frame, SLL_HEADER, u16(frame, 14));
            }
            case LINUX_SLL2 -> {
                need(frame, 0, SLL2_HEADER, "Linux cooked v2 header");
                yield byEtherType(frame, SLL2_HEADER, u16(frame, 0));
            }
            case NULL -> loopback(frame, hostOrderFamily(frame));
            case LOOP -> {
                need(frame, 0, LOOPBACK_HEADER, "loopback header");
                yield loopback(frame, u32(frame, 0));
            }
            case RAW -> {
                need(frame, 0, 1, "IP header");
                yield new IpStart(u8(frame, 0) >> 4, 0);
            }
        };
    }

    private static IpStart byEtherType(byte[] frame, int offset, int etherType) throws SkippedFrameException {
        for (int tags = 0; isVlanTag(etherType); tags++) {
            if (tags == MAX_VLAN_TAGS) {
                throw new SkippedFrameException(SkipReason.MALFORMED_HEADERS, "more than " + MAX_VLAN_TAGS + " VLAN tags");
            }
            need(frame, offset, VLAN_TAG, "VLAN tag");
            etherType = u16(frame, offset + 2);
            offset += VLAN_TAG;
        }
        if (etherType == ETHERTYPE_IPV4) {
            return new IpStart(4, offset);
        }
        if (etherType == ETHERTYPE_IPV6) {
            return new IpStart(6, offset);
        }
        throw new SkippedFrameException(SkipReason.NOT_IP, String.format("EtherType 0x%04x", etherType));
    }

    private static boolean isVlanTag(int etherType) {
        return etherType == ETHERTYPE_VLAN || etherType == ETHERTYPE_QINQ || etherType == ETHERTYPE_QINQ_OLD;
    }

    /** The NULL family field is in the writer's host order, which may not match the file's; families are small. */
    private long hostOrderFamily(byte[] frame) throws SkippedFrameException {
        need(frame, 0, LOOPBACK_HEADER, "loopback header");
        long big = u32(frame, 0);
        long little = Integer.toUnsignedLong(Integer.reverseBytes((int) big));
        long inFileOrder = fileOrder == ByteOrder.BIG_ENDIAN ? big : little;
        return inFileOrder > 0xffff ? (inFileOrder == big ? little : big) : inFileOrder;
    }

    private static IpStart loopback(byte[] frame, long family) throws SkippedFrameException {
        if (family == AF_INET) {
            return new IpStart(4, LOOPBACK_HEADER);
        }
        for (int f : AF_INET6) {
            if (family == f) {
                return new IpStart(6, LOOPBACK_HEADER);
            }
        }
        throw new SkippedFrameException(SkipReason.NOT_IP, "loopback address family " + family);
    }

    private static void need(byte[] frame, int offset, int length, String what) throws SkippedFrameException {
        if (frame.length - offset < length) {
            throw new SkippedFrameException(SkipReason.TRUNCATED_HEADERS, what + " needs " + length + " bytes, "
                    + Math.max(0, frame.length - offset) + " captured");
        }
    }
}
