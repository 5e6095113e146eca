package io.sipcluster.app.inspect.pcap;

import io.sipcluster.wire.BinHeader;
import io.sipcluster.wire.MalformedPacketException;

/**
 * Finds where a BIN packet starts in bytes that may begin inside one: after a gap, or in a capture that started
 * mid-connection. BIN has no resynchronisation marker of its own, so this looks for "P4CK" followed by a valid
 * length and, when the whole packet is at hand, a header that parses.
 */
final class BinPacketStart {
    private static final byte[] MARKER = {'P', '4', 'C', 'K'};

    private BinPacketStart() {}

    /** The first packet start in {@code buf[from, to)}, or -1. */
    static int find(byte[] buf, int from, int to) {
        for (int i = from; to - i >= BinHeader.MARKER_AND_LENGTH_BYTES; i++) {
            if (markerAt(buf, i) && headerPlausible(buf, i, to)) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code buf[from, to)} begins with as much of "P4CK" as it holds. */
    static boolean startsWithMarkerPrefix(byte[] buf, int from, int to) {
        int n = Math.min(MARKER.length, to - from);
        for (int k = 0; k < n; k++) {
            if (buf[from + k] != MARKER[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean markerAt(byte[] buf, int i) {
        return buf[i] == MARKER[0] && buf[i + 1] == MARKER[1] && buf[i + 2] == MARKER[2] && buf[i + 3] == MARKER[3];
    }

    private static boolean headerPlausible(byte[] buf, int i, int to) {
        try {
            int length = BinHeader.readPacketLength(buf, i);
            if (to - i >= length) {
                BinHeader.read(buf, i, length);
            }
            return true;
        } catch (MalformedPacketException e) {
            return false;
        }
    }
}
