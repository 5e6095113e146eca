package io.sipcluster.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.ClusterEvent.CommandReceived;
import io.sipcluster.core.ClusterEvent.CommandResult;
import io.sipcluster.core.IgnoreReason;
import io.sipcluster.core.command.CommandOutcome;
import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.wire.Str;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Management commands run on other nodes, the result coming back through the cluster. */
class CommandScenarioTest {
    private static final int CLUSTER = 1;
    private static final long TIMEOUT = 2_000;

    /** Every node's host runs the commands it is sent: the "result" names the node, the command and its params. */
    private static Simulation formedWithHosts(int n, long seed) {
        Simulation sim = Simulation.builder(seed).fullMesh(n).build();
        sim.onEvent(e -> {
            if (e.event() instanceof CommandReceived c && c.requestId() >= 0) {
                String result = "{\"node\":" + e.nodeId() + ",\"command\":\"" + c.command() + "\",\"params\":"
                        + c.params().size() + "}";
                sim.node(e.nodeId()).engine().replyToCommand(CLUSTER, c.srcNodeId(), c.requestId(), 200,
                        Str.of(result), sim.nowMillis(), sim.effectsFor(e.nodeId()));
            }
        });
        sim.startAll();
        assertThat(sim.runUntil(() -> sim.fullMeshUp(CLUSTER), 5_000)).isTrue();
        sim.runFor(100); // the CAP_UPDATEs that announce sipcluster-mi
        return sim;
    }

    private static CommandSubmission send(Simulation sim, int from, int to, String command, String... params) {
        return sim.node(from).engine().sendCommand(CLUSTER, to, command, List.of(params), TIMEOUT, sim.nowMillis(),
                sim.effectsFor(from));
    }

    private static List<CommandResult> resultsAt(Simulation sim, int nodeId) {
        return sim.events(e -> e.nodeId() == nodeId && e.event() instanceof CommandResult).stream()
                .map(e -> (CommandResult) e.event()).toList();
    }

    @Test
    void aCommandRunsOnANodeReachedThroughAnotherAndItsResultComesBack() {
        Simulation sim = formedWithHosts(3, 81);
        sim.cutBoth(1, 3);
        assertThat(sim.runUntil(() -> sim.node(1).engine().nextHop(CLUSTER, 3) == 2, 15_000)).isTrue();

        CommandSubmission sub = send(sim, 1, 3, "clusterer_list", "1");
        assertThat(sub.status()).isEqualTo(CommandSubmission.Status.AWAITING_RESULT);
        sim.runFor(100);

        assertThat(resultsAt(sim, 1)).containsExactly(new CommandResult(CLUSTER, 3, sub.requestId(), CommandOutcome.OK,
                200, Str.of("{\"node\":3,\"command\":\"clusterer_list\",\"params\":1}")));
        assertThat(sim.events(e -> e.nodeId() == 2 && e.event() instanceof CommandReceived)).as("node 2 relays only")
                .isEmpty();
    }

    @Test
    void aPausedNodeLetsTheCommandTimeOutAndItsLateAnswerIsIgnored() {
        Simulation sim = formedWithHosts(3, 82);
        sim.pause(3, 3_000);

        CommandSubmission sub = send(sim, 1, 3, "ul_dump");
        sim.runFor(TIMEOUT + sim.node(1).engine().timings().tickMillis());
        assertThat(resultsAt(sim, 1)).containsExactly(new CommandResult(CLUSTER, 3, sub.requestId(),
                CommandOutcome.TIMEOUT, 0, Str.EMPTY));

        sim.runFor(2_000); // node 3 wakes up, runs the command and answers, too late
        assertThat(sim.events(e -> e.nodeId() == 3 && e.event() instanceof CommandReceived)).hasSize(1);
        assertThat(resultsAt(sim, 1)).hasSize(1);
        assertThat(sim.node(1).engine().ignoredCounts()).containsEntry(IgnoreReason.UNEXPECTED, 1L);
        assertThat(sim.node(1).engine().pendingCommands()).isZero();
    }

    @Test
    void aBroadcastCollectsTheAnswerOfEveryNode() {
        Simulation sim = formedWithHosts(5, 83);

        List<CommandSubmission> subs = sim.node(2).engine().broadcastCommand(CLUSTER, "dlg_list", List.of(), TIMEOUT,
                sim.nowMillis(), sim.effectsFor(2));
        sim.runFor(100);

        assertThat(subs).extracting(CommandSubmission::nodeId).containsExactly(1, 3, 4, 5);
        assertThat(subs).allSatisfy(s -> assertThat(s.status()).isEqualTo(CommandSubmission.Status.AWAITING_RESULT));
        assertThat(resultsAt(sim, 2)).hasSize(4).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(CommandOutcome.OK);
            assertThat(r.body().toString()).isEqualTo("{\"node\":" + r.nodeId()
                    + ",\"command\":\"dlg_list\",\"params\":0}");
        });
        assertThat(resultsAt(sim, 2)).extracting(CommandResult::requestId)
                .containsExactlyInAnyOrderElementsOf(subs.stream().map(CommandSubmission::requestId).toList());
    }

    @Test
    void aNodeLostWhileTheCommandRunsEndsItAsUnreachable() {
        Simulation sim = formedWithHosts(3, 84);
        CommandSubmission sub = sim.node(1).engine().sendCommand(CLUSTER, 3, "ul_dump", List.of(), 60_000,
                sim.nowMillis(), sim.effectsFor(1));
        sim.crash(3);
        sim.runFor(2_000);
        assertThat(resultsAt(sim, 1)).containsExactly(new CommandResult(CLUSTER, 3, sub.requestId(),
                CommandOutcome.UNREACHABLE, 0, Str.EMPTY));
    }
}
