package io.sipcluster.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.core.config.NodeDescriptor;
import io.sipcluster.core.config.Timings;
import io.sipcluster.runtime.testing.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes as three JVMs on loopback, FAST timings: a node killed with kill -9 is seen down by the others
 * within the profile's bound and rejoins after a restart; a node frozen with SIGSTOP (sockets open, no answers:
 * what a hung host looks like) is found by the pings alone.
 */
class ProcessClusterTest {
    private static final Duration START = Duration.ofSeconds(30);
    /** FAST with OpenSIPS's 3 ping retries: 200 + 4 x 150 + 50 ms. */
    private static final Duration BOUND = Duration.ofMillis(Timings.FAST.worstCaseDetectionMillis(NodeDescriptor.DEFAULT_PING_RETRIES));
    /** A frozen node is found by pings, whose timer threads this shared two-core machine may run a little late. */
    private static final Duration SCHEDULING_SLACK = Duration.ofMillis(300);

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final Path logs = Path.of("target", "process-tests");

    @AfterEach
    void stopAll() {
        for (NodeProcess n : nodes) {
            if (n.isAlive()) {
                try {
                    n.signal("CONT");
                } catch (Exception ignored) {
                    // not stopped
                }
            }
            n.close();
        }
    }

    /** Records every node holds at first; a restarted node starts empty and must get them from a donor. */
    private static final int RECORDS = 20_000;

    private NodeProcess start(int id) {
        return start(id, true);
    }

    private NodeProcess start(int id, boolean withRecords) {
        List<String> flags = new java.util.ArrayList<>(NodeProcess.TEST_JVM_FLAGS);
        if (withRecords) {
            flags.add("-Dsipcluster.test.records=" + RECORDS);
        }
        NodeProcess p = NodeProcess.start(id, "fast", urls, flags, logs.resolve("node" + id + ".log"));
        nodes.add(p);
        return p;
    }

    @Test
    void aKilledNodeIsSeenDownWithinTheBoundAndRejoinsAndResyncsAfterRestart() throws Exception {
        for (int port : FreePorts.pick(3)) {
            urls.add("bin:127.0.0.1:" + port);
        }
        NodeProcess n1 = start(1);
        NodeProcess n2 = start(2);
        NodeProcess n3 = start(3);
        for (NodeProcess n : List.of(n1, n2, n3)) {
            for (int other = 1; other <= 3; other++) {
                if (other != n.nodeId()) {
                    n.awaitEvent("NodeUp", other, START);
                }
            }
        }
        String held = n1.await(l -> l.startsWith("HOLDS "), START, "HOLDS").substring("HOLDS ".length());
        n1.forget();
        n2.forget();

        Instant killed = Instant.now();
        n3.kill();
        Duration seenBy1 = Duration.between(killed, n1.awaitEvent("NodeDown", 3, BOUND.multipliedBy(5)));
        Duration seenBy2 = Duration.between(killed, n2.awaitEvent("NodeDown", 3, BOUND.multipliedBy(5)));
        System.out.printf("kill -9: node 3 seen down after %d ms (node 1) and %d ms (node 2); bound %d ms%n",
                seenBy1.toMillis(), seenBy2.toMillis(), BOUND.toMillis());
        assertThat(seenBy1).isLessThanOrEqualTo(BOUND);
        assertThat(seenBy2).isLessThanOrEqualTo(BOUND);

        NodeProcess again = start(3, false);
        n1.awaitEvent("NodeUp", 3, START);
        n2.awaitEvent("NodeUp", 3, START);
        again.awaitEvent("NodeUp", 1, START);
        again.awaitEvent("NodeUp", 2, START);
        String synced = again.await(l -> l.startsWith("SYNCED "), START, "SYNCED").substring("SYNCED ".length());
        assertThat(synced).as("records and checksum after the resync").isEqualTo(held);

        // a frozen process keeps its sockets open: only the missing pongs tell
        n1.forget();
        again.forget();
        Instant frozen = Instant.now();
        n2.signal("STOP");
        Duration frozenSeenBy1 = Duration.between(frozen, n1.awaitEvent("NodeDown", 2, BOUND.multipliedBy(5)));
        Duration frozenSeenBy3 = Duration.between(frozen, again.awaitEvent("NodeDown", 2, BOUND.multipliedBy(5)));
        System.out.printf("SIGSTOP: node 2 seen down after %d ms (node 1) and %d ms (node 3); bound %d ms%n",
                frozenSeenBy1.toMillis(), frozenSeenBy3.toMillis(), BOUND.toMillis());
        assertThat(frozenSeenBy1).isLessThanOrEqualTo(BOUND.plus(SCHEDULING_SLACK));
        assertThat(frozenSeenBy3).isLessThanOrEqualTo(BOUND.plus(SCHEDULING_SLACK));
        n2.signal("CONT");
        n1.awaitEvent("NodeUp", 2, START);
        again.awaitEvent("NodeUp", 2, START);
    }
}
