package io.sipcluster.dialog.cdr;

import io.sipcluster.dialog.CallRecord;
import io.sipcluster.dialog.CallRecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CDRs written behind the SIP path: {@link #write} queues (it never blocks the caller), one thread writes batches.
 * A failed batch is retried after a pause that grows from 100 ms to 5 s, so an outage of the store is waited out
 * without losing records; only a full queue (a long outage) loses them, counted and logged.
 */
public final class AsyncCallRecords implements CallRecordSink {
    private static final Logger log = LoggerFactory.getLogger(AsyncCallRecords.class);
    private static final int BATCH = 500;

    private final BatchWriter writer;
    private final BlockingQueue<CallRecord> queue;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closing;
    private final String name;

    AsyncCallRecords(BatchWriter writer, int capacity, String name) {
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.name = name;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void write(CallRecord record) {
        if (!queue.offer(record)) {
            if (lost.incrementAndGet() % 1000 == 1) {
                log.error("cdr: the queue is full ({} records); records are being lost", queue.size());
            }
        }
    }

    /** The writer's thread name: cdr-csv or cdr-sql. */
    public String name() {
        return name;
    }

    public long written() {
        return written.get();
    }

    public long lost() {
        return lost.get();
    }

    public long failures() {
        return failures.get();
    }

    public int queued() {
        return queue.size();
    }

    private void run() {
        List<CallRecord> batch = new ArrayList<>(BATCH);
        long pause = 100;
        while (true) {
            try {
                if (batch.isEmpty()) {
                    CallRecord first = queue.poll(50, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                }
                writer.write(batch);
                written.addAndGet(batch.size());
                batch.clear();
                pause = 100;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                failures.incrementAndGet();
                log.warn("cdr: writing {} records failed ({}); retried in {} ms", batch.size(), e.getMessage(), pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    return;
                }
                pause = Math.min(5_000, pause * 2);
                if (closing && pause >= 5_000) {
                    log.error("cdr: {} records not written at shutdown", batch.size() + queue.size());
                    return;
                }
            }
        }
    }

    /** Writes what is queued (waiting up to 5 s), then closes the store. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
        writer.close();
    }
}
