package io.sipcluster.core;

/**
 * Where a capability's data sync stands on this node (what {@code clusterer_list_cap} shows, with progress).
 *
 * @param donor the node data is requested from or arriving from, or -1
 * @param chunksReceived records received in the current (or last) sync
 * @param chunksExpected the total the donor announced in SYNC_END, or -1 before it arrives
 * @param attempts sync requests sent for the current sync (a failed donor is replaced by another)
 * @param buffered live updates held back until the sync completes
 */
public record SyncStatus(State state, int donor, long chunksReceived, long chunksExpected, int attempts, int buffered) {
    public enum State {
        /** Holds the cluster's data: may serve as a donor (OpenSIPS "Ok"). */
        SYNCED,
        /** Needs data but has no request out: no donor is reachable yet. */
        PENDING,
        /** A request is out or data is arriving; live updates are buffered. */
        IN_PROGRESS,
        /** Not synced and not trying (disabled, or never asked). */
        NOT_SYNCED
    }
}
