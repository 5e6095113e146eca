package io.sipcluster.proxy;

import java.util.PriorityQueue;

/**
 * The proxy's timers, fired by {@link #runDue} with the time passed in (no clock here). A cancelled timer stays
 * in the heap until its time comes and is then skipped: cheaper than removal, and a transaction cancels at most
 * a few timers.
 */
final class TimerQueue {
    /** What a timer does when it fires. */
    interface Action {
        void fire(long now);
    }

    /** A scheduled action; {@link #cancel()} makes it a no-op. */
    static final class Timer implements Comparable<Timer> {
        private final long at;
        private final long seq;
        private Action action;

        private Timer(long at, long seq, Action action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        void cancel() {
            action = null;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long seq;

    Timer schedule(long at, Action action) {
        Timer t = new Timer(at, seq++, action);
        heap.add(t);
        return t;
    }

    /** Fires every timer due at {@code now}, in time order (ties in scheduling order). */
    void runDue(long now) {
        Timer t;
        while ((t = heap.peek()) != null && t.at <= now) {
            heap.poll();
            Action a = t.action;
            if (a != null) {
                t.action = null;
                a.fire(now);
            }
        }
    }

    /** When the next timer is due, or {@code Long.MAX_VALUE} with none. */
    long nextDue() {
        Timer t = heap.peek();
        return t == null ? Long.MAX_VALUE : t.at;
    }
}
