package io.sipcluster.runtime;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.Effects;
import io.sipcluster.core.NodeView;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.ExtraMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a {@link ClusterEngine}: it runs the heartbeat, feeds received packets and commands to
 * the engine, and carries out the engine's effects. Other threads reach the engine only through {@link #call}.
 *
 * <p>Received packets wait in two lanes ({@link InboundLanes}): control packets are processed before bulk ones, so
 * pings are answered on time while a large sync is being applied. Packets are processed for at most 2 ms per
 * turn; between turns the thread runs the heartbeat and the calls of other threads.
 *
 * <p>Event listeners and packet handlers run on this thread and must return quickly; anything slow (I/O, SQL)
 * belongs on another executor.
 */
public final class EngineLoop implements Inbound, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);
    /** How long received packets are processed in one turn of the executor before the heartbeat and calls may run. */
    private static final long DRAIN_BUDGET_NANOS = 2_000_000;

    private final ClusterEngine engine;
    private final ScheduledExecutorService thread;
    private final long startNanos = System.nanoTime();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PacketHandler> handlers = new ConcurrentHashMap<>();
    private final LoopEffects fx = new LoopEffects();
    private final InboundLanes lanes = new InboundLanes();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private volatile Thread loopThread;
    private volatile Transport transport = Transport.NONE;
    private volatile boolean closed;

    public EngineLoop(ClusterEngine engine) {
        this.engine = engine;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sipcluster-loop-" + engine.nodeId());
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
    }

    /** Where the effects' packets go. Set before {@link #start()}. */
    public void setTransport(Transport transport) {
        this.transport = transport;
    }

    /** Starts the heartbeat at the engine's tick period. */
    public void start() {
        long period = engine.timings().tickMillis();
        thread.scheduleAtFixedRate(() -> runSafely(() -> engine.tick(now(), fx)), 0, period, TimeUnit.MILLISECONDS);
    }

    /** Monotonic milliseconds since this loop was created: the time the engine sees. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    public int nodeId() {
        return engine.nodeId();
    }

    /** Runs {@code call} on the loop thread; the future completes with its result or exception. */
    public <T> CompletableFuture<T> call(EngineCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(call.run(engine, now(), fx));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("node " + engine.nodeId() + " is stopped"));
        }
        return result;
    }

    /** Runs {@code call} on the loop thread after {@code delayMillis}; the future completes with its result. */
    public <T> CompletableFuture<T> callLater(EngineCall<T> call, long delayMillis) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.schedule(() -> {
                try {
                    result.complete(call.run(engine, now(), fx));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("node " + engine.nodeId() + " is stopped"));
        }
        return result;
    }

    /**
     * Convenience for views: blocks the caller until the loop answered. On the loop thread itself (a listener or
     * handler reading state) it runs at once instead of waiting for itself.
     */
    public <T> T read(EngineCall<T> call) {
        if (isLoopThread()) {
            try {
                return call.run(engine, now(), fx);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }
        return call(call).join();
    }

    /** True on the thread that owns the engine. */
    public boolean isLoopThread() {
        return Thread.currentThread() == loopThread;
    }

    /** Received packets not processed yet. */
    public int queuedPackets() {
        return lanes.size();
    }

    public void addListener(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ClusterEvent> listener) {
        listeners.remove(listener);
    }

    /**
     * Packets of capability {@code capabilityName} in {@code clusterId} go to {@code handler}, and so do the SYNC
     * packets carrying that capability's records. GENERIC_MSG and MI_CMD go to the handler of
     * {@code "clusterer-extra"}.
     */
    public void setPacketHandler(int clusterId, String capabilityName, PacketHandler handler) {
        handlers.put(clusterId + "/" + capabilityName, handler);
    }

    // ------------------------------------------------------------------ from the transport's threads

    @Override
    public void received(BinMessage message, long connectionId) {
        received(new ReceivedPacket(message, connectionId, 0, PacketSource.NONE));
    }

    @Override
    public void received(ReceivedPacket packet) {
        if (closed) {
            packet.source().processed(packet, true);
            return;
        }
        lanes.add(packet);
        scheduleDrain();
    }

    @Override
    public void connectionLost(Str url) {
        submit(() -> {
            for (int clusterId : engine.clusterIds()) {
                for (NodeView n : engine.nodes(clusterId)) {
                    if (n.url().equals(url)) {
                        engine.connectionLost(clusterId, n.nodeId(), fx);
                    }
                }
            }
        });
    }

    private void submit(Runnable work) {
        if (closed) {
            return;
        }
        try {
            thread.execute(() -> runSafely(work));
        } catch (RejectedExecutionException e) {
            // stopping: late packets are dropped
        }
    }

    private void scheduleDrain() {
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                thread.execute(this::drainLanes);
            } catch (RejectedExecutionException e) {
                // stopping: packets still in the lanes are dropped with the loop
            }
        }
    }

    /**
     * Processes received packets, control first, for at most {@link #DRAIN_BUDGET_NANOS}: then the heartbeat and
     * the calls of other threads, queued on the same executor, get their turn. A module that applies each bulk
     * packet slowly must delay neither the failure detection nor a management call by more than about one packet.
     */
    private void drainLanes() {
        drainScheduled.set(false);
        long start = System.nanoTime();
        ReceivedPacket p;
        while ((p = lanes.next()) != null) {
            process(p);
            if (System.nanoTime() - start >= DRAIN_BUDGET_NANOS) {
                break;
            }
        }
        if (lanes.size() > 0) {
            scheduleDrain();
        }
    }

    private void process(ReceivedPacket p) {
        long ignoredBefore = fx.ignored;
        runSafely(() -> engine.receive(p.message(), p.connectionId(), now(), fx));
        try {
            p.source().processed(p, fx.ignored != ignoredBefore);
        } catch (RuntimeException e) {
            log.warn("packet source failed after processing", e);
        }
    }

    /** A bug in one input must not kill the loop: log it and go on with the next input. */
    private static void runSafely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("cluster loop: input failed", e);
        }
    }

    /** Stops the heartbeat and the thread; pending work already queued still runs, up to {@code waitMillis}. */
    public void close(long waitMillis) {
        closed = true;
        thread.shutdown();
        try {
            thread.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
    }

    @Override
    public void close() {
        close(2_000);
    }

    // ------------------------------------------------------------------ effects

    private final class LoopEffects implements Effects {
        /** Ignored events published so far (loop thread only): tells whether an input was of any use. */
        long ignored;

        @Override
        public void send(Str url, BinMessage message) {
            transport.send(url, message);
        }

        @Override
        public void reply(long connection, BinMessage message) {
            transport.reply(connection, message);
        }

        @Override
        public void publish(ClusterEvent event) {
            if (event instanceof ClusterEvent.Ignored) {
                ignored++;
            }
            for (Consumer<ClusterEvent> l : listeners) {
                try {
                    l.accept(event);
                } catch (RuntimeException e) {
                    log.warn("event listener failed on {}", event, e);
                }
            }
        }

        @Override
        public void deliver(int clusterId, int srcNodeId, Routable packet) {
            // SYNC packets travel as clusterer-extra but carry a module's records: they go to that module.
            String capability = packet instanceof ExtraMessage.Sync sync
                    ? sync.capName().toString() : packet.capability().name();
            PacketHandler h = handlers.get(clusterId + "/" + capability);
            if (h == null) {
                log.debug("cluster {}: no handler for {} from node {}", clusterId, capability, srcNodeId);
                return;
            }
            try {
                h.onPacket(clusterId, srcNodeId, packet);
            } catch (RuntimeException e) {
                log.warn("cluster {}: handler of {} failed on a packet from node {}", clusterId,
                        packet.capability(), srcNodeId, e);
            }
        }
    }

    /** For tests and tools that must wait until everything submitted so far has run, received packets included. */
    public void drain() {
        do {
            call((e, now, f) -> null).join();
        } while (lanes.size() > 0 && !closed);
    }

}
