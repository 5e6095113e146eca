package io.sipcluster.core.config;

/**
 * How often links are probed and when a node counts as failed.
 *
 * <p>With a link idle, a ping goes out after {@code pingInterval}; each unanswered ping is retried after
 * {@code pingTimeout}, {@code no_ping_retries} times, and then the link is down. A down node is probed again after
 * {@code nodeTimeout}. So a silent peer is declared down about
 * {@code pingInterval + (retries + 1) * pingTimeout + tick} after its last packet ({@link #worstCaseDetectionMillis}).
 *
 * <p>Every {@code refreshMillis} a node re-announces its own links to its neighbours (a FULL_TOP_UPDATE holding
 * only its own entry), so that link state lost or made stale behind a silent cut, or left over from a restarted
 * node's previous incarnation, does not last: flooding is pruned on the strength of what each node believes the
 * others' links are, and the refresh is what corrects a wrong belief. It costs each node one small packet per
 * neighbour per period (about 600 bytes at 128 nodes), against two per ping interval for the keepalives.
 *
 * @param pingIntervalMillis idle time before a keepalive ping (OpenSIPS {@code ping_interval}, in ms here)
 * @param pingTimeoutMillis how long a ping waits for its pong; also the spacing of retries
 * @param nodeTimeoutMillis how long after the last ping a down node is pinged again
 * @param refreshMillis how often a node re-announces its own links (no OpenSIPS equivalent; OpenSIPS nodes apply
 *     the announcement as any FULL_TOP_UPDATE)
 */
public record Timings(long pingIntervalMillis, long pingTimeoutMillis, long nodeTimeoutMillis, long refreshMillis) {
    /**
     * OpenSIPS's defaults (4 s, 1000 ms, 60 s): what a mixed cluster must use. About 8-9 s to detect a failure.
     * Links are re-announced every 30 s (half the node timeout).
     */
    public static final Timings OPENSIPS_DEFAULTS = new Timings(4_000, 1_000, 60_000);

    /**
     * For clusters of sipcluster nodes only: a silent node is down in under a second with 3 retries
     * (200 + 4 x 150 + 50 ms), while a loaded node still has 150 ms to answer each of four pings, and any other
     * packet it sends counts as life. Links are re-announced every 2.5 s (half the node timeout).
     */
    public static final Timings FAST = new Timings(200, 150, 5_000);

    /** With the default refresh period: half the node timeout, and at least the ping interval. */
    public Timings(long pingIntervalMillis, long pingTimeoutMillis, long nodeTimeoutMillis) {
        this(pingIntervalMillis, pingTimeoutMillis, nodeTimeoutMillis,
                Math.max(pingIntervalMillis, nodeTimeoutMillis / 2));
    }

    public Timings {
        if (pingIntervalMillis <= 0 || pingTimeoutMillis <= 0 || nodeTimeoutMillis < 0) {
            throw new IllegalArgumentException("ping interval and timeout must be > 0, node timeout >= 0");
        }
        if (refreshMillis < pingIntervalMillis) {
            throw new IllegalArgumentException("the refresh period must be at least the ping interval");
        }
        if (pingTimeoutMillis >= pingIntervalMillis) {
            throw new IllegalArgumentException("ping timeout must be shorter than the ping interval");
        }
    }

    /** The heartbeat timer period: the gcd of the three durations, as OpenSIPS computes it. */
    public long tickMillis() {
        return gcd(gcd(pingIntervalMillis, pingTimeoutMillis), nodeTimeoutMillis == 0 ? pingTimeoutMillis : nodeTimeoutMillis);
    }

    /** Longest time from a peer's last packet to declaring its link down, for a given number of ping retries. */
    public long worstCaseDetectionMillis(int noPingRetries) {
        return pingIntervalMillis + (noPingRetries + 1L) * pingTimeoutMillis + tickMillis();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
