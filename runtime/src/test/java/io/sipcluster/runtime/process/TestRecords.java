package io.sipcluster.runtime.process;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.runtime.CapabilityModule;
import io.sipcluster.runtime.SyncData;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.ExtraMessage;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A data set for process tests: numbered records a node either starts with or fetches from a donor. A node that
 * synced prints {@code SYNCED <records> <checksum>}, so a test can compare it with the donor's.
 */
final class TestRecords implements CapabilityModule {
    static final Capability CAPABILITY = Capability.of("process-test-records");

    private final Set<String> records = ConcurrentHashMap.newKeySet();
    private final PrintStream out;

    TestRecords(PrintStream out) {
        this.out = out;
    }

    void fill(int count) {
        for (int i = 0; i < count; i++) {
            records.add(record(i));
        }
    }

    static String record(int i) {
        return "contact-" + i + "@example.org;expires=3600";
    }

    /** Order-independent, so donor and receiver compare whatever order the records travelled in. */
    long checksum() {
        long sum = 0;
        for (String r : records) {
            sum += r.hashCode();
        }
        return sum;
    }

    @Override
    public void onPacket(int clusterId, int srcNodeId, Routable packet) {
        if (packet instanceof ExtraMessage.Sync sync) {
            for (ExtraMessage.SyncChunk chunk : sync.chunks()) {
                records.add(chunk.data().toString());
            }
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (event instanceof ClusterEvent.SyncDone) {
            out.println("SYNCED " + records.size() + " " + checksum());
        }
    }

    @Override
    public SyncData syncData(int clusterId, int requesterNodeId) {
        List<Str> all = records.stream().map(Str::of).toList();
        return new SyncData(1, all.iterator());
    }
}
