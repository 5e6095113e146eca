package io.sipcluster.runtime.testing;

import io.sipcluster.core.ClusterEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Records a node's events (on its loop thread) and lets a test wait for one, with a deadline. */
public final class EventLog implements Consumer<ClusterEvent> {
    private final List<ClusterEvent> events = new ArrayList<>();

    @Override
    public synchronized void accept(ClusterEvent e) {
        events.add(e);
        notifyAll();
    }

    /** Waits for the first event (seen so far or to come) matching {@code p}; fails after {@code timeout}. */
    public synchronized ClusterEvent await(Predicate<ClusterEvent> p, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (p.test(events.get(checked))) {
                    return events.get(checked);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; events: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public ClusterEvent awaitUp(int clusterId, int nodeId, Duration timeout) throws InterruptedException {
        return await(e -> e.equals(new ClusterEvent.NodeUp(clusterId, nodeId)), timeout, "NodeUp " + nodeId);
    }

    public ClusterEvent awaitDown(int clusterId, int nodeId, Duration timeout) throws InterruptedException {
        return await(e -> e.equals(new ClusterEvent.NodeDown(clusterId, nodeId)), timeout, "NodeDown " + nodeId);
    }

    public synchronized List<ClusterEvent> snapshot() {
        return List.copyOf(events);
    }

    public synchronized void clear() {
        events.clear();
    }
}
