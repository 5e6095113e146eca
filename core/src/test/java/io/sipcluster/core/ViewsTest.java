package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.WALL_START;
import static io.sipcluster.core.EngineUnderTest.trailer;
import static io.sipcluster.core.EngineUnderTest.url;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.core.command.CommandSubmission;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncReq;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The snapshots management reads, and clusterer_set_cap_status. */
class ViewsTest {
    private static final Capability KV = Capability.of("test-kv-repl");
    private static final String MI = Capability.SIPCLUSTER_MI.name();

    @Test
    void nodesShowTheirDescriptionLinkAndRoute() {
        NodeDescriptor two = new NodeDescriptor(2, Str.of("bin:10.0.0.2:5566"), Str.of("sip:10.0.0.2"), 10, 5, true,
                true);
        ClusterEngine engine = new ClusterEngine(1, List.of(new ClusterSetup(CLUSTER, EngineUnderTest.node(1),
                List.of(two, EngineUnderTest.node(3)), false)), Timings.OPENSIPS_DEFAULTS, () -> WALL_START);
        RecordingEffects fx = new RecordingEffects();
        engine.tick(0, fx);
        engine.receive(new Pong(CLUSTER, 2, List.of()), 0, 1, fx);
        engine.receive(new LsUpdate(CLUSTER, 2, 0, WALL_START, 3,
                LsUpdate.LINK_UP, List.of(2)), 0, 2, fx);

        assertThat(engine.nodes(CLUSTER)).containsExactly(
                new NodeView(2, Str.of("bin:10.0.0.2:5566"), LinkState.UP, true, 2, Set.of(3),
                        Str.of("sip:10.0.0.2"), 10, 5, true),
                new NodeView(3, url(3), LinkState.RESTARTED, true, 2, Set.of(), Str.EMPTY,
                        NodeDescriptor.DEFAULT_PRIORITY, NodeDescriptor.DEFAULT_PING_RETRIES, false));
    }

    @Test
    void theTopologyListsTheLocalNodeFirstAndUpLinksBothWays() {
        EngineUnderTest e = new EngineUnderTest(1, 2, 3, 4).linksUp(2, 3).learnLink(2, 4);
        assertThat(e.engine.topology(CLUSTER)).containsExactly(
                new Adjacency(1, List.of(2, 3)),
                new Adjacency(2, List.of(4, 1)),
                new Adjacency(3, List.of(1)),
                new Adjacency(4, List.of()));
    }

    @Test
    void capabilitiesAreListedForTheLocalNodeAndForTheOthers() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.engine.registerCapabilityNeedingSync(CLUSTER, KV);
        e.receive(new CapUpdate(CLUSTER, 2, 0, WALL_START, List.of(new NodeCapabilities(2, List.of(
                new CapabilityState(Str.of(MI), 1), new CapabilityState(Str.of(KV.name()), 0)))), 0, List.of(2)));

        assertThat(e.engine.capabilities(CLUSTER)).containsExactly(new CapabilityView(MI, true, true),
                new CapabilityView(KV.name(), false, true));
        assertThat(e.engine.remoteCapabilities(CLUSTER)).containsExactly(new RemoteCapabilityView(2, MI, true),
                new RemoteCapabilityView(2, KV.name(), false));
    }

    @Test
    void aDisabledCapabilityIsAnnouncedNotSyncedAndNothingOfItIsSentOrAccepted() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.engine.registerCapability(CLUSTER, KV);
        e.fx.clear();

        e.engine.setCapabilityEnabled(CLUSTER, KV, false, e.now, e.fx);

        assertThat(e.fx.sentTo(url(2), CapUpdate.class)).singleElement().satisfies(u ->
                assertThat(u.nodes()).containsExactly(new NodeCapabilities(1, List.of(
                        new CapabilityState(Str.of(KV.name()), 0)))));
        assertThat(e.engine.capabilities(CLUSTER)).contains(new CapabilityView(KV.name(), false, false));
        e.fx.clear();
        ModulePacket put = new ModulePacket(KV, 1, 1, Str.of("k=v"), Trailer.UNADDRESSED);
        assertThat(e.engine.send(CLUSTER, 2, put, e.now, e.fx)).isEqualTo(SendResult.SENT);
        assertThat(e.engine.broadcast(CLUSTER, put, e.now, e.fx)).isEqualTo(SendResult.SENT);
        assertThat(e.fx.sent).as("OpenSIPS reports success and sends nothing").isEmpty();
        e.receive(put.withTrailer(trailer(2, 1)));
        e.receive(new SyncReq(Str.of(KV.name()), trailer(2, 1)));
        assertThat(e.fx.delivered).isEmpty();
        assertThat(e.fx.events(ClusterEvent.SyncRequested.class)).isEmpty();
        assertThat(e.ignoredCount(IgnoreReason.CAPABILITY_DISABLED)).isEqualTo(2);

        e.engine.setCapabilityEnabled(CLUSTER, KV, true, e.now, e.fx);
        assertThat(e.engine.capabilities(CLUSTER)).contains(new CapabilityView(KV.name(), true, true));
        e.receive(put.withTrailer(trailer(2, 1)));
        assertThat(e.fx.delivered).hasSize(1);
    }

    @Test
    void aCapabilityThatNeedsDataStaysNotSyncedWhenEnabledAgain() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.engine.registerCapabilityNeedingSync(CLUSTER, KV);
        e.engine.setCapabilityEnabled(CLUSTER, KV, false, e.now, e.fx);
        e.engine.requestSync(CLUSTER, KV, e.now, e.fx);
        assertThat(e.engine.syncStatus(CLUSTER, KV).state()).as("a disabled capability does not sync")
                .isEqualTo(SyncStatus.State.NOT_SYNCED);

        e.engine.setCapabilityEnabled(CLUSTER, KV, true, e.now, e.fx);
        assertThat(e.engine.capabilities(CLUSTER)).contains(new CapabilityView(KV.name(), false, true));
        assertThatThrownBy(() -> e.engine.setCapabilityEnabled(CLUSTER, Capability.of("nope"), false, e.now, e.fx))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withTheirCapabilityDisabledCommandsGoWithoutResult() {
        EngineUnderTest e = new EngineUnderTest(1, 2).linksUp(2);
        e.receive(new CapUpdate(CLUSTER, 2, 0, WALL_START, List.of(new NodeCapabilities(2, List.of(
                new CapabilityState(Str.of(MI), 1)))), 0, List.of(2)));
        e.engine.setCapabilityEnabled(CLUSTER, Capability.SIPCLUSTER_MI, false, e.now, e.fx);
        assertThat(e.engine.sendCommand(CLUSTER, 2, "ul_dump", List.of(), 1_000, e.now, e.fx).status())
                .isEqualTo(CommandSubmission.Status.SENT_WITHOUT_RESULT);
    }
}
