package io.sipcluster.sim.sweep;

import io.sipcluster.core.config.Timings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Draws a random {@link Scenario} from a seed: same seed and node range, same scenario. Faults are drawn one after
 * the other in time order, each from the kinds that make sense in the state the earlier ones left (only live nodes
 * crash or pause, only dead ones restart), so every schedule is one a real cluster could go through.
 */
public final class ScenarioGenerator {
    /** At most this many faults before the final heal: enough to interleave, few enough to read a report. */
    public static final int MAX_FAULTS = 10;

    private final int minNodes;
    private final int maxNodes;

    public ScenarioGenerator(int minNodes, int maxNodes) {
        if (minNodes < 2 || maxNodes < minNodes) {
            throw new IllegalArgumentException("node range must be 2 <= min <= max, got " + minNodes + "-" + maxNodes);
        }
        this.minNodes = minNodes;
        this.maxNodes = maxNodes;
    }

    public Scenario generate(long seed) {
        // Not the simulation's own stream (it is seeded with the same number): the schedule must not correlate
        // with the latencies the network draws.
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L);
        int n = minNodes + r.nextInt(maxNodes - minNodes + 1);
        Provisioning provisioning = r.nextBoolean() ? Provisioning.FULL_MESH : Provisioning.JOIN_THROUGH_SEED;
        TimingProfile profile = r.nextBoolean() ? TimingProfile.OPENSIPS_DEFAULTS : TimingProfile.FAST;
        long latencyBound = profile.maxOneWayLatencyMillis();
        long minLatency = r.nextLong(latencyBound / 2 + 1);
        long maxLatency = minLatency + r.nextLong(latencyBound - minLatency + 1);
        List<Fault> faults = new Schedule(r, n, provisioning, profile.timings()).draw();
        return new Scenario(seed, n, provisioning, profile, minLatency, maxLatency, faults);
    }

    /** The state the faults drawn so far leave the cluster in, and the drawing itself. */
    private static final class Schedule {
        private final SplittableRandom r;
        private final int n;
        private final Provisioning provisioning;
        private final Timings timings;
        private final Set<Integer> live = new TreeSet<>();
        private final Set<Integer> dead = new TreeSet<>();
        /** One-way cuts in place, as {from, to}, so that some are lifted before the final heal. */
        private final List<int[]> oneWayCuts = new ArrayList<>();
        private boolean anyCut;
        private long latestPauseEnd;
        private final List<Fault> faults = new ArrayList<>();

        Schedule(SplittableRandom r, int n, Provisioning provisioning, Timings timings) {
            this.r = r;
            this.n = n;
            this.provisioning = provisioning;
            this.timings = timings;
            for (int id = 1; id <= n; id++) {
                live.add(id);
            }
        }

        List<Fault> draw() {
            long worstDetection = timings.worstCaseDetectionMillis(3);
            // Long enough for links to go down, be probed again and come back several times over.
            long window = worstDetection * (3 + r.nextInt(10));
            int count = 1 + r.nextInt(MAX_FAULTS);
            long t = 0;
            for (int i = 0; i < count; i++) {
                t += r.nextLong(window / count + 1);
                faults.add(next(t));
            }
            long healAt = Math.max(t, latestPauseEnd);
            for (int id : List.copyOf(dead)) {
                // Some crashed nodes stay dead, so that the live ones must converge without them (at least two
                // stay alive: a crash needs three live nodes). Never the seed of a join-through-seed cluster: a
                // node restarted there knows only the seed.
                boolean seedOfJoin = provisioning == Provisioning.JOIN_THROUGH_SEED && id == Provisioning.SEED_NODE;
                if (seedOfJoin || r.nextBoolean()) {
                    faults.add(restart(healAt, id));
                }
            }
            faults.add(new Fault.Heal(healAt));
            return faults;
        }

        private enum Kind { CRASH, RESTART, PARTITION, HEAL, CUT, RESTORE, BREAK, PAUSE }

        private Fault next(long t) {
            List<Kind> choices = new ArrayList<>();
            if (live.size() >= 3) {
                choices.add(Kind.CRASH);
            }
            if (!dead.isEmpty()) {
                choices.add(Kind.RESTART);
                choices.add(Kind.RESTART); // twice: crashed nodes usually come back
            }
            choices.add(Kind.PARTITION);
            if (anyCut) {
                choices.add(Kind.HEAL);
            }
            choices.add(Kind.CUT);
            if (!oneWayCuts.isEmpty()) {
                choices.add(Kind.RESTORE);
            }
            if (live.size() >= 2) {
                choices.add(Kind.BREAK);
            }
            choices.add(Kind.PAUSE);
            return switch (choices.get(r.nextInt(choices.size()))) {
                case CRASH -> crash(t);
                case RESTART -> restart(t, pick(dead));
                case PARTITION -> partition(t);
                case HEAL -> heal(t);
                case CUT -> cut(t);
                case RESTORE -> restore(t);
                case BREAK -> breakConnection(t);
                case PAUSE -> pause(t);
            };
        }

        private Fault crash(long t) {
            int id = pick(live);
            live.remove(id);
            dead.add(id);
            return new Fault.Crash(t, id);
        }

        private Fault restart(long t, int id) {
            dead.remove(id);
            live.add(id);
            return new Fault.Restart(t, id, r.nextLong(timings.tickMillis()));
        }

        private Fault partition(long t) {
            List<Integer> shuffled = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                shuffled.add(r.nextInt(shuffled.size() + 1), id);
            }
            int groupCount = Math.min(n, 2 + r.nextInt(2));
            List<Set<Integer>> groups = new ArrayList<>();
            for (int g = 0; g < groupCount; g++) {
                groups.add(new TreeSet<>(Set.of(shuffled.get(g)))); // no group is empty
            }
            for (int i = groupCount; i < n; i++) {
                groups.get(r.nextInt(groupCount)).add(shuffled.get(i));
            }
            anyCut = true;
            return new Fault.Partition(t, groups);
        }

        private Fault heal(long t) {
            anyCut = false;
            oneWayCuts.clear();
            return new Fault.Heal(t);
        }

        private Fault cut(long t) {
            int[] pair = distinctPair();
            oneWayCuts.add(pair);
            anyCut = true;
            return new Fault.OneWayCut(t, pair[0], pair[1]);
        }

        private Fault restore(long t) {
            int[] pair = oneWayCuts.remove(r.nextInt(oneWayCuts.size()));
            return new Fault.Restore(t, pair[0], pair[1]);
        }

        private Fault breakConnection(long t) {
            List<Integer> ids = new ArrayList<>(live);
            int a = ids.remove(r.nextInt(ids.size()));
            int b = ids.get(r.nextInt(ids.size()));
            return new Fault.BreakConnection(t, a, b);
        }

        private Fault pause(long t) {
            // From one heartbeat to well past the detection time, so that some pauses get the node declared down.
            long worst = timings.worstCaseDetectionMillis(3);
            long millis = timings.tickMillis() + r.nextLong(3 * worst);
            latestPauseEnd = Math.max(latestPauseEnd, t + millis);
            return new Fault.Pause(t, pick(live), millis);
        }

        private int[] distinctPair() {
            int a = 1 + r.nextInt(n);
            int b = 1 + r.nextInt(n - 1);
            return new int[] {a, b >= a ? b + 1 : b};
        }

        private int pick(Set<Integer> from) {
            List<Integer> ids = new ArrayList<>(from);
            return ids.get(r.nextInt(ids.size()));
        }
    }
}
