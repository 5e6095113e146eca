package io.sipcluster.sip;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Edits to a received message, written out in one pass that copies every byte no edit touches: that is how the
 * builders change a header without re-serialising the rest (compact names, folds, parameter order and quoting all
 * stay as the sender wrote them).
 *
 * <p>An edit replaces {@code [from, to)} with new bytes; an insertion is an empty range. Ranges must not overlap;
 * insertions at the same offset are written in the order they were added, before a replacement starting there.
 */
final class Splices {
    private int[] from = new int[8];
    private int[] to = new int[8];
    private byte[][] bytes = new byte[8][];
    private int count;

    void insert(int at, String ascii) {
        replace(at, at, ascii);
    }

    void delete(int start, int end) {
        replace(start, end, "");
    }

    void replace(int start, int end, String text) {
        if (count == from.length) {
            from = Arrays.copyOf(from, count * 2);
            to = Arrays.copyOf(to, count * 2);
            bytes = Arrays.copyOf(bytes, count * 2);
        }
        from[count] = start;
        to[count] = end;
        bytes[count] = text.getBytes(StandardCharsets.UTF_8);
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Writes {@code [start, end)} of {@code src} with the edits inside that range applied. */
    void writeTo(byte[] src, int start, int end, SipWriter w) {
        int[] order = order();
        int pos = start;
        for (int k : order) {
            if (from[k] < start || to[k] > end) {
                continue;
            }
            if (from[k] < pos) {
                throw new IllegalStateException("overlapping edits at " + from[k]);
            }
            w.bytes(src, pos, from[k] - pos);
            w.bytes(bytes[k]);
            pos = to[k];
        }
        w.bytes(src, pos, end - pos);
    }

    /** Edit indexes by start offset; among equal starts, insertions first, each group in the order added. */
    private int[] order() {
        Integer[] idx = new Integer[count];
        for (int i = 0; i < count; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> {
            if (from[a] != from[b]) {
                return Integer.compare(from[a], from[b]);
            }
            boolean aInsert = from[a] == to[a];
            boolean bInsert = from[b] == to[b];
            if (aInsert != bInsert) {
                return aInsert ? -1 : 1;
            }
            return Integer.compare(a, b);
        });
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
