package io.sipcluster.core;

import static io.sipcluster.core.EngineUnderTest.CLUSTER;
import static io.sipcluster.core.EngineUnderTest.trailer;
import static io.sipcluster.core.EngineUnderTest.url;
import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.Capability;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import org.junit.jupiter.api.Test;

/** Node 2 relaying packets between nodes 1 and 3, and refusing the relays that would loop. */
class RelayTest {
    private static final Capability KV = Capability.of("test-kv-repl");

    private static ModulePacket kv(String body, int src, int dst) {
        return new ModulePacket(KV, 1, 1, Str.of(body), trailer(src, dst));
    }

    @Test
    void aPacketForAnotherNodeGoesOnToItsNextHop() {
        EngineUnderTest two = new EngineUnderTest(2, 1, 3).linksUp(1, 3);
        two.fx.clear();
        two.receive(kv("a", 1, 3));
        assertThat(two.fx.sentTo(url(3), ModulePacket.class)).containsExactly(kv("a", 1, 3));
    }

    /** Node 1 routes to 3 through 2, node 2 routes to 3 through 1: the packet would bounce between them. */
    @Test
    void aPacketWhoseNextHopIsItsSourceIsDropped() {
        EngineUnderTest two = new EngineUnderTest(2, 1, 3).linksUp(1).learnLink(1, 3);
        assertThat(two.engine.nextHop(CLUSTER, 3)).isEqualTo(1);
        two.fx.clear();

        two.receive(kv("a", 1, 3));

        assertThat(two.fx.sent).isEmpty();
        assertThat(two.ignoredCount(IgnoreReason.ROUTING_LOOP)).isEqualTo(1);
    }

    @Test
    void thePacketComingRoundAgainAndAgainIsRelayedEightTimesASecond() {
        EngineUnderTest two = new EngineUnderTest(2, 1, 3).linksUp(1, 3);
        two.fx.clear();
        for (int i = 0; i < 20; i++) {
            two.now++;
            two.receive(kv("round and round", 1, 3));
        }
        assertThat(two.fx.sentTo(url(3), ModulePacket.class)).hasSize(RelayGuard.MAX_RELAYS_PER_WINDOW);
        assertThat(two.ignoredCount(IgnoreReason.ROUTING_LOOP)).isEqualTo(20 - RelayGuard.MAX_RELAYS_PER_WINDOW);

        two.now += RelayGuard.WINDOW_MILLIS;
        two.fx.clear();
        two.receive(kv("round and round", 1, 3));
        assertThat(two.fx.sentTo(url(3), ModulePacket.class)).hasSize(1);
    }

    @Test
    void aFloodOfDistinctRelayedPacketsIsRelayedWholeInBoundedMemory() {
        EngineUnderTest two = new EngineUnderTest(2, 1, 3).linksUp(1, 3);
        two.fx.clear();
        int relayed = 0;
        for (int i = 0; i < 50_000; i++) {
            two.receive(kv("update " + i, 1, 3));
            relayed += two.fx.sent.size();
            two.fx.sent.clear();
            assertThat(two.engine.relayTableSize()).isLessThanOrEqualTo(RelayGuard.MAX_ENTRIES);
        }
        assertThat(relayed).isEqualTo(50_000);
        assertThat(two.ignoredCount(IgnoreReason.ROUTING_LOOP)).isZero();
    }

    @Test
    void aPacketForAnUnknownOrUnreachableNodeIsDroppedAndCounted() {
        EngineUnderTest two = new EngineUnderTest(2, 1, 3).linksUp(1);
        two.fx.clear();
        two.receive(kv("a", 1, 9));
        two.receive(kv("b", 1, 3));
        assertThat(two.fx.sent).isEmpty();
        assertThat(two.ignoredCount(IgnoreReason.UNKNOWN_NODE)).isEqualTo(1);
        assertThat(two.ignoredCount(IgnoreReason.NO_ROUTE)).isEqualTo(1);
    }
}
