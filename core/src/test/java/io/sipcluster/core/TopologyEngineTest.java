package io.sipcluster.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.clusterer.InternalMessage.FullTopUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One engine (node 1 of a 4-node cluster) driven by hand: the topology rules that are about what one node sends and
 * believes. Cluster-wide behaviour is in the sim module's scenario tests.
 */
class TopologyEngineTest {
    private static final int CLUSTER = 1;
    private static final int T0 = 1_795_321_400;
    private static final Timings TIMINGS = Timings.OPENSIPS_DEFAULTS;

    private final Recorder fx = new Recorder();
    /** Nodes whose pings {@link #runTicksUntil} leaves unanswered. */
    private final java.util.Set<Integer> silent = new java.util.HashSet<>();
    private int wallSeconds = T0;
    private long now;
    private ClusterEngine engine;

    @BeforeEach
    void linkedToEveryone() {
        List<NodeDescriptor> others = IntStream.rangeClosed(2, 4).mapToObj(id -> NodeDescriptor.of(id, url(id).toString())).toList();
        engine = new ClusterEngine(1, List.of(new ClusterSetup(CLUSTER, NodeDescriptor.of(1, url(1).toString()), others, false)),
                TIMINGS, () -> wallSeconds);
        engine.tick(now, fx);
        now += 2;
        for (int id = 2; id <= 4; id++) {
            engine.receive(new Pong(CLUSTER, id, List.of()), id, now, fx);
        }
        assertThat(IntStream.rangeClosed(2, 4).mapToObj(id -> engine.linkState(CLUSTER, id)))
                .containsOnly(LinkState.UP);
        fx.sent.clear();
    }

    @Test
    void everyNodeReannouncesItsOwnLinksEveryRefreshPeriod() {
        // The first tick scheduled the refresh; nothing before it is due.
        runTicksUntil(TIMINGS.refreshMillis() - 1_000);
        assertThat(sentOfType(FullTopUpdate.class)).isEmpty();
        runTicksUntil(TIMINGS.refreshMillis() + 1_000);
        List<Sent> refreshes = sentOfType(FullTopUpdate.class);
        assertThat(refreshes).extracting(Sent::to).containsExactlyInAnyOrder(url(2), url(3), url(4));
        FullTopUpdate u = (FullTopUpdate) refreshes.get(0).message();
        assertThat(u.nodes()).hasSize(1);
        TopologyEntry own = u.nodes().get(0);
        assertThat(own.nodeId()).isEqualTo(1);
        assertThat(own.neighbours()).containsExactly(2, 3, 4);
        assertThat(u.path()).containsExactly(1);
    }

    @Test
    void aPeerSayingOurUpLinkIsDownGetsAPingAndTheLinkStaysUp() {
        silent.add(2);
        engine.receive(new LsUpdate(CLUSTER, 2, 5, T0, 1, LsUpdate.LINK_DOWN, List.of(2)), 2, now, fx);
        assertThat(engine.linkState(CLUSTER, 2)).isEqualTo(LinkState.UP);
        assertThat(sentOfType(LsUpdate.class)).as("no announcement of ours from a disagreement alone")
                .noneMatch(sent -> ((LsUpdate) sent.message()).srcNodeId() == 1);
        assertThat(sentOfType(Ping.class)).extracting(Sent::to).containsExactly(url(2));
        // If the peer does not answer, the ping's timeout takes the link down as for any silent peer.
        runTicksUntil(now + TIMINGS.pingTimeoutMillis() + 1_000);
        assertThat(engine.linkState(CLUSTER, 2)).isNotEqualTo(LinkState.UP);
    }

    @Test
    void aStaleUpdateOfAPreviousIncarnationLosesToTheNewOne() {
        // Node 2 restarted: its new incarnation numbers from 0, stamped later than the old one's 57.
        receiveLs(2, 57, T0, 3, LsUpdate.LINK_UP);
        receiveLs(2, 0, T0 + 20, 3, LsUpdate.LINK_DOWN);
        assertThat(neighboursOf(2)).isEmpty();
        // The old incarnation's next update, replayed late, has a higher number and an older stamp: ignored.
        receiveLs(2, 58, T0 + 1, 3, LsUpdate.LINK_UP);
        assertThat(neighboursOf(2)).isEmpty();
        receiveLs(2, 1, T0 + 20, 4, LsUpdate.LINK_UP);
        assertThat(neighboursOf(2)).containsExactly(4);
    }

