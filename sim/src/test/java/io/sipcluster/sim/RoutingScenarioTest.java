package io.sipcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.IgnoreReason;
import io.sipcluster.core.SendResult;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorDelete;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Module packets: sent to one node or all, routed through others when a link is down, delivered to modules. */
class RoutingScenarioTest {
    private static final int CLUSTER = 1;

    private static UsrlocPacket aorDelete(String aor) {
        return new UsrlocPacket(new AorDelete(Str.of("location"), Str.of(aor)), Trailer.UNADDRESSED);
    }

    private static Simulation formed(int n, long seed) {
        Simulation sim = Simulation.builder(seed).fullMesh(n).build().startAll();
        for (int id : sim.nodeIds()) {
            sim.node(id).engine().registerCapability(CLUSTER, Capability.USRLOC);
        }
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 5_000)).isTrue();
        return sim;
    }

    @Test
    void aPacketReachesItsDestinationThroughAnotherNodeWhenTheDirectLinkIsDown() {
        Simulation sim = formed(3, 31);
        sim.cutBoth(1, 3);
        assertThat(sim.runUntil(() -> sim.node(1).engine().nextHop(CLUSTER, 3) == 2, 15_000)).isTrue();

        long before = sim.sent(2)[0];
        assertThat(sim.send(1, CLUSTER, 3, aorDelete("alice"))).isEqualTo(SendResult.SENT);
        sim.runFor(100);

        assertThat(sim.deliveries()).singleElement().satisfies(d -> {
            assertThat(d.atNode()).isEqualTo(3);
            assertThat(d.srcNodeId()).isEqualTo(1);
            assertThat(d.packet().trailer()).isEqualTo(new Trailer.Node(CLUSTER, 1, 3));
            assertThat(((UsrlocPacket) d.packet()).message()).isEqualTo(aorDelete("alice").message());
        });
        assertThat(sim.sent(2)[0]).as("node 2 relayed it").isGreaterThan(before);
    }

    /**
     * The rate limit module re-sends identical counters every 200 ms; through a relay each copy must arrive (the
     * relay's hop limit counts identical packets, and must tell these from a packet going round a loop).
     */
    @Test
    void identicalPacketsSentAgainAndAgainThroughARelayAllArrive() {
        Simulation sim = formed(3, 35);
        sim.cutBoth(1, 3);
        assertThat(sim.runUntil(() -> sim.node(1).engine().nextHop(CLUSTER, 3) == 2, 15_000)).isTrue();
        for (int i = 0; i < 15; i++) {
            assertThat(sim.send(1, CLUSTER, 3, aorDelete("idle-pipe"))).isEqualTo(SendResult.SENT);
            sim.runFor(200);
        }
        assertThat(sim.deliveries()).hasSize(15).allSatisfy(d -> assertThat(d.atNode()).isEqualTo(3));
        assertThat(sim.node(2).engine().ignoredCounts()).containsEntry(IgnoreReason.ROUTING_LOOP, 0L);
    }

    @Test
    void aBroadcastReachesEveryOtherNodeOnce() {
        Simulation sim = formed(5, 32);
        assertThat(sim.broadcast(2, CLUSTER, aorDelete("bob"))).isEqualTo(SendResult.SENT);
        sim.runFor(100);
        assertThat(sim.deliveries()).extracting(Simulation.Delivery::atNode).containsExactlyInAnyOrder(1, 3, 4, 5);
        assertThat(sim.deliveries()).allSatisfy(d -> assertThat(d.packet().trailer().dstNodeId()).isEqualTo(d.atNode()));
    }

    @Test
    void anUnreachableDestinationIsReportedAndNothingIsDelivered() {
        Simulation sim = formed(3, 33);
        sim.partition(Set.of(1), Set.of(2, 3));
        assertThat(sim.runUntil(() -> sim.node(1).engine().reachable(CLUSTER).isEmpty(), 15_000)).isTrue();
        assertThat(sim.send(1, CLUSTER, 3, aorDelete("carol"))).isEqualTo(SendResult.DESTINATION_DOWN);
        assertThat(sim.broadcast(1, CLUSTER, aorDelete("carol"))).isEqualTo(SendResult.DESTINATION_DOWN);
        assertThat(sim.send(1, CLUSTER, 9, aorDelete("carol"))).isEqualTo(SendResult.UNKNOWN_DESTINATION);
        sim.heal();
        sim.runFor(1_000);
        assertThat(sim.deliveries()).isEmpty();
    }

    @Test
    void aPacketForACapabilityNotRegisteredOnTheReceiverIsDroppedAndCounted() {
        Simulation sim = Simulation.builder(34).fullMesh(2).build().startAll();
        sim.node(1).engine().registerCapability(CLUSTER, Capability.USRLOC);
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 5_000)).isTrue();
        sim.send(1, CLUSTER, 2, aorDelete("dave"));
        sim.runFor(100);
        assertThat(sim.deliveries()).isEmpty();
        assertThat(sim.events(e -> e.nodeId() == 2 && e.event() instanceof ClusterEvent.Ignored i
                && i.reason() == IgnoreReason.UNKNOWN_CAPABILITY && i.detail().contains("usrloc-contact-repl")))
                .hasSize(1);
        assertThat(sim.node(2).engine().ignoredCounts()).containsEntry(IgnoreReason.UNKNOWN_CAPABILITY, 1L);
    }
}
