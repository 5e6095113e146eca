package io.sipcluster.app.inspect.pcap;

import java.time.Instant;

/**
 * A TCP segment taken out of one capture frame.
 *
 * @param frameNumber the 1-based frame of the capture that carried it
 * @param sequenceNumber the header's sequence number, 0 to 2^32-1
 * @param flags the header's flag byte ({@link #SYN}, {@link #FIN}, ...)
 * @param payload the captured payload bytes; the array is not copied, do not modify it
 * @param missingPayloadBytes payload bytes the IP header announced but the capture did not keep (snapshot length)
 */
public record TcpSegment(int frameNumber, Instant timestamp, Endpoint source, Endpoint destination,
        long sequenceNumber, int flags, byte[] payload, int missingPayloadBytes) {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;

    public boolean syn() {
        return (flags & SYN) != 0;
    }

    public boolean fin() {
        return (flags & FIN) != 0;
    }

    public boolean rst() {
        return (flags & RST) != 0;
    }

    /** Payload bytes on the wire, captured or not. */
    public long wireLength() {
        return (long) payload.length + missingPayloadBytes;
    }

    @Override
    public String toString() {
        return "frame " + frameNumber + " " + source + " -> " + destination + " seq " + sequenceNumber + " flags 0x"
                + Integer.toHexString(flags) + " len " + payload.length
                + (missingPayloadBytes > 0 ? " (+" + missingPayloadBytes + " not captured)" : "");
    }
}
