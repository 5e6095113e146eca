package io.sipcluster.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SendResult;
import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.runtime.transport.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The embedding API over real loopback sockets: three nodes of one cluster, FAST timings. */
class ClusterNodeTest {
    private static final int C = LoopbackCluster.CLUSTER;
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Capability DATA = Capability.of("test-data");

    private final List<ClusterNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(ClusterNode::close);
    }

    private ClusterNode node(NodeSettings s, EventLog events) {
        ClusterNode n = new ClusterNode(s);
        n.addListener(events);
        nodes.add(n);
        return n;
    }

    /** Records what a module receives. */
    private static final class Recorder implements CapabilityModule {
        final List<Routable> packets = new CopyOnWriteArrayList<>();
        final EventLog events = new EventLog();
        final List<Str> records;

        Recorder(List<Str> records) {
            this.records = records;
        }

        @Override
        public void onPacket(int clusterId, int srcNodeId, Routable packet) {
            packets.add(packet);
        }

        @Override
        public void onEvent(ClusterEvent event) {
            events.accept(event);
        }

        @Override
        public SyncData syncData(int clusterId, int requesterNodeId) {
            return new SyncData(1, records.iterator());
        }
    }

    @Test
    void threeNodesFormAClusterExchangePacketsAndSyncOverTcp() throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(3);
        EventLog e1 = new EventLog();
        EventLog e2 = new EventLog();
        ClusterNode n1 = node(cluster.settings(1).sharingTag(C, "vip", true).build(), e1);
        ClusterNode n2 = node(cluster.settings(2).sharingTag(C, "vip", false).build(), e2);
        ClusterNode n3 = node(cluster.settings(3).build(), new EventLog());
        Recorder donor = new Recorder(List.of(Str.of("alice"), Str.of("bob"), Str.of("carol")));
        Recorder receiver2 = new Recorder(List.of());
        Recorder receiver3 = new Recorder(List.of());
        n1.registerCapability(C, DATA, donor).join();
        n2.registerCapabilityNeedingSync(C, DATA, receiver2).join();
        n3.registerCapability(C, DATA, receiver3).join();
        n1.start();
        n2.start();
        n3.start();

        e1.awaitUp(C, 2, WAIT);
        e1.awaitUp(C, 3, WAIT);
        e2.awaitUp(C, 1, WAIT);
        e2.awaitUp(C, 3, WAIT);
        ClusterView v = n1.view(C);
        assertThat(v.reachable()).containsExactly(2, 3);
        assertThat(v.nodes()).allSatisfy(n -> assertThat(n.linkState()).isEqualTo(LinkState.UP));

        // a module packet to one node, then to all
        ModulePacket hello = new ModulePacket(DATA, 1, 7, Str.of("hello"), Trailer.UNADDRESSED);
        assertThat(n1.send(C, 3, hello).get(5, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);
        assertThat(n1.broadcast(C, hello).get(5, TimeUnit.SECONDS)).isEqualTo(SendResult.SENT);

        // node 2 asks for the data; node 1 (the only synced holder) streams it
        n2.requestSync(C, DATA).join();
        receiver2.events.await(e -> e instanceof ClusterEvent.SyncDone, WAIT, "SyncDone on node 2");
        assertThat(n2.syncStatus(C, DATA).state()).isEqualTo(SyncStatus.State.SYNCED);
        List<Str> synced = new ArrayList<>();
        for (Routable p : receiver2.packets) {
            if (p instanceof ExtraMessage.Sync s) {
                s.chunks().forEach(c -> synced.add(c.data()));
            }
        }
        assertThat(synced).containsExactly(Str.of("alice"), Str.of("bob"), Str.of("carol"));
        await(() -> receiver3.packets.size() == 2, "node 3 got the packet twice (send, broadcast)");
        assertThat(receiver3.packets).allSatisfy(p -> assertThat(((ModulePacket) p).body()).isEqualTo(Str.of("hello")));

        // sharing tags: node 1 starts active; node 2 takes the tag and node 1 hears of it
        assertThat(n1.isSharingTagActive(C, "vip")).isTrue();
        n2.activateSharingTag(C, "vip").join();
        e1.await(e -> e.equals(new ClusterEvent.SharingTagChanged(C, "vip", false, "cluster broadcast from 2")),
                WAIT, "tag moved to node 2");
        assertThat(n1.isSharingTagActive(C, "vip")).isFalse();
        assertThat(n2.isSharingTagActive(C, "vip")).isTrue();

        // a node that closes is seen going
        n3.close();
        e1.awaitDown(C, 3, WAIT);
        assertThat(n1.transportStats().connectionsLost()).isPositive();
        assertThat(n1.transportStats().packetsSent()).isPositive();
    }

    @Test
    void settingsAreCheckedWhenBuilt() {
        LoopbackCluster cluster = new LoopbackCluster(2);
        assertThatThrownBy(() -> cluster.settings(1).listen("bin:127.0.0.1:1").build())
                .hasMessageContaining("is not one of the listeners");
        assertThatThrownBy(() -> cluster.settings(1).sharingTag(9, "vip", true).build())
                .hasMessageContaining("cluster 9, which is not configured");
        assertThatThrownBy(() -> NodeSettings.builder(2).cluster(cluster.setup(1)).build())
                .hasMessageContaining("provisions this node as 1, not 2");
        LoopbackCluster tls = new LoopbackCluster(2, "bins");
        assertThatThrownBy(() -> tls.settings(1).build()).hasMessageContaining("no TLS settings");
        TlsSettings files = new TlsSettings(Path.of("chain.pem"), Path.of("key.pem"), Path.of("ca.pem"));
        assertThatThrownBy(() -> cluster.settings(1).tls(LoopbackCluster.CLUSTER, files).build())
                .hasMessageContaining("has TLS settings but node 2 has a plain bin: url");
    }

    @Test
    void aBusyPortIsReportedAndNothingKeepsRunning() {
        LoopbackCluster cluster = new LoopbackCluster(2);
        ClusterNode first = node(cluster.settings(1).build(), new EventLog());
        first.start();
        ClusterNode second = new ClusterNode(cluster.settings(1).build());
        assertThatThrownBy(second::start).hasMessageContaining("cannot listen on bin:127.0.0.1:" + cluster.port(1));
        second.close();
    }

    @Test
    void capabilitiesOfTheClustererItselfCannotBeTaken() {
        ClusterNode n = node(new LoopbackCluster(2).settings(1).build(), new EventLog());
        assertThatThrownBy(() -> n.registerCapability(C, Capability.CLUSTERER_EXTRA, (c, s, p) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
        n.registerCapability(C, DATA, (c, s, p) -> { }).join();
        assertThatThrownBy(() -> n.registerCapability(C, DATA, (c, s, p) -> { }))
                .isInstanceOf(IllegalStateException.class);
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }
}
