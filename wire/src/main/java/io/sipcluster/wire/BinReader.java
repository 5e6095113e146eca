package io.sipcluster.wire;

/**
 * Reads BIN body fields, little-endian, from a byte array window.
 *
 * <p>Every read checks the bytes that remain before it reads or allocates, and a failure names the field. Counts
 * are checked against a limit and against what the remaining bytes could possibly hold, so a lying count costs
 * nothing. Trailers are read from the end with {@link #popBackInt}, which shrinks the window, as OpenSIPS's
 * {@code bin_pop_back_int} does.
 */
public final class BinReader {
    private final byte[] buf;
    private int pos;
    private int limit;

    public BinReader(byte[] buf, int offset, int limit) {
        if (offset < 0 || limit > buf.length || offset > limit) {
            throw new IndexOutOfBoundsException("window [" + offset + ", " + limit + ") of " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    public int position() {
        return pos;
    }

    public int limit() {
        return limit;
    }

    public int remaining() {
        return limit - pos;
    }

    public boolean atEnd() {
        return pos == limit;
    }

    public int readInt(String field) throws MalformedPacketException {
        need(4, field);
        int v = getIntLE(buf, pos);
        pos += 4;
        return v;
    }

    /** An 8-byte little-endian integer (BIN has none; sipcluster's own packets use it for ids). */
    public long readLong(String field) throws MalformedPacketException {
        need(8, field);
        long v = getLongLE(buf, pos);
        pos += 8;
        return v;
    }

    /** A count: an int in {@code [0, max]} whose elements, at least {@code minElementBytes} each, fit. */
    public int readCount(String field, int max, int minElementBytes) throws MalformedPacketException {
        int n = readInt(field);
        if (n < 0 || n > max) {
            throw new MalformedPacketException(field, "count " + n + " outside [0, " + max + "]");
        }
        if ((long) n * minElementBytes > remaining()) {
            throw new MalformedPacketException(field, "count " + n + " cannot fit in " + remaining() + " bytes left");
        }
        return n;
    }

    /** A str: u16 length, then that many bytes. */
    public Str readStr(String field) throws MalformedPacketException {
        return readStr(field, 0xffff);
    }

    /** A str of at most {@code maxBytes} bytes. */
    public Str readStr(String field, int maxBytes) throws MalformedPacketException {
        int len = readStrLength(field);
        if (len > maxBytes) {
            throw new MalformedPacketException(field, "str length " + len + " exceeds the limit of " + maxBytes);
        }
        Str s = Str.copyOf(buf, pos, len);
        pos += len;
        return s;
    }

    /** Skips a str and returns its length. */
    public int skipStr(String field) throws MalformedPacketException {
        int len = readStrLength(field);
        pos += len;
        return len;
    }

    /** A raw 8-byte C value carried inside a str (usrloc's uint64 contact id and time_t). */
    public long readRawLong(String field) throws MalformedPacketException {
        int len = readStrLength(field);
        if (len != 8) {
            throw new MalformedPacketException(field, "raw 8-byte value has length " + len);
        }
        long v = getLongLE(buf, pos);
        pos += 8;
        return v;
    }

    /** A raw 4-byte C int carried inside a str (usrloc's q value). */
    public int readRawInt(String field) throws MalformedPacketException {
        int len = readStrLength(field);
        if (len != 4) {
            throw new MalformedPacketException(field, "raw 4-byte value has length " + len);
        }
        int v = getIntLE(buf, pos);
        pos += 4;
        return v;
    }

    /** A copy of the next {@code len} bytes. */
    public Str readBytes(String field, int len) throws MalformedPacketException {
        if (len < 0) {
            throw new MalformedPacketException(field, "negative length " + len);
        }
        need(len, field);
        Str s = Str.copyOf(buf, pos, len);
        pos += len;
        return s;
    }

    /** Takes an int off the end of the window (trailers are appended after the body). */
    public int popBackInt(String field) throws MalformedPacketException {
        need(4, field);
        limit -= 4;
        return getIntLE(buf, limit);
    }

    /** Fails unless every byte of the window was read: a packet with bytes left over is not the one we decoded. */
    public void expectEnd(String what) throws MalformedPacketException {
        if (pos != limit) {
            throw new MalformedPacketException(what, (limit - pos) + " unexpected bytes after the last field");
        }
    }

    private int readStrLength(String field) throws MalformedPacketException {
        need(2, field);
        int len = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
        pos += 2;
        if (len > limit - pos) {
            throw new MalformedPacketException(field, "str length " + len + " exceeds the " + (limit - pos) + " bytes left");
        }
        return len;
    }

    private void need(int n, String field) throws MalformedPacketException {
        if (n > limit - pos) {
            throw new MalformedPacketException(field, "truncated: needs " + n + " bytes, " + (limit - pos) + " left");
        }
    }

    static int getIntLE(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }

    static long getLongLE(byte[] b, int i) {
        return (getIntLE(b, i) & 0xffffffffL) | (long) getIntLE(b, i + 4) << 32;
    }
}
