package io.sipcluster.core.topology;

/**
 * Whether a flooded update is newer than the last one accepted from the same node. Each node numbers its
 * link-state and topology updates separately, from 0 after every restart, and stamps them with its wall clock in
 * seconds.
 *
 * <p>OpenSIPS ({@code validate_update}) takes any 0 as a restart unless the last accepted update was also 0 and
 * not older. A flooded update reaches a node along several paths, so an old 0 can arrive after newer updates and
 * roll the topology back (the simulation shows it on every cluster formation). Here a 0 counts as a restart only
 * when it is stamped later than the last accepted update. A node that really restarted is accepted either way:
 * the engine forgets a node's sequence numbers when it becomes unreachable, and a restart takes more than the
 * second that separates the stamps.
 */
public final class SequenceCheck {
    private SequenceCheck() {}

    /** Sequence number meaning "nothing accepted yet". */
    public static final int NONE = -1;

    public static boolean isNewer(int storedSeq, int storedTimestamp, int seq, int timestamp) {
        if (storedSeq == NONE) {
            return true;
        }
        if (seq == 0) {
            return timestamp > storedTimestamp;
        }
        return seq > storedSeq;
    }

    /** The timestamp to keep after accepting an update: never older than the one held (0 means "not sent"). */
    public static int keptTimestamp(int storedTimestamp, int timestamp) {
        return Math.max(storedTimestamp, timestamp);
    }
}
