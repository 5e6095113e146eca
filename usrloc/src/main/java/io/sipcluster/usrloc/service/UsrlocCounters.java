package io.sipcluster.usrloc.service;

import io.sipcluster.usrloc.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the location table did, by cause and {@link Outcome}: local changes (registrar, management), records
 * replicated from other nodes, sync records; plus expired bindings and records that could not be used. Read by
 * metrics and management from any thread.
 */
public final class UsrlocCounters {
    /** Where a change came from. */
    public enum Cause { LOCAL, REPLICATED, SYNC }

    private final AtomicLongArray byCause = new AtomicLongArray(Cause.values().length * Outcome.values().length);
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong badSyncChunks = new AtomicLong();
    private final AtomicLong otherDomain = new AtomicLong();

    void local(Outcome o) {
        add(Cause.LOCAL, o);
    }

    void replicated(Outcome o) {
        add(Cause.REPLICATED, o);
    }

    void synced(Outcome o) {
        add(Cause.SYNC, o);
    }

    void expired(int n) {
        expired.addAndGet(n);
    }

    void badSyncChunk() {
        badSyncChunks.incrementAndGet();
    }

    void ignoredOtherDomain() {
        otherDomain.incrementAndGet();
    }

    private void add(Cause c, Outcome o) {
        byCause.incrementAndGet(c.ordinal() * Outcome.values().length + o.ordinal());
    }

    public long count(Cause cause, Outcome outcome) {
        return byCause.get(cause.ordinal() * Outcome.values().length + outcome.ordinal());
    }

    /** Non-zero counts of one cause. */
    public Map<Outcome, Long> counts(Cause cause) {
        Map<Outcome, Long> out = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            long n = count(cause, o);
            if (n != 0) {
                out.put(o, n);
            }
        }
        return out;
    }

    public long expired() {
        return expired.get();
    }

    /** Sync chunks that did not decode (skipped; the rest of the sync was applied). */
    public long badSyncChunks() {
        return badSyncChunks.get();
    }

    /** Replicated records for another usrloc table than ours (ignored). */
    public long otherDomain() {
        return otherDomain.get();
    }
}
