package io.sipcluster.mgmt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sipcluster.core.CapabilityView;
import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.IgnoreReason;
import io.sipcluster.core.NodeView;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.runtime.EngineLoop;
import io.sipcluster.wire.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The cluster's metrics. State (links, reachability, capabilities and their sync) is read from the engine on its loop once per scrape
 * ({@link #refresh()}), so the loop pays nothing between scrapes; events are counted on the loop as they are
 * published. The time the loop takes to answer that read is itself a metric: how long any command waits behind the
 * loop's queue.
 */
public final class ClusterMetrics implements Consumer<ClusterEvent> {

    private final MeterRegistry registry;
    private final EngineLoop loop;
    private final Duration probeTimeout;
    private final MultiGauge linkState;
    private final MultiGauge nodeReachable;
    private final MultiGauge nodeEnabled;
    private final MultiGauge clusterNodes;
    private final MultiGauge clusterReachable;
    private final MultiGauge clusterLinksUp;
    private final MultiGauge localEnabled;
    private final MultiGauge capabilityState;
    private final MultiGauge capabilityEnabled;
    private final MultiGauge syncReceived;
    private final MultiGauge syncExpected;
    private final MultiGauge syncAttempts;
    private final MultiGauge syncBuffered;
    private final AtomicLong loopLatencyNanos = new AtomicLong(-1);
    private final AtomicLong pendingCommands = new AtomicLong();
    /** The engine's ignored-input counts as of the last scrape (they only grow). */
    private volatile Map<IgnoreReason, Long> ignored = Map.of();
    private final Counter probeFailures;
    /** Counters by (cluster, kind); touched only on the loop thread. */
    private final Map<String, Counter> eventCounters = new HashMap<>();

    /**
     * @param probeTimeout how long a scrape waits for the loop; past it the previous values are served and
     *     {@code sipcluster_loop_probe_failures_total} counts the miss
     */
    public ClusterMetrics(MeterRegistry registry, EngineLoop loop, Duration probeTimeout) {
        this.registry = registry;
        this.loop = loop;
        this.probeTimeout = probeTimeout;
        linkState = MultiGauge.builder("sipcluster.node.link.state")
                .description("1 for the direct link's state as clusterer_list shows it (up, down, probe), 0 for the others")
                .register(registry);
        nodeReachable = MultiGauge.builder("sipcluster.node.reachable")
                .description("1 when a path to the node exists (directly or through others)").register(registry);
        nodeEnabled = MultiGauge.builder("sipcluster.node.enabled")
                .description("1 unless the node was disabled here (clusterer_set_status)").register(registry);
        clusterNodes = MultiGauge.builder("sipcluster.cluster.nodes")
                .description("other nodes this node knows in the cluster").register(registry);
        clusterReachable = MultiGauge.builder("sipcluster.cluster.reachable.nodes")
                .description("other nodes reachable now").register(registry);
        clusterLinksUp = MultiGauge.builder("sipcluster.cluster.links.up")
                .description("direct links up (OpenSIPS clusterer_nodes_up)").register(registry);
        localEnabled = MultiGauge.builder("sipcluster.cluster.local.enabled")
                .description("1 unless the local node is disabled in the cluster").register(registry);
        capabilityState = MultiGauge.builder("sipcluster.capability.sync.state")
                .description("1 for the capability's sync state here (synced, pending, in_progress, not_synced)")
                .register(registry);
        capabilityEnabled = MultiGauge.builder("sipcluster.capability.enabled")
                .description("0 when the capability was disabled with clusterer_set_cap_status").register(registry);
        syncReceived = MultiGauge.builder("sipcluster.capability.sync.chunks.received")
                .description("records received in the current (or last) sync").register(registry);
        syncExpected = MultiGauge.builder("sipcluster.capability.sync.chunks.expected")
                .description("records the donor announced for the current sync, -1 before it says").register(registry);
        syncAttempts = MultiGauge.builder("sipcluster.capability.sync.attempts")
                .description("sync requests sent for the current sync (another donor after a failure)")
                .register(registry);
        syncBuffered = MultiGauge.builder("sipcluster.capability.sync.buffered")
                .description("live updates held back until the sync completes").register(registry);
        Gauge.builder("sipcluster.loop.latency", loopLatencyNanos, n -> n.get() < 0 ? Double.NaN : n.get() / 1e9)
                .description("time the engine loop took to answer the last scrape's read (queue wait included)")
                .baseUnit("seconds")
                .register(registry);
        probeFailures = Counter.builder("sipcluster.loop.probe.failures")
                .description("scrapes the engine loop did not answer in time").register(registry);
        for (IgnoreReason reason : IgnoreReason.values()) {
            FunctionCounter.builder("sipcluster.ignored.inputs", this, m -> m.ignored.getOrDefault(reason, 0L))
                    .description("inputs the engine ignored (never fatal), by reason")
                    .tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        Gauge.builder("sipcluster.commands.pending", pendingCommands, AtomicLong::get)
                .description("MI commands sent to other nodes and awaiting their result")
                .register(registry);
    }

    /**
     * Counts an engine event; runs on the loop thread. Ignored inputs are left to {@code sipcluster_ignored_inputs}:
     * they may name any cluster id a peer cares to send, and labels must not grow with what peers send.
     */
    @Override
    public void accept(ClusterEvent event) {
        if (event instanceof ClusterEvent.Ignored) {
            return;
        }
        String kind = EventKinds.of(event);
        eventCounters.computeIfAbsent(event.clusterId() + "/" + kind, k -> Counter.builder("sipcluster.cluster.events")
                .description("engine events by kind (node_up, node_down, sync_done, ...); ignored inputs are counted apart")
                .tags("cluster", Integer.toString(event.clusterId()), "kind", kind)
                .register(registry)).increment();
    }

    /** Reads the engine's state on the loop and updates the gauges; called before each scrape. */
    public void refresh() {
        Snapshot s = read();
        if (s == null) {
            return;
        }
        ignored = s.ignored;
        pendingCommands.set(s.pendingCommands);

        List<String> linkStates = List.of("up", "down", "probe");
        showStates(linkState, s.nodes, NodeRow::tags, linkStates, n -> n.linkState.toLowerCase(Locale.ROOT));
        show(nodeReachable, s.nodes, NodeRow::tags, n -> n.reachable ? 1 : 0);
        show(nodeEnabled, s.nodes, NodeRow::tags, n -> n.enabled ? 1 : 0);

        show(clusterNodes, s.clusters, ClusterRow::tags, c -> c.nodes);
        show(clusterReachable, s.clusters, ClusterRow::tags, c -> c.reachable);
        show(clusterLinksUp, s.clusters, ClusterRow::tags, c -> c.linksUp);
        show(localEnabled, s.clusters, ClusterRow::tags, c -> c.localEnabled ? 1 : 0);

        List<String> syncStates = List.of("synced", "pending", "in_progress", "not_synced");
        showStates(capabilityState, s.capabilities, CapabilityRow::tags, syncStates,
                c -> c.sync.state().name().toLowerCase(Locale.ROOT));
        show(capabilityEnabled, s.capabilities, CapabilityRow::tags, c -> c.enabled ? 1 : 0);
        show(syncReceived, s.capabilities, CapabilityRow::tags, c -> c.sync.chunksReceived());
        show(syncExpected, s.capabilities, CapabilityRow::tags, c -> c.sync.chunksExpected());
        show(syncAttempts, s.capabilities, CapabilityRow::tags, c -> c.sync.attempts());
        show(syncBuffered, s.capabilities, CapabilityRow::tags, c -> c.sync.buffered());
    }

    /** The snapshot, timed (the loop latency); null when the loop did not answer in time. */
    private Snapshot read() {
        long start = System.nanoTime();
        try {
            Snapshot s = loop.call(ClusterMetrics::snapshot).get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            loopLatencyNanos.set(System.nanoTime() - start);
            return s;
        } catch (TimeoutException | ExecutionException e) {
            probeFailures.increment();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** One series per item; series of items that are gone (a removed node) disappear. */
    private static <T> void show(MultiGauge gauge, List<T> items, Function<T, Tags> tags, ToDoubleFunction<T> value) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(items.size());
        for (T item : items) {
            rows.add(MultiGauge.Row.of(tags.apply(item), value.applyAsDouble(item)));
        }
        gauge.register(rows, true);
    }

    /** A state set: one series per item and state, 1 for the item's current state and 0 for the others. */
    private static <T> void showStates(MultiGauge gauge, List<T> items, Function<T, Tags> tags, List<String> states,
                                       Function<T, String> current) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>(items.size() * states.size());
        for (T item : items) {
            String now = current.apply(item);
            for (String state : states) {
                rows.add(MultiGauge.Row.of(tags.apply(item).and("state", state), state.equals(now) ? 1 : 0));
            }
        }
        gauge.register(rows, true);
    }

    private record NodeRow(int clusterId, int nodeId, String linkState, boolean reachable, boolean enabled) {
        Tags tags() {
            return Tags.of("cluster", Integer.toString(clusterId), "node", Integer.toString(nodeId));
        }
    }

    private record ClusterRow(int clusterId, int nodes, int reachable, int linksUp, boolean localEnabled) {
        Tags tags() {
            return Tags.of("cluster", Integer.toString(clusterId));
        }
    }

    private record CapabilityRow(int clusterId, String name, boolean enabled, SyncStatus sync) {
        Tags tags() {
            return Tags.of("cluster", Integer.toString(clusterId), "capability", name);
        }
    }

    private record Snapshot(List<NodeRow> nodes, List<ClusterRow> clusters, List<CapabilityRow> capabilities,
                            Map<IgnoreReason, Long> ignored, int pendingCommands) {}

    /** Runs on the loop: copies what the gauges show, nothing more. */
    private static Snapshot snapshot(ClusterEngine engine, long now, io.sipcluster.core.Effects fx) {
        List<NodeRow> nodes = new ArrayList<>();
        List<ClusterRow> clusters = new ArrayList<>();
        List<CapabilityRow> capabilities = new ArrayList<>();
        for (int clusterId : engine.clusterIds()) {
            for (CapabilityView c : engine.capabilities(clusterId)) {
                capabilities.add(new CapabilityRow(clusterId, c.name(), c.enabled(),
                        engine.syncStatus(clusterId, Capability.of(c.name()))));
            }
            int linksUp = 0;
            List<NodeView> views = engine.nodes(clusterId);
            for (NodeView n : views) {
                nodes.add(new NodeRow(clusterId, n.nodeId(), n.linkState().display(), n.reachable(), n.enabled()));
                if (n.linkState() == LinkState.UP) {
                    linksUp++;
                }
            }
            clusters.add(new ClusterRow(clusterId, views.size(), engine.reachable(clusterId).size(), linksUp,
                    engine.isEnabled(clusterId)));
        }
        return new Snapshot(nodes, clusters, capabilities, engine.ignoredCounts(), engine.pendingCommands());
    }
}
