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
 */
final class HeaderFields {
    private static final int STRIDE = 6;
    private static final int KIND = 0;
    private static final int NAME_START = 1;
    private static final int NAME_END = 2;
    private static final int VALUE_START = 3;
    private static final int VALUE_END = 4;
    private static final int LINE_END = 5;
    /** Enough for a typical REGISTER (about ten fields) without growing. */
    private static final int INITIAL_FIELDS = 12;
    private static final HeaderName[] KINDS = HeaderName.values();

    private int[] slots = new int[INITIAL_FIELDS * STRIDE];
    private int count;

    int count() {
        return count;
    }

    void clear() {
        count = 0;
    }

    void add(HeaderName kind, int nameStart, int nameEnd, int valueStart, int valueEnd, int lineEnd) {
        int at = count * STRIDE;
        if (at == slots.length) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
        slots[at + KIND] = kind.ordinal();
        slots[at + NAME_START] = nameStart;
        slots[at + NAME_END] = nameEnd;
        slots[at + VALUE_START] = valueStart;
        slots[at + VALUE_END] = valueEnd;
        slots[at + LINE_END] = lineEnd;
        count++;
    }

    HeaderName kind(int i) {
        return KINDS[slots[i * STRIDE + KIND]];
    }

    boolean is(int i, HeaderName kind) {
        return slots[i * STRIDE + KIND] == kind.ordinal();
    }

    int nameStart(int i) {
        return slots[i * STRIDE + NAME_START];
    }

    int nameEnd(int i) {
        return slots[i * STRIDE + NAME_END];
    }

    int valueStart(int i) {
        return slots[i * STRIDE + VALUE_START];
    }

    int valueEnd(int i) {
        return slots[i * STRIDE + VALUE_END];
    }

    /** The CR of the CRLF that ends the line. */
    int lineEnd(int i) {
        return slots[i * STRIDE + LINE_END];
    }

    /** The first field of a kind at or after {@code from}, or -1. */
    int next(HeaderName kind, int from) {
        int k = kind.ordinal();
        for (int i = from; i < count; i++) {
            if (slots[i * STRIDE + KIND] == k) {
                return i;
            }
        }
        return -1;
    }
}
