package io.sipcluster.app.inspect.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes classic pcap files for tests, in either byte order and either timestamp resolution. */
final class PcapBuilder {
    static final long DEFAULT_SNAPLEN = 262_144;

    private final ByteOrder order;
    private final boolean nanos;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long seconds = 1_795_321_400L;

    PcapBuilder(int linkType) {
        this(ByteOrder.LITTLE_ENDIAN, false, linkType, DEFAULT_SNAPLEN);
    }

    PcapBuilder(ByteOrder order, boolean nanos, int linkType, long snapLength) {
        this.order = order;
        this.nanos = nanos;
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(nanos ? 0xa1b23c4d : 0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt((int) snapLength).putInt(linkType);
        out.writeBytes(h.array());
    }

    /** A record holding all of {@code frame}, one second after the previous one. */
    PcapBuilder frame(byte[] frame) {
        return record(frame, frame.length, frame.length, ++seconds, 0);
    }

    /** A record with the given header fields; {@code data} is written as is, whatever the lengths say. */
    PcapBuilder record(byte[] data, long capturedLength, long originalLength, long sec, long fraction) {
        ByteBuffer h = ByteBuffer.allocate(16).order(order);
        h.putInt((int) sec).putInt((int) fraction).putInt((int) capturedLength).putInt((int) originalLength);
        out.writeBytes(h.array());
        out.writeBytes(data);
        return this;
    }

    boolean nanos() {
        return nanos;
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
