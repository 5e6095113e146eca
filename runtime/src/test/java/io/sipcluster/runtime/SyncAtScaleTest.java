package io.sipcluster.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.runtime.testing.StableLink;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.ExtraMessage;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * OpenSIPS issue #1976 end to end: a node joins and syncs 50,000 contact-sized records from a donor over real
 * sockets; the sync completes and no link drops meanwhile.
 */
class SyncAtScaleTest {
    private static final int C = LoopbackCluster.CLUSTER;
    private static final Capability CONTACTS = Capability.of("contacts-test");
    private static final int RECORDS = 50_000;
    private static final int RECORD_BYTES = 300;

    @Test
    void fiftyThousandRecordsSyncWithoutALinkDropping() throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(3);
        EventLog[] events = {new EventLog(), new EventLog(), new EventLog()};
        ClusterNode[] nodes = new ClusterNode[3];
        AtomicLong received = new AtomicLong();
        try {
            for (int i = 0; i < 3; i++) {
                nodes[i] = new ClusterNode(cluster.settings(i + 1).timings(StableLink.TOLERANT).build());
                nodes[i].addListener(events[i]);
            }
            nodes[0].registerCapability(C, CONTACTS, new CapabilityModule() {
                @Override
                public void onPacket(int clusterId, int srcNodeId, Routable packet) { }

                @Override
                public SyncData syncData(int clusterId, int requesterNodeId) {
                    return new SyncData(1, records());
                }
            }).join();
            nodes[1].registerCapability(C, CONTACTS, (c, s, p) -> { }).join();
            nodes[2].registerCapabilityNeedingSync(C, CONTACTS, (c, src, p) -> {
                if (p instanceof ExtraMessage.Sync s) {
                    received.addAndGet(s.chunks().size());
                }
            }).join();
            for (ClusterNode n : nodes) {
                n.start();
            }
            for (int i = 0; i < 3; i++) {
                for (int other = 1; other <= 3; other++) {
                    if (other != i + 1) {
                        events[i].awaitUp(C, other, Duration.ofSeconds(10));
                    }
                }
            }
            StableLink.await(nodes[0], nodes[2], C);
            for (EventLog e : events) {
                e.clear();
            }

            long start = System.nanoTime();
            nodes[2].requestSync(C, CONTACTS).join();
            ClusterEvent done = events[2].await(e -> e instanceof ClusterEvent.SyncDone, Duration.ofSeconds(60),
                    "SyncDone");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("synced %d records of %d bytes in %d ms (%s)%n", received.get(), RECORD_BYTES, millis, done);

            assertThat(((ClusterEvent.SyncDone) done).chunks()).isEqualTo(RECORDS);
            assertThat(received.get()).isEqualTo(RECORDS);
            for (EventLog e : events) {
                assertThat(e.snapshot()).noneMatch(ev -> ev instanceof ClusterEvent.NodeDown
                        || ev instanceof ClusterEvent.SyncFailed);
            }
        } finally {
            for (ClusterNode n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
        }
    }

    /**
     * A sync 40 times the donor's bulk queue limit (20 MB through 512 KiB) with the FAST timings: the donor sends as
     * the queue drains, so no packet is dropped for a full queue, no link drops (its loop answers pings between
     * steps) and every record arrives in order.
     */
    @Test
    void aSyncFarLargerThanTheBulkQueueStreamsWithFastTimings() throws Exception {
        int records = 70_000;
        LoopbackCluster cluster = new LoopbackCluster(2);
        io.sipcluster.runtime.transport.TransportLimits d = io.sipcluster.runtime.transport.TransportLimits.DEFAULTS;
        io.sipcluster.runtime.transport.TransportLimits small = new io.sipcluster.runtime.transport.TransportLimits(
                d.controlQueueBytes(), 512 * 1024, d.inboundPendingBytes(), d.maxConnectionsPerAddress(),
                d.maxInboundConnections(), d.idleTimeout(), d.frameTimeout(), d.connectTimeout(),
                d.tlsHandshakeTimeout(), d.reconnectBackoffMin(), d.reconnectBackoffMax(),
                d.ignoredPacketsBeforeClose(), d.shutdownFlushTimeout(), d.ioThreads());
        EventLog[] events = {new EventLog(), new EventLog()};
        ClusterNode[] nodes = new ClusterNode[2];
        AtomicLong received = new AtomicLong();
        AtomicLong outOfOrder = new AtomicLong();
        try {
            for (int i = 0; i < 2; i++) {
                nodes[i] = new ClusterNode(cluster.settings(i + 1).timings(io.sipcluster.core.config.Timings.FAST)
                        .limits(small).build());
                nodes[i].addListener(events[i]);
            }
            nodes[0].registerCapability(C, CONTACTS, new CapabilityModule() {
                @Override
                public void onPacket(int clusterId, int srcNodeId, Routable packet) { }

                @Override
                public SyncData syncData(int clusterId, int requesterNodeId) {
                    return new SyncData(1, records(records));
                }
            }).join();
            nodes[1].registerCapabilityNeedingSync(C, CONTACTS, (c, src, p) -> {
                if (p instanceof ExtraMessage.Sync s) {
                    for (ExtraMessage.SyncChunk chunk : s.chunks()) {
                        int n = java.nio.ByteBuffer.wrap(chunk.data().toByteArray()).getInt();
                        if (n != received.getAndIncrement()) {
                            outOfOrder.incrementAndGet();
                        }
                    }
                }
            }).join();
            for (ClusterNode n : nodes) {
                n.start();
            }
            events[1].awaitUp(C, 1, Duration.ofSeconds(10));
            StableLink.await(nodes[0], nodes[1], C);
            events[1].clear();
            nodes[1].requestSync(C, CONTACTS).join();
            events[1].await(e -> e instanceof ClusterEvent.SyncDone, Duration.ofSeconds(60), "SyncDone");

            assertThat(received.get()).isEqualTo(records);
            assertThat(outOfOrder.get()).isZero();
            assertThat(nodes[0].transportStats().bulkDropped()).isZero();
            for (EventLog e : events) {
                assertThat(e.snapshot()).noneMatch(ev -> ev instanceof ClusterEvent.NodeDown
                        || ev instanceof ClusterEvent.SyncFailed);
            }
        } finally {
            for (ClusterNode n : nodes) {
                if (n != null) {
                    n.close();
                }
            }
        }
    }

    private static Iterator<Str> records() {
        return records(RECORDS);
    }

    private static Iterator<Str> records(int count) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Str next() {
                byte[] r = new byte[RECORD_BYTES];
                java.nio.ByteBuffer.wrap(r).putInt(next++);
                return Str.ofBytes(r);
            }
        };
    }
}
