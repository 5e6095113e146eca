package io.sipcluster.core.link;

import io.sipcluster.core.config.Timings;

/**
 * Failure detection for one direct link: the timestamps OpenSIPS keeps per node and the per-tick decision of its
 * heartbeat timer ({@code topology.c: heartbeats_timer}), without the I/O.
 *
 * <p>Pings go out only on idle links: any module packet sent to the node postpones the next ping, and any packet
 * received from it while probing brings the link back up with the next pong. A ping carries no sequence number,
 * so a pong is matched to the last ping by timing alone: in time means within {@code pingTimeout}.
 *
 * <p>Sends never fail synchronously here (the transport queues them); a broken connection is reported to the
 * engine as its own input and restarts probing, which covers OpenSIPS's send-failure branches.
 */
public final class Link {
    /** "Never", far enough in the past that differences cannot overflow. */
    public static final long NEVER = Long.MIN_VALUE / 4;

    private LinkState state = LinkState.RESTART_PINGING;
    private long lastPing = NEVER;
    private long lastPong = NEVER;
    private long lastSent = NEVER;
    private long lastRecv = NEVER;
    private int retriesLeft;
    /**
     * Whether a pong came after the last ping. Kept as a flag: with a millisecond clock a pong on the same host
     * often arrives in the millisecond its ping left, so comparing the two times cannot tell "no answer yet" from
     * "answered at once" (OpenSIPS compares microseconds).
     */
    private boolean pongSinceLastPing;

    /** What the heartbeat tick decided for this link. */
    public enum Action {
        NOTHING,
        /** Send PING with req_node_list = 1 (a probe). */
        PROBE,
        /** Send PING with req_node_list = 0 (an idle-link keepalive). */
        KEEPALIVE,
        /** The link is now down: the peer did not answer. */
        DECLARE_DOWN
    }

    public LinkState state() {
        return state;
    }

    public long lastRecv() {
        return lastRecv;
    }

    /**
     * The heartbeat timer for this link at {@code now}: updates the state and says what to send. The caller sends
     * the ping ({@link #pingSent} is recorded here) and, for {@link Action#DECLARE_DOWN}, tears the link down.
     */
    public Action tick(long now, Timings t, int noPingRetries) {
        long sincePing = now - lastPing;
        long sinceSent = now - lastSent;
        boolean noTimelyPong = !pongSinceLastPing || pingReplyDelay() >= t.pingTimeoutMillis();
        switch (state) {
            case RESTART_PINGING -> {
                pingSent(now);
                state = LinkState.RESTARTED;
                return Action.PROBE;
            }
            case UP, RESTARTED -> {
                boolean awaitingProbe = state == LinkState.RESTARTED;
                if (noTimelyPong && (awaitingProbe || sinceSent >= t.pingTimeoutMillis())
                        && sincePing >= t.pingTimeoutMillis()) {
                    if (noPingRetries == 0) {
                        state = LinkState.DOWN;
                        return Action.DECLARE_DOWN;
                    }
                    pingSent(now);
                    state = LinkState.RETRYING;
                    retriesLeft = noPingRetries - 1;
                    return Action.PROBE;
                }
                if (state == LinkState.UP && sinceSent >= t.pingIntervalMillis()
                        && sincePing >= t.pingIntervalMillis()) {
                    pingSent(now);
                    return Action.KEEPALIVE;
                }
                return Action.NOTHING;
            }
            case RETRYING -> {
                if (noTimelyPong && sincePing >= t.pingTimeoutMillis()) {
                    if (retriesLeft > 0) {
                        retriesLeft--;
                        pingSent(now);
                        return Action.PROBE;
                    }
                    state = LinkState.DOWN;
                    return Action.DECLARE_DOWN;
                }
                return Action.NOTHING;
            }
            case DOWN -> {
                if (sincePing >= t.nodeTimeoutMillis()) {
                    pingSent(now);
                    state = LinkState.RESTARTED;
                    return Action.PROBE;
                }
                return Action.NOTHING;
            }
            default -> {
                return Action.NOTHING;
            }
        }
    }

    /**
     * A pong arrived. Returns true when it brings the link up: the caller then announces the link and exchanges
     * topology with the node (OpenSIPS {@code handle_pong}).
     */
    public boolean pongReceived(long now, Timings t) {
        long sinceOtherPacket = now - lastRecv;
        lastPong = now;
        lastRecv = now;
        boolean answersLastPing = lastPing != NEVER;
        pongSinceLastPing = answersLastPing;
        if ((state == LinkState.RESTART_PINGING || state == LinkState.DOWN)
                && now - lastPing < t.pingTimeoutMillis()) {
            state = LinkState.TEMP; // the answer to a ping sent just before the state was reset
        }
        boolean probing = state == LinkState.RESTARTED || state == LinkState.RETRYING || state == LinkState.TEMP;
        long reply = pingReplyDelay();
        if (probing && ((answersLastPing && reply < t.pingTimeoutMillis()) || sinceOtherPacket < t.pingTimeoutMillis())) {
            state = LinkState.UP;
            return true;
        }
        return false;
    }

    /** Any packet other than a pong arrived from the node: it is alive. */
    public void packetReceived(long now) {
        lastRecv = now;
    }

    /** A module or extra packet was written to the node: the link is not idle, so no keepalive is due. */
    public void packetSent(long now) {
        lastSent = now;
    }

    /** Probing must start again on the next tick (a ping from a down node is answered at once instead). */
    public void restartProbing() {
        state = LinkState.RESTART_PINGING;
    }

    /** Sends a probe now (a down node pinged us): the caller sends PING with req_node_list = 1. */
    public void probeNow(long now) {
        pingSent(now);
        state = LinkState.RESTARTED;
    }

    /**
     * An extra ping on a link that stays as it is (the caller sends PING with req_node_list = 0): its pong is
     * awaited like a keepalive's, so an up link that does not answer it goes to retrying as usual.
     */
    public void pingNow(long now) {
        pingSent(now);
    }

    /** Administrative or connection-level loss: the link is down until probing says otherwise. */
    public void forceDown() {
        state = LinkState.DOWN;
    }

    private void pingSent(long now) {
        lastPing = now;
        pongSinceLastPing = false;
    }

    /** Time from the last ping to the last pong (meaningful when {@link #pongSinceLastPing}). */
    private long pingReplyDelay() {
        return lastPong - lastPing;
    }
}
