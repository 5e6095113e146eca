package io.sipcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Data sync of a capability from a donor, under load and when the donor fails. */
class SyncScenarioTest {
    private static final int CLUSTER = 1;

    /** Node 1 holds {@code records} records; node 2 starts later, empty, and syncs while node 1 keeps writing. */
    @Test
    void aNewNodeSyncs100kRecordsWhileUpdatesKeepComing() {
        Simulation sim = Simulation.builder(51).fullMesh(2).build();
        Map<Integer, KvModule> kv = KvModule.install(sim, CLUSTER, Set.of(2));
        sim.forgetDeliveries();
        sim.start(1, 0);
        for (int i = 0; i < 100_000; i++) {
            kv.get(1).putLocal("user" + i, 1, "contact-" + i);
        }
        sim.runFor(1_000);

        sim.start(2, 0);
        sim.requestSync(2, CLUSTER, KvModule.CAP);
        // Node 1 updates a key every millisecond, before, during and after the transfer.
        long version = 2;
        int written = 0;

        while (written < 4_000) {
            long v = version++;
            String key = "user" + (written * 25 % 100_000);
            kv.get(1).putLocal(key, v, "moved-" + v);
            sim.broadcast(1, CLUSTER, KvModule.put(key, v, "moved-" + v));
            written++;
            sim.runFor(1);
        }
        assertThat(sim.runUntil(() -> sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP).state()
                == SyncStatus.State.SYNCED, 30_000)).as(sim.describe("sync done")).isTrue();
        sim.runFor(100);

