package io.sipcluster.runtime;

import io.sipcluster.core.SendResult;
import io.sipcluster.wire.Routable;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Packets any thread wants broadcast in one cluster, sent by the loop in batches: the first packet queued schedules
 * one drain (after {@code gatherMillis}), which sends everything queued by then in queue order. At thousands of
 * packets a second the loop wakes a few hundred times instead of once per packet. Counts what was sent and what
 * could not be (nobody reachable).
 */
public final class BroadcastQueue {
    private final ClusterNode node;
    private final int clusterId;
    private final long gatherMillis;
    private final ConcurrentLinkedQueue<Routable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong notSent = new AtomicLong();

    /** {@code gatherMillis} 0 drains at the loop's next turn. */
    public BroadcastQueue(ClusterNode node, int clusterId, long gatherMillis) {
        this.node = Objects.requireNonNull(node, "node");
        this.clusterId = clusterId;
        this.gatherMillis = gatherMillis;
    }

    /** Queues {@code packet}; never blocks. */
    public void add(Routable packet) {
        queue.add(packet);
        if (drainScheduled.compareAndSet(false, true)) {
            EngineCall<Void> drain = (engine, now, fx) -> {
                // cleared first: a packet queued while we drain schedules another drain, so none is left behind
                drainScheduled.set(false);
                Routable p;
                while ((p = queue.poll()) != null) {
                    if (engine.broadcast(clusterId, p, now, fx) == SendResult.SENT) {
                        sent.incrementAndGet();
                    } else {
                        notSent.incrementAndGet();
                    }
                }
                return null;
            };
            (gatherMillis > 0 ? node.loop().callLater(drain, gatherMillis) : node.loop().call(drain))
                    .exceptionally(stopped -> null);
        }
    }

    public long sent() {
        return sent.get();
    }

    /** Packets that reached no node (none reachable in the cluster when they were sent). */
    public long notSent() {
        return notSent.get();
    }
}
