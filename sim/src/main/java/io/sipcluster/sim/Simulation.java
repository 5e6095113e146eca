package io.sipcluster.sim;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.Effects;
import io.sipcluster.core.SendResult;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Many nodes in one thread: the real {@link ClusterEngine}s exchanging real BIN bytes over a simulated network, on
 * a {@link VirtualClock}. Everything random comes from one seed, so a failing run is reproduced by its seed, which
 * every failure message names.
 *
 * <p>The network models TCP between every ordered pair of nodes: delivery is in order per direction, with a delay
 * drawn from [minLatency, maxLatency]. Faults: silent cuts (one-way or both, partitions: packets vanish, nobody is
 * told), broken connections (in-flight packets lost, both ends told), crashes (the process dies; its peers' TCP
 * notices), restarts with fresh state, and pauses (a node stops processing, then catches up in order).
 */
public final class Simulation {
    /** Wall-clock start of every simulation: the capture date of the OpenSIPS vectors, for realistic timestamps. */
    public static final int WALL_CLOCK_START = 1_795_321_400;

    private final long seed;
    private final SplittableRandom random;
    private final VirtualClock clock = new VirtualClock();
    private final Timings timings;
    private final long minLatency;
    private final long maxLatency;
    private final int maxPacketBytes;
    private final long bytesPerMilli;
    private final Map<String, Long> sentByType = new TreeMap<>();
    private final Map<String, Integer> largestByType = new TreeMap<>();
    private final Map<Integer, SimNode> nodes = new TreeMap<>();
    private final Map<Str, Integer> byUrl = new HashMap<>();
    private final Set<Long> cutLinks = new HashSet<>();
    private final Map<Long, Long> lastDelivery = new HashMap<>();
    private final Map<Long, Integer> connectionEpoch = new HashMap<>();
    private final List<SimEvent> events = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();

    /** A routed packet handed to a module of node {@code atNode}. */
    public record Delivery(long atMillis, int atNode, int clusterId, int srcNodeId, Routable packet) {}
    private final Map<Integer, long[]> sentByNode = new HashMap<>();
    private long traceHash = 1;
    private final List<java.util.function.Consumer<SimNode>> startHooks = new ArrayList<>();
    private final List<java.util.function.Consumer<SimEvent>> eventHooks = new ArrayList<>();
    private final List<java.util.function.Consumer<Delivery>> deliveryHooks = new ArrayList<>();

