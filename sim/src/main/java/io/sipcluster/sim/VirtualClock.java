package io.sipcluster.sim;

import java.util.PriorityQueue;

/**
 * Simulated time: a queue of actions ordered by (time, insertion order). Time jumps to the next action; nothing
 * ever waits for real time, and two runs with the same inputs execute the same actions in the same order.
 */
public final class VirtualClock {
    private record Scheduled(long at, long seq, Runnable action) {}

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>(
            (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    private long executed;

    public long nowMillis() {
        return now;
    }

    /** Runs {@code action} {@code delayMillis} from now (0 = after everything already due now). */
    public void schedule(long delayMillis, Runnable action) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("negative delay " + delayMillis);
        }
        queue.add(new Scheduled(now + delayMillis, seq++, action));
    }

    /** Executes the next action; false when none is due at or before {@code deadline}. */
    boolean step(long deadline) {
        Scheduled next = queue.peek();
        if (next == null || next.at > deadline) {
            return false;
        }
        queue.poll();
        now = next.at;
        executed++;
        next.action.run();
        return true;
    }

    void advanceTo(long time) {
        if (time > now) {
            now = time;
        }
    }

    public long executedActions() {
        return executed;
    }
}
