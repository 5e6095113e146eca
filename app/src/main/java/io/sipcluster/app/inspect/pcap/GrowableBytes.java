package io.sipcluster.app.inspect.pcap;

import java.util.Arrays;

/** An append-only byte array with random read access, growing up to a fixed ceiling. */
final class GrowableBytes {
    private final int limit;
    private byte[] bytes = new byte[256];
    private int length;

    GrowableBytes(int limit) {
        this.limit = limit;
    }

    int length() {
        return length;
    }

    /** Bytes that can still be appended before the ceiling. */
    int room() {
        return limit - length;
    }

    byte get(int index) {
        return bytes[index];
    }

    /** Appends {@code len} bytes; the caller keeps {@code len <= room()}. */
    void append(byte[] src, int offset, int len) {
        if (len > room()) {
            throw new IllegalStateException("append of " + len + " bytes past the " + limit + "-byte ceiling");
        }
        if (length + len > bytes.length) {
            long doubled = Math.max(2L * bytes.length, (long) length + len);
            bytes = Arrays.copyOf(bytes, (int) Math.min(doubled, limit));
        }
        System.arraycopy(src, offset, bytes, length, len);
        length += len;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }
}
