package io.sipcluster.usrloc.service;

import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.Change;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.Outcome;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocCodec;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocSyncRecord;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The location table shared by the threads of a node: SIP listeners register, the cluster loop applies records from
 * other nodes and serves syncs, timers expire, management reads. One lock serialises every access to the pure
 * {@link LocationTable}; each operation is a few map lookups, so the lock is held for microseconds.
 *
 * <p>Local changes produce records for the other nodes: they are handed to the {@link ReplicationSink} while the
 * lock is still held, so the sink sees them in the order the table applied them. Every change, local or not, marks
 * its AoR for the {@link AorObserver}s (persistence), also under the lock; both must only enqueue.
 */
public final class LocationService {
    private final LocationTable table;
    private final LongSupplier clockSeconds;
    private final ReplicationSink replication;
    private final List<AorObserver> observers = new CopyOnWriteArrayList<>();
    private final UsrlocCounters counters = new UsrlocCounters();
    private final Object lock = new Object();
    private final Str domainStr;

    /** Receives a local change's records, in order, to send to the other nodes. Called under the table lock. */
    @FunctionalInterface
    public interface ReplicationSink {
        ReplicationSink NONE = records -> { };

        void replicate(List<UsrlocMessage> records);
    }

    /** Told which AoR changed (any cause: local, replicated, synced, expired, restored). Called under the lock. */
    @FunctionalInterface
    public interface AorObserver {
        void changed(Str aor);
    }

    public LocationService(LocationTable table, LongSupplier clockSeconds, ReplicationSink replication) {
        this.table = Objects.requireNonNull(table, "table");
        this.clockSeconds = Objects.requireNonNull(clockSeconds, "clockSeconds");
        this.replication = Objects.requireNonNull(replication, "replication");
        this.domainStr = table.domain();
    }

    /** A table on the system clock that replicates nothing (single-instance mode). */
    public static LocationService standalone(LocationTable table) {
        return new LocationService(table, () -> System.currentTimeMillis() / 1000, ReplicationSink.NONE);
    }

    public void addObserver(AorObserver observer) {
        observers.add(Objects.requireNonNull(observer));
    }

    public UsrlocCounters counters() {
        return counters;
    }

    public long nowSeconds() {
        return clockSeconds.getAsLong();
    }

    // ------------------------------------------------------------------ local changes (registrar, management)

    public Outcome register(Str aor, Binding binding, ContactMatch match) {
        synchronized (lock) {
            return local(aor, table.register(aor, binding, match, clockSeconds.getAsLong()));
        }
    }

    public Outcome remove(Str aor, Str contactUri, Str callid, int cseq, ContactMatch match) {
        synchronized (lock) {
            return local(aor, table.remove(aor, contactUri, callid, cseq, match, clockSeconds.getAsLong()));
        }
    }

    public Outcome removeAor(Str aor) {
        synchronized (lock) {
            return local(aor, table.removeAor(aor, clockSeconds.getAsLong()));
        }
    }

    private Outcome local(Str aor, Change change) {
        counters.local(change.outcome());
        if (!change.replicate().isEmpty()) {
            replication.replicate(change.replicate());
        }
        if (change.outcome().changed()) {
            notifyChanged(aor);
        }
        return change.outcome();
    }

    // ------------------------------------------------------------------ from other nodes

    /** Applies a record from another node; one for another usrloc table (domain) is counted and ignored. */
    public Outcome applyReplicated(UsrlocMessage record) {
        RecordKey key = RecordKey.of(record);
        if (!key.domain().equals(domainStr)) {
            counters.ignoredOtherDomain();
            return Outcome.NO_CHANGE;
        }
        synchronized (lock) {
            Outcome o = table.apply(record, clockSeconds.getAsLong());
            counters.replicated(o);
            if (o.changed()) {
                notifyChanged(key.aor());
            }
            return o;
        }
    }

    /** The table name and AoR every usrloc record carries. */
    private record RecordKey(Str domain, Str aor) {
        static RecordKey of(UsrlocMessage m) {
            if (m instanceof UsrlocMessage.AorInsert r) {
                return new RecordKey(r.domain(), r.aor());
            } else if (m instanceof UsrlocMessage.AorDelete r) {
                return new RecordKey(r.domain(), r.aor());
            } else if (m instanceof UsrlocMessage.ContactInsert r) {
                return new RecordKey(r.contact().domain(), r.contact().aor());
            } else if (m instanceof UsrlocMessage.ContactUpdate r) {
                return new RecordKey(r.contact().domain(), r.contact().aor());
            } else if (m instanceof UsrlocMessage.ContactDelete r) {
                return new RecordKey(r.domain(), r.aor());
            }
            throw new IllegalArgumentException("unknown usrloc record " + m);
        }
    }

