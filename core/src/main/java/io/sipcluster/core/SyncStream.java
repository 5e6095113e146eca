package io.sipcluster.core;

import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import java.util.Iterator;
import java.util.Objects;

/**
 * A donor's answer to one sync request, sent a few packets at a time: the caller (the runtime) asks
 * {@link ClusterEngine#continueSyncStream} for more whenever the transport has room, so the donor never holds the
 * whole data set encoded, and its loop keeps answering pings between steps. The module's iterator is advanced only
 * inside those calls; it sees the module's data as it is at each step (changes made meanwhile are also replicated
 * live, and the requester merges both).
 */
public final class SyncStream {
    /** Where a stream stands after a step. */
    public enum Progress {
        /** More packets to send: call again when the transport has room. */
        MORE,
        /** Everything and SYNC_END were sent. */
        DONE,
        /** The requester is unreachable or a packet could not be sent: the stream is dropped (it will ask again). */
        ABORTED
    }

    final int clusterId;
    final Capability capability;
    final int requester;
    final int dataVersion;
    final Iterator<Str> chunks;
    /** A chunk read from the iterator that did not fit the last packet. */
    Str carried;
    long sent;
    Progress state = Progress.MORE;

    SyncStream(int clusterId, Capability capability, int requester, int dataVersion, Iterator<Str> chunks) {
        this.clusterId = clusterId;
        this.capability = Objects.requireNonNull(capability);
        this.requester = requester;
        this.dataVersion = dataVersion;
        this.chunks = Objects.requireNonNull(chunks);
    }

    public int clusterId() {
        return clusterId;
    }

    public Capability capability() {
        return capability;
    }

    public int requester() {
        return requester;
    }

    /** Chunks sent so far. */
    public long sentChunks() {
        return sent;
    }

    public Progress state() {
        return state;
    }
}
