package io.sipcluster.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PipesTest {
    final Pipes pipes = new Pipes(Pipes.Settings.DEFAULTS);

    private int admitted(String pipe, Algorithm a, int limit, long from, int requests, long spacing) {
        int ok = 0;
        for (int i = 0; i < requests; i++) {
            if (pipes.check(pipe, a, limit, from + i * spacing)) {
                ok++;
            }
        }
        return ok;
    }

    @Test
    void taildropAdmitsTheLimitPerClockAlignedWindow() {
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 5_000, 30, 10)).isEqualTo(10);
        // 5,300 ms: the window [5,000, 6,000) is still full; the next one starts empty
        assertThat(pipes.check("p", Algorithm.TAILDROP, 10, 5_999)).isFalse();
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 6_000, 12, 1)).isEqualTo(10);
    }

    @Test
    void sbtHoldsTheLimitOverAnyIntervalWhereverItsEdgeFalls() {
        // 10 requests at the end of one window and 10 at the start of the next: TAILDROP would pass 20 in 200 ms
        assertThat(admitted("s", Algorithm.SBT, 10, 1_850, 10, 10)).isEqualTo(10);
        assertThat(admitted("s", Algorithm.SBT, 10, 2_000, 10, 10)).as("same sliding second").isZero();
        assertThat(admitted("s", Algorithm.SBT, 10, 3_000, 10, 10)).as("a second later").isEqualTo(10);
    }

    @Test
    void redAdmitsOneInNAfterAnOverloadedWindow() {
        // window 1: 40 offered for a limit of 10 (load 4); window 2: one request in four passes, at most 10
        admitted("r", Algorithm.RED, 10, 1_000, 40, 10);
        int passed = admitted("r", Algorithm.RED, 10, 2_000, 20, 10);
        assertThat(passed).isEqualTo(5);
        // window 3 after a quiet window 2 (20 offered <= ... still above 10: one in two)
        assertThat(admitted("r", Algorithm.RED, 10, 3_000, 8, 10)).isEqualTo(4);
        assertThat(admitted("r", Algorithm.RED, 10, 5_000, 8, 10)).as("after an empty window").isEqualTo(8);
    }

    @Test
    void feedbackDropsMoreAsTheLoadStaysAboveTheWantedOne() {
        pipes.check("f", Algorithm.FEEDBACK, 50, 0);
        assertThat(admitted("f", Algorithm.FEEDBACK, 50, 0, 100, 1)).isEqualTo(100);
        for (int i = 0; i < 5; i++) {
            pipes.load(0.9);
        }
        int underLoad = admitted("f", Algorithm.FEEDBACK, 50, 1_000, 100, 1);
        assertThat(underLoad).isLessThan(60);
        for (int i = 0; i < 40; i++) {
            pipes.load(0.2);
        }
        assertThat(admitted("f", Algorithm.FEEDBACK, 50, 2_000, 100, 1)).isEqualTo(100);
    }

    @Test
    void remoteCountersCountOnlyInTheWindowTheyArrivedInAndExpire() {
        pipes.remote(2, new Pipes.Counter("p", 0, 1, 10, 7), 10_100);
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 10_200, 10, 1)).isEqualTo(3);
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 11_000, 10, 1))
                .as("next window: node 2, active in the last one, not heard yet: this node keeps to its share")
                .isEqualTo(5);
        pipes.remote(2, new Pipes.Counter("p", 0, 1, 10, 0), 11_100);
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 11_200, 10, 1)).as("node 2 heard: idle").isEqualTo(5);
        pipes.remote(2, new Pipes.Counter("p", 0, 1, 10, 4), 12_000);
        pipes.forget(2);
        assertThat(admitted("p", Algorithm.TAILDROP, 10, 12_100, 10, 1)).as("node 2 down").isEqualTo(10);
    }

    @Test
    void broadcastsCarryTheCurrentWindowAndStopAfterThreeZeros() {
        admitted("p", Algorithm.TAILDROP, 10, 1_000, 4, 1);
        assertThat(pipes.toBroadcast(1_200)).containsExactly(new Pipes.Counter("p", 0, 1, 10, 4));
        assertThat(pipes.toBroadcast(2_000)).extracting(Pipes.Counter::count).containsExactly(0);
        assertThat(pipes.toBroadcast(2_200)).hasSize(1);
        assertThat(pipes.toBroadcast(2_400)).hasSize(1);
        assertThat(pipes.toBroadcast(2_600)).isEmpty();
        assertThat(pipes.toBroadcast(60_000)).isEmpty();
        assertThat(pipes.size()).as("idle everywhere: dropped").isZero();
    }

    @Test
    void theNetworkCannotGrowTheTableWithoutBound() {
        Pipes small = new Pipes(new Pipes.Settings(1_000, 10_000, 3, 8, 50));
        for (int i = 0; i < 10; i++) {
            small.remote(2, new Pipes.Counter("p" + i, 0, 1, 10, 1), 0);
        }
        small.remote(2, new Pipes.Counter("a-very-long-name", 0, 1, 10, 1), 0);
        small.remote(2, new Pipes.Counter("x", 0, 99, 10, 1), 0);
        assertThat(small.size()).isEqualTo(3);
        assertThat(small.ignored()).isEqualTo(9);
        assertThatThrownBy(() -> Algorithm.parse("NETWORK")).hasMessageContaining("not supported");
        assertThat(List.of(Algorithm.parse("history"), Algorithm.parse("taildrop")))
                .containsExactly(Algorithm.SBT, Algorithm.TAILDROP);
    }
}
