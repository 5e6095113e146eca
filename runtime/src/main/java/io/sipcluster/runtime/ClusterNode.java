package io.sipcluster.runtime;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.NodeMatch;
import io.sipcluster.core.SendResult;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.SyncStream;
import io.sipcluster.runtime.transport.BinTransport;
import io.sipcluster.runtime.transport.TransportStats;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster node embedded in a Java program: the clusterer engine, the loop thread that owns it and the BIN
 * transport, wired together from {@link NodeSettings}.
 *
 * <pre>{@code
 * ClusterNode node = new ClusterNode(NodeSettings.builder(1)
 *         .cluster(new ClusterSetup(1, NodeDescriptor.of(1, "bin:10.0.0.1:5555"),
 *                 List.of(NodeDescriptor.of(2, "bin:10.0.0.2:5555")), false))
 *         .build());
 * node.addListener(event -> log.info("{}", event));
 * node.registerCapability(1, Capability.of("my-module"), myModule);
 * node.start();
 * ...
 * node.broadcast(1, packet);
 * node.close();
 * }</pre>
 *
 * <p>Threads: every method may be called from any thread. Those that change state return a future completed on
 * the loop thread; those that read state block until the loop answers (or run at once when called on the loop
 * thread, from a listener or module). Listeners and modules run on the loop thread and must not block.
 */
public final class ClusterNode implements AutoCloseable {
    /** SYNC packets (about 32 KB each) sent per loop turn of a sync stream, at most. */
    static final int SYNC_PACKETS_PER_STEP = 8;
    /** A sync stream waits while this much bulk data is queued and not yet written to sockets, at most. */
    static final long SYNC_QUEUE_HIGH_WATER = 4L << 20;
    private static final int SYNC_PACKET_BYTES = 32_768;
    /** How long a waiting sync stream sleeps before it looks at the queues again. */
    static final long SYNC_WAIT_MILLIS = 2;

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final NodeSettings settings;
    private final EngineLoop loop;
    private final Map<String, Registration> modules = new ConcurrentHashMap<>();
    private volatile BinTransport transport;
    private volatile boolean started;
    private volatile boolean closed;

    private record Registration(int clusterId, Capability capability, CapabilityModule module) {}

    /** Builds the node; nothing listens or runs before {@link #start()}. */
    /** The high water and step of sync streams, within the bulk queue limit so that no SYNC packet is dropped. */
    private final long syncHighWater;
    private final int syncPacketsPerStep;

    public ClusterNode(NodeSettings settings) {
        this.settings = settings;
        ClusterEngine engine = new ClusterEngine(settings.nodeId(), settings.clusters(), settings.timings(),
                () -> (int) (System.currentTimeMillis() / 1000));
        this.loop = new EngineLoop(engine);
        long bulk = settings.limits().bulkQueueBytes();
        this.syncHighWater = Math.min(SYNC_QUEUE_HIGH_WATER, bulk / 2);
        this.syncPacketsPerStep = (int) Math.max(1, Math.min(SYNC_PACKETS_PER_STEP,
                (bulk - syncHighWater) / SYNC_PACKET_BYTES));
        loop.addListener(this::logTransition);
        loop.addListener(this::routeToModules);
    }

