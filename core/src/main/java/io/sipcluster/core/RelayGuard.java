package io.sipcluster.core;

import io.sipcluster.wire.BinMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hop limit for the packets this node relays. OpenSIPS routes module and extra packets with no limit at all: if
 * two nodes' routes disagree for a moment (one has heard of a link failure, the other not yet), a packet can go
 * round between them until the views agree, at the speed of the network. The BIN packet has no field for a hop
 * count (the trailer is read from the end by position, and sync bodies run up to it), and OpenSIPS nodes would
 * not update one anyway, so the limit is kept locally, on every relaying node:
 *
 * <ul>
 *   <li>a packet whose next hop is the node that sent it is dropped (the caller checks that: it is a certain
 *       loop);
 *   <li>this class remembers, for each packet relayed in the last {@link #WINDOW_MILLIS}, how often it was, and
 *       refuses it past {@link #MAX_RELAYS_PER_WINDOW}. Once refused, the looping copy is gone: each node of a
 *       loop passes it on at most that many times.
 * </ul>
 *
 * <p>Why these values: a correct cluster relays the same bytes again only when a module sends them again, and the
 * most frequent case is the rate limit module's counters, replicated every 200 ms and identical while a pipe is
 * idle: 5 a second. A loop on a LAN brings a packet back within a millisecond or two, hundreds of times a second.
 * 8 relays a second sits between the two with room for timer jitter, and caps what a loop costs at 8 copies per
 * node. The table keeps at most {@link #MAX_ENTRIES} digests and no packet body (about 100 bytes each, under half
 * a megabyte); when it is full, the oldest window is forgotten first. Forgetting can only let a looping packet
 * round a few more times: it never drops a packet that was not relayed {@value #MAX_RELAYS_PER_WINDOW} times in
 * the window.
 */
final class RelayGuard {
    static final int MAX_ENTRIES = 4096;
    static final long WINDOW_MILLIS = 1_000;
    static final int MAX_RELAYS_PER_WINDOW = 8;

    private static final class Window {
        final long start;
        int relays = 1;

        Window(long start) {
            this.start = start;
        }
    }

    /** Digest to its window, oldest window first (windows end rather than restart, so order is by start). */
    private final Map<Long, Window> windows = new LinkedHashMap<>();
    private final PacketDigest digest = new PacketDigest();

    /** True if {@code packet} may be relayed at {@code now}; the relay is counted. */
    boolean admit(BinMessage packet, long now) {
        return admit(digest.of(packet), now);
    }

    /** True if the packet with this digest may be relayed at {@code now}; the relay is counted. */
    boolean admit(long digest, long now) {
        expire(now);
        Window w = windows.get(digest);
        if (w == null) {
            if (windows.size() >= MAX_ENTRIES) {
                Iterator<Window> oldest = windows.values().iterator();
                oldest.next();
                oldest.remove();
            }
            windows.put(digest, new Window(now));
            return true;
        }
        if (w.relays >= MAX_RELAYS_PER_WINDOW) {
            return false;
        }
        w.relays++;
        return true;
    }

    int size() {
        return windows.size();
    }

    private void expire(long now) {
        Iterator<Window> it = windows.values().iterator();
        while (it.hasNext() && now - it.next().start >= WINDOW_MILLIS) {
            it.remove();
        }
    }
}