    private Simulation(Builder b) {
        this.seed = b.seed;
        this.random = new SplittableRandom(b.seed);
        this.timings = b.timings;
        this.minLatency = b.minLatency;
        this.maxLatency = b.maxLatency;
        this.maxPacketBytes = b.maxPacketBytes;
        this.bytesPerMilli = b.bytesPerMilli;
        for (Map.Entry<Integer, List<ClusterSetup>> e : b.setups.entrySet()) {
            int id = e.getKey();
            Str url = e.getValue().get(0).self().url();
            nodes.put(id, new SimNode(id, url, e.getValue()));
            byUrl.put(url, id);
        }
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    // ------------------------------------------------------------------ running

    /**
     * Starts every node now; each one's heartbeat timer starts at a random moment within the first tick, as
     * processes never run in lockstep.
     */
    public Simulation startAll() {
        for (int id : nodes.keySet()) {
            start(id, random.nextLong(timings.tickMillis()));
        }
        return this;
    }

    /** Starts (or restarts, with fresh state) one node now, its first heartbeat {@code firstTickMillis} later. */
    public void start(int id, long firstTickMillis) {
        SimNode n = node(id);
        n.incarnation++;
        n.alive = true;
        n.pausedUntil = 0;
        n.engine = new ClusterEngine(id, n.setups(), timings,
                () -> WALL_CLOCK_START + (int) (clock.nowMillis() / 1000), maxPacketBytes);
        startHooks.forEach(h -> h.accept(n));
        scheduleTick(n, n.incarnation, firstTickMillis);
    }

    // ------------------------------------------------------------------ modules

    /** Runs at every (re)start of a node, before its first input: where modules register their capabilities. */
    public void onStart(java.util.function.Consumer<SimNode> hook) {
        startHooks.add(hook);
    }

    /** Called for every published event, after the engine returns (as a module reacts in the runtime's loop). */
    public void onEvent(java.util.function.Consumer<SimEvent> hook) {
        eventHooks.add(hook);
    }

    /** Called for every delivered packet, after the engine returns. */
    public void onDelivery(java.util.function.Consumer<Delivery> hook) {
        deliveryHooks.add(hook);
    }

    /**
     * The effects of node {@code at}, for driving its engine directly (management calls) from a test: what the
     * engine causes goes through the simulated network like everything else.
     */
    public Effects effectsFor(int at) {
        return effectsOf(node(at));
    }

    public void requestSync(int at, int clusterId, io.sipcluster.wire.Capability cap) {
        SimNode n = node(at);
        n.engine.requestSync(clusterId, cap, clock.nowMillis(), effectsOf(n));
    }

    public long sendSyncData(int at, int clusterId, io.sipcluster.wire.Capability cap, int dst, int dataVersion,
                             java.util.Iterator<Str> chunks) {
        SimNode n = node(at);
        return n.engine.sendSyncData(clusterId, cap, dst, dataVersion, chunks, clock.nowMillis(), effectsOf(n));
    }

    /** Opens a streamed answer to a sync request at node {@code at} (see {@link ClusterEngine#openSyncStream}). */
    public io.sipcluster.core.SyncStream openSyncStream(int at, int clusterId, io.sipcluster.wire.Capability cap,
                                                        int dst, int dataVersion, java.util.Iterator<Str> chunks) {
        return node(at).engine.openSyncStream(clusterId, cap, dst, dataVersion, chunks);
    }

    /** Sends up to {@code maxPackets} more packets of {@code stream} from node {@code at}. */
    public io.sipcluster.core.SyncStream.Progress continueSyncStream(int at, io.sipcluster.core.SyncStream stream,
                                                                     int maxPackets) {
        SimNode n = node(at);
        return n.engine.continueSyncStream(stream, maxPackets, clock.nowMillis(), effectsOf(n));
    }

    public void runFor(long millis) {
        long deadline = clock.nowMillis() + millis;
        while (clock.step(deadline)) {
            afterStep();
        }
        clock.advanceTo(deadline);
    }

    /** Runs until {@code condition} holds (checked after every action) or {@code maxMillis} pass; true if it held. */
    public boolean runUntil(BooleanSupplier condition, long maxMillis) {
        long deadline = clock.nowMillis() + maxMillis;
        if (condition.getAsBoolean()) {
            return true;
        }
        while (clock.step(deadline)) {
            afterStep();
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        clock.advanceTo(deadline);
        return false;
    }

    /**
     * Like {@link #runUntil(BooleanSupplier, long)}, checking the condition only every {@code checkEveryMillis} of
     * simulated time (and at the end): for conditions too costly to check after every action, such as
     * {@link #fullMeshUp} of a large cluster. True if it held at a check.
     */
    public boolean runUntil(BooleanSupplier condition, long maxMillis, long checkEveryMillis) {
        if (checkEveryMillis <= 0) {
            throw new IllegalArgumentException("check period must be > 0");
        }
        long deadline = clock.nowMillis() + maxMillis;
        while (!condition.getAsBoolean()) {
            if (clock.nowMillis() >= deadline) {
                return false;
            }
            runFor(Math.min(checkEveryMillis, deadline - clock.nowMillis()));
        }
        return true;
    }

    // ------------------------------------------------------------------ faults

    /** Packets from {@code a} to {@code b} vanish (nobody is told), until {@link #restore}. */
    public void cut(int a, int b) {
        cutLinks.add(pair(a, b));
    }

    public void cutBoth(int a, int b) {
        cut(a, b);
        cut(b, a);
    }

    public void restore(int a, int b) {
        cutLinks.remove(pair(a, b));
    }

    /** No packet crosses between the groups; within a group the network is untouched. */
    @SafeVarargs
    public final void partition(Set<Integer>... groups) {
        for (int i = 0; i < groups.length; i++) {
            for (int j = 0; j < groups.length; j++) {
                if (i != j) {
                    for (int a : groups[i]) {
                        for (int b : groups[j]) {
                            cut(a, b);
                        }
                    }
                }
            }
        }
    }

    /** Removes every cut. */
    public void heal() {
        cutLinks.clear();
    }

    /** The connection between a and b breaks: packets in flight are lost and both ends are told. */
    public void breakConnection(int a, int b) {
        connectionEpoch.merge(pair(a, b), 1, Integer::sum);
        connectionEpoch.merge(pair(b, a), 1, Integer::sum);
        tellConnectionLost(a, b);
        tellConnectionLost(b, a);
    }

    /** The process dies (kill -9): its state is gone, and every peer's TCP sees the connection close. */
    public void crash(int id) {
        SimNode n = node(id);
        n.alive = false;
        n.incarnation++;
        n.engine = null;
        for (int other : nodes.keySet()) {
            if (other != id) {
                connectionEpoch.merge(pair(id, other), 1, Integer::sum);
                connectionEpoch.merge(pair(other, id), 1, Integer::sum);
                tellConnectionLost(other, id);
            }
        }
    }

    /** The node stops processing for {@code millis} (a GC pause, a stopped VM), then catches up in order. */
    public void pause(int id, long millis) {
        node(id).pausedUntil = clock.nowMillis() + millis;
    }

    // ------------------------------------------------------------------ views

    public long seed() {
        return seed;
    }

    public long nowMillis() {
        return clock.nowMillis();
    }

    public SimNode node(int id) {
        SimNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node " + id + " in this simulation");
        }
        return n;
    }

    public Set<Integer> nodeIds() {
        return nodes.keySet();
    }

    public List<SimEvent> events() {
        return List.copyOf(events);
    }

    public List<SimEvent> events(Predicate<SimEvent> filter) {
        return events.stream().filter(filter).toList();
    }

    private boolean recordDeliveries = true;

    /** Stop keeping every delivery (large syncs): hooks still see them. */
    public void forgetDeliveries() {
        recordDeliveries = false;
        deliveries.clear();
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** A module of node {@code from} sends now (see {@link ClusterEngine#send}). */
    public SendResult send(int from, int clusterId, int dst, Routable packet) {
        SimNode n = node(from);
        return n.engine.send(clusterId, dst, packet, clock.nowMillis(), effectsOf(n));
    }

    /** A module of node {@code from} broadcasts now (see {@link ClusterEngine#broadcast}). */
    public SendResult broadcast(int from, int clusterId, Routable packet) {
        SimNode n = node(from);
        return n.engine.broadcast(clusterId, packet, clock.nowMillis(), effectsOf(n));
    }

    /** Management on node {@code at} runs {@code clusterer_shtag_set_active tag/cluster} now. */
    public void activateTag(int at, int clusterId, String tag) {
        SimNode n = node(at);
        n.engine.activateSharingTag(clusterId, tag, clock.nowMillis(), effectsOf(n));
        checkInvariants(n);
    }

    /** Declares a configured tag on node {@code at} (as its configuration would at start). */
    public void declareTag(int at, int clusterId, String tag, boolean active) {
        SimNode n = node(at);
        n.engine.declareSharingTag(clusterId, tag, active, effectsOf(n));
    }

    /** Nodes (alive) on which {@code tag} is active. */
    public Set<Integer> activeHolders(int clusterId, String tag) {
        Set<Integer> out = new java.util.TreeSet<>();
        for (SimNode n : nodes.values()) {
            if (n.alive && Boolean.TRUE.equals(n.engine.sharingTags(clusterId).get(tag))) {
                out.add(n.id());
            }
        }
        return out;
    }

    /**
     * Actions (ticks, deliveries, notices) executed so far: a measure of work independent of simulated time, so
     * that a caller can bound a run that floods (see {@code sweep.ScenarioRunner}).
     */
    public long executedActions() {
        return clock.executedActions();
    }

    /** A hash of everything that happened, in order: equal for two runs of the same seed and scenario. */
    public long traceHash() {
        return traceHash;
    }

    /** Packets and bytes a node has sent so far: {packets, bytes}. */
    public long[] sent(int id) {
        return sentByNode.getOrDefault(id, new long[2]).clone();
    }

    /** Packets of one message type (record name, e.g. "FullTopUpdate") sent by all nodes so far. */
    public long sentOfType(String recordName) {
        return sentByType.getOrDefault(recordName, 0L);
    }

    /** Size in bytes of the largest packet of one message type sent so far (0 if none). */
    public int largestOfType(String recordName) {
        return largestByType.getOrDefault(recordName, 0);
    }

    /** True when every live node of {@code clusterId} reaches every other live node. */
    public boolean converged(int clusterId) {
        for (SimNode n : nodes.values()) {
            if (!n.alive) {
                continue;
            }
            Set<Integer> reachable = n.engine.reachable(clusterId);
            for (SimNode m : nodes.values()) {
                if (m != n && m.alive && !reachable.contains(m.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when every pair of live nodes has an up link in both directions. */
    public boolean fullMeshUp(int clusterId) {
        for (SimNode n : nodes.values()) {
            if (!n.alive) {
                continue;
            }
            for (SimNode m : nodes.values()) {
                if (m != n && m.alive && n.engine.linkState(clusterId, m.id()) != LinkState.UP) {
                    return false;
                }
            }
        }
        return true;
    }

    /** "seed N" plus a description, for assertion messages. */
    public String describe(String what) {
        return what + " (reproduce with seed " + seed + ", t=" + clock.nowMillis() + " ms)";
    }

    // ------------------------------------------------------------------ internals

    private void scheduleTick(SimNode n, int incarnation, long delay) {
        clock.schedule(delay, () -> {
            if (!n.alive || n.incarnation != incarnation) {
                return;
            }
            if (clock.nowMillis() < n.pausedUntil) {
                scheduleTick(n, incarnation, n.pausedUntil - clock.nowMillis());
                return;
            }
            n.engine.tick(clock.nowMillis(), effectsOf(n));
            checkInvariants(n);
            scheduleTick(n, incarnation, timings.tickMillis());
        });
    }

    private Effects effectsOf(SimNode from) {
        return new Effects() {
            @Override
            public void send(Str url, BinMessage message) {
                Integer to = byUrl.get(url);
                if (to != null) {
                    transmit(from.id(), to, message);
                }
            }

            @Override
            public void reply(long connection, BinMessage message) {
                transmit(from.id(), (int) connection, message);
            }

            @Override
            public void deliver(int clusterId, int srcNodeId, Routable packet) {
                Delivery d = new Delivery(clock.nowMillis(), from.id(), clusterId, srcNodeId, packet);
                if (recordDeliveries) {
                    deliveries.add(d);
                }
                trace(from.id(), packet.hashCode());
                int incarnation = from.incarnation;
                for (var hook : deliveryHooks) {
                    clock.schedule(0, () -> {
                        if (from.alive && from.incarnation == incarnation) {
                            hook.accept(d);
                        }
                    });
                }
            }

            @Override
            public void publish(ClusterEvent event) {
                SimEvent e = new SimEvent(clock.nowMillis(), from.id(), event);
                events.add(e);
                trace(from.id(), event.hashCode()); // records hash their content, without building a string
                int incarnation = from.incarnation;
                for (var hook : eventHooks) {
                    clock.schedule(0, () -> {
                        if (from.alive && from.incarnation == incarnation) {
                            hook.accept(e);
                        }
                    });
                }
            }
        };
    }

    /** Encodes with the real codec, and delivers in order after the link's delay unless the network loses it. */
    private void transmit(int from, int to, BinMessage message) {
        byte[] bytes = BinCodec.encode(message);
        long[] stats = sentByNode.computeIfAbsent(from, k -> new long[2]);
        stats[0]++;
        stats[1] += bytes.length;
        sentByType.merge(message.getClass().getSimpleName(), 1L, Long::sum);

        largestByType.merge(message.getClass().getSimpleName(), bytes.length, Math::max);
        long link = pair(from, to);
        if (cutLinks.contains(link)) {
            return;
        }
        // A packet leaves after the ones queued before it on the same connection, at the link's bandwidth.
        long serialization = bytesPerMilli > 0 ? (bytes.length + bytesPerMilli - 1) / bytesPerMilli : 0;
        long at = Math.max(lastDelivery.getOrDefault(link, 0L) + serialization,
                clock.nowMillis() + minLatency + random.nextLong(maxLatency - minLatency + 1));
        lastDelivery.put(link, at);
        int epoch = connectionEpoch.getOrDefault(link, 0);
        int targetIncarnation = node(to).incarnation;
        clock.schedule(at - clock.nowMillis(), () -> deliver(from, to, bytes, epoch, targetIncarnation));
    }

    private void deliver(int from, int to, byte[] bytes, int epoch, int targetIncarnation) {
        SimNode n = node(to);
        long link = pair(from, to);
        if (!n.alive || n.incarnation != targetIncarnation || cutLinks.contains(link)
                || connectionEpoch.getOrDefault(link, 0) != epoch) {
            return; // lost with the connection, the process, or in the partition
        }
        if (clock.nowMillis() < n.pausedUntil) {
            clock.schedule(n.pausedUntil - clock.nowMillis(), () -> deliver(from, to, bytes, epoch, targetIncarnation));
            return;
        }
        BinMessage message;
        try {
            message = BinCodec.decode(bytes);
        } catch (MalformedPacketException e) {
            throw new AssertionError(describe("node " + from + " sent a packet node " + to + " cannot decode: "
                    + e.getMessage()), e);
        }
        trace(to, java.util.Arrays.hashCode(bytes));
        n.engine.receive(message, from, clock.nowMillis(), effectsOf(n));
        checkInvariants(n);
    }

    private void tellConnectionLost(int at, int peer) {
        SimNode n = node(at);
        int incarnation = n.incarnation;
        clock.schedule(minLatency, () -> {
            if (n.alive && n.incarnation == incarnation) {
                for (int cluster : n.engine.clusterIds()) {
                    n.engine.connectionLost(cluster, peer, effectsOf(n));
                }
                checkInvariants(n);
            }
        });
    }

    /**
     * Checked after every action of a node: its routing view must be coherent. The view is a function of the
     * node's up links and routes, which move only together with its routes version, so it is looked at again only
     * when that changed (a 128-node cluster would otherwise spend most of its time here).
     */
    private void checkInvariants(SimNode n) {
        for (int cluster : n.engine.clusterIds()) {
            // An engine's versions start again at its restart, so the incarnation is part of what was checked.
            long[] seen = new long[] {n.incarnation, n.engine.routesVersion(cluster)};
            if (java.util.Arrays.equals(checkedViews.put(pair(n.id(), cluster), seen), seen)) {
                continue;
            }
            Set<Integer> reachable = n.engine.reachable(cluster);
            if (reachable.contains(n.id())) {
                throw new AssertionError(describe("node " + n.id() + " lists itself as reachable"));
            }
            for (int other : n.engine.knownNodes(cluster)) {
                int hop = n.engine.nextHop(cluster, other);
                if (n.engine.linkState(cluster, other) == LinkState.UP && hop != other) {
                    throw new AssertionError(describe("node " + n.id() + " has an up link to " + other
                            + " but routes to it through " + hop));
                }
                if ((hop > 0) != reachable.contains(other)) {
                    throw new AssertionError(describe("node " + n.id() + ": route and reachability of node "
                            + other + " disagree"));
                }
                if (hop > 0 && n.engine.linkState(cluster, hop) != LinkState.UP) {
                    throw new AssertionError(describe("node " + n.id() + " routes to " + other
                            + " through " + hop + ", whose link is not up"));
                }
            }
        }
    }

    /** Per (node, cluster): the incarnation and routes version whose view was last checked. */
    private final Map<Long, long[]> checkedViews = new HashMap<>();

    private void afterStep() {
        trace(-1, Long.hashCode(clock.nowMillis()));
    }

    private void trace(int node, int value) {
        traceHash = traceHash * 31 + node * 1_000_003L + value;
    }

    /**
     * One key per ordered pair. Multiplying by an odd constant is a bijection on longs that spreads the bits, so
     * that {@link Long#hashCode} (the two halves xor-ed) does not collide for every pair with the same
     * {@code from ^ to}, which with 128 nodes turned the per-link maps into trees.
     */
    private static long pair(int from, int to) {
        return ((long) from << 32 | (to & 0xffffffffL)) * 0x9E3779B97F4A7C15L;
    }

    // ------------------------------------------------------------------ building

    public static final class Builder {
        private final long seed;
        private Timings timings = Timings.OPENSIPS_DEFAULTS;
        private long minLatency = 1;
        private long maxLatency = 3;
        private int maxPacketBytes = io.sipcluster.wire.WireLimits.MAX_PACKET_BYTES;
        private long bytesPerMilli;
        private final Map<Integer, List<ClusterSetup>> setups = new TreeMap<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder timings(Timings t) {
            this.timings = t;
            return this;
        }

        /** One-way delay of each packet, drawn uniformly from [min, max] ms. */
        public Builder latency(long minMillis, long maxMillis) {
            if (minMillis < 0 || maxMillis < minMillis) {
                throw new IllegalArgumentException("latency range");
            }
            this.minLatency = minMillis;
            this.maxLatency = maxMillis;
            return this;
        }

        /** Bandwidth of every connection in bytes per millisecond (1000 = 1 MB/s); 0, the default, is unlimited. */
        public Builder bandwidth(long bytesPerMilli) {
            if (bytesPerMilli < 0) {
                throw new IllegalArgumentException("bandwidth");
            }
            this.bytesPerMilli = bytesPerMilli;
            return this;
        }

        /** The largest control packet engines build (small values force topology updates into parts). */
        public Builder maxPacketBytes(int bytes) {
            this.maxPacketBytes = bytes;
            return this;
        }

        /** Nodes 1..n in cluster 1, each provisioned with all the others (SQL-style, no discovery). */
        public Builder fullMesh(int n) {
            List<NodeDescriptor> all = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                all.add(NodeDescriptor.of(id, url(id)));
            }
            for (NodeDescriptor self : all) {
                List<NodeDescriptor> others = all.stream().filter(d -> d != self).toList();
                setups.put(self.nodeId(), List.of(new ClusterSetup(1, self, others, false)));
            }
            return this;
        }

        /**
         * Nodes 1..n in cluster 1 with discovery on: node 1 is a seed that knows nobody, every other node knows
         * only node 1 (OpenSIPS's {@code neighbor_node_info} of one node).
         */
        public Builder joinThroughSeed(int n) {
            NodeDescriptor seedNode = NodeDescriptor.of(1, url(1)).asSeed();
            setups.put(1, List.of(new ClusterSetup(1, seedNode, List.of(), true)));
            for (int id = 2; id <= n; id++) {
                setups.put(id, List.of(new ClusterSetup(1, NodeDescriptor.of(id, url(id)), List.of(seedNode), true)));
            }
            return this;
        }

        /** Any provisioning: node id to its cluster setups. */
        public Builder node(int id, List<ClusterSetup> clusterSetups) {
            setups.put(id, List.copyOf(clusterSetups));
            return this;
        }

        public static String url(int id) {
            return "bin:127.0.0.1:" + (6000 + id);
        }

        public Simulation build() {
            if (setups.isEmpty()) {
                throw new IllegalStateException("no nodes");
            }
            return new Simulation(this);
        }
    }
}
