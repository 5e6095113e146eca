package io.sipcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent.GenericMessageReceived;
import io.sipcluster.core.SendResult;
import io.sipcluster.core.SentRequest;
import io.sipcluster.wire.Str;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Script messages between nodes: a request, the reply that carries its tag back, a broadcast. */
class GenericMessageScenarioTest {
    private static final int CLUSTER = 1;

    private static Simulation formed(int n, long seed) {
        Simulation sim = Simulation.builder(seed).fullMesh(n).build().startAll();
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 5_000)).isTrue();
        return sim;
    }

    /** Node 3's "script" answers every request with a reply carrying the request's tag. */
    private static void answerRequestsAt(Simulation sim, int nodeId) {
        sim.onEvent(e -> {
            if (e.nodeId() == nodeId && e.event() instanceof GenericMessageReceived m && m.request()) {
                sim.node(nodeId).engine().sendReply(CLUSTER, m.srcNodeId(), Str.of("pong:" + m.message()), m.tag(),
                        sim.nowMillis(), sim.effectsFor(nodeId));
            }
        });
    }

    private static List<GenericMessageReceived> receivedAt(Simulation sim, int nodeId) {
        return sim.events(e -> e.nodeId() == nodeId && e.event() instanceof GenericMessageReceived).stream()
                .map(e -> (GenericMessageReceived) e.event()).toList();
    }

    @Test
    void aRequestThroughARelayIsAnsweredWithItsTag() {
        Simulation sim = formed(3, 71);
        answerRequestsAt(sim, 3);
        sim.cutBoth(1, 3);
        // Each end finds the cut itself (a peer's word that a link is down only makes a node probe it).
        assertThat(sim.runUntil(() -> sim.node(1).engine().nextHop(CLUSTER, 3) == 2
                && sim.node(3).engine().nextHop(CLUSTER, 1) == 2, 15_000)).isTrue();

        SentRequest sent = sim.node(1).engine().sendRequest(CLUSTER, 3, Str.of("ping"), sim.nowMillis(),
                sim.effectsFor(1));
        assertThat(sent.result()).isEqualTo(SendResult.SENT);
        sim.runFor(100);

        assertThat(receivedAt(sim, 3)).containsExactly(new GenericMessageReceived(CLUSTER, 1, true, Str.of("ping"),
                sent.tag()));
        assertThat(receivedAt(sim, 1)).containsExactly(new GenericMessageReceived(CLUSTER, 3, false,
                Str.of("pong:ping"), sent.tag()));
        assertThat(receivedAt(sim, 2)).as("the relay only relays").isEmpty();
    }

    @Test
    void aBroadcastIsRaisedOnEveryNodeAndWithIncludeSelfOnTheSenderToo() {
        Simulation sim = formed(4, 72);
        SentRequest sent = sim.node(2).engine().broadcastRequest(CLUSTER, Str.of("reload"), true, sim.nowMillis(),
                sim.effectsFor(2));
        sim.runFor(100);
        for (int id = 1; id <= 4; id++) {
            assertThat(receivedAt(sim, id)).as("node %d", id).containsExactly(new GenericMessageReceived(CLUSTER, 2,
                    true, Str.of("reload"), sent.tag()));
        }
    }
}
