package io.sipcluster.sim.sweep;

import io.sipcluster.core.config.Timings;

/** The two timing profiles a cluster is run with: what a scenario draws from and what reports name. */
public enum TimingProfile {
    OPENSIPS_DEFAULTS(Timings.OPENSIPS_DEFAULTS),
    FAST(Timings.FAST);

    private final Timings timings;

    TimingProfile(Timings timings) {
        this.timings = timings;
    }

    public Timings timings() {
        return timings;
    }

    /**
     * The largest one-way latency a scenario may draw: a third of the ping timeout, so that a round trip (plus the
     * queueing of a FIFO link) still answers a ping in time. With more, links never come up, by design.
     */
    public long maxOneWayLatencyMillis() {
        return timings.pingTimeoutMillis() / 3;
    }
}
