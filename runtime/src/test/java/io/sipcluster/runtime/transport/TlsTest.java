package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.testing.CapturedLog;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.FreePorts;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.runtime.testing.RawPeer;
import io.sipcluster.runtime.testing.TestPki;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@code bins:} links: mutual certificate authentication against each cluster's trust anchors. */
class TlsTest {
    private static final int C = LoopbackCluster.CLUSTER;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void nodesWithCertificatesOfTheClusterCaFormTheClusterOverTls() throws Exception {
        TestPki pki = TestPki.get();
        LoopbackCluster cluster = new LoopbackCluster(2, "bins");
        EventLog e1 = new EventLog();
        List<Routable> received = new CopyOnWriteArrayList<>();
        Capability data = Capability.of("tls-data");
        try (ClusterNode n1 = new ClusterNode(cluster.settings(1).tls(C, pki.settings(pki.signed("node1"))).build());
             ClusterNode n2 = new ClusterNode(cluster.settings(2).tls(C, pki.settings(pki.signed("node2"))).build())) {
            n1.addListener(e1);
            n1.registerCapability(C, data, (c, src, p) -> { }).join();
            n2.registerCapability(C, data, (c, src, p) -> received.add(p)).join();
            n1.start();
            n2.start();
            e1.awaitUp(C, 2, WAIT);
            n1.send(C, 2, new ModulePacket(data, 1, 1, Str.of("secret"), Trailer.UNADDRESSED)).join();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(received).singleElement()
                    .satisfies(p -> assertThat(((ModulePacket) p).body()).isEqualTo(Str.of("secret")));
            assertThat(n1.transportStats().tlsHandshakeFailures()).isZero();
        }
    }

    @Test
    void aPeerWhoseCertificateTheClusterDoesNotTrustIsRefused() throws Exception {
        TestPki pki = TestPki.get();
        LoopbackCluster cluster = new LoopbackCluster(2, "bins");
        EventLog e1 = new EventLog();
        try (CapturedLog log = new CapturedLog(BinTransport.class);
             ClusterNode n1 = new ClusterNode(cluster.settings(1).tls(C, pki.settings(pki.signed("node1"))).build());
             ClusterNode rogue = new ClusterNode(cluster.settings(2).tls(C, pki.settings(pki.rogue())).build())) {
            n1.addListener(e1);
            n1.start();
            rogue.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (n1.transportStats().tlsHandshakeFailures() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            // both ways fail: the rogue's client certificate, and the rogue's server certificate
            assertThat(n1.transportStats().tlsHandshakeFailures()).isGreaterThanOrEqualTo(2);
            assertThat(e1.snapshot()).noneMatch(e -> e instanceof ClusterEvent.NodeUp);
            assertThat(n1.view(C).reachable()).isEmpty();
            assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("TLS handshake with"));
        }
    }

    @Test
    void packetsOfATlsClusterAreRefusedOnAPlainConnection() throws Exception {
        TestPki pki = TestPki.get();
        LoopbackCluster cluster = new LoopbackCluster(2, "bins");
        int plainPort = FreePorts.pick(1).get(0);
        EventLog e1 = new EventLog();
        try (ClusterNode n1 = new ClusterNode(cluster.settings(1).listen(cluster.url(1))
                .listen("bin:127.0.0.1:" + plainPort).tls(C, pki.settings(pki.signed("node1"))).build())) {
            n1.addListener(e1);
            n1.start();
            try (RawPeer spoofer = new RawPeer("127.0.0.1", plainPort)) {
                // claims to be node 2: over plain TCP that claim is worth nothing in a TLS cluster
                spoofer.write(BinCodec.encode(new InternalMessage.Ping(C, 2, 1)));
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (n1.transportStats().tlsClusterRefusals() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertThat(n1.transportStats().tlsClusterRefusals()).isEqualTo(1);
            n1.loop().drain();
            assertThat(e1.snapshot()).noneMatch(e -> e instanceof ClusterEvent.NodeUp);
        }
    }
}