        assertSameData(sim, kv.get(2), kv.get(1));
        SyncStatus status = sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP);
        assertThat(status.chunksReceived()).isEqualTo(status.chunksExpected()).isGreaterThanOrEqualTo(100_000);
        assertThat(status.attempts()).isEqualTo(1);
        assertThat(sim.events(e -> e.event() instanceof ClusterEvent.SyncDone)).hasSize(1);
    }

    /** Nodes 1 and 2 hold the same data; node 3 joins later and needs it. */
    private static Simulation threeNodesWithData(long seed, Map<Integer, KvModule>[] out) {
        // 1 MB/s links: the 20,000 records take a few hundred ms to transfer, so a sync can fail half-way.
        Simulation sim = Simulation.builder(seed).bandwidth(1_000).fullMesh(3).build();
        Map<Integer, KvModule> kv = KvModule.install(sim, CLUSTER, Set.of(3));
        out[0] = kv;
        sim.forgetDeliveries();
        sim.start(1, 0);
        sim.start(2, 10);
        for (int i = 0; i < 20_000; i++) {
            kv.get(1).putLocal("k" + i, 1, "v" + i);
            kv.get(2).putLocal("k" + i, 1, "v" + i);
        }
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER) || sim.node(1).engine().linkState(CLUSTER, 2)
                == io.sipcluster.core.link.LinkState.UP, 5_000)).isTrue();
        return sim;
    }

    @Test
    @SuppressWarnings("unchecked")
    void whenTheDonorDiesTheSyncIsRetriedWithAnotherDonorAtOnce() {
        Map<Integer, KvModule>[] kv = new Map[1];
        Simulation sim = threeNodesWithData(52, kv);
        // Node 1 starts streaming and its process dies right after: the data in flight is lost.
        sim.onEvent(e -> {
            if (e.nodeId() == 1 && e.event() instanceof ClusterEvent.SyncRequested) {
                sim.crash(1);
            }
        });
        sim.start(3, 0);
        sim.requestSync(3, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> sim.node(3).engine().syncStatus(CLUSTER, KvModule.CAP).state()
                == SyncStatus.State.SYNCED, 20_000)).as(sim.describe("synced from node 2")).isTrue();
        sim.runFor(10); // the module applies the last packet after the engine returns

        SyncStatus status = sim.node(3).engine().syncStatus(CLUSTER, KvModule.CAP);
        assertThat(status.donor()).isEqualTo(2);
        assertThat(status.attempts()).isEqualTo(2);
        assertSameData(sim, kv[0].get(3), kv[0].get(2));
        // The lost donor was noticed through its closed connections, well before the 15 s sync timeout.
        long failedAt = sim.events(e -> e.event() instanceof ClusterEvent.SyncFailed).get(0).atMillis();
        long startedAt = sim.events(e -> e.event() instanceof ClusterEvent.SyncStarted).get(0).atMillis();
        assertThat(failedAt - startedAt).isLessThan(10_000);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSyncThatStallsMidWayTimesOutAndCompletesFromAnotherDonor() {
        Map<Integer, KvModule>[] kv = new Map[1];
        Simulation sim = threeNodesWithData(53, kv);
        // After the first packet of data arrives, the network between the donor and node 3 goes silent.
        int[] firstDonor = {-1};
        sim.onDelivery(d -> {
            if (firstDonor[0] < 0 && d.atNode() == 3 && d.packet() instanceof io.sipcluster.wire.clusterer.ExtraMessage.Sync) {
                firstDonor[0] = d.srcNodeId();
                sim.cutBoth(d.srcNodeId(), 3);
            }
        });
        int[] heldAtFailure = {-1};
        sim.onEvent(e -> {
            if (e.nodeId() == 3 && e.event() instanceof ClusterEvent.SyncFailed) {
                heldAtFailure[0] = kv[0].get(3).data.size();
            }
        });
        sim.start(3, 0);
        sim.requestSync(3, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> sim.node(3).engine().syncStatus(CLUSTER, KvModule.CAP).state()
                == SyncStatus.State.SYNCED, 40_000)).as(sim.describe("synced after a stall")).isTrue();
        assertThat(heldAtFailure[0]).as("the first donor's data stopped part-way").isBetween(1, 19_999);
        sim.runFor(10);

        int other = firstDonor[0] == 1 ? 2 : 1;
        assertThat(sim.events(e -> e.event() instanceof ClusterEvent.SyncFailed f && f.donorNodeId() == firstDonor[0]))
                .singleElement().satisfies(e ->
                        assertThat(((ClusterEvent.SyncFailed) e.event()).reason()).contains("no sync data"));
        assertThat(sim.node(3).engine().syncStatus(CLUSTER, KvModule.CAP).donor()).isEqualTo(other);
        assertSameData(sim, kv[0].get(3), kv[0].get(other));
    }

    private static void assertSameData(Simulation sim, KvModule actual, KvModule expected) {
        assertThat(actual.data.size()).as(sim.describe("record count")).isEqualTo(expected.data.size());
        assertThat(actual.data.equals(expected.data)).as(sim.describe("same records")).isTrue();
    }

    @Test
    void aSeedWithNoDonorDeclaresItselfSyncedAfterTheFallbackInterval() {
        Simulation sim = Simulation.builder(54).joinThroughSeed(2).build();
        KvModule.install(sim, CLUSTER, Set.of(1, 2));
        sim.start(1, 0); // node 1 is the seed; node 2 stays down
        sim.requestSync(1, CLUSTER, KvModule.CAP);
        sim.runFor(4_000);
        assertThat(sim.node(1).engine().syncStatus(CLUSTER, KvModule.CAP).state()).isEqualTo(SyncStatus.State.PENDING);
        sim.runFor(2_000);
        assertThat(sim.node(1).engine().syncStatus(CLUSTER, KvModule.CAP).state()).isEqualTo(SyncStatus.State.SYNCED);
        assertThat(sim.events(e -> e.event() instanceof ClusterEvent.SyncSeedFallback)).hasSize(1);

        // A node that is no seed waits for a donor: here the seed, once it has come up.
        sim.start(2, 0);
        sim.requestSync(2, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP).state()
                == SyncStatus.State.SYNCED, 10_000)).as(sim.describe("synced from the seed")).isTrue();
        assertThat(sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP).donor()).isEqualTo(1);
    }

    @Test
    void aClusterStartingEmptyTogetherIsSyncedAsSoonAsTheSeedSeesEveryoneUnsynced() {
        // three nodes provisioned with each other, node 1 the seed
        Simulation.Builder b = Simulation.builder(56);
        List<NodeDescriptor> all = List.of(NodeDescriptor.of(1, Simulation.Builder.url(1)).asSeed(),
                NodeDescriptor.of(2, Simulation.Builder.url(2)), NodeDescriptor.of(3, Simulation.Builder.url(3)));
        for (NodeDescriptor self : all) {
            b.node(self.nodeId(), List.of(new ClusterSetup(CLUSTER, self,
                    all.stream().filter(d -> d != self).toList(), false)));
        }
        Simulation sim = b.build();
        KvModule.install(sim, CLUSTER, Set.of(1, 2, 3));
        for (int id = 1; id <= 3; id++) {
            sim.start(id, 0);
            sim.requestSync(id, CLUSTER, KvModule.CAP);
        }
        // every node reachable, every one announcing the capability not synced: nobody can be a donor
        assertThat(sim.runUntil(() -> {
            for (int id = 1; id <= 3; id++) {
                if (sim.node(id).engine().syncStatus(CLUSTER, KvModule.CAP).state() != SyncStatus.State.SYNCED) {
                    return false;
                }
            }
            return true;
        }, 2_000)).as(sim.describe("all synced well before the 5 s fallback")).isTrue();
        assertThat(sim.events(e -> e.event() instanceof ClusterEvent.SyncSeedFallback)).hasSize(1);
        assertThat(sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP).donor()).isEqualTo(1);
        assertThat(sim.node(3).engine().syncStatus(CLUSTER, KvModule.CAP).donor()).isEqualTo(1);
    }

    /** Sync requests are answered by streams the test feeds itself; the list receives each stream opened. */
    private static List<io.sipcluster.core.SyncStream> answerWithStreams(Simulation sim, Map<Integer, KvModule> kv) {
        List<io.sipcluster.core.SyncStream> streams = new java.util.ArrayList<>();
        sim.onEvent(e -> {
            if (e.event() instanceof ClusterEvent.SyncRequested r) {
                streams.add(sim.openSyncStream(e.nodeId(), CLUSTER, KvModule.CAP, r.requesterNodeId(), 1,
                        kv.get(e.nodeId()).chunks()));
            }
        });
        return streams;
    }

    @Test
    void aStreamedSyncSentAPacketAtATimeWhileUpdatesFlowEndsWithTheSameData() {
        Simulation sim = Simulation.builder(57).fullMesh(2).build();
        Map<Integer, KvModule> kv = KvModule.install(sim, CLUSTER, Set.of(2), false);
        List<io.sipcluster.core.SyncStream> streams = answerWithStreams(sim, kv);
        sim.start(1, 0);
        for (int i = 0; i < 20_000; i++) {
            kv.get(1).putLocal("user" + i, 1, "contact-" + i);
        }
        sim.runFor(1_000);
        sim.start(2, 0);
        sim.requestSync(2, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> !streams.isEmpty(), 5_000)).as(sim.describe("sync requested")).isTrue();
        io.sipcluster.core.SyncStream stream = streams.get(0);
        int steps = 0;
        long version = 2;
        io.sipcluster.core.SyncStream.Progress p;
        do {
            p = sim.continueSyncStream(1, stream, 1);
            steps++;
            String key = "user" + (steps * 37 % 20_000);
            kv.get(1).putLocal(key, version, "moved-" + version);
            sim.broadcast(1, CLUSTER, KvModule.put(key, version, "moved-" + version));
            version++;
            sim.runFor(1);
        } while (p == io.sipcluster.core.SyncStream.Progress.MORE);
        assertThat(p).isEqualTo(io.sipcluster.core.SyncStream.Progress.DONE);
        assertThat(steps).as("one packet (about 32 KB) per step").isGreaterThan(10);
        assertThat(sim.runUntil(() -> sim.node(2).engine().syncStatus(CLUSTER, KvModule.CAP).state()
                == SyncStatus.State.SYNCED, 10_000)).as(sim.describe("sync done")).isTrue();
        sim.runFor(100);
        assertSameData(sim, kv.get(2), kv.get(1));
        assertThat(sim.continueSyncStream(1, stream, 1)).as("a finished stream stays finished")
                .isEqualTo(io.sipcluster.core.SyncStream.Progress.DONE);
    }

    @Test
    void aStreamToARequesterThatWentDownIsAborted() {
        Simulation sim = Simulation.builder(58).fullMesh(2).build();
        Map<Integer, KvModule> kv = KvModule.install(sim, CLUSTER, Set.of(2), false);
        List<io.sipcluster.core.SyncStream> streams = answerWithStreams(sim, kv);
        sim.start(1, 0);
        for (int i = 0; i < 5_000; i++) {
            kv.get(1).putLocal("user" + i, 1, "contact-" + i);
        }
        sim.start(2, 0);
        sim.requestSync(2, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> !streams.isEmpty(), 5_000)).isTrue();
        assertThat(sim.continueSyncStream(1, streams.get(0), 2)).isEqualTo(io.sipcluster.core.SyncStream.Progress.MORE);
        sim.crash(2);
        assertThat(sim.runUntil(() -> !sim.node(1).engine().reachable(CLUSTER).contains(2), 10_000)).isTrue();
        assertThat(sim.continueSyncStream(1, streams.get(0), 2)).isEqualTo(io.sipcluster.core.SyncStream.Progress.ABORTED);
    }

    @Test
    void capabilityStatesSpreadThroughTheClusterByCapUpdates() {
        Simulation sim = Simulation.builder(55).fullMesh(3).build();
        KvModule.install(sim, CLUSTER, Set.of(3));
        sim.startAll();
        sim.cutBoth(1, 3); // node 3 hears about node 1's capability only through node 2's flooding
        assertThat(sim.runUntil(() -> sim.events(e -> e.nodeId() == 3 && e.event()
                instanceof ClusterEvent.CapabilityChanged c && c.nodeId() == 1 && c.synced()
                && c.capability().equals(KvModule.CAP.name())).size() == 1, 10_000))
                .as(sim.describe("node 3 learns node 1's capability")).isTrue();
        // Node 3 announces itself not synced until it has synced, then synced.
        sim.requestSync(3, CLUSTER, KvModule.CAP);
        assertThat(sim.runUntil(() -> sim.events(e -> e.nodeId() == 1 && e.event()
                instanceof ClusterEvent.CapabilityChanged c && c.nodeId() == 3 && c.synced()
                && c.capability().equals(KvModule.CAP.name())).size() == 1, 10_000))
                .as(sim.describe("node 1 learns node 3 became synced")).isTrue();
    }
}
