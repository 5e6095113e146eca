package io.sipcluster.app.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/** What the replication-lag benches share: pacing the sender, and the table of lags they print. */
final class LagReport {
    private LagReport() {}

    /**
     * Waits until {@code dueNanos}, parked, not spinning: on 2 cores a spinning sender would take a core from the
     * nodes it measures.
     */
    static void awaitDue(long dueNanos) {
        for (long wait = dueNanos - System.nanoTime(); wait > 0; wait = dueNanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
    }

    /**
     * Prints the lags {@code seenAt[i] - sentAt[i]} (0 in {@code seenAt}: never seen, counted missing); the first
     * quarter warms the JIT up and is shown apart, the figures are of the rest.
     */
    static void print(int rate, int seconds, long[] sentAt, long[] seenAt) {
        int total = sentAt.length;
        int warm = total / 4;
        long[] first = new long[warm];
        for (int i = 0; i < warm; i++) {
            first[i] = seenAt[i] == 0 ? Long.MAX_VALUE : seenAt[i] - sentAt[i];
        }
        Arrays.sort(first);
        System.out.printf(Locale.ROOT, "warm-up quarter: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                ms(first, 0.5), ms(first, 0.99), warm == 0 ? Double.NaN : first[warm - 1] / 1e6);
        int measured = total - warm;
        long[] lag = new long[measured];
        int missing = 0;
        for (int i = 0; i < measured; i++) {
            long seen = seenAt[warm + i];
            if (seen == 0) {
                missing++;
                lag[i] = Long.MAX_VALUE;
            } else {
                lag[i] = seen - sentAt[warm + i];
            }
        }
        Arrays.sort(lag);
        System.out.printf(Locale.ROOT, "%-8s %-8s %10s %10s %10s %10s %10s %8s%n", "rate/s", "seconds",
                "p50 (ms)", "p90 (ms)", "p99 (ms)", "p99.9 (ms)", "max (ms)", "missing");
        System.out.printf(Locale.ROOT, "%-8d %-8d %10.3f %10.3f %10.3f %10.3f %10.3f %8d%n", rate, seconds,
                ms(lag, 0.50), ms(lag, 0.90), ms(lag, 0.99), ms(lag, 0.999),
                lag[measured - 1 - missing] / 1e6, missing);
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        long v = sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
        return v == Long.MAX_VALUE ? Double.NaN : v / 1e6;
    }
}