    /**
     * Binds the listeners, declares the configured sharing tags and starts the heartbeat.
     *
     * @throws java.io.UncheckedIOException when a listener cannot be bound
     * @throws IllegalArgumentException when the TLS material cannot be loaded
     */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException("node " + nodeId() + " was already started");
        }
        transport = BinTransport.start(settings.listeners(), settings.tls(), settings.limits(), loop,
                "sipcluster-bin-" + settings.nodeId());
        loop.setTransport(transport);
        loop.call((engine, now, fx) -> {
            for (SharingTagSetting tag : settings.sharingTags()) {
                engine.declareSharingTag(tag.clusterId(), tag.name(), tag.active(), fx);
            }
            return null;
        }).join();
        loop.start();
        started = true;
        log.info("node {} started: listening on {}, clusters {}, timings {}", nodeId(), settings.listeners(),
                settings.clusters().stream().map(c -> c.clusterId()).toList(), settings.timings());
    }

    public int nodeId() {
        return settings.nodeId();
    }

    public NodeSettings settings() {
        return settings;
    }

    /** The loop that owns the engine, for management and tools that need the engine's full API. */
    public EngineLoop loop() {
        return loop;
    }

    /** The addresses the listeners are bound to (empty before {@link #start()}). */
    public List<InetSocketAddress> boundAddresses() {
        BinTransport t = transport;
        return t == null ? List.of() : t.boundAddresses();
    }

    // ------------------------------------------------------------------ events

    /** {@code listener} hears every {@link ClusterEvent}, on the loop thread. */
    public void addListener(Consumer<ClusterEvent> listener) {
        loop.addListener(listener);
    }

    public void removeListener(Consumer<ClusterEvent> listener) {
        loop.removeListener(listener);
    }

    // ------------------------------------------------------------------ capabilities

    /** Registers a capability whose data starts complete on this node (nothing to sync). */
    public CompletableFuture<Void> registerCapability(int clusterId, Capability capability, CapabilityModule module) {
        return register(clusterId, capability, module, false);
    }

    /**
     * Registers a capability whose data must first come from another node (OpenSIPS {@code startup_sync}); call
     * {@link #requestSync} to fetch it. Live packets are held back until the sync is done.
     */
    public CompletableFuture<Void> registerCapabilityNeedingSync(int clusterId, Capability capability,
                                                                 CapabilityModule module) {
        return register(clusterId, capability, module, true);
    }

    private CompletableFuture<Void> register(int clusterId, Capability capability, CapabilityModule module,
                                             boolean needsSync) {
        if (capability.equals(Capability.CLUSTERER_INTERNAL) || capability.equals(Capability.CLUSTERER_EXTRA)) {
            throw new IllegalArgumentException(capability + " belongs to the clusterer itself");
        }
        if (modules.putIfAbsent(key(clusterId, capability.name()), new Registration(clusterId, capability, module)) != null) {
            throw new IllegalStateException(capability + " is already registered in cluster " + clusterId);
        }
        loop.setPacketHandler(clusterId, capability.name(), module::onPacket);
        return loop.call((engine, now, fx) -> {
            if (needsSync) {
                engine.registerCapabilityNeedingSync(clusterId, capability);
            } else {
                engine.registerCapability(clusterId, capability);
            }
            return null;
        });
    }

    /** Asks a donor for all of the capability's data; progress comes as events to the module and listeners. */
    public CompletableFuture<Void> requestSync(int clusterId, Capability capability) {
        return loop.call((engine, now, fx) -> {
            engine.requestSync(clusterId, capability, now, fx);
            return null;
        });
    }

    public SyncStatus syncStatus(int clusterId, Capability capability) {
        return loop.read((engine, now, fx) -> engine.syncStatus(clusterId, capability));
    }

    // ------------------------------------------------------------------ sending

    /** Sends a module or clusterer-extra packet to one node, through other nodes if there is no direct link. */
    public CompletableFuture<SendResult> send(int clusterId, int dstNodeId, Routable packet) {
        return loop.call((engine, now, fx) -> engine.send(clusterId, dstNodeId, packet, now, fx));
    }

    /** Sends a packet to every enabled node of the cluster. */
    public CompletableFuture<SendResult> broadcast(int clusterId, Routable packet) {
        return broadcast(clusterId, packet, NodeMatch.ANY);
    }

    /** Sends a packet to the enabled nodes whose SIP address matches as asked (OpenSIPS {@code send_all_having}). */
    public CompletableFuture<SendResult> broadcast(int clusterId, Routable packet, NodeMatch match) {
        return loop.call((engine, now, fx) -> engine.broadcast(clusterId, packet, match, now, fx));
    }

    // ------------------------------------------------------------------ sharing tags

    /** Takes the tag here and tells every other node, which sets it to backup. */
    public CompletableFuture<Void> activateSharingTag(int clusterId, String tag) {
        return loop.call((engine, now, fx) -> {
            engine.activateSharingTag(clusterId, tag, now, fx);
            return null;
        });
    }

    /** Tag name to active (true) or backup (false). */
    public Map<String, Boolean> sharingTags(int clusterId) {
        return loop.read((engine, now, fx) -> Map.copyOf(engine.sharingTags(clusterId)));
    }

    /** Whether this node holds the tag; false for a tag it does not know. */
    public boolean isSharingTagActive(int clusterId, String tag) {
        return Boolean.TRUE.equals(sharingTags(clusterId).get(tag));
    }

    // ------------------------------------------------------------------ views

    public ClusterView view(int clusterId) {
        return loop.read((engine, now, fx) -> new ClusterView(clusterId, engine.isEnabled(clusterId),
                engine.nodes(clusterId), engine.reachable(clusterId), engine.sharingTags(clusterId)));
    }

    /** One view per cluster, by cluster id. */
    public List<ClusterView> views() {
        return loop.read((engine, now, fx) -> {
            List<ClusterView> all = new ArrayList<>();
            for (int id : engine.clusterIds()) {
                all.add(new ClusterView(id, engine.isEnabled(id), engine.nodes(id), engine.reachable(id),
                        engine.sharingTags(id)));
            }
            return all;
        });
    }

    /** The transport's counters; all zero before {@link #start()}. */
    public TransportStats transportStats() {
        BinTransport t = transport;
        return t == null ? TransportStats.NONE : t.stats();
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Stops the heartbeat and the loop (work already queued runs, briefly), then writes what is queued for other
     * nodes (up to the transport's shutdown flush timeout) and closes every connection. Peers see the
     * connections close and probe this node at once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        loop.close(1_000);
        BinTransport t = transport;
        if (t != null) {
            t.close();
        }
        log.info("node {} stopped", nodeId());
    }

    // ------------------------------------------------------------------ events to the log and to modules

    /** State transitions at INFO (what an operator follows), ignored input at DEBUG (a peer can cause it at will). */
    private void logTransition(ClusterEvent event) {
        if (event instanceof ClusterEvent.Ignored i) {
            log.debug("[{}] cluster {}: ignored a packet from node {}: {}", nodeId(), i.clusterId(), i.fromNodeId(), i.reason());
        } else if (!(event instanceof ClusterEvent.CapabilityChanged)) {
            log.info("[{}] {}", nodeId(), event);
        }
    }

    /** Sends each event to the modules of its cluster: capability events to that capability's module only. */
    private void routeToModules(ClusterEvent event) {
        if (event instanceof ClusterEvent.Ignored || modules.isEmpty()) {
            return;
        }
        String capability = capabilityOf(event);
        for (Registration r : modules.values()) {
            if (r.clusterId() == event.clusterId() && (capability == null || r.capability().name().equals(capability))) {
                try {
                    r.module().onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("cluster {}: module {} failed on {}", r.clusterId(), r.capability(), event, e);
                }
            }
        }
        if (event instanceof ClusterEvent.SyncRequested req) {
            Registration r = modules.get(key(req.clusterId(), req.capability()));
            if (r != null) {
                answerSync(r, req.requesterNodeId());
            }
        }
    }

    /**
     * Streams the module's data to a requester, a few packets per loop turn and only while the transport's bulk
     * queues hold less than {@link #SYNC_QUEUE_HIGH_WATER}: the donor never encodes the whole data set at once, and
     * between steps its loop answers pings and applies updates (a sync of millions of records must not make the
     * donor look dead, as it would with one long turn). Starts after the current input, as the engine must not be
     * re-entered.
     */
    private void answerSync(Registration r, int requester) {
        loop.call((engine, now, fx) -> {
            SyncData data = r.module().syncData(r.clusterId(), requester);
            return engine.openSyncStream(r.clusterId(), r.capability(), requester, data.dataVersion(),
                    data.records());
        }).whenComplete((stream, error) -> {
            if (error != null) {
                log.warn("cluster {}: {} could not start a sync to node {}", r.clusterId(), r.capability(), requester,
                        error);
            } else {
                continueSync(stream, 0);
            }
        });
    }

    private void continueSync(SyncStream stream, long delayMillis) {
        EngineCall<SyncStream.Progress> step = (engine, now, fx) -> {
            BinTransport t = transport;
            if (t != null && t.queuedBulkBytes() > syncHighWater) {
                return null; // wait for the sockets to take what is queued
            }
            return engine.continueSyncStream(stream, syncPacketsPerStep, now, fx);
        };
        CompletableFuture<SyncStream.Progress> next = delayMillis == 0 ? loop.call(step)
                : loop.callLater(step, delayMillis);
        next.whenComplete((progress, error) -> {
            if (error != null) {
                log.warn("cluster {}: sending {} data to node {} failed", stream.clusterId(), stream.capability(),
                        stream.requester(), error);
            } else if (progress == null) {
                continueSync(stream, SYNC_WAIT_MILLIS);
            } else if (progress == SyncStream.Progress.MORE) {
                continueSync(stream, 0);
            } else if (progress == SyncStream.Progress.DONE) {
                log.info("cluster {}: sent {} records of {} to node {}", stream.clusterId(), stream.sentChunks(),
                        stream.capability(), stream.requester());
            } else {
                log.warn("cluster {}: sync of {} to node {} stopped after {} records: the node is unreachable or "
                        + "a packet could not be queued", stream.clusterId(), stream.capability(), stream.requester(),
                        stream.sentChunks());
            }
        });
    }

    private static String capabilityOf(ClusterEvent e) {
        if (e instanceof ClusterEvent.SyncRequested s) {
            return s.capability();
        } else if (e instanceof ClusterEvent.SyncStarted s) {
            return s.capability();
        } else if (e instanceof ClusterEvent.SyncDone s) {
            return s.capability();
        } else if (e instanceof ClusterEvent.SyncFailed s) {
            return s.capability();
        } else if (e instanceof ClusterEvent.SyncSeedFallback s) {
            return s.capability();
        } else if (e instanceof ClusterEvent.CapabilityChanged c) {
            return c.capability();
        }
        return null;
    }

    private static String key(int clusterId, String capability) {
        return clusterId + "/" + capability;
    }
}
