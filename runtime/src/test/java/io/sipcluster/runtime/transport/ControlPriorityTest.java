package io.sipcluster.runtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.SendResult;
import io.sipcluster.runtime.ClusterNode;
import io.sipcluster.runtime.testing.EventLog;
import io.sipcluster.runtime.testing.LoopbackCluster;
import io.sipcluster.runtime.testing.StableLink;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OpenSIPS #1976 situation: node 1 queues ~30 MB of module data for node 2, whose module applies each packet
 * slowly on its loop thread, so the backlog lasts seconds. Meanwhile control traffic must get through in time:
 * an echo of GENERIC_MSGs (control class) between the nodes stays fast, the link never drops, and the bulk data
 * still arrives complete and in order.
 */
class ControlPriorityTest {
    private static final int C = LoopbackCluster.CLUSTER;
    private static final Capability BULK = Capability.of("bulk-data");
    private static final int PACKETS = 500;
    private static final int PACKET_BYTES = 60_000;
    private static final long APPLY_MILLIS = 4;

    @Test
    void controlTrafficOvertakesAQueuedSyncBacklog() throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(2);
        EventLog e1 = new EventLog();
        EventLog e2 = new EventLog();
        try (ClusterNode n1 = new ClusterNode(cluster.settings(1).timings(StableLink.TOLERANT).build());
             ClusterNode n2 = new ClusterNode(cluster.settings(2).timings(StableLink.TOLERANT).build())) {
            List<Integer> arrived = new CopyOnWriteArrayList<>();
            n1.registerCapability(C, BULK, (c, src, p) -> { }).join();
            n2.registerCapability(C, BULK, (c, src, p) -> {
                arrived.add(ByteBuffer.wrap(((ModulePacket) p).body().toByteArray()).getInt());
                sleep(APPLY_MILLIS); // a slow apply, on the loop thread
            }).join();
            // node 1 answers every generic request (GENERIC_MSG) with a reply; node 2 measures the round trips
            n1.addListener(e -> {
                if (e instanceof ClusterEvent.GenericMessageReceived m && m.request()) {
                    n1.loop().call((engine, now, fx) -> engine.sendReply(C, m.srcNodeId(), m.message(), m.tag(), now, fx));
                }
            });
            List<Long> rttMillis = new CopyOnWriteArrayList<>();
            n2.addListener(e -> {
                if (e instanceof ClusterEvent.GenericMessageReceived m && !m.request()) {
                    rttMillis.add((System.nanoTime() - Long.parseLong(m.message().toString())) / 1_000_000);
                }
            });
            n1.addListener(e1);
            n2.addListener(e2);
            n1.start();
            n2.start();
            e1.awaitUp(C, 2, Duration.ofSeconds(10));
            StableLink.await(n1, n2, C);
            e1.clear();
            e2.clear();

            // the whole backlog is queued at once, as a donor's sync is; it is timed from before the queueing, since
            // node 2 starts applying while node 1 is still queueing
            long start = System.nanoTime();
            SendResult queued = n1.loop().call((engine, now, fx) -> {
                SendResult r = null;
                for (int i = 0; i < PACKETS; i++) {
                    byte[] body = new byte[PACKET_BYTES];
                    ByteBuffer.wrap(body).putInt(i);
                    r = engine.send(C, 2, new ModulePacket(BULK, 1, 1, Str.ofBytes(body), Trailer.UNADDRESSED), now, fx);
                }
                return r;
            }).get(5, TimeUnit.SECONDS);
            assertThat(queued).isEqualTo(SendResult.SENT);

            int echoesDuringBacklog = 0;
            long deadline = start + Duration.ofSeconds(30).toNanos();
            while (arrived.size() < PACKETS && System.nanoTime() < deadline) {
                Str sentAt = Str.of(Long.toString(System.nanoTime()));
                n2.loop().call((engine, now, fx) -> engine.sendRequest(C, 1, sentAt, now, fx));
                echoesDuringBacklog++;
                sleep(50);
            }
            long backlogMillis = (System.nanoTime() - start) / 1_000_000;
            sleep(300); // the last echoes come back

            assertThat(arrived).as("bulk data complete and in order").hasSize(PACKETS).isSorted();
            assertThat(backlogMillis).as("the backlog lasted").isGreaterThan(PACKETS * APPLY_MILLIS);
            assertThat(rttMillis).as("echoes answered").hasSizeGreaterThan(echoesDuringBacklog * 9 / 10);
            long worst = rttMillis.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("backlog of %d x %d bytes took %d ms; %d control echoes, worst round trip %d ms, median %d ms%n",
                    PACKETS, PACKET_BYTES, backlogMillis, rttMillis.size(), worst, median(rttMillis));
            assertThat(worst).as("worst control round trip (ms) through the backlog").isLessThan(250);
            assertThat(e1.snapshot()).noneMatch(e -> e instanceof ClusterEvent.NodeDown);
            assertThat(e2.snapshot()).noneMatch(e -> e instanceof ClusterEvent.NodeDown);
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
