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

    private static Iterator<Str> records() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < RECORDS;
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
