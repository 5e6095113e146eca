package io.sipcluster.ratelimit.cluster;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.ratelimit.Pipes;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.ratelimit.PipeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipe counters shared with {@code ratelimit-pipe-repl} (OpenSIPS {@code pipe_replication_cluster}): every
 * {@link #broadcast} (200 ms) sends this node's counts, in packets of at most 32,767 body bytes; received counts
 * go to the {@link Pipes}. No sync: counters are only ever about the current window.
 */
public final class PipeReplication implements CapabilityModule {
    private static final Logger log = LoggerFactory.getLogger(PipeReplication.class);
    private static final int BUDGET = 32_767;

    private final int clusterId;
    private final Pipes pipes;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile ClusterNode node;

    public PipeReplication(int clusterId, Pipes pipes) {
        this.clusterId = clusterId;
        this.pipes = Objects.requireNonNull(pipes);
    }

    public void start(ClusterNode node) {
        this.node = Objects.requireNonNull(node);
        node.registerCapability(clusterId, Capability.RATELIMIT, this);
    }

    public void broadcast(long nowMillis) {
        List<Pipes.Counter> counters = pipes.toBroadcast(nowMillis);
        if (counters.isEmpty()) {
            return;
        }
        List<PipeCodec.Entry> entries = new ArrayList<>(counters.size());
        for (Pipes.Counter c : counters) {
            entries.add(new PipeCodec.Entry(c.name(), c.flags(), c.algorithm(), c.limit(), c.count()));
        }
        for (ModulePacket p : PipeCodec.encode(entries, BUDGET)) {
            node.broadcast(clusterId, p);
            sent.incrementAndGet();
        }
    }

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        if (!(packet instanceof ModulePacket p)) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            for (PipeCodec.Entry e : PipeCodec.decode(p)) {
                pipes.remote(srcNodeId, new Pipes.Counter(e.name(), e.flags(), e.algorithm(), e.limit(), e.counter()),
                        now);
            }
        } catch (MalformedPacketException bad) {
            refused.incrementAndGet();
            log.warn("ratelimit: a packet from node {} was refused: {}", srcNodeId, bad.getMessage());
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.NodeDown down) {
            pipes.forget(down.nodeId());
        }
    }

    public long sentPackets() {
        return sent.get();
    }

    public long refusedPackets() {
        return refused.get();
    }
}
