package io.sipcluster.sip;

import java.util.Arrays;

/**
 * Where each header field line of a message is: its name, its value and its end, as offsets into the message's
 * bytes. Filled by {@link HeaderScanner} in one pass; the header values are parsed only when asked for.
 *
 * <pre>
 *   MaX-fOrWaRdS:  0068  CRLF
 *   ^nameStart  ^nameEnd
 *                  ^valueStart (after the colon and any whitespace or fold)
 *                      ^valueEnd (trailing whitespace excluded)
 *                        ^lineEnd (the CR of the line's final CRLF; the line ends at lineEnd + 2)
 * </pre>
 *
 * Three offsets and the header's kind are stored per field, as 16-bit values counted from the start of the message
 * (a header section is at most 64 KiB, {@link SipLimits}): 8 bytes a field, a few hundred a message. The name's end
 * and the line's end are found again when needed (by extension-header lookups and the builders).
 */
class HeaderFields {
    private static final int STRIDE = 4;
    private static final int KIND = 0;
    private static final int NAME_START = 1;
    private static final int VALUE_START = 2;
    private static final int VALUE_END = 3;
    /** Enough for a typical REGISTER (about ten fields) without growing. */
    private static final int INITIAL_FIELDS = 12;
    private static final HeaderName[] KINDS = HeaderName.values();

    static {
        if (KINDS.length > Long.SIZE) {
            throw new AssertionError("HeaderName has " + KINDS.length + " names; the presence masks hold 64");
        }
    }

    byte[] b;
    /** The offset the stored offsets count from. */
    private int base;
    private char[] slots = new char[INITIAL_FIELDS * STRIDE];
    private int count;
    /** One bit per {@link HeaderName} ordinal (there are fewer than 64): which kinds are present, which repeat. */
    private long present;
    private long repeated;

    HeaderFields(byte[] b) {
        this.b = b;
    }

    int count() {
        return count;
    }

    /** Empties the index for reuse over a message that starts at {@code base} in {@code bytes}. */
    void clear(byte[] bytes, int base) {
        this.b = bytes;
        this.base = base;
        count = 0;
        present = 0;
        repeated = 0;
    }

    void add(HeaderName kind, int nameStart, int valueStart, int valueEnd) {
        int at = count * STRIDE;
        if (at == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[at + KIND] = (char) kind.ordinal();
        slots[at + NAME_START] = (char) (nameStart - base);
        slots[at + VALUE_START] = (char) (valueStart - base);
        slots[at + VALUE_END] = (char) (valueEnd - base);
        count++;
        long bit = 1L << kind.ordinal();
        repeated |= present & bit;
        present |= bit;
    }

    /** Whether the kind has more than one field; answered without a scan, for the single-valued headers. */
    boolean isRepeated(HeaderName kind) {
        return (repeated & 1L << kind.ordinal()) != 0;
    }

    HeaderName kind(int i) {
        return KINDS[slots[i * STRIDE + KIND]];
    }

    boolean is(int i, HeaderName kind) {
        return slots[i * STRIDE + KIND] == kind.ordinal();
    }

    int nameStart(int i) {
        return base + slots[i * STRIDE + NAME_START];
    }

    /** The end of the name: the name is a token, and nothing after it is. */
    int nameEnd(int i) {
        int p = nameStart(i);
        while (Chars.is(b[p], Chars.TOKEN)) {
            p++;
        }
        return p;
    }

    int valueStart(int i) {
        return base + slots[i * STRIDE + VALUE_START];
    }

    int valueEnd(int i) {
        return base + slots[i * STRIDE + VALUE_END];
    }

    /**
     * The CR of the CRLF that ends the line: after the value there is only whitespace and folds, and the first CRLF
     * not followed by whitespace ends the line (the scan made sure one does, before the empty line).
     */
    int lineEnd(int i) {
        int p = valueEnd(i);
        while (b[p] != '\r' || Chars.isWhitespace(b[p + 2])) {
            p++;
        }
        return p;
    }

    /** The first field of a kind at or after {@code from}, or -1. */
    int next(HeaderName kind, int from) {
        if ((present & 1L << kind.ordinal()) == 0) {
            return -1;
        }
        char k = (char) kind.ordinal();
        for (int i = from; i < count; i++) {
            if (slots[i * STRIDE + KIND] == k) {
                return i;
            }
        }
        return -1;
    }
}
