package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.WALL_START;
import static io.sipcluster.core.EngineUnderTest.trailer;
import static io.sipcluster.core.EngineUnderTest.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sipcluster.core.ClusterEvent.CommandReceived;
import io.sipcluster.core.ClusterEvent.CommandResult;
import io.sipcluster.core.command.CommandOutcome;
import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.core.command.CommandSubmission.Status;
import io.sipcluster.core.command.PendingCommands;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage.MiCmd;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.mi.MiPacket.Reply;
import io.sipcluster.wire.mi.MiPacket.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands run on other nodes with their results sent back, and the plain MI_CMD for OpenSIPS nodes. */
class RemoteCommandsTest {
    private static final long TIMEOUT = 5_000;
    private int capSeq;

    /** Node 1 with up links to {@code peers}; {@code sipcluster} of them announce sipcluster-mi. */
    private EngineUnderTest cluster(List<Integer> peers, List<Integer> sipcluster, int... all) {
        EngineUnderTest e = new EngineUnderTest(1, all).linksUp(peers.stream().mapToInt(i -> i).toArray());
        for (int id : sipcluster) {
            announceMi(e, id, id);
        }
        e.fx.clear();
        return e;
    }

    /** {@code src} tells node 1 that {@code about} has sipcluster-mi. */
    private void announceMi(EngineUnderTest e, int src, int about) {
        e.receive(new CapUpdate(CLUSTER, src, capSeq++, WALL_START, List.of(new NodeCapabilities(about,
                List.of(new CapabilityState(Str.of(Capability.SIPCLUSTER_MI.name()), 1)))), 0, List.of(src)));
    }

    private static CommandSubmission send(EngineUnderTest e, int dst, String command, String... params) {
        return e.engine.sendCommand(CLUSTER, dst, command, List.of(params), TIMEOUT, e.now, e.fx);
    }

