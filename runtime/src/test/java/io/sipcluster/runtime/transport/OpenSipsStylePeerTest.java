package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.runtime.testing.RawPeer;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.PacketFramer;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer that behaves as OpenSIPS does on the wire: it reads packets on connections others opened to its url and
 * sends every packet, pongs included, on the one connection it opened to the other node's url. The node must
 * bring the link up with it, and must send its own pongs to the peer's url, not back on the peer's connection.
 */
class OpenSipsStylePeerTest {
    private static final int C = LoopbackCluster.CLUSTER;

    @Test
    void aLinkComesUpWithAPeerThatAnswersOnItsOwnConnection() throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(2); // node 2 is the OpenSIPS-style peer
        BlockingQueue<BinMessage> atPeer = new LinkedBlockingQueue<>();
        try (ServerSocket peerListener = new ServerSocket(cluster.port(2), 10, InetAddress.getLoopbackAddress());
             ClusterNode node = new ClusterNode(cluster.settings(1).build())) {
            Thread acceptor = new Thread(() -> acceptAndRead(peerListener, atPeer));
            acceptor.setDaemon(true);
            acceptor.start();
            EventLog events = new EventLog();
            node.addListener(events);
            node.start();

            try (RawPeer peerOut = new RawPeer("127.0.0.1", cluster.port(1))) {
                // the node probes the peer's url; the peer answers on its own connection
                InternalMessage.Ping ping = next(atPeer, InternalMessage.Ping.class);
                assertThat(ping.srcNodeId()).isEqualTo(1);
                peerOut.write(BinCodec.encode(new InternalMessage.Pong(C, 2, List.of())));
                // and probes the node the same way; the node's pong must come to the peer's url
                peerOut.write(BinCodec.encode(new InternalMessage.Ping(C, 2, 1)));
                next(atPeer, InternalMessage.Pong.class);
                events.awaitUp(C, 2, Duration.ofSeconds(5));
            }
        }
    }

    private static void acceptAndRead(ServerSocket listener, BlockingQueue<BinMessage> sink) {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                Thread reader = new Thread(() -> read(s, sink));
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void read(Socket s, BlockingQueue<BinMessage> sink) {
        PacketFramer framer = new PacketFramer();
        byte[] buf = new byte[65_536];
        try (s; InputStream in = s.getInputStream()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                framer.feed(buf, 0, n, p -> {
                    try {
                        sink.add(BinCodec.decode(p));
                    } catch (MalformedPacketException e) {
                        throw new AssertionError("the node sent a malformed packet", e);
                    }
                });
            }
        } catch (IOException | MalformedPacketException e) {
            // connection over
        }
    }

    private static <T> T next(BlockingQueue<BinMessage> q, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            BinMessage m = q.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(m)) {
                return type.cast(m);
            }
        }
        throw new AssertionError("the peer received no " + type.getSimpleName());
    }
}
