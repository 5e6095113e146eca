package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.testing.CapturedLog;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.runtime.testing.RawPeer;
import io.sipcluster.runtime.testing.StableLink;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile or broken input on a node's BIN port, from 127.0.0.2 while the node's real peer talks to it from
 * 127.0.0.1: each case is cut off, counted and logged, and the real link stays up throughout.
 *
 * <p>The nodes ping every 500 ms and allow 400 ms for a pong: the point is that an attack does not starve the
 * real link, and this machine's other work (two cores, several builds) must not be mistaken for that.
 */
class BadInputTest {
    private static final int C = LoopbackCluster.CLUSTER;
    private static final String STRANGER = "127.0.0.2";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final TransportLimits limits = TransportLimits.DEFAULTS.toBuilder()
            .ioThreads(1)
            .frameTimeout(Duration.ofMillis(400))
            .idleTimeout(Duration.ofMillis(800))
            .maxConnectionsPerAddress(4)
            .ignoredPacketsBeforeClose(500)
            .inboundPendingBytes(65_536)
            .build();
    private LoopbackCluster cluster;
    private ClusterNode node;
    private ClusterNode peer;
    private final EventLog events = new EventLog();
    private CapturedLog log;

    @BeforeEach
    void startTwoNodes() throws Exception {
        log = new CapturedLog(BinTransport.class);
        cluster = new LoopbackCluster(2);
        node = new ClusterNode(cluster.settings(1).timings(StableLink.TOLERANT).limits(limits).build());
        peer = new ClusterNode(cluster.settings(2).timings(StableLink.TOLERANT).limits(limits).build());
        node.addListener(events);
        node.start();
        peer.start();
        events.awaitUp(C, 2, WAIT);
        StableLink.await(node, peer, C);
        events.clear();
    }

    @AfterEach
    void stop() {
        node.close();
        peer.close();
        log.close();
    }

    @Test
    void garbageBytesCloseTheConnection() throws Exception {
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            p.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(p.closedByNodeWithin(WAIT)).isTrue();
        }
        assertThat(node.transportStats().badMarkerFrames()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("/127.0.0.2:")
                && l.contains("not a BIN packet"));
        realPeerStillUp();
    }

    @Test
    void aFrameAnnouncingOneGigabyteIsRefusedBeforeAnythingIsBuffered() throws Exception {
        byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .put("P4CK".getBytes(StandardCharsets.US_ASCII)).putInt(1 << 30).array();
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            p.write(header);
            assertThat(p.closedByNodeWithin(WAIT)).isTrue();
        }
        assertThat(node.transportStats().badLengthFrames()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.contains("bad packet length") && l.contains("1073741824"));
        realPeerStillUp();
    }

    @Test
    void aSenderTricklingBytesIsCutOffAtTheFrameTimeout() throws Exception {
        byte[] ping = BinCodec.encode(new InternalMessage.Ping(C, 99, 0));
        long start = System.nanoTime();
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            int sent = 0;
            while (sent < ping.length && p.write(Arrays.copyOfRange(ping, sent, sent + 1))) {
                sent++;
                Thread.sleep(50);
            }
            assertThat(p.closedByNodeWithin(WAIT)).isTrue();
            assertThat(sent).as("bytes accepted before the cut").isLessThan(ping.length);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(node.transportStats().slowFrames()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.contains("did not complete within 400 ms"));
        realPeerStillUp();
    }

    @Test
    void aSilentConnectionIsClosedWhenIdle() throws Exception {
        long idleBefore = node.transportStats().idleClosed();
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            assertThat(p.closedByNodeWithin(WAIT)).isTrue();
        }
        assertThat(node.transportStats().idleClosed()).isGreaterThan(idleBefore);
        realPeerStillUp();
    }

    @Test
    void aMalformedPacketIsDroppedAndTheConnectionKept() throws Exception {
        byte[] ping = BinCodec.encode(new InternalMessage.Ping(C, 99, 0));
        byte[] truncated = Arrays.copyOf(ping, ping.length - 2); // body cut short, length patched to match
        ByteBuffer.wrap(truncated).order(ByteOrder.LITTLE_ENDIAN).putInt(4, truncated.length);
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            p.write(truncated);
            assertThat(p.closedByNodeWithin(Duration.ofMillis(300))).isFalse();
        }
        assertThat(node.transportStats().malformedPackets()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.contains("dropped a malformed packet"));
        realPeerStillUp();
    }

    @Test
    void aStrangerFloodingValidPingsIsCutOffWithBoundedMemory() throws Exception {
        byte[] ping = BinCodec.encode(new InternalMessage.Ping(C, 99, 0));
        byte[] burst = new byte[ping.length * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(ping, 0, burst, i * ping.length, ping.length);
        }
        int maxQueued = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int bursts = 0;
        try (RawPeer p = new RawPeer(STRANGER, cluster.port(1))) {
            while (bursts < 2_000 && System.nanoTime() < deadline && p.write(burst)) {
                bursts++;
                maxQueued = Math.max(maxQueued, node.loop().queuedPackets());
            }
            assertThat(p.closedByNodeWithin(WAIT)).isTrue();
        }
        assertThat(node.transportStats().strangerConnectionsClosed()).isEqualTo(1);
        assertThat(log.lines()).anyMatch(l -> l.contains("/127.0.0.2:") && l.contains("500 packets were all ignored"));
        // at most inboundPendingBytes of one connection, plus the rest of the read that crossed it, wait for the loop
        assertThat(maxQueued).isLessThanOrEqualTo((65_536 + 65_536) / ping.length + 1);
        realPeerStillUp();
    }

    @Test
    void connectionsBeyondThePerAddressLimitAreRefused() throws Exception {
        List<RawPeer> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                flood.add(new RawPeer(STRANGER, cluster.port(1)));
            }
            int closed = 0;
            for (RawPeer p : flood) {
                if (p.closedByNodeWithin(Duration.ofMillis(200))) {
                    closed++;
                }
            }
            assertThat(closed).isEqualTo(6);
            assertThat(node.transportStats().connectionsRefused()).isEqualTo(6);
            assertThat(log.lines()).anyMatch(l -> l.contains("/127.0.0.2:") && l.contains("refused"));
            realPeerStillUp();
        } finally {
            for (RawPeer p : flood) {
                p.close();
            }
        }
        // the slots are given back when those connections close
        awaitOpenInbound(2);
        try (RawPeer again = new RawPeer(STRANGER, cluster.port(1))) {
            assertThat(again.closedByNodeWithin(Duration.ofMillis(200))).isFalse();
        }
    }

    private void awaitOpenInbound(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (node.transportStats().openInbound() > expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private void realPeerStillUp() {
        assertThat(events.snapshot()).doesNotContain(new ClusterEvent.NodeDown(C, 2));
        assertThat(node.view(C).nodes()).singleElement()
                .satisfies(n -> assertThat(n.linkState()).isEqualTo(LinkState.UP));
    }
}
