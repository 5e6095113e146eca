package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.WALL_START;
import static io.sipcluster.core.EngineUnderTest.trailer;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncEnd;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncReq;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.FullTopUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input a broken or hostile peer could send, one class at a time: it is ignored, counted under its reason, and
 * leaves no state behind that could grow without bound. (Counts that cannot be decoded at all never reach the
 * engine: the codec refuses them, see {@code MalformedPacketTest}.)
 */
class IgnoredInputTest {
    private static final Capability KV = Capability.of("test-kv-repl");

    private static ModulePacket kv(Trailer t) {
        return new ModulePacket(KV, 1, 1, Str.of("k=v"), t);
    }

    @Test
    void packetsFromUnknownNodesAreIgnoredCountedAndAddNoNode() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3).linksUp(2, 3);
        e.engine.registerCapability(CLUSTER, KV);
        for (int id = 100; id < 10_100; id++) {
            e.receive(new Ping(CLUSTER, id, 1));
            e.receive(kv(trailer(id, 1)));
        }
        e.receive(new LsUpdate(CLUSTER, 2, 0, WALL_START, 99, LsUpdate.LINK_UP, List.of(2)));
        e.receive(capUpdate(2, 0, 99, List.of(new CapabilityState(Str.of(KV.name()), 1))));

        assertThat(e.ignoredCount(IgnoreReason.UNKNOWN_NODE)).isEqualTo(20_002);
        assertThat(e.engine.nodes(CLUSTER)).extracting(NodeView::nodeId).containsExactly(2, 3);
        assertThat(e.fx.replies).as("no UNKNOWN_ID without discovery").isEmpty();
        assertThat(e.fx.delivered).isEmpty();
    }

    @Test
    void staleSequenceNumbersAreIgnoredCountedAndChangeNothing() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3).linksUp(2);
        e.receive(new LsUpdate(CLUSTER, 2, 5, WALL_START, 3, LsUpdate.LINK_UP, List.of(2)));
        assertThat(e.engine.nextHop(CLUSTER, 3)).isEqualTo(2);

        e.receive(new LsUpdate(CLUSTER, 2, 5, WALL_START, 3, LsUpdate.LINK_DOWN, List.of(2)));
        e.receive(new LsUpdate(CLUSTER, 2, 4, WALL_START, 3, LsUpdate.LINK_DOWN, List.of(2)));
        e.receive(fullTop(2, 3, List.of(1, 3)));
        e.receive(fullTop(2, 2, List.of(1)));
        e.receive(capUpdate(2, 7, 2, List.of()));
        e.receive(capUpdate(2, 7, 2, List.of()));

        assertThat(e.ignoredCount(IgnoreReason.STALE_SEQUENCE)).isEqualTo(4);
        assertThat(e.engine.nextHop(CLUSTER, 3)).as("the stale LINK_DOWNs were not applied").isEqualTo(2);
    }

    @Test
    void impossibleValuesAreIgnoredAndCounted() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.engine.registerCapabilityNeedingSync(CLUSTER, KV);
        e.engine.requestSync(CLUSTER, KV, e.now, e.fx);
        e.receive(capUpdate(2, 0, 2, List.of(new CapabilityState(Str.of(KV.name()), 7))));
        assertThat(e.ignoredCount(IgnoreReason.BAD_VALUE)).isEqualTo(1);
        assertThat(e.engine.syncStatus(CLUSTER, KV).state()).as("a state of 7 is no donor")
                .isEqualTo(SyncStatus.State.PENDING);

        e.receive(capUpdate(2, 1, 2, List.of(new CapabilityState(Str.of(KV.name()), 1))));
        assertThat(e.fx.sent(SyncReq.class)).hasSize(1);
        e.receive(new SyncEnd(Str.of(KV.name()), -1, trailer(2, 1)));

        assertThat(e.ignoredCount(IgnoreReason.BAD_VALUE)).isEqualTo(2);
        assertThat(e.engine.syncStatus(CLUSTER, KV).state()).as("a negative total does not end the sync")
                .isEqualTo(SyncStatus.State.IN_PROGRESS);
        e.receive(new SyncEnd(Str.of(KV.name()), 0, trailer(2, 1)));
        assertThat(e.engine.syncStatus(CLUSTER, KV).state()).isEqualTo(SyncStatus.State.SYNCED);
    }

    @Test
    void aNodeCannotAnnounceMoreCapabilitiesThanANodeMayHave() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        for (int update = 0; update < 5; update++) {
            List<CapabilityState> caps = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                caps.add(new CapabilityState(Str.of("cap-" + update + "-" + c), 1));
            }
            e.receive(capUpdate(2, update, 2, caps));
        }
        assertThat(e.fx.events(ClusterEvent.CapabilityChanged.class)).hasSize(64);
        assertThat(e.ignoredCount(IgnoreReason.LIMIT_REACHED)).isEqualTo(4 * 64);
    }

    /** Capability names come as strs in sync packets and CAP_UPDATEs; some can be no capability's name. */
    @Test
    void capabilityNamesNoCapabilityCanHaveAreIgnoredAndCounted() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.engine.registerCapabilityNeedingSync(CLUSTER, KV);
        e.engine.requestSync(CLUSTER, KV, e.now, e.fx);
        Str tooLong = Str.ofBytes(new byte[300]);
        for (Str name : List.of(Str.EMPTY, tooLong)) {
            e.receive(capUpdate(2, capSeq++, 2, List.of(new CapabilityState(name, 1))));
            e.receive(new SyncReq(name, trailer(2, 1)));
            e.receive(new Sync(name, 1, List.of(new SyncChunk(Str.of("x"))), trailer(2, 1)));
            e.receive(new SyncEnd(name, 0, trailer(2, 1)));
        }
        assertThat(e.ignoredCount(IgnoreReason.BAD_VALUE)).isEqualTo(8);
        assertThat(e.engine.remoteCapabilities(CLUSTER)).isEmpty();
    }

    private int capSeq;

    @Test
    void packetsForCapabilitiesNotRegisteredHereAreIgnoredAndCounted() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.receive(kv(trailer(2, 1)));
        e.receive(new SyncReq(Str.of(KV.name()), trailer(2, 1)));
        e.receive(new Sync(Str.of(KV.name()), 1, List.of(new SyncChunk(Str.of("x"))), trailer(2, 1)));

        assertThat(e.ignoredCount(IgnoreReason.UNKNOWN_CAPABILITY)).isEqualTo(3);
        assertThat(e.fx.delivered).isEmpty();
        assertThat(e.fx.events(ClusterEvent.SyncRequested.class)).isEmpty();
    }

    @Test
    void packetsClaimingOurIdOrNamingAnotherClusterAreIgnoredAndCounted() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.receive(new Ping(CLUSTER, 1, 1));
        e.receive(kv(trailer(1, 2)));
        e.receive(new Ping(7, 2, 1));
        e.receive(kv(new Trailer.Node(7, 2, 1)));

        assertThat(e.ignoredCount(IgnoreReason.OWN_NODE_ID)).isEqualTo(2);
        assertThat(e.ignoredCount(IgnoreReason.UNKNOWN_CLUSTER)).isEqualTo(2);
        assertThat(e.fx.sent(InternalMessage.Pong.class)).isEmpty();
    }

    /** A flooded update that went round a loop of nodes back to us is stale by then, and goes no further. */
    @Test
    void aFloodedUpdateThatComesBackRoundALoopIsNotFloodedAgain() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3, 4).linksUp(2, 3);
        LsUpdate fromTwo = new LsUpdate(CLUSTER, 2, 0, WALL_START, 4, LsUpdate.LINK_UP, List.of(2));
        e.receive(fromTwo);
        assertThat(e.fx.sentTo(EngineUnderTest.url(3), LsUpdate.class)).contains(
                new LsUpdate(CLUSTER, 2, 0, WALL_START, 4, LsUpdate.LINK_UP, List.of(2, 1)));
        e.fx.clear();

        e.receive(new LsUpdate(CLUSTER, 2, 0, WALL_START, 4, LsUpdate.LINK_UP, List.of(2, 1, 3)));

        assertThat(e.ignoredCount(IgnoreReason.STALE_SEQUENCE)).isEqualTo(1);
        assertThat(e.fx.sent).isEmpty();
    }

    @Test
    void everyReasonIsReportedEvenWhenNothingWasIgnored() {
        EngineUnderTest e = new EngineUnderTest(1, 2);
        assertThat(e.engine.ignoredCounts()).hasSize(IgnoreReason.values().length).allSatisfy((r, n) ->
                assertThat(n).isZero());
    }

    private static CapUpdate capUpdate(int src, int seq, int about, List<CapabilityState> caps) {
        return new CapUpdate(CLUSTER, src, seq, WALL_START, List.of(new NodeCapabilities(about, caps)), 0,
                List.of(src));
    }

    private static FullTopUpdate fullTop(int src, int seq, List<Integer> neighbours) {
        return new FullTopUpdate(CLUSTER, src, seq, WALL_START, List.of(new TopologyEntry(src, null, 0, 0,
                neighbours)), List.of(src));
    }
}