    /** Merges one sync chunk; a chunk that does not decode is counted and skipped, the rest of the sync goes on. */
    public Outcome applySyncChunk(Str chunk) {
        UsrlocSyncRecord record;
        try {
            record = UsrlocCodec.decodeSyncChunk(chunk);
        } catch (MalformedPacketException | RuntimeException bad) {
            counters.badSyncChunk();
            return Outcome.NO_CHANGE;
        }
        RecordKey key = RecordKey.of((UsrlocMessage) record);
        if (!key.domain().equals(domainStr)) {
            counters.ignoredOtherDomain();
            return Outcome.NO_CHANGE;
        }
        synchronized (lock) {
            Outcome o = table.applySync(record, clockSeconds.getAsLong());
            counters.synced(o);
            if (o.changed()) {
                notifyChanged(key.aor());
            }
            return o;
        }
    }

    /**
     * The table as sync chunks for a donor, read step by step: each step takes the lock for one AoR, so the
     * registrar keeps working while a sync streams, and a change made meanwhile is either in the stream or replicated
     * live after it (the receiver merges both by CSeq).
     */
    public Iterator<Str> syncChunks() {
        Iterator<Str> inner;
        synchronized (lock) {
            inner = table.syncChunks(clockSeconds.getAsLong());
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                synchronized (lock) {
                    return inner.hasNext();
                }
            }

            @Override
            public Str next() {
                synchronized (lock) {
                    return inner.next();
                }
            }
        };
    }

    // ------------------------------------------------------------------ local housekeeping and reads

    /** AoRs checked per lock hold by {@link #expire}. */
    private static final int EXPIRY_SLICE = 1_000;

    /**
     * Removes what has expired (on every node alike: bindings carry absolute expiry times). The AoR names are
     * copied first, then checked a thousand per lock hold, so a sweep over a million AoRs never stops the
     * registrar or the replication for more than a fraction of a millisecond at a time.
     */
    public List<LocationTable.Expired> expire() {
        List<Str> names = aorNames();
        List<LocationTable.Expired> gone = new ArrayList<>();
        for (int from = 0; from < names.size(); from += EXPIRY_SLICE) {
            List<Str> slice = names.subList(from, Math.min(names.size(), from + EXPIRY_SLICE));
            synchronized (lock) {
                List<LocationTable.Expired> now = table.expire(slice, clockSeconds.getAsLong());
                counters.expired(now.size());
                Str last = null;
                for (LocationTable.Expired e : now) {
                    if (!e.aor().equals(last)) {
                        notifyChanged(e.aor());
                        last = e.aor();
                    }
                }
                gone.addAll(now);
            }
        }
        return gone;
    }

    /** Puts back a binding from persistent storage (startup): not replicated, not marked for writing. */
    public Outcome restore(Str aor, Binding binding) {
        synchronized (lock) {
            return table.restore(aor, binding, clockSeconds.getAsLong());
        }
    }

    /** The live bindings of {@code aor}, best first (highest q, then the most recent). */
    public List<Binding> lookup(Str aor) {
        synchronized (lock) {
            return table.lookup(aor, clockSeconds.getAsLong());
        }
    }

    /** Every AoR with its live bindings, in table order; at most {@code maxAors} AoRs. */
    public Map<Str, List<Binding>> dump(int maxAors) {
        long now = clockSeconds.getAsLong();
        synchronized (lock) {
            Map<Str, List<Binding>> all = table.snapshot();
            Map<Str, List<Binding>> out = new java.util.LinkedHashMap<>();
            for (Map.Entry<Str, List<Binding>> e : all.entrySet()) {
                if (out.size() >= maxAors) {
                    break;
                }
                List<Binding> live = new ArrayList<>(e.getValue().size());
                for (Binding b : e.getValue()) {
                    if (!b.expiredAt(now)) {
                        live.add(b);
                    }
                }
                if (!live.isEmpty()) {
                    out.put(e.getKey(), live);
                }
            }
            return out;
        }
    }

    /** The AoR names now, copied (a NAT ping round walks them over its interval). */
    public List<Str> aorNames() {
        synchronized (lock) {
            return new ArrayList<>(table.snapshotNames());
        }
    }

    public int contactCount() {
        synchronized (lock) {
            return table.contactCount();
        }
    }

    public int aorCount() {
        synchronized (lock) {
            return table.aorCount();
        }
    }

    /** The table's name ("location"), as carried in every record. */
    public Str domain() {
        return domainStr;
    }

    private void notifyChanged(Str aor) {
        for (AorObserver o : observers) {
            o.changed(aor);
        }
    }
}
