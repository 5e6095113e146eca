package io.sipcluster.sim.sweep;

import io.sipcluster.sim.Simulation;
import java.util.List;
import java.util.Set;

/**
 * One scheduled action of a scenario's fault schedule, applied to the simulation at {@link #atMillis()}
 * (simulated time since the nodes started). Each prints as one line of the schedule a failure report shows.
 */
public sealed interface Fault {
    long atMillis();

    void applyTo(Simulation sim);

    String describe();

    /** kill -9: the node's state is gone and its peers' connections close. */
    record Crash(long atMillis, int node) implements Fault {
        public void applyTo(Simulation sim) {
            sim.crash(node);
        }

        public String describe() {
            return "crash " + node;
        }
    }

    /** A crashed node starts again with fresh state; its first heartbeat comes {@code firstTickMillis} later. */
    record Restart(long atMillis, int node, long firstTickMillis) implements Fault {
        public void applyTo(Simulation sim) {
            sim.start(node, firstTickMillis);
        }

        public String describe() {
            return "restart " + node + " (first tick +" + firstTickMillis + " ms)";
        }
    }

    /** No packet crosses between the groups, silently, until a heal. */
    record Partition(long atMillis, List<Set<Integer>> groups) implements Fault {
        public Partition {
            groups = groups.stream().map(Set::copyOf).toList();
        }

        public void applyTo(Simulation sim) {
            // Simulation.partition takes generic varargs; Java cannot create a generic array without a raw one.
            @SuppressWarnings({"unchecked", "rawtypes"})
            Set<Integer>[] asArray = groups.toArray(new Set[0]);
            sim.partition(asArray);
        }

        public String describe() {
            return "partition " + groups.stream().map(g -> new java.util.TreeSet<>(g).toString()).toList();
        }
    }

    /** Every cut is removed (partitions and one-way cuts alike). */
    record Heal(long atMillis) implements Fault {
        public void applyTo(Simulation sim) {
            sim.heal();
        }

        public String describe() {
            return "heal";
        }
    }

    /** Packets from {@code from} to {@code to} vanish silently; the other direction still works. */
    record OneWayCut(long atMillis, int from, int to) implements Fault {
        public void applyTo(Simulation sim) {
            sim.cut(from, to);
        }

        public String describe() {
            return "cut " + from + " -> " + to;
        }
    }

    /** A one-way cut is lifted. */
    record Restore(long atMillis, int from, int to) implements Fault {
        public void applyTo(Simulation sim) {
            sim.restore(from, to);
        }

        public String describe() {
            return "restore " + from + " -> " + to;
        }
    }

    /** The TCP connection between two nodes breaks: in-flight packets are lost and both ends are told. */
    record BreakConnection(long atMillis, int a, int b) implements Fault {
        public void applyTo(Simulation sim) {
            sim.breakConnection(a, b);
        }

        public String describe() {
            return "break connection " + a + " <-> " + b;
        }
    }

    /** The node stops processing (a GC pause, a stopped VM), then catches up in order. */
    record Pause(long atMillis, int node, long millis) implements Fault {
        public void applyTo(Simulation sim) {
            sim.pause(node, millis);
        }

        public String describe() {
            return "pause " + node + " for " + millis + " ms";
        }
    }
}
