package io.sipcluster.core;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;

/**
 * The caller's effects, with every {@link ClusterEvent.Ignored} counted on its way through. Counting where
 * events leave the engine catches every place that ignores something, present and future.
 */
final class CountingEffects implements Effects {
    private final Effects delegate;
    private final long[] ignored;

    /** @param ignored counters indexed by {@link IgnoreReason#ordinal()}, owned by the engine */
    CountingEffects(Effects delegate, long[] ignored) {
        this.delegate = delegate;
        this.ignored = ignored;
    }

    @Override
    public void send(Str url, BinMessage message) {
        delegate.send(url, message);
    }

    @Override
    public void reply(long connection, BinMessage message) {
        delegate.reply(connection, message);
    }

    @Override
    public void publish(ClusterEvent event) {
        if (event instanceof ClusterEvent.Ignored i) {
            ignored[i.reason().ordinal()]++;
        }
        delegate.publish(event);
    }

    @Override
    public void deliver(int clusterId, int srcNodeId, Routable packet) {
        delegate.deliver(clusterId, srcNodeId, packet);
    }
}
