package io.sipcluster.runtime;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.Effects;
import io.sipcluster.core.NodeView;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a {@link ClusterEngine}: it runs the heartbeat, feeds received packets and commands to
 * the engine, and carries out the engine's effects. Other threads reach the engine only through {@link #call}.
 *
 * <p>Event listeners and packet handlers run on this thread and must return quickly; anything slow (I/O, SQL)
 * belongs on another executor.
 */
public final class EngineLoop implements Inbound, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EngineLoop.class);

    private final ClusterEngine engine;
    private final ScheduledExecutorService thread;
    private final long startNanos = System.nanoTime();
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PacketHandler> handlers = new ConcurrentHashMap<>();
    private final LoopEffects fx = new LoopEffects();
    private volatile Transport transport = Transport.NONE;
    private volatile boolean closed;

    public EngineLoop(ClusterEngine engine) {
        this.engine = engine;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sipcluster-loop-" + engine.nodeId());
            t.setDaemon(true);
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

    /** Convenience for views: blocks the caller (never the loop) until the loop answered. */
    public <T> T read(EngineCall<T> call) {
        return call(call).join();
    }

    public void addListener(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<ClusterEvent> listener) {
        listeners.remove(listener);
    }

    /** Packets of capability {@code capabilityName} in {@code clusterId} go to {@code handler}. */
    public void setPacketHandler(int clusterId, String capabilityName, PacketHandler handler) {
        handlers.put(clusterId + "/" + capabilityName, handler);
    }

    // ------------------------------------------------------------------ from the transport's threads

    @Override
    public void received(BinMessage message, long connectionId) {
        submit(() -> engine.receive(message, connectionId, now(), fx));
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
            PacketHandler h = handlers.get(clusterId + "/" + packet.capability().name());
            if (h == null) {
                log.debug("cluster {}: no handler for {} from node {}", clusterId, packet.capability(), srcNodeId);
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

    /** For tests and tools that must wait until everything submitted so far has run. */
    public void drain() {
        call((e, now, f) -> null).join();
    }

}
