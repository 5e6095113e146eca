package io.sipcluster.usrloc.sql;

import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the location table to SQL behind the SIP path: a change only marks its AoR dirty (a set, so a phone that
 * refreshes ten times before a flush is written once, and memory is bounded by the number of AoRs); a thread
 * writes the dirty AoRs' current bindings every {@code flushInterval}, {@code batchSize} AoRs per transaction.
 *
 * <p>Nothing is dropped while the database is away: a failed batch puts its AoRs back and is retried with a
 * growing pause (100 ms to 5 s), logged once per outage. Only an AoR whose rows the database refuses as data (a
 * value too long for its column, say) is logged and counted as rejected; it is written again at its next change.
 */
public final class LocationWriter implements LocationService.AorObserver, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocationWriter.class);
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final SqlLocationStore store;
    private final LocationService location;
    private final long flushMillis;
    private final int batchSize;
    private final Set<Str> dirty = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final Thread thread;
    private final AtomicLong aorsWritten = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile long lastFlushMicros;
    private volatile boolean stopping;
    private boolean writing;

    /** What the writer has done, for metrics. */
    public record Stats(long aorsWritten, long batches, long failures, long rejected, int backlog,
                        long lastFlushMicros) {}

    public LocationWriter(SqlLocationStore store, LocationService location, Duration flushInterval, int batchSize) {
        this.store = Objects.requireNonNull(store, "store");
        this.location = Objects.requireNonNull(location, "location");
        this.flushMillis = Math.max(1, flushInterval.toMillis());
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        this.batchSize = batchSize;
        this.thread = new Thread(this::run, "usrloc-sql-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called under the table's lock for every change: only records the AoR. */
    @Override
    public void changed(Str aor) {
        dirty.add(aor);
        if (dirty.size() >= batchSize && lock.tryLock()) {
            try {
                work.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Marks every AoR for writing (management's {@code ul_sync}). */
    public void markAll() {
        dirty.addAll(location.dump(Integer.MAX_VALUE).keySet());
        wake();
    }

    /**
     * Waits until everything marked so far is written, at most {@code timeout}.
     *
     * @return whether it was
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        wake();
        lock.lock();
        try {
            while (!dirty.isEmpty() || writing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                work.signal();
                idle.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    public Stats stats() {
        return new Stats(aorsWritten.get(), batches.get(), failures.get(), rejected.get(), dirty.size(),
                lastFlushMicros);
    }

    private void wake() {
        lock.lock();
        try {
            work.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long backoff = 0;
        boolean outageLogged = false;
        while (!stopping || !dirty.isEmpty()) {
            lock.lock();
            try {
                if (dirty.isEmpty() && !stopping) {
                    idle.signalAll();
                    work.await(flushMillis, TimeUnit.MILLISECONDS);
                } else if (backoff > 0 && !stopping) {
                    work.await(backoff, TimeUnit.MILLISECONDS);
                }
                writing = !dirty.isEmpty();
            } catch (InterruptedException e) {
                if (stopping) {
                    break;
                }
                continue;
            } finally {
                lock.unlock();
            }
            if (!writing) {
                continue;
            }
            List<Str> batch = take();
            try {
                write(batch);
                backoff = 0;
                if (outageLogged) {
                    log.info("usrloc: writing to {} works again", store);
                    outageLogged = false;
                }
            } catch (SQLException | RuntimeException e) {
                dirty.addAll(batch);
                failures.incrementAndGet();
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(100, backoff * 2));
                if (!outageLogged) {
                    log.warn("usrloc: cannot write to {} ({}); {} AoRs wait, retrying", store, e.toString(),
                            dirty.size());
                    outageLogged = true;
                }
                if (stopping && backoff >= MAX_BACKOFF_MILLIS) {
                    log.error("usrloc: stopping with {} AoRs not written to {}", dirty.size(), store);
                    break;
                }
            } finally {
                lock.lock();
                try {
                    writing = false;
                    if (dirty.isEmpty()) {
                        idle.signalAll();
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private List<Str> take() {
        List<Str> batch = new ArrayList<>(Math.min(batchSize, dirty.size()));
        for (Iterator<Str> it = dirty.iterator(); it.hasNext() && batch.size() < batchSize; ) {
            batch.add(it.next());
            it.remove();
        }
        return batch;
    }

    /**
     * Writes the batch. When the database refuses the data (a value too long, a constraint), each AoR is written
     * alone to find the ones it refuses: those are logged and counted as rejected, the rest written. Any other
     * error (the database or the table unreachable) fails the whole batch, to be retried.
     */
    private void write(List<Str> batch) throws SQLException {
        long t0 = System.nanoTime();
        try {
            store.replace(current(batch));
        } catch (SQLException whole) {
            if (!isDataError(whole)) {
                throw whole;
            }
            for (Str aor : batch) {
                try {
                    store.replace(current(List.of(aor)));
                } catch (SQLException alone) {
                    if (!isDataError(alone)) {
                        dirty.add(aor); // the database went away meanwhile: written later
                        throw alone;
                    }
                    rejected.incrementAndGet();
                    log.warn("usrloc: {} refuses the bindings of {}: {}", store, aor, alone.toString());
                }
            }
        }
        batches.incrementAndGet();
        aorsWritten.addAndGet(batch.size());
        lastFlushMicros = (System.nanoTime() - t0) / 1_000;
    }

    /** SQL data exceptions (class 22) and integrity violations (23): the rows, not the database, are at fault. */
    static boolean isDataError(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                return true;
            }
            String m = String.valueOf(x.getMessage());
            if (state == null && (m.contains("SQLITE_CONSTRAINT") || m.contains("SQLITE_TOOBIG"))) {
                return true;
            }
        }
        return false;
    }

    private Map<Str, List<io.sipcluster.usrloc.Binding>> current(List<Str> aors) {
        Map<Str, List<io.sipcluster.usrloc.Binding>> out = new LinkedHashMap<>();
        for (Str aor : aors) {
            out.put(aor, location.lookup(aor));
        }
        return out;
    }

    /** Writes what is left (waiting for the database up to its backoff), then stops. */
    @Override
    public void close() {
        stopping = true;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!dirty.isEmpty()) {
            log.error("usrloc: {} AoRs were not written to {} before stopping", dirty.size(), store);
        }
    }
}
