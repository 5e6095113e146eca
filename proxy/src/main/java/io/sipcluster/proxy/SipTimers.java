package io.sipcluster.proxy;

import java.time.Duration;

/**
 * RFC 3261 §17 timer values in milliseconds: T1 (round-trip estimate), T2 (cap of non-INVITE retransmission
 * intervals), T4 (how long a message may stay in the network), and the proxy's Timer C (how long an INVITE branch
 * may ring, §16.6 step 11, more than 3 minutes by default; OpenSIPS's {@code fr_inv_timeout} plays that part).
 */
public record SipTimers(long t1, long t2, long t4, long timerC) {
    public static final SipTimers RFC3261 = new SipTimers(500, 4_000, 5_000, 181_000);

    public SipTimers {
        if (t1 <= 0 || t2 < t1 || t4 <= 0 || timerC <= 0) {
            throw new IllegalArgumentException("timers must be positive with T2 >= T1");
        }
    }

    /** Timers B, F, H and J: 64 * T1. */
    public long transactionTimeout() {
        return 64 * t1;
    }

    public SipTimers withTimerC(Duration c) {
        return new SipTimers(t1, t2, t4, c.toMillis());
    }
}
