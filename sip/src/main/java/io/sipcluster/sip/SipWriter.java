package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer for writing SIP messages. A sender on a hot path keeps one per thread and
 * {@link #reset}s it, so that building a message allocates nothing once the buffer has grown to size.
 */
public final class SipWriter {
    private byte[] buf;
    private int length;

    public SipWriter() {
        this(512);
    }

    public SipWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    public SipWriter reset() {
        length = 0;
        return this;
    }

    /** The buffer; the message is its first {@link #length()} bytes. */
    public byte[] array() {
        return buf;
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    /** Writes chars below 0x100 as single bytes; callers pass ASCII (names, numbers, tokens, URIs). */
    public SipWriter ascii(CharSequence s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Writes UTF-8; ASCII text (reason phrases, most header values) is copied without an intermediate array. */
    public SipWriter utf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return bytes(s.getBytes(StandardCharsets.UTF_8));
            }
        }
        return ascii(s);
    }

    public SipWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    public SipWriter bytes(byte[] b, int offset, int count) {
        ensure(count);
        System.arraycopy(b, offset, buf, length, count);
        length += count;
        return this;
    }

    public SipWriter write(int c) {
        ensure(1);
        buf[length++] = (byte) c;
        return this;
    }

    /** A non-negative decimal number, written without allocating. */
    public SipWriter decimal(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        if (value < 10) { // Content-Length: 0, mostly
            ensure(1);
            buf[length++] = (byte) ('0' + value);
            return this;
        }
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            buf[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    public SipWriter crlf() {
        ensure(2);
        buf[length++] = '\r';
        buf[length++] = '\n';
        return this;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
