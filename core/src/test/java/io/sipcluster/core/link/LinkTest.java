package io.sipcluster.core.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.Link.Action;
import org.junit.jupiter.api.Test;

/** The heartbeat cases of OpenSIPS's timer, one input at a time, with the default timings (4 s, 1 s, 60 s). */
class LinkTest {
    private static final Timings T = Timings.OPENSIPS_DEFAULTS;
    private final Link link = new Link();

    private Link upAt(long t) {
        assertThat(link.tick(t, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.pongReceived(t + 5, T)).isTrue();
        assertThat(link.state()).isEqualTo(LinkState.UP);
        return link;
    }

    @Test
    void aNewLinkProbesOnItsFirstTickAndComesUpOnATimelyPong() {
        assertThat(link.state()).isEqualTo(LinkState.RESTART_PINGING);
        assertThat(link.tick(0, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.state()).isEqualTo(LinkState.RESTARTED);
        assertThat(link.pongReceived(20, T)).isTrue();
        assertThat(link.state()).isEqualTo(LinkState.UP);
    }

    /** On one host a pong often arrives in the millisecond its ping left: that is an answer, not a silence. */
    @Test
    void aPongInTheSameMillisecondAsItsPingCounts() {
        assertThat(link.tick(0, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.pongReceived(0, T)).isTrue();
        assertThat(link.tick(4_000, T, 3)).isEqualTo(Action.KEEPALIVE);
        link.pongReceived(4_000, T);
        assertThat(link.tick(5_000, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.state()).isEqualTo(LinkState.UP);
    }

    @Test
    void aLatePongDoesNotBringTheLinkUp() {
        link.tick(0, T, 3);
        assertThat(link.pongReceived(1_000, T)).isFalse(); // exactly the timeout is late
        assertThat(link.state()).isEqualTo(LinkState.RESTARTED);
    }

    @Test
    void aLatePongStillCountsWhenOtherPacketsShowTheNodeIsAlive() {
        link.tick(0, T, 3);
        link.packetReceived(1_400);
        assertThat(link.pongReceived(1_500, T)).isTrue();
    }

    @Test
    void anIdleUpLinkSendsKeepalivesEveryPingInterval() {
        upAt(0);
        assertThat(link.tick(1_000, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.tick(3_999, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.tick(4_000, T, 3)).isEqualTo(Action.KEEPALIVE);
        link.pongReceived(4_010, T);
        assertThat(link.tick(5_000, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.tick(8_000, T, 3)).isEqualTo(Action.KEEPALIVE);
    }

    @Test
    void trafficWeSendPostponesTheKeepalive() {
        upAt(0);
        link.packetSent(3_500);
        assertThat(link.tick(4_000, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.tick(7_500, T, 3)).isEqualTo(Action.KEEPALIVE);
    }

    @Test
    void anUnansweredKeepaliveIsRetriedThenTheLinkIsDeclaredDown() {
        upAt(0);
        assertThat(link.tick(4_000, T, 3)).isEqualTo(Action.KEEPALIVE);
        assertThat(link.tick(5_000, T, 3)).isEqualTo(Action.PROBE); // first retry: UP -> RETRYING
        assertThat(link.state()).isEqualTo(LinkState.RETRYING);
        assertThat(link.tick(6_000, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.tick(7_000, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.tick(8_000, T, 3)).isEqualTo(Action.DECLARE_DOWN);
        assertThat(link.state()).isEqualTo(LinkState.DOWN);
        // Down: nothing until the node timeout has passed since the last ping, then a probe.
        assertThat(link.tick(60_000, T, 3)).isEqualTo(Action.NOTHING);
        assertThat(link.tick(67_000, T, 3)).isEqualTo(Action.PROBE);
        assertThat(link.state()).isEqualTo(LinkState.RESTARTED);
    }

    @Test
    void detectionOfASilentPeerMatchesTheDocumentedBound() {
        upAt(0);
        long t = 0;
        while (link.state() != LinkState.DOWN && t < 60_000) {
            t += T.tickMillis();
            link.tick(t, T, 3);
        }
        assertThat(t).isLessThanOrEqualTo(T.worstCaseDetectionMillis(3)).isGreaterThanOrEqualTo(8_000);
    }

    @Test
    void zeroRetriesMeansDownAtTheFirstUnansweredPing() {
        link.tick(0, T, 0);
        link.pongReceived(5, T);
        assertThat(link.tick(4_000, T, 0)).isEqualTo(Action.KEEPALIVE);
        assertThat(link.tick(5_000, T, 0)).isEqualTo(Action.DECLARE_DOWN);
    }

    @Test
    void aPongAnsweringAPingSentJustBeforeARestartBringsTheLinkUp() {
        upAt(0);
        assertThat(link.tick(4_000, T, 3)).isEqualTo(Action.KEEPALIVE);
        link.restartProbing(); // e.g. a peer's LS_UPDATE contradicted our view
        assertThat(link.pongReceived(4_050, T)).isTrue(); // RESTART_PINGING -> TEMP -> UP
    }

    @Test
    void answeringAPingRestartsProbingAtOnce() {
        link.forceDown();
        link.probeNow(100);
        assertThat(link.state()).isEqualTo(LinkState.RESTARTED);
        assertThat(link.pongReceived(110, T)).isTrue();
    }
}
