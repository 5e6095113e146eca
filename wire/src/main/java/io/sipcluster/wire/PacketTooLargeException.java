package io.sipcluster.wire;

/** A packet being built grew past what a BIN peer accepts; the sender must split its data (e.g. into sync chunks). */
public final class PacketTooLargeException extends IllegalArgumentException {
    private final int size;

    public PacketTooLargeException(int size) {
        super("BIN packet of " + size + " bytes exceeds the " + WireLimits.MAX_PACKET_BYTES + "-byte maximum");
        this.size = size;
    }

    public int size() {
        return size;
    }
}
