package io.sipcluster.wire;

import java.util.Arrays;

/**
 * Builds one BIN packet: header, body fields, then the length patched in by {@link #finish()}.
 *
 * <p>A writer is reusable ({@link #begin} resets it), so a sender that encodes many packets allocates its buffer
 * once. It is not thread-safe.
 */
public final class BinWriter {
    private byte[] buf;
    private int pos;
    private boolean open;

    public BinWriter() {
        this(512);
    }

    public BinWriter(int initialCapacity) {
        buf = new byte[Math.max(initialCapacity, 64)];
    }

    /** Starts a packet: "P4CK", a length placeholder, the version, the capability and the packet type. */
    public BinWriter begin(Capability capability, int version, int packetType) {
        pos = 0;
        open = true;
        ensure(16 + capability.nameLength());
        buf[0] = 'P';
        buf[1] = '4';
        buf[2] = 'C';
        buf[3] = 'K';
        pos = 8;
        putShort(version);
        putShort(capability.nameLength());
        capability.copyNameTo(buf, pos);
        pos += capability.nameLength();
        writeInt(packetType);
        return this;
    }

    public BinWriter writeInt(int v) {
        ensure(4);
        putIntLE(buf, pos, v);
        pos += 4;
        return this;
    }

    /** An 8-byte little-endian integer (sipcluster's own packets only: BIN has no such field). */
    public BinWriter writeLong(long v) {
        ensure(8);
        putIntLE(buf, pos, (int) v);
        putIntLE(buf, pos + 4, (int) (v >>> 32));
        pos += 8;
        return this;
    }

    public BinWriter writeStr(Str s) {
        ensure(2 + s.length());
        putShort(s.length());
        s.copyTo(buf, pos);
        pos += s.length();
        return this;
    }

    /** A raw 8-byte C value inside a str, as usrloc sends uint64 and time_t. */
    public BinWriter writeRawLong(long v) {
        ensure(10);
        putShort(8);
        putIntLE(buf, pos, (int) v);
        putIntLE(buf, pos + 4, (int) (v >>> 32));
        pos += 8;
        return this;
    }

    /** A raw 4-byte C int inside a str. */
    public BinWriter writeRawInt(int v) {
        ensure(6);
        putShort(4);
        putIntLE(buf, pos, v);
        pos += 4;
        return this;
    }

    /** Bytes as they are, with no length prefix (sync chunk contents, opaque module bodies). */
    public BinWriter writeBytes(Str bytes) {
        ensure(bytes.length());
        bytes.copyTo(buf, pos);
        pos += bytes.length();
        return this;
    }

    /** Current length of the packet; also the offset the next field will be written at. */
    public int position() {
        return pos;
    }

    /** Overwrites an int written earlier (a sync chunk's length placeholder). */
    public void patchInt(int offset, int v) {
        if (offset < 0 || offset + 4 > pos) {
            throw new IndexOutOfBoundsException("patch at " + offset + " of " + pos);
        }
        putIntLE(buf, offset, v);
    }

    /**
     * Writes the total length into the header and returns it.
     *
     * @throws PacketTooLargeException when the packet is over {@link WireLimits#MAX_PACKET_BYTES}: a peer would
     *     drop the connection on it, so it must never be sent
     */
    public int finish() {
        if (!open) {
            throw new IllegalStateException("finish() without begin()");
        }
        if (pos > WireLimits.MAX_PACKET_BYTES) {
            throw new PacketTooLargeException(pos);
        }
        putIntLE(buf, 4, pos);
        open = false;
        return pos;
    }

    /** The internal buffer; valid up to the length {@link #finish()} returned, until the next {@link #begin}. */
    public byte[] array() {
        return buf;
    }

    /** Finishes the packet and returns a copy of its bytes. */
    public byte[] toByteArray() {
        int len = finish();
        return Arrays.copyOf(buf, len);
    }

    private void putShort(int v) {
        buf[pos] = (byte) v;
        buf[pos + 1] = (byte) (v >>> 8);
        pos += 2;
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            // Grow past the BIN maximum too, so that an oversize packet is reported by finish(), with its size.
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    static void putIntLE(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
