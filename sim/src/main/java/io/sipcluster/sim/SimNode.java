package io.sipcluster.sim;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.wire.Str;
import java.util.List;

/** One simulated node: its provisioning, and the engine of its current incarnation (a restart makes a new one). */
public final class SimNode {
    private final int id;
    private final Str url;
    private final List<ClusterSetup> setups;
    ClusterEngine engine;
    boolean alive;
    /** Incremented by every crash and restart, so that timers and deliveries of an old incarnation are dropped. */
    int incarnation;
    long pausedUntil;

    SimNode(int id, Str url, List<ClusterSetup> setups) {
        this.id = id;
        this.url = url;
        this.setups = List.copyOf(setups);
    }

    public int id() {
        return id;
    }

    public Str url() {
        return url;
    }

    public boolean alive() {
        return alive;
    }

    public List<ClusterSetup> setups() {
        return setups;
    }

    /** The current engine, to read its views. */
    public ClusterEngine engine() {
        return engine;
    }
}
