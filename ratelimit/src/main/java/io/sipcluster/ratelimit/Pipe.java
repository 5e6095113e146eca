package io.sipcluster.ratelimit;

import java.util.HashMap;
import java.util.Map;

/**
 * One pipe, counted in windows of {@code intervalMillis} aligned on the clock ({@code now / interval}), so that
 * every node with a synchronised clock counts the same window. Pure: the time is passed in.
 *
 * <p>What each algorithm admits, with {@code total} the cluster's count of the current window including this
 * request:
 * <ul>
 *   <li>TAILDROP: {@code total <= limit};</li>
 *   <li>RED: everything while the previous window stayed under the limit; above it, one request in
 *       {@code ceil(previous / limit)} (OpenSIPS's {@code counter % load}), and never beyond the limit;</li>
 *   <li>SBT: a sliding window of {@code interval} in ten slots: the requests of the last interval, wherever its
 *       edge falls, stay within the limit;</li>
 *   <li>FEEDBACK: {@code limit} is the wanted CPU load in percent; a PID controller fed with the measured load sets
 *       a drop rate, and requests are dropped by a fixed pattern of that rate (OpenSIPS's hash table).</li>
 * </ul>
 *
 * <p>Remote counters are the other nodes' counts of their current window. A counter is taken as the count of the
 * window in which it arrived, and counts only in that window: the local and remote parts of a total always cover
 * the same window (OpenSIPS adds the others' previous window to its current one, issue #2900).
 */
final class Pipe {
    static final int SBT_SLOTS = 10;
    /** A pipe count of 0 is still sent this many times, so that others stop counting it (OpenSIPS's rule). */
    static final int ZERO_SENDS = 3;

    /** A node's latest counter: its admitted count of {@code window} (by our clock), received at {@code atMillis}. */
    private record Remote(int count, long atMillis, long window) {}

    final String name;
    Algorithm algorithm;
    int limit;
    int flags;
    final long intervalMillis;
    private long window = Long.MIN_VALUE;
    /** Requests offered in the current window (RED's load). */
    private int count;
    /** Requests admitted in the current window: what the cluster limit counts, and what is broadcast. */
    private int passed;
    private int previousCount;
    private final long guardMillis;
    private long admitted;
    private long refused;
    private final int[] slots = new int[SBT_SLOTS];
    private long slotIndex = Long.MIN_VALUE;
    private final Map<Integer, Remote> remote = new HashMap<>(4);
    long lastLocalUse;
    int zeroSendsLeft;

    Pipe(String name, Algorithm algorithm, int limit, long intervalMillis, long guardMillis) {
        this.guardMillis = Math.min(guardMillis, intervalMillis / 4);
        this.name = name;
        this.algorithm = algorithm;
        this.limit = limit;
        this.intervalMillis = intervalMillis;
    }

    /** Counts a request and says whether it may pass; {@code dropRate} in percent (FEEDBACK only). */
    boolean check(long now, int dropRate) {
        roll(now);
        lastLocalUse = now;
        zeroSendsLeft = ZERO_SENDS;
        boolean ok = switch (algorithm) {
            case NOP, NETWORK -> true;
            case TAILDROP -> passed + 1 + remoteCount(now) <= limit && withinBlindShare(now);
            case RED -> red(now) && withinBlindShare(now);
            case SBT -> sbtCount(now) + 1 + remoteCount(now) <= limit;
            case FEEDBACK -> FEEDBACK_PATTERN[(int) (admitted + refused) % 100] >= dropRate;
        };
        // the offered load drives RED; the cluster limit is on what passed (OpenSIPS adds offered counts, so a
        // cluster in overload counts refused requests against the limit and admits ever fewer)
        count++;
        if (ok) {
            passed++;
            slots[slot(now)]++;
            admitted++;
        } else {
            refused++;
        }
        return ok;
    }

