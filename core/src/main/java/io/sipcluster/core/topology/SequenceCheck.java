package io.sipcluster.core.topology;

/**
 * Whether a flooded update is newer than the last one accepted from the same node. Each node numbers its
 * link-state, topology and capability updates separately, from 0 after every restart, and stamps them with its
 * wall clock in seconds.
 *
 * <p>Sequence numbers alone cannot tell incarnations apart: after a restart a node counts from 0 again, while
 * updates of its previous incarnation, with higher numbers, may still be travelling (a paused node replays them,
 * another path delivers them late). OpenSIPS ({@code validate_update}) takes any 0 as a restart and otherwise
 * wants a higher number, so an old 0 rolls the topology back and an old high number outlives the restart. Here
 * an update is ordered by its stamp first and its sequence number second:
 * <ul>
 *   <li>a strictly later stamp wins whatever its number: a lower number is a new incarnation;</li>
 *   <li>a strictly earlier stamp loses whatever its number: a higher number is a stale message of a previous
 *       incarnation;</li>
 *   <li>within the same second the higher number wins, so a 0 counts as a restart only when it is stamped later
 *       than the last update accepted (OpenSIPS's restart rule, minus its blind spot for old zeros).</li>
 * </ul>
 * A node stamps with a clock it keeps from going back (see {@code ClusterState}), so its own updates are ordered
 * the same way. A restart within the second of the previous incarnation's last update is taken for old news until
 * the clock moves on; the node's periodic refresh then gets through.
 *
 * <p>A stamp of 0 means "unknown": OpenSIPS sends 0 for the sender's own entry in a FULL_TOP_UPDATE and relays
 * it as it got it. When either stamp is unknown only the numbers are compared, with OpenSIPS's rule.
 */
public final class SequenceCheck {
    private SequenceCheck() {}

    /** Sequence number meaning "nothing accepted yet". */
    public static final int NONE = -1;

    /** Timestamp meaning "not known". */
    public static final int UNKNOWN_TIME = 0;

    /** True when (seq, timestamp) is strictly newer than what is stored. */
    public static boolean isNewer(int storedSeq, int storedTimestamp, int seq, int timestamp) {
        return compare(storedSeq, storedTimestamp, seq, timestamp) > 0;
    }

    /**
     * True when (seq, timestamp) is at least as new as what is stored. For a node's own words about itself (the
     * first entry of its FULL_TOP_UPDATE): the same sequence number is the same state, and applying it again
     * repairs a copy that was changed by others' relayed entries.
     */
    public static boolean isNotOlder(int storedSeq, int storedTimestamp, int seq, int timestamp) {
        return compare(storedSeq, storedTimestamp, seq, timestamp) >= 0;
    }

    /**
     * The timestamp to keep after accepting an update: never older than the one held. (An accepted update is
     * never stamped earlier unless its stamp is unknown, 0, which this keeps from erasing a known one.)
     */
    public static int keptTimestamp(int storedTimestamp, int timestamp) {
        return Math.max(storedTimestamp, timestamp);
    }

    /** Positive when the update is newer than the stored one, 0 when the same, negative when older. */
    private static int compare(int storedSeq, int storedTimestamp, int seq, int timestamp) {
        if (storedSeq == NONE) {
            return 1;
        }
        if (storedTimestamp == UNKNOWN_TIME || timestamp == UNKNOWN_TIME) {
            return openSipsRule(storedSeq, seq);
        }
        if (timestamp != storedTimestamp) {
            return Integer.compare(timestamp, storedTimestamp);
        }
        return Integer.compare(seq, storedSeq);
    }

    /** OpenSIPS's order when time is unknown: a 0 after anything but a 0 is a restart, else the higher number. */
    private static int openSipsRule(int storedSeq, int seq) {
        if (seq == 0 && storedSeq != 0) {
            return 1;
        }
        return Integer.compare(seq, storedSeq);
    }
}
