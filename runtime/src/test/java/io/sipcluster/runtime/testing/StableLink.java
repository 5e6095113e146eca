package io.sipcluster.runtime.testing;

import io.sipcluster.core.config.Timings;
import io.sipcluster.core.link.LinkState;
import io.sipcluster.runtime.ClusterNode;
import java.time.Duration;

/** Waiting until two nodes' links have settled after formation, before a test starts watching for flaps. */
public final class StableLink {
    /** For tests that assert a link never drops: tolerant of a loaded test machine (400 ms per pong). */
    public static final Timings TOLERANT = new Timings(500, 400, 5_000);

    private StableLink() {}

    /** Both sides see the link up at three checks in a row, half a ping timeout apart. */
    public static void await(ClusterNode a, ClusterNode b, int clusterId) throws InterruptedException {
        long interval = a.settings().timings().pingTimeoutMillis() / 2;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int good = 0;
        while (good < 3) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("link between " + a.nodeId() + " and " + b.nodeId() + " did not settle");
            }
            good = up(a, b.nodeId(), clusterId) && up(b, a.nodeId(), clusterId) ? good + 1 : 0;
            Thread.sleep(interval);
        }
    }

    private static boolean up(ClusterNode n, int peer, int clusterId) {
        return n.view(clusterId).nodes().stream()
                .anyMatch(v -> v.nodeId() == peer && v.linkState() == LinkState.UP);
    }
}
