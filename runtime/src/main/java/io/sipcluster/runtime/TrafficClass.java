package io.sipcluster.runtime;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.clusterer.ClustererPacketType;

/**
 * The two kinds of BIN traffic, kept apart so that a bulk backlog never delays failure detection.
 *
 * <p>OpenSIPS carries both on one queue per TCP connection; with tens of thousands of contacts being synced, pings
 * waited behind the data and links were declared down (OpenSIPS issue #1976). sipcluster sends each class on its
 * own connection with its own bounded queue, and the loop thread handles queued control packets before bulk ones.
 */
public enum TrafficClass {
    /** Link and topology control ({@code clusterer-internal}) and non-sync {@code clusterer-extra}: small, urgent. */
    CONTROL,
    /** Data sync (SYNC_REQ, SYNC, SYNC_END) and module packets: large, ordered among themselves, may wait. */
    BULK;

    public static TrafficClass of(BinMessage message) {
        Capability cap = message.capability();
        if (cap.equals(Capability.CLUSTERER_INTERNAL)) {
            return CONTROL;
        }
        if (cap.equals(Capability.CLUSTERER_EXTRA)) {
            int type = message.packetType();
            boolean sync = type == ClustererPacketType.SYNC_REQ.code() || type == ClustererPacketType.SYNC.code()
                    || type == ClustererPacketType.SYNC_END.code();
            return sync ? BULK : CONTROL;
        }
        return BULK;
    }
}
