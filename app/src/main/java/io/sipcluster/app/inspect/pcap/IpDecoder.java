package io.sipcluster.app.inspect.pcap;

import static io.sipcluster.app.inspect.pcap.NetworkBytes.u16;
import static io.sipcluster.app.inspect.pcap.NetworkBytes.u8;

/** Walks the IPv4 or IPv6 header of a frame to the TCP header behind it. */
final class IpDecoder {
    /**
     * The TCP part of an IP packet.
     *
     * @param addressOffset where the source address starts; the destination follows it
     * @param addressLength 4 or 16
     * @param tcpOffset the first byte of the TCP header
     * @param capturedEnd the end of the TCP bytes in the frame: link padding after the IP packet is not included
     * @param declaredTcpLength TCP header plus payload as the IP header announces it, captured or not
     */
    record TcpLocation(int addressOffset, int addressLength, int tcpOffset, int capturedEnd, int declaredTcpLength) {}

    private static final int PROTO_TCP = 6;
    private static final int IPV4_MIN_HEADER = 20;
    private static final int IPV4_MORE_FRAGMENTS = 0x2000;
    private static final int IPV4_FRAGMENT_OFFSET = 0x1fff;
    private static final int IPV6_HEADER = 40;
    private static final int IPV6_FRAGMENT_HEADER = 8;
    /** A real packet has a handful of extension headers; the bound keeps a crafted chain from looping long. */
    private static final int MAX_IPV6_EXTENSIONS = 16;

    private IpDecoder() {}

    static TcpLocation decode(byte[] frame, LinkLayerDecoder.IpStart start) throws SkippedFrameException {
        return switch (start.version()) {
            case 4 -> ipv4(frame, start.offset());
            case 6 -> ipv6(frame, start.offset());
            default -> throw new SkippedFrameException(SkipReason.NOT_IP, "IP version " + start.version());
        };
    }

    private static TcpLocation ipv4(byte[] frame, int ip) throws SkippedFrameException {
        int captured = frame.length - ip;
        if (captured < IPV4_MIN_HEADER) {
            throw truncated("IPv4 header needs 20 bytes, " + captured + " captured");
        }
        int version = u8(frame, ip) >> 4;
        int headerLength = (u8(frame, ip) & 0x0f) * 4;
        if (version != 4 || headerLength < IPV4_MIN_HEADER) {
            throw malformed("IPv4 version " + version + ", header length " + headerLength);
        }
        if (captured < headerLength) {
            throw truncated("IPv4 header with options needs " + headerLength + " bytes, " + captured + " captured");
        }
        int totalLength = u16(frame, ip + 2);
        // 0 is what segmentation offload leaves in captures of oversized segments: trust what was captured.
        if (totalLength == 0) {
            totalLength = captured;
        }
        if (totalLength < headerLength) {
            throw malformed("IPv4 total length " + totalLength + " shorter than its header (" + headerLength + ")");
        }
        int fragment = u16(frame, ip + 6);
        if ((fragment & (IPV4_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET)) != 0) {
            throw new SkippedFrameException(SkipReason.IP_FRAGMENT, "IPv4 fragment at offset "
                    + (fragment & IPV4_FRAGMENT_OFFSET) * 8);
        }
        int protocol = u8(frame, ip + 9);
        if (protocol != PROTO_TCP) {
            throw new SkippedFrameException(SkipReason.NOT_TCP, "IPv4 protocol " + protocol);
        }
        int declaredEnd = ip + totalLength;
        return new TcpLocation(ip + 12, 4, ip + headerLength, Math.min(declaredEnd, frame.length),
                totalLength - headerLength);
    }

    private static TcpLocation ipv6(byte[] frame, int ip) throws SkippedFrameException {
        int captured = frame.length - ip;
        if (captured < IPV6_HEADER) {
            throw truncated("IPv6 header needs 40 bytes, " + captured + " captured");
        }
        int version = u8(frame, ip) >> 4;
        if (version != 6) {
            throw malformed("IPv6 header with version " + version);
        }
        int payloadLength = u16(frame, ip + 4);
        // 0 means a jumbogram or an offloaded segment; either way the captured bytes are all there is.
        int declaredEnd = payloadLength == 0 ? frame.length : ip + IPV6_HEADER + payloadLength;
        int capturedEnd = Math.min(declaredEnd, frame.length);
        int next = u8(frame, ip + 6);
        int pos = ip + IPV6_HEADER;
        for (int extensions = 0; next != PROTO_TCP; extensions++) {
            if (extensions == MAX_IPV6_EXTENSIONS) {
                throw malformed("more than " + MAX_IPV6_EXTENSIONS + " IPv6 extension headers");
            }
            int length;
            switch (next) {
                case 0, 43, 60, 135, 139, 140, 253, 254 -> { // hop-by-hop, routing, destination, mobility, HIP, shim6, tests
                    needExtension(frame, pos, capturedEnd, 2);
                    length = (u8(frame, pos + 1) + 1) * 8;
                }
                case 51 -> { // authentication header counts in 4-byte units, minus 2
                    needExtension(frame, pos, capturedEnd, 2);
                    length = (u8(frame, pos + 1) + 2) * 4;
                }
                case 44 -> {
                    needExtension(frame, pos, capturedEnd, IPV6_FRAGMENT_HEADER);
                    int offsetAndFlag = u16(frame, pos + 2);
                    // An "atomic" fragment (offset 0, no more fragments) is a whole packet and can be read.
                    if (offsetAndFlag >> 3 != 0 || (offsetAndFlag & 1) != 0) {
                        throw new SkippedFrameException(SkipReason.IP_FRAGMENT, "IPv6 fragment at offset "
                                + (offsetAndFlag >> 3) * 8);
                    }
                    length = IPV6_FRAGMENT_HEADER;
                }
                case 50 -> throw new SkippedFrameException(SkipReason.NOT_TCP, "IPv6 ESP (encrypted) payload");
                default -> throw new SkippedFrameException(SkipReason.NOT_TCP, "IPv6 next header " + next);
            }
            next = u8(frame, pos);
            pos += length;
            if (pos > declaredEnd) {
                throw malformed("IPv6 extension headers run past the packet's payload length");
            }
        }
        if (pos > capturedEnd) {
            throw truncated("IPv6 extension headers cut short by the capture");
        }
        return new TcpLocation(ip + 8, 16, pos, capturedEnd, declaredEnd - pos);
    }

    private static void needExtension(byte[] frame, int pos, int capturedEnd, int length) throws SkippedFrameException {
        if (capturedEnd - pos < length) {
            throw truncated("IPv6 extension header needs " + length + " bytes, " + Math.max(0, capturedEnd - pos)
                    + " captured");
        }
    }

    private static SkippedFrameException truncated(String detail) {
        return new SkippedFrameException(SkipReason.TRUNCATED_HEADERS, detail);
    }

    private static SkippedFrameException malformed(String detail) {
        return new SkippedFrameException(SkipReason.MALFORMED_HEADERS, detail);
    }
}