    @Test
    void theSendersOwnEntryIsJudgedByTheUpdatesStamp() {
        receiveLs(2, 9, T0 + 10, 3, LsUpdate.LINK_UP);
        // OpenSIPS stamps its own entry 0; a new incarnation (seq 0) sending a later update is believed.
        engine.receive(new FullTopUpdate(CLUSTER, 2, 0, T0 + 30,
                List.of(new TopologyEntry(2, null, 0, 0, List.of(1, 4))), List.of(2)), 2, now, fx);
        assertThat(neighboursOf(2)).containsExactly(4);
        receiveLs(2, 1, T0 + 31, 3, LsUpdate.LINK_UP);
        assertThat(neighboursOf(2)).containsExactlyInAnyOrder(3, 4);
        // An update sent before that one (its entry is still at seq 0, in the same second) arrives late, by another
        // path: the links are not rolled back. OpenSIPS would apply it.
        engine.receive(new FullTopUpdate(CLUSTER, 2, 1, T0 + 31,
                List.of(new TopologyEntry(2, null, 0, 0, List.of(1))), List.of(2, 4)), 4, now, fx);
        assertThat(neighboursOf(2)).containsExactlyInAnyOrder(3, 4);
    }

    @Test
    void anLsUpdateIsRelayedOnlyToNeighboursTheOriginatorHasNoLinkTo() {
        receiveLs(2, 0, T0, 3, LsUpdate.LINK_UP);
        assertThat(sentOfType(LsUpdate.class)).extracting(Sent::to).containsExactly(url(4));
        fx.sent.clear();
        receiveLs(2, 1, T0, 4, LsUpdate.LINK_UP);
        assertThat(sentOfType(LsUpdate.class)).as("node 2 told 3 and 4 itself").isEmpty();
        receiveLs(2, 2, T0, 4, LsUpdate.LINK_DOWN);
        assertThat(sentOfType(LsUpdate.class)).extracting(Sent::to).containsExactly(url(4));
    }

    @Test
    void aLinkUpdateTellsTheNewNeighbourOnlyWhatItCannotHearFromOthers() {
        receiveLs(3, 0, T0, 4, LsUpdate.LINK_UP);
        receiveLs(4, 0, T0, 3, LsUpdate.LINK_UP);
        receiveLs(4, 1, T0, 2, LsUpdate.LINK_UP);
        // Node 2's link goes down and comes back: node 4 has a link to 2 (it tells 2 itself), node 3 has none.
        engine.connectionLost(CLUSTER, 2, fx);
        engine.tick(now, fx);
        now += 2;
        fx.sent.clear();
        engine.receive(new Pong(CLUSTER, 2, List.of(3, 4)), 2, now, fx);
        List<Sent> updates = sentOfType(FullTopUpdate.class);
        assertThat(updates).extracting(Sent::to).containsExactly(url(2));
        FullTopUpdate u = (FullTopUpdate) updates.get(0).message();
        assertThat(u.nodes()).extracting(TopologyEntry::nodeId).containsExactly(1, 3);
    }

    // ------------------------------------------------------------------ helpers

    private void receiveLs(int from, int seq, int stamp, int about, int state) {
        engine.receive(new LsUpdate(CLUSTER, from, seq, stamp, about, state, List.of(from)), from, now, fx);
    }

    private java.util.Set<Integer> neighboursOf(int id) {
        return engine.nodes(CLUSTER).stream().filter(v -> v.nodeId() == id).findFirst().orElseThrow().neighbours();
    }

    /** Ticks every tick period up to {@code until}, answering every ping so that links stay up. */
    private void runTicksUntil(long until) {
        while (now + TIMINGS.tickMillis() <= until) {
            now += TIMINGS.tickMillis();
            int before = fx.sent.size();
            engine.tick(now, fx);
            for (Sent s : List.copyOf(fx.sent.subList(before, fx.sent.size()))) {
                int id = Integer.parseInt(s.to().toString().substring(s.to().toString().lastIndexOf(':') + 1)) - 6000;
                if (s.message() instanceof Ping && !silent.contains(id)) {
                    engine.receive(new Pong(CLUSTER, id, List.of()), id, now + 1, fx);
                }
            }
        }
    }

    private List<Sent> sentOfType(Class<?> type) {
        return fx.sent.stream().filter(s -> type.isInstance(s.message())).toList();
    }

    private static Str url(int id) {
        return Str.of("bin:127.0.0.1:" + (6000 + id));
    }

    private record Sent(Str to, BinMessage message) {}

    private static final class Recorder implements Effects {
        final List<Sent> sent = new ArrayList<>();

        @Override
        public void send(Str url, BinMessage message) {
            sent.add(new Sent(url, message));
        }

        @Override
        public void reply(long connection, BinMessage message) {
            sent.add(new Sent(Str.EMPTY, message));
        }

        @Override
        public void publish(ClusterEvent event) {}

        @Override
        public void deliver(int clusterId, int srcNodeId, Routable packet) {}
    }
}
