package io.sipcluster.ratelimit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The rate-limit pipes of a node with the other nodes' counters (OpenSIPS {@code ratelimit} with
 * {@code pipe_replication_cluster}): {@link #check} counts a request and says whether it passes, {@link #remote}
 * takes another node's counter, {@link #toBroadcast} says what to send every 200 ms. Thread-safe (one lock, short
 * holds); pure otherwise: the time is passed in.
 *
 * <h2>How close the cluster stays to a limit</h2>
 * Every node counts the requests it passed in the same clock-aligned window and sends that count every broadcast
 * period B (200 ms); a counter is counted only in the window it arrived in (after a guard time G at the window's
 * start, which absorbs the network delay d and the clocks' skew). A node deciding sees the others' counts as they
 * were at most B + d ago, and until it has heard from the nodes active in the previous window it keeps to its
 * share {@code ceil(limit / N)}. So with N nodes each offered r requests a second, a TAILDROP pipe passes in a
 * window at most {@code limit + (N - 1) * min(ceil(limit / N), r * (B + d))}; offered more than the limit, it
 * passes at least the limit less what the shares leave unused while nodes wait (uneven load early in a window).
 * With OpenSIPS's scheme the others' counts are those of their previous window, and include the requests they
 * refused: a step up of the load goes unseen for a whole window, and a steady overload makes the nodes refuse
 * nearly everything.
 */
public final class Pipes {
    /**
     * @param intervalMillis window of pipes learnt from other nodes (OpenSIPS {@code timer_interval})
     * @param expireMillis   a remote counter older than this counts no more; an idle pipe goes (10 s)
     * @param maxPipes       pipes beyond this are refused (from the network: ignored)
     * @param maxNameLength  longer names are refused
     * @param guardMillis    a counter arriving this soon after a window starts is taken as the previous window's:
     *                       more than the network delay plus the clocks' skew (at most a quarter of a window)
     */
    public record Settings(long intervalMillis, long expireMillis, int maxPipes, int maxNameLength, long guardMillis) {
        public static final Settings DEFAULTS = new Settings(1_000, 10_000, 100_000, 256, 50);

        public Settings {
            if (intervalMillis < Pipe.SBT_SLOTS || expireMillis < 1 || maxPipes < 1 || maxNameLength < 1) {
                throw new IllegalArgumentException("interval >= 10 ms, expire, maxPipes and maxNameLength > 0");
            }
        }
    }

    /** One pipe's line of a broadcast. */
    public record Counter(String name, int flags, int algorithm, int limit, int count) {}

    /** One pipe as {@code rl_list} shows it. */
    public record PipeState(String name, Algorithm algorithm, int limit, int localCount, int clusterCount,
                            long admitted, long refused) {}

    private final Settings settings;
    private final Map<String, Pipe> pipes = new HashMap<>();
    private final Map<String, FeedbackController> feedback = new HashMap<>();
    private long mismatches;
    private long ignored;

    public Pipes(Settings settings) {
        this.settings = settings;
    }

    /** Declares a pipe with its own window (a configured pipe); an existing one keeps its counts. */
    public synchronized void declare(String name, Algorithm algorithm, int limit, long intervalMillis) {
        checkName(name);
        Pipe p = pipes.get(name);
        if (p == null || p.intervalMillis != intervalMillis) {
            if (p == null && pipes.size() >= settings.maxPipes()) {
                throw new IllegalStateException("too many pipes (" + settings.maxPipes() + ")");
            }
            p = new Pipe(name, algorithm, limit, intervalMillis, settings.guardMillis());
            pipes.put(name, p);
        }
        p.algorithm = algorithm;
        p.limit = limit;
    }

    /**
     * Counts a request on pipe {@code name} (created with {@code algorithm} and {@code limit} if unknown) and
     * says whether it passes (OpenSIPS {@code rl_check}).
     *
     * @throws IllegalArgumentException for a bad name; IllegalStateException when the table is full
     */
    public synchronized boolean check(String name, Algorithm algorithm, int limit, long now) {
        Pipe p = pipes.get(name);
        if (p == null) {
            declare(name, algorithm, limit, settings.intervalMillis());
            p = pipes.get(name);
        }
        FeedbackController c = feedback.get(name);
        return p.check(now, c == null ? 0 : c.dropRate());
    }

    /**
     * Another node's counter. An unknown pipe is made with the sender's algorithm and limit; a pipe known with
     * another algorithm keeps its own (counted as a mismatch, as OpenSIPS warns). Bad names and a full table are
     * ignored and counted: the network cannot make this table grow without bound.
     */
    public synchronized void remote(int node, Counter c, long now) {
        if (c.name().isEmpty() || c.name().length() > settings.maxNameLength()) {
            ignored++;
            return;
        }
        Pipe p = pipes.get(c.name());
        if (p == null) {
            if (pipes.size() >= settings.maxPipes() || c.count() <= 0) {
                ignored += c.count() > 0 ? 1 : 0;
                return;
            }
            Algorithm a;
            try {
                a = Algorithm.ofCode(c.algorithm());
            } catch (IllegalArgumentException unknown) {
                ignored++;
                return;
            }
            p = new Pipe(c.name(), a, Math.max(0, c.limit()), settings.intervalMillis(), settings.guardMillis());
            p.flags = c.flags();
            pipes.put(c.name(), p);
        } else if (p.algorithm.code() != c.algorithm()) {
            mismatches++;
        }
        p.remote(node, c.count(), now);
    }

    /** A node went down: its counters stop counting at once. */
    public synchronized void forget(int node) {
        for (Pipe p : pipes.values()) {
            p.forget(node);
        }
    }

    /**
     * What to broadcast now: every pipe used here within the expiry, with this node's count of the current
     * window; a pipe whose count is 0 is sent only {@link Pipe#ZERO_SENDS} more times. Idle pipes are dropped.
     */
    public synchronized List<Counter> toBroadcast(long now) {
        List<Counter> out = new ArrayList<>();
        for (Iterator<Pipe> it = pipes.values().iterator(); it.hasNext(); ) {
            Pipe p = it.next();
            if (p.expire(now, settings.expireMillis()) && !feedback.containsKey(p.name)) {
                it.remove();
                continue;
            }
            if (now - p.lastLocalUse > settings.expireMillis() || p.lastLocalUse == 0) {
                continue;
            }
            int count = p.localCount(now);
            if (count == 0) {
                if (p.zeroSendsLeft <= 0) {
                    continue;
                }
                p.zeroSendsLeft--;
            } else {
                p.zeroSendsLeft = Pipe.ZERO_SENDS;
            }
            out.add(new Counter(p.name, p.flags, p.algorithm.code(), p.limit, count));
        }
        return out;
    }

    /** The measured CPU load (0.0-1.0), for FEEDBACK pipes: each steers its drop rate towards its limit. */
    public synchronized void load(double load) {
        for (Pipe p : pipes.values()) {
            if (p.algorithm == Algorithm.FEEDBACK) {
                feedback.computeIfAbsent(p.name, n -> new FeedbackController()).update(p.limit, load);
            }
        }
    }

    public synchronized List<PipeState> list(long now) {
        List<PipeState> out = new ArrayList<>(pipes.size());
        for (Pipe p : pipes.values()) {
            int local = p.localCount(now);
            out.add(new PipeState(p.name, p.algorithm, p.limit, local, local + p.remoteCount(now), p.admitted(),
                    p.refused()));
        }
        return out;
    }

    public synchronized int size() {
        return pipes.size();
    }

    /** Remote counters whose algorithm differed from the pipe's here. */
    public synchronized long mismatches() {
        return mismatches;
    }

    /** Remote counters ignored: bad name, unknown algorithm, full table. */
    public synchronized long ignored() {
        return ignored;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > settings.maxNameLength()) {
            throw new IllegalArgumentException("a pipe name is 1 to " + settings.maxNameLength() + " characters");
        }
    }
}