    /**
     * Early in a window the other nodes' counts of it are not known yet (they come every broadcast period, and a
     * counter arriving within the guard time of the window start is taken as the previous window's). Until a node
     * active in the previous window has been heard from, this node keeps to its share of the limit, so that the
     * nodes together cannot pass much more than the limit while they cannot see each other.
     */
    private boolean withinBlindShare(long now) {
        long w = now / intervalMillis;
        int active = 0;
        boolean waiting = false;
        for (Remote r : remote.values()) {
            if (r.count() > 0 && r.window() >= w - 1) {
                active++;
            }
            if (r.window() == w - 1 && r.count() > 0) {
                waiting = true;
            }
        }
        if (!waiting) {
            return true;
        }
        int share = (limit + active) / (active + 1);
        return passed + 1 <= share;
    }

    private boolean red(long now) {
        int total = passed + 1 + remoteCount(now);
        if (total > limit) {
            return false;
        }
        if (previousCount <= limit || limit == 0) {
            return true;
        }
        int every = (previousCount + limit - 1) / limit;
        return (count + 1) % every == 0; // one offered request in every: OpenSIPS's counter % load
    }

    /**
     * A counter from {@code node}, taken as its count of the window current here; one arriving within the guard
     * time of a window's start may have been sent in the previous window and is taken as that window's.
     */
    void remote(int node, int counter, long now) {
        roll(now);
        long w = now / intervalMillis;
        if (now % intervalMillis < guardMillis) {
            w--;
        }
        remote.put(node, new Remote(Math.max(0, counter), now, w));
    }

    void forget(int node) {
        remote.remove(node);
    }

    /** The other nodes' part: counters of this window (TAILDROP, RED) or of the last interval (SBT). */
    int remoteCount(long now) {
        long w = now / intervalMillis;
        int sum = 0;
        for (Remote r : remote.values()) {
            if (algorithm == Algorithm.SBT ? now - r.atMillis() < intervalMillis : r.window() == w) {
                sum += r.count();
            }
        }
        return sum;
    }

    /** What this node tells the others: its count of the current window (SBT: of the last interval). */
    int localCount(long now) {
        roll(now);
        return algorithm == Algorithm.SBT ? sbtCount(now) : passed;
    }

    /** Drops remote counters older than {@code expireMillis}; true when the pipe is idle everywhere. */
    boolean expire(long now, long expireMillis) {
        remote.values().removeIf(r -> now - r.atMillis() > expireMillis || r.count() == 0
                && now / intervalMillis > r.window() + 1);
        return remote.isEmpty() && now - lastLocalUse > expireMillis;
    }

    long admitted() {
        return admitted;
    }

    long refused() {
        return refused;
    }

    private void roll(long now) {
        long w = now / intervalMillis;
        if (w != window) {
            previousCount = w == window + 1 ? count : 0;
            count = 0;
            passed = 0;
            window = w;
        }
        long s = now / (intervalMillis / SBT_SLOTS);
        if (slotIndex == Long.MIN_VALUE || s - slotIndex >= SBT_SLOTS) {
            java.util.Arrays.fill(slots, 0);
        } else {
            for (long i = slotIndex + 1; i <= s; i++) {
                slots[(int) (i % SBT_SLOTS)] = 0;
            }
        }
        slotIndex = s;
    }

    private int slot(long now) {
        return (int) ((now / (intervalMillis / SBT_SLOTS)) % SBT_SLOTS);
    }

    private int sbtCount(long now) {
        int sum = 0;
        for (int v : slots) {
            sum += v;
        }
        return sum;
    }

    /**
     * A fixed permutation of 0-99: request {@code k} is dropped when {@code pattern[k % 100] < dropRate}, which
     * drops exactly {@code dropRate} of every hundred, spread out (OpenSIPS fills its table at random once).
     */
    private static final int[] FEEDBACK_PATTERN = new int[100];

    static {
        for (int i = 0; i < 100; i++) {
            FEEDBACK_PATTERN[i] = (i * 37) % 100; // 37 is prime to 100: a permutation
        }
    }
}
