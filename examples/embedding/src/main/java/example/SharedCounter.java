package example;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.NodeSettings;
import io.sipcluster.runtime.SyncData;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Embedding sipcluster: a counter shared by the nodes of a cluster, as a module would replicate its data.
 *
 * <ul>
 *   <li>each node is a {@link ClusterNode} built from {@link NodeSettings} (here in code; a node file does the same);
 *   <li>the counter is a capability: increments are broadcast as packets of it, and a node that joins late asks a
 *       donor for the current value with a data sync;
 *   <li>a sharing tag says which node is active (say, the one that writes the counter to a database);
 *   <li>cluster events (nodes up and down, the tag, the sync) are printed as they happen.
 * </ul>
 * Run it with {@code mvn -q -pl examples/embedding -am test} (its test runs {@link #main}) or from an IDE.
 */
public final class SharedCounter implements CapabilityModule {
    static final int CLUSTER = 1;
    static final Capability COUNTER = Capability.of("example-counter");
    private static final int INCREMENT = 1;

    private final String name;
    private final PrintStream out;
    private final AtomicLong value = new AtomicLong();

    SharedCounter(String name, PrintStream out) {
        this.name = name;
        this.out = out;
    }

    long value() {
        return value.get();
    }

    /** An increment made here: counted, and sent to every other node. */
    void increment(ClusterNode node, long by) {
        value.addAndGet(by);
        Str body = Str.of(Long.toString(by));
        node.broadcast(CLUSTER, new ModulePacket(COUNTER, 1, INCREMENT, body, Trailer.UNADDRESSED));
    }

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        if (packet instanceof ExtraMessage.Sync sync) {
            // Part of a data sync: the donor's records, here its whole value in one record.
            for (ExtraMessage.SyncChunk chunk : sync.chunks()) {
                value.addAndGet(number(chunk.data()));
            }
        } else if (packet instanceof ModulePacket p && p.packetType() == INCREMENT) {
            value.addAndGet(number(p.body()));
        }
    }

    private static long number(Str s) {
        return Long.parseLong(new String(s.toByteArray(), StandardCharsets.US_ASCII));
    }

    @Override
    public void onEvent(ClusterEvent event) {
        out.println(name + ": " + event);
    }

    @Override
    public SyncData syncData(int clusterId, int requesterNodeId) {
        // Chosen as donor: the whole data set, one record (real modules stream many).
        Iterator<Str> records = List.of(Str.of(Long.toString(value.get()))).iterator();
        return new SyncData(1, records);
    }

    static NodeSettings settings(int id, int... others) {
        NodeSettings.Builder b = NodeSettings.builder(id).timings(Timings.FAST);
        NodeDescriptor self = NodeDescriptor.of(id, url(id));
        List<NodeDescriptor> neighbours = java.util.Arrays.stream(others).mapToObj(o -> NodeDescriptor.of(o, url(o)))
                .toList();
        // Node 1 is the seed: with no donor around it declares itself synced instead of waiting.
        return b.cluster(new ClusterSetup(CLUSTER, id == 1 ? self.asSeed() : self, neighbours, true))
                .sharingTag(CLUSTER, "counter-writer", id == 1)
                .build();
    }

    static String url(int id) {
        return "bin:127.0.0.1:" + (25_600 + id);
    }

    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    static long run(PrintStream out) throws Exception {
        SharedCounter c1 = new SharedCounter("node 1", out);
        SharedCounter c2 = new SharedCounter("node 2", out);
        try (ClusterNode n1 = new ClusterNode(settings(1, 2)); ClusterNode n2 = new ClusterNode(settings(2, 1))) {
            n1.start();
            n1.registerCapabilityNeedingSync(CLUSTER, COUNTER, c1).get(5, TimeUnit.SECONDS);
            n1.requestSync(CLUSTER, COUNTER).get(5, TimeUnit.SECONDS);
            waitUntil(() -> n1.syncStatus(CLUSTER, COUNTER).state() == SyncStatus.State.SYNCED, "node 1 synced (as seed)");
            c1.increment(n1, 40);

            // Node 2 joins late: it fetches the current value from a donor, then follows the increments.
            n2.start();
            n2.registerCapabilityNeedingSync(CLUSTER, COUNTER, c2).get(5, TimeUnit.SECONDS);
            n2.requestSync(CLUSTER, COUNTER).get(5, TimeUnit.SECONDS);
            waitUntil(() -> n2.syncStatus(CLUSTER, COUNTER).state() == SyncStatus.State.SYNCED, "node 2 synced from node 1");
            c1.increment(n1, 2);
            waitUntil(() -> c2.value() == 42, "node 2 sees 42");

            out.println("counter on node 1: " + c1.value() + ", on node 2: " + c2.value());
            out.println("counter-writer active on node 1: " + n1.isSharingTagActive(CLUSTER, "counter-writer")
                    + ", on node 2: " + n2.isSharingTagActive(CLUSTER, "counter-writer"));
            n2.activateSharingTag(CLUSTER, "counter-writer").get(5, TimeUnit.SECONDS);
            waitUntil(() -> !n1.isSharingTagActive(CLUSTER, "counter-writer"), "node 1 hands the tag over");
            out.println("after the switchover, active on node 2: "
                    + n2.isSharingTagActive(CLUSTER, "counter-writer"));
            return c2.value();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
