package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.runtime.Inbound;
import io.sipcluster.runtime.testing.FreePorts;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.PacketFramer;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sending side of the transport against plain sockets: bounded queues, backoff, idle close, flush on close. */
class OutboundTest {
    private static final Capability BULK = Capability.of("bulk-data");

    private final List<Str> lost = new CopyOnWriteArrayList<>();
    private final Inbound inbound = new Inbound() {
        @Override
        public void received(BinMessage message, long connectionId) { }

        @Override
        public void connectionLost(Str url) {
            lost.add(url);
        }
    };
    private BinTransport transport;
    private ServerSocket server;
    private final AtomicInteger accepted = new AtomicInteger();
    /** Held so that the garbage collector does not close them. */
    private final List<Socket> peerSockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger packetsRead = new AtomicInteger();

    @AfterEach
    void stop() throws IOException {
        if (transport != null) {
            transport.close();
        }
        if (server != null) {
            server.close();
        }
        for (Socket s : peerSockets) {
            s.close();
        }
    }

    private BinTransport start(TransportLimits limits) {
        transport = BinTransport.start(List.of(), Map.of(), limits, inbound, "test-bin");
        return transport;
    }

    /** A peer that accepts connections and, if asked, reads and counts BIN packets. */
    private Str peer(boolean reads) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    peerSockets.add(s);
                    accepted.incrementAndGet();
                    if (reads) {
                        Thread r = new Thread(() -> count(s));
                        r.setDaemon(true);
                        r.start();
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return Str.of("bin:127.0.0.1:" + server.getLocalPort());
    }

    private void count(Socket s) {
        PacketFramer framer = new PacketFramer();
        byte[] buf = new byte[65_536];
        try (InputStream in = s.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                framer.feed(buf, 0, n, p -> packetsRead.incrementAndGet());
            }
        } catch (IOException | MalformedPacketException e) {
            // the connection ended
        }
    }

    private static ModulePacket bulk(int bytes) {
        return new ModulePacket(BULK, 1, 1, Str.ofBytes(new byte[bytes]), new Trailer.Node(1, 1, 2));
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        Str url = peer(false); // accepts, never reads: the kernel buffers fill, then the queue
        start(TransportLimits.DEFAULTS.toBuilder().bulkQueueBytes(1 << 20).build());
        long start = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            transport.send(url, bulk(60_000));
        }
        Duration spent = Duration.ofNanos(System.nanoTime() - start);
        transport.send(url, new InternalMessage.Ping(1, 1, 0));
        awaitTrue(() -> accepted.get() == 2, "a control and a bulk connection");
        awaitTrue(() -> transport.stats().bulkDropped() > 0, "bulk packets dropped");
        TransportStats s = transport.stats();
        assertThat(spent).as("400 sends into a stuck peer").isLessThan(Duration.ofSeconds(2));
        assertThat(s.queuedBulkBytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(s.bulkDropped()).isGreaterThan(300);
        assertThat(s.controlDropped()).isZero();
    }

    @Test
    void anUnreachableDestinationIsReportedOnceAndBackedOff() throws Exception {
        Str url = Str.of("bin:127.0.0.1:" + FreePorts.pick(1).get(0)); // nothing listens
        start(TransportLimits.DEFAULTS.toBuilder().reconnectBackoff(Duration.ofSeconds(5), Duration.ofSeconds(5)).build());
        transport.send(url, new InternalMessage.Ping(1, 1, 1));
        awaitTrue(() -> transport.stats().connectFailures() == 1, "the connection attempt failed");
        for (int i = 0; i < 10; i++) {
            transport.send(url, new InternalMessage.Ping(1, 1, 1));
        }
        assertThat(transport.stats().connectFailures()).as("no attempt during the backoff").isEqualTo(1);
        assertThat(transport.stats().unreachableDropped()).isEqualTo(11);
        assertThat(lost).containsExactly(url);
    }

    @Test
    void anIdleConnectionIsClosedAndReopenedOnDemand() throws Exception {
        Str url = peer(true);
        start(TransportLimits.DEFAULTS.toBuilder().idleTimeout(Duration.ofMillis(300)).build());
        transport.send(url, new InternalMessage.Ping(1, 1, 0));
        awaitTrue(() -> transport.stats().idleClosed() == 1, "the idle connection closed");
        transport.send(url, new InternalMessage.Ping(1, 1, 0));
        awaitTrue(() -> packetsRead.get() == 2, "both pings arrived");
        assertThat(transport.stats().connectionsOpened()).isEqualTo(2);
        assertThat(lost).as("closing an idle connection is no loss").isEmpty();
    }

    @Test
    void closingWritesWhatIsQueuedFirst() throws Exception {
        Str url = peer(true);
        start(TransportLimits.DEFAULTS);
        for (int i = 0; i < 300; i++) {
            transport.send(url, bulk(20_000));
        }
        transport.close();
        awaitTrue(() -> packetsRead.get() == 300, "all 300 packets read by the peer");
        assertThat(transport.stats().unreachableDropped()).isZero();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
