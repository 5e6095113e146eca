package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.trailer;
import static io.sipcluster.core.EngineUnderTest.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.core.ClusterEvent.GenericMessageReceived;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.ExtraMessage.GenericMsg;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** cluster_send_req, cluster_send_rpl and cluster_broadcast_req, with OpenSIPS's return codes. */
class GenericMessagesTest {
    private static final Str HELLO = Str.of("hello");

    @Test
    void aRequestGoesToItsNodeWithANewTag() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3).linksUp(2);
        e.fx.clear();

        SentRequest sent = e.engine.sendRequest(CLUSTER, 2, HELLO, e.now, e.fx);

        assertThat(sent.result()).isEqualTo(SendResult.SENT);
        assertThat(sent.result().scriptCode()).isEqualTo(1);
        assertThat(sent.tag().toString()).isEqualTo("1-1-" + EngineUnderTest.WALL_START + "-1");
        assertThat(e.fx.sentTo(url(2), GenericMsg.class)).containsExactly(new GenericMsg(1, sent.tag(), HELLO,
                trailer(1, 2)));
    }

    @Test
    void tagsDifferBetweenRequestsAndAcrossRestarts() {
        EngineUnderTest first = new EngineUnderTest(1, 2).linksUp(2);
        Set<Str> tags = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            tags.add(first.engine.sendRequest(CLUSTER, 2, HELLO, first.now, first.fx).tag());
        }
        EngineUnderTest restarted = EngineUnderTest.startedAt(5_000, 1, 2); // the process came back 5 s later
        for (int i = 0; i < 1_000; i++) {
            tags.add(restarted.engine.sendRequest(CLUSTER, 2, HELLO, restarted.now, restarted.fx).tag());
        }
        assertThat(tags).hasSize(2_000);
    }

    @Test
    void theResultSaysWhyNothingWasSent() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3).linksUp(2);
        assertThat(e.engine.sendRequest(CLUSTER, 3, HELLO, e.now, e.fx).result().scriptCode()).isEqualTo(-2);
        assertThat(e.engine.sendRequest(CLUSTER, 9, HELLO, e.now, e.fx).result().scriptCode()).isEqualTo(-3);
        assertThat(e.engine.sendRequest(7, 2, HELLO, e.now, e.fx).result().scriptCode()).isEqualTo(-3);
        e.engine.setNodeEnabled(CLUSTER, 1, false, e.now, e.fx);
        assertThat(e.engine.sendRequest(CLUSTER, 2, HELLO, e.now, e.fx).result().scriptCode()).isEqualTo(-1);
        assertThat(e.engine.sendReply(CLUSTER, 2, HELLO, Str.of("t"), e.now, e.fx).scriptCode()).isEqualTo(-1);
    }

    @Test
    void aRequestToTheLocalNodeIsPublishedHereWithoutAPacket() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.fx.clear();
        SentRequest sent = e.engine.sendRequest(CLUSTER, 1, HELLO, e.now, e.fx);
        assertThat(sent.result()).isEqualTo(SendResult.SENT);
        assertThat(e.fx.sent).isEmpty();
        assertThat(e.fx.events(GenericMessageReceived.class)).containsExactly(
                new GenericMessageReceived(CLUSTER, 1, true, HELLO, sent.tag()));
    }

    @Test
    void aReplyCarriesTheTagOfItsRequest() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.fx.clear();
        assertThat(e.engine.sendReply(CLUSTER, 2, Str.of("done"), Str.of("1-2-99-7"), e.now, e.fx))
                .isEqualTo(SendResult.SENT);
        assertThat(e.fx.sent(GenericMsg.class)).containsExactly(new GenericMsg(0, Str.of("1-2-99-7"), Str.of("done"),
                trailer(1, 2)));
        assertThatThrownBy(() -> e.engine.sendReply(CLUSTER, 2, HELLO, Str.EMPTY, e.now, e.fx))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBroadcastGoesToEveryReachableNodeAndWithIncludeSelfHereToo() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3, 4).linksUp(2, 3);
        e.fx.clear();

        SentRequest sent = e.engine.broadcastRequest(CLUSTER, HELLO, true, e.now, e.fx);

        assertThat(sent.result()).isEqualTo(SendResult.SENT);
        assertThat(e.fx.sent(GenericMsg.class)).extracting(m -> m.trailer().dstNodeId()).containsExactly(2, 3);
        assertThat(e.fx.sent(GenericMsg.class)).allSatisfy(m -> assertThat(m.tag()).isEqualTo(sent.tag()));
        assertThat(e.fx.events(GenericMessageReceived.class)).containsExactly(
                new GenericMessageReceived(CLUSTER, 1, true, HELLO, sent.tag()));

        e.fx.clear();
        assertThat(e.engine.broadcastRequest(CLUSTER, HELLO, false, e.now, e.fx).result()).isEqualTo(SendResult.SENT);
        assertThat(e.fx.events(GenericMessageReceived.class)).isEmpty();
    }

    @Test
    void aBroadcastWithEveryNodeDownSaysSo() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3);
        assertThat(e.engine.broadcastRequest(CLUSTER, HELLO, true, e.now, e.fx).result().scriptCode()).isEqualTo(-2);
        assertThat(e.fx.events(GenericMessageReceived.class)).as("include_self still raises it here").hasSize(1);
    }

    @Test
    void aReceivedGenericMessageIsPublishedNotDelivered() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.receive(new GenericMsg(1, Str.of("2-2-x"), HELLO, trailer(2, 1)));
        e.receive(new GenericMsg(0, Str.of("1-1-y"), Str.of("ok"), trailer(2, 1)));
        assertThat(e.fx.events(GenericMessageReceived.class)).containsExactly(
                new GenericMessageReceived(CLUSTER, 2, true, HELLO, Str.of("2-2-x")),
                new GenericMessageReceived(CLUSTER, 2, false, Str.of("ok"), Str.of("1-1-y")));
        assertThat(e.fx.delivered).isEmpty();
    }
}
