package io.sipcluster.dialog;

import java.util.concurrent.atomic.LongAdder;

/** What the dialogs did, for metrics. */
public final class DialogCounters {
    final LongAdder answered = new LongAdder();
    final LongAdder ended = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder records = new LongAdder();
    final LongAdder handedOver = new LongAdder();
    final LongAdder limited = new LongAdder();
    final LongAdder full = new LongAdder();
    final LongAdder unreadable = new LongAdder();
    final LongAdder pings = new LongAdder();
    final LongAdder pingFailures = new LongAdder();

    /** In-dialog OPTIONS sent. */
    public long pings() {
        return pings.sum();
    }

    /** Calls ended because a party did not answer a ping (408) or no longer knew the call (481). */
    public long pingFailures() {
        return pingFailures.sum();
    }

    public long answered() {
        return answered.sum();
    }

    public long ended() {
        return ended.sum();
    }

    public long timedOut() {
        return timedOut.sum();
    }

    /** CDRs this node wrote at the end of a call. */
    public long records() {
        return records.sum();
    }

    /** CDRs written for calls another node reported ended, after this node's tag became active. */
    public long handedOver() {
        return handedOver.sum();
    }

    /** INVITEs refused by a profile limit. */
    public long limited() {
        return limited.sum();
    }

    /** INVITEs (or replicas) refused because the table was full. */
    public long full() {
        return full.sum();
    }

    public long unreadable() {
        return unreadable.sum();
    }
}
