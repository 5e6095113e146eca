package io.sipcluster.proxy;

import java.util.concurrent.atomic.LongAdder;

/** What the proxy did, for metrics; read from any thread. */
public final class ProxyCounters {
    private final LongAdder requests = new LongAdder();
    private final LongAdder responses = new LongAdder();
    private final LongAdder retransmissions = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder droppedResponses = new LongAdder();
    private final LongAdder statelessResponses = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder loops = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    void request() {
        requests.increment();
    }

    void response() {
        responses.increment();
    }

    void retransmission() {
        retransmissions.increment();
    }

    void timeout() {
        timeouts.increment();
    }

    void droppedResponse() {
        droppedResponses.increment();
    }

    void statelessResponse() {
        statelessResponses.increment();
    }

    void refusal() {
        refused.increment();
    }

    void loop() {
        loops.increment();
    }

    void malformedMessage() {
        malformed.increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long responses() {
        return responses.sum();
    }

    /** Requests and responses this proxy sent again because no answer came (UDP). */
    public long retransmissions() {
        return retransmissions.sum();
    }

    /** Branches that never answered (Timers B, F, or C followed by no 487). */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Responses that matched nothing and could not be forwarded. */
    public long droppedResponses() {
        return droppedResponses.sum();
    }

    /** Responses forwarded without a transaction (a UAS's 2xx retransmissions). */
    public long statelessResponses() {
        return statelessResponses.sum();
    }

    /** Initial INVITEs refused by a call hook (limits). */
    public long refused() {
        return refused.sum();
    }

    public long loops() {
        return loops.sum();
    }

    public long malformed() {
        return malformed.sum();
    }
}
