package io.sipcluster.usrloc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sipcluster.core.SyncStatus;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.NodeSettings;
import io.sipcluster.usrloc.Binding;
import io.sipcluster.usrloc.LocationTable;
import io.sipcluster.usrloc.UsrlocLimits;
import io.sipcluster.usrloc.service.LocationService;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.usrloc.ContactMatch;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** usrloc-contact-repl between two nodes over real BIN connections on loopback. */
class UsrlocReplicationTest {
    private static final int CLUSTER = 1;
    private static final ContactMatch BY_URI = new ContactMatch(ContactMatch.CONTACT_ONLY, List.of());
    private final int[] ports = freePorts(2);
    private final List<AutoCloseable> open = new ArrayList<>();

    private record Node(ClusterNode node, LocationService location, UsrlocReplication replication) {}

    private Node start(int id) {
        int other = 3 - id;
        NodeDescriptor self = NodeDescriptor.of(id, url(id));
        ClusterNode node = new ClusterNode(NodeSettings.builder(id).timings(Timings.FAST)
                .cluster(new ClusterSetup(CLUSTER, id == 1 ? self.asSeed() : self,
                        List.of(NodeDescriptor.of(other, url(other))), false))
                .build());
        UsrlocReplication replication = new UsrlocReplication(CLUSTER);
        LocationService location = new LocationService(new LocationTable("location", UsrlocLimits.DEFAULTS),
                () -> System.currentTimeMillis() / 1000, replication);
        node.start();
        open.add(node);
        replication.start(node, location).join();
        return new Node(node, location, replication);
    }

    private String url(int id) {
        return "bin:127.0.0.1:" + ports[id - 1];
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static void register(LocationService location, int user, int cseq) {
        long now = System.currentTimeMillis() / 1000;
        location.register(Str.of("u" + user + "@example.com"),
                Binding.of("sip:u" + user + "@10.0.0.1", "call-" + user, cseq, now + 600, 1000, now), BY_URI);
    }

    @Test
    void changesMadeOnOneNodeAppearOnTheOtherAndALateJoinerSyncsEverything() {
        Node a = start(1);
        // alone, the seed waits for a donor that cannot come; then it holds the cluster's table
        await().atMost(Duration.ofSeconds(10)).until(() -> a.replication().syncStatus().state()
                == SyncStatus.State.SYNCED);
        for (int i = 0; i < 5_000; i++) {
            register(a.location(), i, 1);
        }
        Node b = start(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.replication().syncStatus().state()
                == SyncStatus.State.SYNCED);
        assertThat(b.location().dump(10_000)).isEqualTo(a.location().dump(10_000));

        // live changes both ways: refreshes and removals on A, new registrations on B
        for (int i = 0; i < 1_000; i++) {
            register(a.location(), i, 2);
        }
        for (int i = 1_000; i < 1_500; i++) {
            a.location().removeAor(Str.of("u" + i + "@example.com"));
        }
        for (int i = 10_000; i < 10_500; i++) {
            register(b.location(), i, 1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> a.location().contactCount() == 5_000
                && b.location().contactCount() == 5_000);
        assertThat(b.location().dump(10_000)).isEqualTo(a.location().dump(10_000));
        assertThat(a.replication().sentRecords()).isGreaterThanOrEqualTo(1_500);
        assertThat(b.replication().receivedRecords()).isGreaterThanOrEqualTo(1_500);
    }

    @Test
    void recordsWithNobodyToReceiveThemAreCountedAsUnsent() {
        Node a = start(1);
        register(a.location(), 1, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.replication().unsentRecords() == 2);
        assertThat(a.replication().sentRecords()).isZero();
    }

    private static int[] freePorts(int n) {
        int[] out = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
            for (ServerSocket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
