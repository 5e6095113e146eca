package io.sipcluster.mgmt.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.IgnoreReason;
import io.sipcluster.core.NodeView;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.runtime.EngineLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The cluster's metrics. State (links, reachability) is read from the engine on its loop once per scrape
 * ({@link #refresh()}), so the loop pays nothing between scrapes; events are counted on the loop as they are
 * published. The time the loop takes to answer that read is itself a metric: how long any command waits behind the
 * loop's queue.
 */
public final class ClusterMetrics implements Consumer<ClusterEvent> {
    private static final String[] LINK_STATES = {"Up", "Down", "Probe"};
    // Labels in lower case, as Prometheus label values usually are; the names are clusterer_list's.

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
        long start = System.nanoTime();
        Snapshot s;
        try {
            s = loop.call(ClusterMetrics::snapshot).get(probeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            probeFailures.increment();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        loopLatencyNanos.set(System.nanoTime() - start);
        ignored = s.ignored;
        pendingCommands.set(s.pendingCommands);
        List<MultiGauge.Row<?>> states = new ArrayList<>();
        List<MultiGauge.Row<?>> reachable = new ArrayList<>();
        List<MultiGauge.Row<?>> enabled = new ArrayList<>();
        for (NodeRow n : s.nodes) {
            Tags node = Tags.of("cluster", Integer.toString(n.clusterId), "node", Integer.toString(n.nodeId));
            for (String state : LINK_STATES) {
                states.add(MultiGauge.Row.of(node.and("state", state.toLowerCase(java.util.Locale.ROOT)),
                        state.equals(n.linkState) ? 1 : 0));
            }
            reachable.add(MultiGauge.Row.of(node, n.reachable ? 1 : 0));
            enabled.add(MultiGauge.Row.of(node, n.enabled ? 1 : 0));
        }
        linkState.register(states, true);
        nodeReachable.register(reachable, true);
        nodeEnabled.register(enabled, true);
        List<MultiGauge.Row<?>> nodes = new ArrayList<>();
        List<MultiGauge.Row<?>> reach = new ArrayList<>();
        List<MultiGauge.Row<?>> up = new ArrayList<>();
        List<MultiGauge.Row<?>> local = new ArrayList<>();
        for (ClusterRow c : s.clusters) {
            Tags cluster = Tags.of("cluster", Integer.toString(c.clusterId));
            nodes.add(MultiGauge.Row.of(cluster, c.nodes));
            reach.add(MultiGauge.Row.of(cluster, c.reachable));
            up.add(MultiGauge.Row.of(cluster, c.linksUp));
            local.add(MultiGauge.Row.of(cluster, c.localEnabled ? 1 : 0));
        }
        clusterNodes.register(nodes, true);
        clusterReachable.register(reach, true);
        clusterLinksUp.register(up, true);
        localEnabled.register(local, true);
    }

    private record NodeRow(int clusterId, int nodeId, String linkState, boolean reachable, boolean enabled) {}

    private record ClusterRow(int clusterId, int nodes, int reachable, int linksUp, boolean localEnabled) {}

    private record Snapshot(List<NodeRow> nodes, List<ClusterRow> clusters, Map<IgnoreReason, Long> ignored,
                            int pendingCommands) {}

    /** Runs on the loop: copies what the gauges show, nothing more. */
    private static Snapshot snapshot(ClusterEngine engine, long now, io.sipcluster.core.Effects fx) {
        List<NodeRow> nodes = new ArrayList<>();
        List<ClusterRow> clusters = new ArrayList<>();
        for (int clusterId : engine.clusterIds()) {
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
        return new Snapshot(nodes, clusters, engine.ignoredCounts(), engine.pendingCommands());
    }
}
