package io.sipcluster.sim.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Totals over the seeds a sweep ran, and the table it prints at the end. */
public final class SweepSummary {
    private final List<Outcome> failures = new ArrayList<>();
    private final Map<TimingProfile, List<Long>> healToSettled = new EnumMap<>(TimingProfile.class);
    private int seedsRun;
    private long simulatedMillis;
    private long actions;
    private long wallNanos;
    private String stoppedEarly = "";

    void add(Outcome o) {
        seedsRun++;
        simulatedMillis += o.simulatedMillis();
        actions += o.actions();
        if (o.passed()) {
            healToSettled.computeIfAbsent(o.scenario().profile(), p -> new ArrayList<>()).add(o.healToSettledMillis());
        } else {
            failures.add(o);
        }
    }

    void stoppedEarly(String why) {
        stoppedEarly = why;
    }

    void wallNanos(long nanos) {
        wallNanos = nanos;
    }

    public int seedsRun() {
        return seedsRun;
    }

    public List<Outcome> failures() {
        return List.copyOf(failures);
    }

    public long simulatedMillis() {
        return simulatedMillis;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("| seed sweep | |");
        out.println("|---|---|");
        out.printf("| seeds run | %d |%n", seedsRun);
        out.printf("| failures | %d |%n", failures.size());
        if (!failures.isEmpty()) {
            out.printf("| failing seeds | %s |%n",
                    failures.stream().map(o -> o.seed() + " (" + o.verdict() + ")").toList());
        }
        out.printf("| simulated time | %.1f s (%.1f h) |%n", simulatedMillis / 1000.0, simulatedMillis / 3_600_000.0);
        out.printf("| wall time | %.1f s |%n", wallNanos / 1e9);
        out.printf("| simulator actions | %d |%n", actions);
        for (Map.Entry<TimingProfile, List<Long>> e : healToSettled.entrySet()) {
            List<Long> times = new ArrayList<>(e.getValue());
            times.sort(null);
            out.printf("| final heal to settled, %s (%d seeds) | median %d ms, max %d ms |%n", e.getKey(),
                    times.size(), times.get(times.size() / 2), times.get(times.size() - 1));
        }
        if (!stoppedEarly.isEmpty()) {
            out.printf("| stopped early | %s |%n", stoppedEarly);
        }
    }
}
