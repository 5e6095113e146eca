package io.sipcluster.runtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Received packets waiting for the loop thread, in two FIFO lanes: control is always taken before bulk, so a
 * ping that arrives behind a thousand sync packets is answered next, not after them. Any thread may add; only
 * the loop thread takes.
 */
final class InboundLanes {
    private final Queue<ReceivedPacket> control = new ConcurrentLinkedQueue<>();
    private final Queue<ReceivedPacket> bulk = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();

    void add(ReceivedPacket p) {
        (TrafficClass.of(p.message()) == TrafficClass.CONTROL ? control : bulk).add(p);
        size.incrementAndGet();
    }

    /** The next packet to process, control first; null when both lanes are empty. */
    ReceivedPacket next() {
        ReceivedPacket p = control.poll();
        if (p == null) {
            p = bulk.poll();
        }
        if (p != null) {
            size.decrementAndGet();
        }
        return p;
    }

    int size() {
        return size.get();
    }
}
