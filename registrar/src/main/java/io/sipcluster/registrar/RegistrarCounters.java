package io.sipcluster.registrar;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a listener saw: datagrams received, answers sent by status code, and datagrams dropped without an answer
 * (unparseable, a response, an ACK, or an empty keepalive).
 */
public final class RegistrarCounters {
    private final LongAdder received = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder unparseable = new LongAdder();
    private final AtomicLongArray answeredByCode = new AtomicLongArray(700);

    void received() {
        received.increment();
    }

    void dropped(boolean parseFailure) {
        dropped.increment();
        if (parseFailure) {
            unparseable.increment();
        }
    }

    void answered(int status) {
        answeredByCode.incrementAndGet(status);
    }

    public long receivedCount() {
        return received.sum();
    }

    /** Everything received and not answered. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** The dropped datagrams that did not parse as a SIP message (a subset of {@link #droppedCount()}). */
    public long unparseableCount() {
        return unparseable.sum();
    }

    public long answeredCount(int status) {
        return status < 100 || status > 699 ? 0 : answeredByCode.get(status);
    }

    public long answeredCount() {
        long n = 0;
        for (int i = 100; i < 700; i++) {
            n += answeredByCode.get(i);
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("received=").append(receivedCount()).append(" dropped=")
                .append(droppedCount()).append(" unparseable=").append(unparseableCount()).append(" answered={");
        String sep = "";
        for (int i = 100; i < 700; i++) {
            long n = answeredByCode.get(i);
            if (n > 0) {
                s.append(sep).append(i).append('=').append(n);
                sep = ", ";
            }
        }
        return s.append('}').toString();
    }
}
