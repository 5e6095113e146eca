package io.sipcluster.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Several nodes sharing one TAILDROP pipe on a virtual clock, exchanging counters every 200 ms over a network that
 * delays each message by 1-20 ms (seeded): the cluster stays within the stated bound of the limit in every window,
 * including when the load steps up; OpenSIPS's scheme (the others' previous window added to the current one) does
 * not.
 */
class ClusterLimitSimulationTest {
    static final int LIMIT = 100;
    static final long BROADCAST = 200;
    static final long MAX_DELAY = 20;

    record Delivery(long at, int to, int from, Pipes.Counter counter) {}

    /** Admitted per window, over the whole cluster, for {@code rate(window)} requests a second per node. */
    static int[] run(int nodes, long seed, java.util.function.IntUnaryOperator rate, int windows) {
        Random random = new Random(seed);
        Pipes[] p = new Pipes[nodes];
        for (int i = 0; i < nodes; i++) {
            p[i] = new Pipes(Pipes.Settings.DEFAULTS);
        }
        PriorityQueue<Delivery> net = new PriorityQueue<>((a, b) -> Long.compare(a.at(), b.at()));
        int[] admitted = new int[windows];
        double[] credit = new double[nodes];
        long phase = random.nextInt((int) BROADCAST); // when in the window the broadcasts fall
        for (long now = 0; now < windows * 1000L; now++) {
            while (!net.isEmpty() && net.peek().at() <= now) {
                Delivery d = net.poll();
                p[d.to()].remote(d.from(), d.counter(), now);
            }
            int w = (int) (now / 1000);
            for (int n = 0; n < nodes; n++) {
                credit[n] += rate.applyAsInt(w) / 1000.0;
                while (credit[n] >= 1) {
                    credit[n] -= 1;
                    if (p[n].check("calls", Algorithm.TAILDROP, LIMIT, now)) {
                        admitted[w]++;
                    }
                }
                if ((now + phase + n * 37) % BROADCAST == 0) {
                    for (Pipes.Counter c : p[n].toBroadcast(now)) {
                        for (int to = 0; to < nodes; to++) {
                            if (to != n) {
                                net.add(new Delivery(now + 1 + random.nextInt((int) MAX_DELAY), to, n, c));
                            }
                        }
                    }
                }
            }
        }
        return admitted;
    }

    /** The stated bound: {@code limit + (N - 1) * min(ceil(limit / N), r * (B + d))}. */
    static int bound(int nodes, int ratePerNode) {
        int share = (LIMIT + nodes - 1) / nodes;
        int unseen = (int) Math.ceil(ratePerNode * (BROADCAST + MAX_DELAY) / 1000.0);
        return LIMIT + (nodes - 1) * Math.min(share, unseen);
    }

    @Test
    void steadyOverloadStaysWithinTheBoundInEveryWindow() {
        for (int nodes = 2; nodes <= 4; nodes++) {
            for (long seed = 1; seed <= 5; seed++) {
                int[] a = run(nodes, seed, w -> 150, 10);
                for (int w = 0; w < a.length; w++) {
                    assertThat(a[w]).as("%d nodes, seed %d, window %d", nodes, seed, w)
                            .isBetween(LIMIT - nodes, bound(nodes, 150));
                }
            }
        }
    }

    @Test
    void aStepUpOfTheLoadStaysWithinTheBoundWhereOpenSipsSchemeOvershoots() {
        // windows 0-4: 20 a second per node (well under the limit); from window 5: 300 a second per node
        int[] a = run(3, 7, w -> w < 5 ? 20 : 300, 8);
        for (int w = 5; w < 8; w++) {
            assertThat(a[w]).as("window %d", w).isBetween(LIMIT - 3, bound(3, 300));
        }
        int[] opensips = previousWindowScheme(3, w -> w < 5 ? 20 : 300, 8);
        assertThat(opensips[5]).as("previous-window counts: the step goes unseen").isGreaterThan(bound(3, 300));
        assertThat(opensips[6]).as("offered counts: a steady overload starves the pipe").isLessThan(LIMIT / 2);
    }

    /**
     * OpenSIPS's arithmetic, modelled exactly enough: each node admits while its current count plus the others'
     * counts of their previous window stay within the limit.
     */
    static int[] previousWindowScheme(int nodes, java.util.function.IntUnaryOperator rate, int windows) {
        int[] admitted = new int[windows];
        int[] previous = new int[nodes];
        for (int w = 0; w < windows; w++) {
            int[] current = new int[nodes];
            int others;
            for (int i = 0; i < rate.applyAsInt(w); i++) {
                for (int n = 0; n < nodes; n++) {
                    others = 0;
                    for (int m = 0; m < nodes; m++) {
                        others += m == n ? 0 : previous[m];
                    }
                    current[n]++;
                    if (current[n] + others <= LIMIT) {
                        admitted[w]++;
                    }
                }
            }
            previous = current;
        }
        return admitted;
    }

    @Test
    void theSimulationIsDeterministicForASeed() {
        List<int[]> runs = new ArrayList<>();
        runs.add(run(3, 42, w -> 200, 4));
        runs.add(run(3, 42, w -> 200, 4));
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
    }
}
