package io.sipcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.core.ClusterEvent;
import io.sipcluster.core.IgnoreReason;
import io.sipcluster.core.NodeMatch;
import io.sipcluster.core.SendResult;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorDelete;
import io.sipcluster.wire.usrloc.UsrlocPacket;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Management actions on the cluster: enabling and disabling nodes, removing one, targeted broadcasts. */
class AdministrationScenarioTest {
    private static final int CLUSTER = 1;

    private static Simulation formed(Simulation sim) {
        sim.startAll();
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 90_000)).as(sim.describe("formed")).isTrue();
        return sim;
    }

    private static void setEnabled(Simulation sim, int at, int target, boolean enabled) {
        SimNode n = sim.node(at);
        n.engine().setNodeEnabled(CLUSTER, target, enabled, sim.nowMillis(), sim.effectsFor(at));
    }

    @Test
    void aDisabledRemoteNodeIsIgnoredAndComesBackWhenEnabled() {
        Simulation sim = formed(Simulation.builder(61).fullMesh(3).build());
        setEnabled(sim, 3, 2, false);
        assertThat(sim.node(3).engine().reachable(CLUSTER)).containsExactly(1);
        // Node 2's pings to node 3 go unanswered now: it declares the link down; node 1 keeps both.
        assertThat(sim.runUntil(() -> sim.node(2).engine().linkState(CLUSTER, 3) == LinkState.DOWN, 15_000)).isTrue();
        sim.runFor(5_000);
        assertThat(sim.node(1).engine().reachable(CLUSTER)).containsExactlyInAnyOrder(2, 3);
        assertThat(sim.node(3).engine().reachable(CLUSTER)).containsExactly(1);

        setEnabled(sim, 3, 2, true);
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER) && sim.converged(CLUSTER), 70_000))
                .as(sim.describe("node 2 back")).isTrue();
    }

    @Test
    void aNodeThatDisablesItselfLeavesAndRejoinsWhenEnabled() {
        Simulation sim = formed(Simulation.builder(62).fullMesh(3).build());
        setEnabled(sim, 3, 3, false);
        assertThat(sim.node(3).engine().isEnabled(CLUSTER)).isFalse();
        assertThat(sim.runUntil(() -> !sim.node(1).engine().reachable(CLUSTER).contains(3)
                && !sim.node(2).engine().reachable(CLUSTER).contains(3), 15_000)).isTrue();
        assertThat(sim.send(3, CLUSTER, 1, new UsrlocPacket(new AorDelete(Str.of("l"), Str.of("a")),
                Trailer.UNADDRESSED))).isEqualTo(SendResult.LOCAL_NODE_DISABLED);

        setEnabled(sim, 3, 3, true);
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER) && sim.converged(CLUSTER), 70_000))
                .as(sim.describe("node 3 back")).isTrue();
    }

    @Test
    void aRemovedNodeIsForgottenByEveryNode() {
        Simulation sim = formed(Simulation.builder(63).joinThroughSeed(3).build());
        sim.crash(3); // as in the OpenSIPS capture: kill the node, then remove it
        sim.runFor(100);
        sim.node(1).engine().removeNode(CLUSTER, 3, sim.nowMillis(), sim.effectsFor(1));
        sim.runFor(100);
        assertThat(sim.node(1).engine().nodes(CLUSTER)).extracting(v -> v.nodeId()).containsExactly(2);
        assertThat(sim.node(2).engine().nodes(CLUSTER)).extracting(v -> v.nodeId()).containsExactly(1);
    }

    @Test
    void removingANodeIsRefusedWhenNodesAreProvisioned() {
        Simulation sim = formed(Simulation.builder(64).fullMesh(3).build());
        assertThatThrownBy(() -> sim.node(1).engine().removeNode(CLUSTER, 3, sim.nowMillis(), sim.effectsFor(1)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aBroadcastCanTargetTheNodesOfTheSamePointOfPresence() {
        // Nodes 1 and 2 serve one SIP address (an HA pair); node 3 is another point of presence.
        NodeDescriptor n1 = node(1, "sip:192.0.2.10:5060");
        NodeDescriptor n2 = node(2, "sip:192.0.2.10:5062");
        NodeDescriptor n3 = node(3, "sip:198.51.100.20:5060");
        Simulation sim = Simulation.builder(65)
                .node(1, List.of(new ClusterSetup(CLUSTER, n1, List.of(n2, n3), false)))
                .node(2, List.of(new ClusterSetup(CLUSTER, n2, List.of(n1, n3), false)))
                .node(3, List.of(new ClusterSetup(CLUSTER, n3, List.of(n1, n2), false)))
                .build();
        sim.onStart(n -> n.engine().registerCapability(CLUSTER, Capability.USRLOC));
        formed(sim);
        UsrlocPacket p = new UsrlocPacket(new AorDelete(Str.of("location"), Str.of("alice")),
                Trailer.UNADDRESSED);
        SimNode one = sim.node(1);
        one.engine().broadcast(CLUSTER, p, NodeMatch.SAME_SIP_ADDR, sim.nowMillis(), sim.effectsFor(1));
        sim.runFor(50);
        assertThat(sim.deliveries()).extracting(Simulation.Delivery::atNode).containsExactly(2);
        one.engine().broadcast(CLUSTER, p, NodeMatch.DIFFERENT_SIP_ADDR, sim.nowMillis(), sim.effectsFor(1));
        sim.runFor(50);
        assertThat(sim.deliveries()).extracting(Simulation.Delivery::atNode).containsExactly(2, 3);
        assertThat(sim.events(e -> e.event() instanceof ClusterEvent.Ignored i
                && (i.reason() == IgnoreReason.NODE_DISABLED || i.reason() == IgnoreReason.LOCAL_NODE_DISABLED)))
                .isEmpty();
    }

    private static NodeDescriptor node(int id, String sipAddr) {
        return new NodeDescriptor(id, Str.of(Simulation.Builder.url(id)), Str.of(sipAddr), 50, 3, false, true);
    }
}
