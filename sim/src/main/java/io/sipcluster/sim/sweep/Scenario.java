package io.sipcluster.sim.sweep;

import io.sipcluster.sim.Simulation;
import java.util.List;

/**
 * Everything one seed of the sweep runs: the cluster, the network, the timings and the fault schedule. The last
 * fault is always the final heal, at {@code finalHealMillis}; after it, only liveness is checked.
 */
public record Scenario(long seed, int nodes, Provisioning provisioning, TimingProfile profile, long minLatencyMillis,
                       long maxLatencyMillis, List<Fault> faults) {
    public Scenario {
        faults = List.copyOf(faults);
        if (faults.isEmpty() || !(faults.get(faults.size() - 1) instanceof Fault.Heal)) {
            throw new IllegalArgumentException("a scenario's schedule ends with the final heal");
        }
    }

    public long finalHealMillis() {
        return faults.get(faults.size() - 1).atMillis();
    }

    /** A fresh simulation of this scenario, nodes not started yet. */
    public Simulation newSimulation() {
        Simulation.Builder b = Simulation.builder(seed).timings(profile.timings())
                .latency(minLatencyMillis, maxLatencyMillis);
        return provisioning.provision(b, nodes).build();
    }

    /** The scenario and its schedule, one fault a line: what a failure report prints to reproduce it by hand. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("seed ").append(seed).append(": ").append(nodes).append(" nodes, ").append(provisioning)
                .append(", ").append(profile).append(", latency ").append(minLatencyMillis).append('-')
                .append(maxLatencyMillis).append(" ms, ").append(faults.size()).append(" scheduled actions\n");
        for (Fault f : faults) {
            sb.append(String.format("  t=%8d ms  %s%n", f.atMillis(), f.describe()));
        }
        return sb.toString();
    }
}
