package io.sipcluster.wire;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: the value of an OpenSIPS {@code str} field.
 *
 * <p>BIN strings are raw bytes, not text. SIP says UTF-8, but phones send what they send, and a node must relay
 * and store a User-Agent or a Call-ID exactly as it received it. Decoding to {@link String} would replace
 * invalid UTF-8 with U+FFFD and change the bytes, so the codec keeps them as they are and text is produced only
 * on demand, for display. NULL and empty are the same on the wire (length 0), and both are {@link #EMPTY}.
 */
public final class Str implements Comparable<Str> {
    public static final Str EMPTY = new Str(new byte[0]);

    private final byte[] bytes;
    private int hash;

    private Str(byte[] bytes) {
        this.bytes = bytes;
    }

    /** UTF-8 bytes of {@code text}. */
    public static Str of(String text) {
        return text.isEmpty() ? EMPTY : new Str(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of {@code bytes}. */
    public static Str ofBytes(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Str(bytes.clone());
    }

    /** A copy of a slice of {@code buf}. */
    public static Str copyOf(byte[] buf, int offset, int length) {
        return length == 0 ? EMPTY : new Str(Arrays.copyOfRange(buf, offset, offset + length));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public byte byteAt(int index) {
        return bytes[index];
    }

    /** A copy of the bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** Copies the bytes into {@code dst} at {@code offset}. */
    public void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, bytes.length);
    }

    /** A reader over these bytes, for values that are themselves BIN-encoded (sync chunks). */
    public BinReader reader() {
        return new BinReader(bytes, 0, bytes.length);
    }

    /** True when the bytes are well-formed UTF-8, so {@link #toString()} shows them without loss. */
    public boolean isValidUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    public boolean contentEquals(String text) {
        return equals(of(text));
    }

    /** The bytes as UTF-8 text; invalid sequences show as U+FFFD (use {@link #toHex()} to see them). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Str other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && bytes.length > 0) {
            h = Arrays.hashCode(bytes);
            hash = h;
        }
        return h;
    }

    @Override
    public int compareTo(Str o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }
}
