package io.sipcluster.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage;
import java.util.concurrent.CountDownLatch;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EngineLoopTest {
    private static ClusterEngine engine(int id, int other) {
        NodeDescriptor self = NodeDescriptor.of(id, "bin:node" + id);
        NodeDescriptor peer = NodeDescriptor.of(other, "bin:node" + other);
        return new ClusterEngine(id, List.of(new ClusterSetup(1, self, List.of(peer), false)), Timings.FAST,
                () -> (int) (System.currentTimeMillis() / 1000));
    }

    @Test
    void twoLoopsFormAClusterAndSeeEachOtherGo() throws Exception {
        InProcessNetwork net = new InProcessNetwork();
        BlockingQueue<ClusterEvent> seenBy1 = new LinkedBlockingQueue<>();
        try (EngineLoop a = new EngineLoop(engine(1, 2)); EngineLoop b = new EngineLoop(engine(2, 1))) {
            a.addListener(seenBy1::add);
            a.setTransport(net.attach(Str.of("bin:node1"), a));
            Transport tb = net.attach(Str.of("bin:node2"), b);
            b.setTransport(tb);
            a.start();
            b.start();

            assertThat(next(seenBy1, ClusterEvent.NodeUp.class)).isEqualTo(new ClusterEvent.NodeUp(1, 2));
            java.util.Set<Integer> reachable = a.read((e, now, fx) -> e.reachable(1));
            assertThat(reachable).containsExactly(2);

            b.close();
            tb.close(); // node 2 is gone: sends to it fail, pings go unanswered
            assertThat(next(seenBy1, ClusterEvent.NodeDown.class)).isEqualTo(new ClusterEvent.NodeDown(1, 2));
        }
    }

    @Test
    void callsAfterCloseFailInsteadOfHanging() {
        EngineLoop a = new EngineLoop(engine(1, 2));
        a.start();
        a.close();
        assertThat(a.call((e, now, fx) -> 1)).isCompletedExceptionally();
    }

    @Test
    void controlPacketsOvertakeBulkPacketsWaitingForTheLoop() throws Exception {
        try (EngineLoop loop = new EngineLoop(engine(1, 2))) {
            CountDownLatch hold = new CountDownLatch(1);
            loop.call((e, now, fx) -> hold.await(5, TimeUnit.SECONDS)); // the loop is busy: packets queue up
            List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            PacketSource source = (p, ignored) -> order.add(p.message().capability().name());
            ModulePacket bulk = new ModulePacket(Capability.of("bulk"), 1, 1, Str.of("x"), new Trailer.Node(1, 2, 1));
            for (int i = 0; i < 300; i++) {
                loop.received(new ReceivedPacket(bulk, 1, 40, source));
            }
            loop.received(new ReceivedPacket(new InternalMessage.Ping(1, 2, 0), 1, 40, source));
            assertThat(loop.queuedPackets()).isEqualTo(301);
            hold.countDown();
            loop.drain();
            assertThat(order).hasSize(301);
            assertThat(order.get(0)).isEqualTo("clusterer-internal");
            assertThat(loop.queuedPackets()).isZero();
        }
    }

    @Test
    void readingStateFromTheLoopThreadDoesNotWaitForItself() {
        try (EngineLoop loop = new EngineLoop(engine(1, 2))) {
            Integer inner = loop.call((e, now, fx) -> loop.read((e2, now2, fx2) -> e2.nodeId())).join();
            assertThat(inner).isEqualTo(1);
        }
    }

    private static <T extends ClusterEvent> T next(BlockingQueue<ClusterEvent> q, Class<T> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ClusterEvent e = q.poll(100, TimeUnit.MILLISECONDS);
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " within 10 s");
    }
}
