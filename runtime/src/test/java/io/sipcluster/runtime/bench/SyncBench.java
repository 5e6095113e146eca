package io.sipcluster.runtime.bench;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.SyncData;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Sync throughput through the whole stack (core sync protocol, loop, BIN transport, loopback TCP): node 2 asks
 * node 1 for {@code records} records of {@code recordBytes} bytes each; the time from the request to SyncDone.
 * Both nodes run in this JVM; each run uses fresh nodes.
 */
final class SyncBench {
    private static final Capability DATA = Capability.of("bench-data");

    private SyncBench() {}

    static void run(int records, int recordBytes, int runs) throws Exception {
        System.out.printf("sync: %d records of %d bytes (%.1f MB), %d runs%n", records, recordBytes,
                records * (double) recordBytes / 1e6, runs);
        List<Long> millis = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            millis.add(once(records, recordBytes));
            System.out.printf("  run %d: %d ms%n", run, millis.get(millis.size() - 1));
        }
        Collections.sort(millis);
        long median = millis.get(millis.size() / 2);
        System.out.printf("RESULT sync %d x %d B: min=%d median=%d max=%d ms; median %.0f records/s, %.1f MB/s%n",
                records, recordBytes, millis.get(0), median, millis.get(millis.size() - 1),
                records * 1000.0 / median, records * (double) recordBytes / 1e3 / median);
    }

    private static long once(int records, int recordBytes) throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(2);
        EventLog events = new EventLog();
        try (ClusterNode donor = new ClusterNode(cluster.settings(1).build());
             ClusterNode joiner = new ClusterNode(cluster.settings(2).build())) {
            donor.registerCapability(LoopbackCluster.CLUSTER, DATA, new CapabilityModule() {
                @Override
                public void onPacket(int clusterId, int srcNodeId, Routable packet) { }

                @Override
                public SyncData syncData(int clusterId, int requesterNodeId) {
                    return new SyncData(1, generate(records, recordBytes));
                }
            }).join();
            joiner.registerCapabilityNeedingSync(LoopbackCluster.CLUSTER, DATA, (c, s, p) -> { }).join();
            joiner.addListener(events);
            donor.start();
            joiner.start();
            events.awaitUp(LoopbackCluster.CLUSTER, 1, Duration.ofSeconds(10));
            long start = System.nanoTime();
            joiner.requestSync(LoopbackCluster.CLUSTER, DATA).join();
            events.await(e -> e instanceof ClusterEvent.SyncDone, Duration.ofMinutes(5), "SyncDone");
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    private static Iterator<Str> generate(int records, int recordBytes) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < records;
            }

            @Override
            public Str next() {
                byte[] r = new byte[recordBytes];
                java.nio.ByteBuffer.wrap(r).putInt(next++);
                return Str.ofBytes(r);
            }
        };
    }
}
