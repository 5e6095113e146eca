package io.sipcluster.mgmt;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for real threads (engine loops, HTTP) to reach a state. The runtime tests need it: the loops run on real
 * time, so there is no virtual clock to advance.
 */
public final class Eventually {
    private Eventually() { }

    public static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }
}