    @Test
    void everyNodeAnnouncesThatItAnswersCommands() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        assertThat(e.fx.sentTo(url(2), CapUpdate.class)).singleElement().satisfies(u ->
                assertThat(u.nodes().get(0).capabilities()).contains(
                        new CapabilityState(Str.of(Capability.SIPCLUSTER_MI.name()), 1)));
    }

    @Test
    void aNodeThatAnswersGetsARequestAndItsReplyBecomesTheResult() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);

        CommandSubmission sub = send(e, 2, "clusterer_list", "1");

        assertThat(sub.status()).isEqualTo(Status.AWAITING_RESULT);
        assertThat(sub.requestId()).isPositive().isEqualTo((long) WALL_START << 32 | 1);
        assertThat(e.fx.sentTo(url(2), Request.class)).containsExactly(new Request(sub.requestId(),
                Str.of("clusterer_list"), List.of(Str.of("1")), trailer(1, 2)));
        assertThat(e.engine.pendingCommands()).isEqualTo(1);

        e.receive(new Reply(sub.requestId(), 200, Str.of("{\"Clusters\":[]}"), trailer(2, 1)));

        assertThat(e.fx.events(CommandResult.class)).containsExactly(new CommandResult(CLUSTER, 2, sub.requestId(),
                CommandOutcome.OK, 200, Str.of("{\"Clusters\":[]}")));
        assertThat(e.engine.pendingCommands()).isZero();
    }

    @Test
    void anErrorReplyIsAnErrorResultWithTheNodesCodeAndMessage() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        CommandSubmission sub = send(e, 2, "no_such_command");
        e.receive(new Reply(sub.requestId(), 404, Str.of("Command not found"), trailer(2, 1)));
        assertThat(e.fx.events(CommandResult.class)).containsExactly(new CommandResult(CLUSTER, 2, sub.requestId(),
                CommandOutcome.ERROR, 404, Str.of("Command not found")));
    }

    @Test
    void anOpenSipsNodeIsSentThePlainMiCmdAndNoResultIsAwaited() {
        EngineUnderTest e = cluster(List.of(2), List.of(), 2);

        CommandSubmission sub = send(e, 2, "ul_sync", "location");

        assertThat(sub.status()).isEqualTo(Status.SENT_WITHOUT_RESULT);
        assertThat(e.fx.sentTo(url(2), MiCmd.class)).containsExactly(new MiCmd(Str.of("ul_sync"),
                List.of(Str.of("location")), trailer(1, 2)));
        assertThat(e.fx.events(CommandResult.class)).containsExactly(new CommandResult(CLUSTER, 2, sub.requestId(),
                CommandOutcome.NO_RESULT_FROM_OPENSIPS, 0, Str.EMPTY));
        assertThat(e.engine.pendingCommands()).isZero();
    }

    /** An OpenSIPS relay would drop a sipcluster-mi packet (a capability it does not know). */
    @Test
    void aNodeBehindAnOpenSipsRelayIsSentThePlainMiCmd() {
        EngineUnderTest e = cluster(List.of(2), List.of(), 2, 3);
        e.learnLink(2, 3);
        announceMi(e, 2, 3);
        assertThat(send(e, 3, "ul_dump").status()).isEqualTo(Status.SENT_WITHOUT_RESULT);
        assertThat(e.fx.sentTo(url(2), MiCmd.class)).hasSize(1);
    }

    @Test
    void noAnswerInTimeIsATimeoutAndALateReplyIsIgnored() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        CommandSubmission sub = send(e, 2, "ul_dump");
        e.tickAt(e.now + TIMEOUT - 1);
        assertThat(e.fx.events(CommandResult.class)).isEmpty();

        e.tickAt(e.now + 1);
        assertThat(e.fx.events(CommandResult.class)).containsExactly(new CommandResult(CLUSTER, 2, sub.requestId(),
                CommandOutcome.TIMEOUT, 0, Str.EMPTY));

        e.receive(new Reply(sub.requestId(), 200, Str.of("{}"), trailer(2, 1)));
        assertThat(e.fx.events(CommandResult.class)).hasSize(1);
        assertThat(e.ignoredCount(IgnoreReason.UNEXPECTED)).isEqualTo(1);
    }

    @Test
    void aNodeLostBeforeItAnswersEndsTheCommandAtTheNextTick() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        CommandSubmission sub = send(e, 2, "ul_dump");
        e.engine.connectionLost(CLUSTER, 2, e.fx);
        e.tickAt(e.now + 1);
        assertThat(e.fx.events(CommandResult.class)).extracting(CommandResult::requestId, CommandResult::outcome)
                .containsExactly(tuple(sub.requestId(), CommandOutcome.UNREACHABLE));
    }

    @Test
    void aReplyFromAnotherNodeThanTheOneAskedIsIgnored() {
        EngineUnderTest e = cluster(List.of(2, 3), List.of(2, 3), 2, 3);
        CommandSubmission sub = send(e, 2, "ul_dump");
        e.receive(new Reply(sub.requestId(), 200, Str.of("{}"), trailer(3, 1)));
        assertThat(e.fx.events(CommandResult.class)).isEmpty();
        assertThat(e.ignoredCount(IgnoreReason.UNEXPECTED)).isEqualTo(1);
        assertThat(e.engine.pendingCommands()).isEqualTo(1);
    }

    @Test
    void commandsThatCannotGoAreRefusedAndGetNoResult() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2, 3);
        assertThat(send(e, 9, "x").status()).isEqualTo(Status.UNKNOWN_DESTINATION);
        assertThat(send(e, 1, "x").status()).as("the local node").isEqualTo(Status.UNKNOWN_DESTINATION);
        assertThat(e.engine.sendCommand(7, 2, "x", List.of(), TIMEOUT, e.now, e.fx).status())
                .isEqualTo(Status.UNKNOWN_DESTINATION);
        assertThat(send(e, 3, "x").status()).isEqualTo(Status.DESTINATION_DOWN);
        assertThat(send(e, 2, "x", new String(new char[WireLimits.MAX_PACKET_BYTES])).status())
                .isEqualTo(Status.TOO_LARGE);
        e.engine.setNodeEnabled(CLUSTER, 1, false, e.now, e.fx);
        CommandSubmission disabled = send(e, 2, "x");
        assertThat(disabled).isEqualTo(CommandSubmission.refused(2, Status.LOCAL_NODE_DISABLED));
        assertThat(disabled.requestId()).isEqualTo(-1);
        assertThat(e.fx.events(CommandResult.class)).isEmpty();
        assertThat(e.fx.sent(Request.class)).isEmpty();
    }

    @Test
    void wrongUseIsAnError() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        List<String> tooMany = Collections.nCopies(WireLimits.MAX_MI_PARAMS + 1, "p");
        assertThatThrownBy(() -> e.engine.sendCommand(CLUSTER, 2, "x", tooMany, TIMEOUT, e.now, e.fx))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> send(e, 2, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.engine.sendCommand(CLUSTER, 2, "x", List.of(), 0, e.now, e.fx))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> e.engine.replyToCommand(CLUSTER, 2, -1, 200, Str.EMPTY, e.now, e.fx))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePendingTableIsBoundedAndRefusesRatherThanForgets() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        for (int i = 0; i < PendingCommands.MAX_PENDING; i++) {
            assertThat(send(e, 2, "ul_dump").status()).isEqualTo(Status.AWAITING_RESULT);
        }
        assertThat(send(e, 2, "ul_dump").status()).isEqualTo(Status.TOO_MANY_PENDING);
        assertThat(e.engine.pendingCommands()).isEqualTo(PendingCommands.MAX_PENDING);

        e.tickAt(e.now + TIMEOUT);
        assertThat(e.fx.events(CommandResult.class)).hasSize(PendingCommands.MAX_PENDING)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(CommandOutcome.TIMEOUT));
        assertThat(send(e, 2, "ul_dump").status()).isEqualTo(Status.AWAITING_RESULT);
    }

    @Test
    void aBroadcastSubmitsToEveryEnabledNode() {
        EngineUnderTest e = cluster(List.of(2, 3), List.of(2), 2, 3, 4);

        List<CommandSubmission> subs = e.engine.broadcastCommand(CLUSTER, "dlg_list", List.of(), TIMEOUT, e.now, e.fx);

        assertThat(subs).extracting(CommandSubmission::nodeId, CommandSubmission::status).containsExactly(
                tuple(2, Status.AWAITING_RESULT),
                tuple(3, Status.SENT_WITHOUT_RESULT),
                tuple(4, Status.DESTINATION_DOWN));
        assertThat(subs.stream().filter(CommandSubmission::accepted).map(CommandSubmission::requestId).distinct())
                .hasSize(2);
    }

    @Test
    void aReceivedRequestIsForTheHostAndItsAnswerGoesBack() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        e.receive(new Request(77, Str.of("clusterer_list_cap"), List.of(Str.of("a"), Str.of("b")), trailer(2, 1)));
        e.receive(new MiCmd(Str.of("ul_sync"), List.of(), trailer(2, 1)));
        assertThat(e.fx.events(CommandReceived.class)).containsExactly(
                new CommandReceived(CLUSTER, 2, 77, "clusterer_list_cap", List.of("a", "b")),
                new CommandReceived(CLUSTER, 2, -1, "ul_sync", List.of()));

        assertThat(e.engine.replyToCommand(CLUSTER, 2, 77, 200, Str.of("[]"), e.now, e.fx)).isEqualTo(SendResult.SENT);
        assertThat(e.fx.sentTo(url(2), Reply.class)).containsExactly(new Reply(77, 200, Str.of("[]"), trailer(1, 2)));
    }

    @Test
    void aResultTooLargeForOnePacketIsReplacedByAnErrorSayingSo() {
        EngineUnderTest e = cluster(List.of(2), List.of(2), 2);
        e.engine.replyToCommand(CLUSTER, 2, 5, 200, Str.ofBytes(new byte[WireLimits.MAX_PACKET_BYTES]), e.now, e.fx);
        assertThat(e.fx.sent(Reply.class)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(Reply.STATUS_RESULT_TOO_LARGE);
            assertThat(r.body().toString()).contains(String.valueOf(WireLimits.MAX_PACKET_BYTES));
        });
    }

    @Test
    void requestIdsDoNotRepeatAcrossRestarts() {
        List<Long> ids = new ArrayList<>();
        for (long start : new long[] {0, 1_000, 2_000}) {
            EngineUnderTest e = EngineUnderTest.startedAt(start, 1, 2).linksUp(2);
            announceMi(e, 2, 2);
            ids.add(send(e, 2, "x").requestId());
        }
        assertThat(ids).doesNotHaveDuplicates();
    }
}
