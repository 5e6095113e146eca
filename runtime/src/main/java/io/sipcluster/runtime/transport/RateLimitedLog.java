package io.sipcluster.runtime.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A WARN line that a peer can trigger at will, written at most once per interval; the lines held back are counted
 * and reported with the next one, so a flood costs a counter increment, not a disk.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, long interval, TimeUnit unit) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
    }

    void warn(String format, Object... args) {
        write(true, format, args);
    }

    /** At INFO: for conditions that are normal for a while (a peer still starting) but worth seeing. */
    void log(String format, Object... args) {
        write(false, format, args);
    }

    private void write(boolean warn, String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAllowed.get();
        if ((next == Long.MIN_VALUE || now - next >= 0) && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            long held = suppressed.getAndSet(0);
            String f = held > 0 ? format + " ({} more like this in the last interval)" : format;
            Object[] a = held > 0 ? append(args, held) : args;
            if (warn) {
                log.warn(f, a);
            } else {
                log.info(f, a);
            }
        } else {
            suppressed.incrementAndGet();
        }
    }

    private static Object[] append(Object[] args, Object extra) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
