package io.sipcluster.app.inspect.pcap;

import static io.sipcluster.app.inspect.pcap.NetworkBytes.u16;
import static io.sipcluster.app.inspect.pcap.NetworkBytes.u32;
import static io.sipcluster.app.inspect.pcap.NetworkBytes.u8;

import java.time.Instant;
import java.util.Arrays;

/** Reads the TCP header found by {@link IpDecoder} and cuts out the payload. */
final class TcpSegmentDecoder {
    private static final int TCP_MIN_HEADER = 20;

    private TcpSegmentDecoder() {}

    static TcpSegment decode(int frameNumber, Instant timestamp, byte[] frame, IpDecoder.TcpLocation at)
            throws SkippedFrameException {
        int tcp = at.tcpOffset();
        if (at.declaredTcpLength() < TCP_MIN_HEADER) {
            throw new SkippedFrameException(SkipReason.MALFORMED_HEADERS, "IP payload of " + at.declaredTcpLength()
                    + " bytes cannot hold a TCP header");
        }
        int captured = at.capturedEnd() - tcp;
        if (captured < TCP_MIN_HEADER) {
            throw new SkippedFrameException(SkipReason.TRUNCATED_HEADERS, "TCP header needs 20 bytes, " + captured
                    + " captured");
        }
        int headerLength = (u8(frame, tcp + 12) >> 4) * 4;
        if (headerLength < TCP_MIN_HEADER || headerLength > at.declaredTcpLength()) {
            throw new SkippedFrameException(SkipReason.MALFORMED_HEADERS, "TCP header length " + headerLength
                    + " in a segment of " + at.declaredTcpLength() + " bytes");
        }
        if (headerLength > captured) {
            throw new SkippedFrameException(SkipReason.TRUNCATED_HEADERS, "TCP header with options needs "
                    + headerLength + " bytes, " + captured + " captured");
        }
        byte[] payload = Arrays.copyOfRange(frame, tcp + headerLength, at.capturedEnd());
        int missing = at.declaredTcpLength() - headerLength - payload.length;
        int addr = at.addressOffset();
        int len = at.addressLength();
        return new TcpSegment(frameNumber, timestamp,
                Endpoint.of(frame, addr, len, u16(frame, tcp)),
                Endpoint.of(frame, addr + len, len, u16(frame, tcp + 2)),
                u32(frame, tcp + 4), u8(frame, tcp + 13), payload, missing);
    }
}
