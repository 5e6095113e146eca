package io.sipcluster.proxy;

import io.sipcluster.sip.SipRequest;

/**
 * A server transaction (RFC 3261 §17.2): the request as received, where its responses go, and the last response
 * sent, so that a retransmitted request gets it again. INVITE: a non-2xx final response is retransmitted over UDP
 * (Timer G, from T1 doubling to T2) until the ACK comes or Timer H ends it; after the ACK, Timer I absorbs further
 * ACKs. A 2xx ends the transaction at once: its retransmissions are the UAS's and pass through statelessly.
 * Non-INVITE: after the final response, Timer J absorbs retransmissions of the request.
 */
final class ServerTransaction {
    enum State { PROCEEDING, COMPLETED, CONFIRMED, TERMINATED }

    final String key;
    final SipRequest request;
    final Hop upstream;
    final boolean invite;
    private final TransactionContext ctx;
    State state = State.PROCEEDING;
    private byte[] lastResponse;
    private int lastStatus;
    private String toTag;
    /** The proxying this request started, if any (a CANCEL needs it). */
    Fork fork;
    private TimerQueue.Timer retransmit;
    private TimerQueue.Timer timeout;
    private long interval;

    ServerTransaction(String key, SipRequest request, Hop upstream, TransactionContext ctx) {
        this.key = key;
        this.request = request;
        this.upstream = upstream;
        this.invite = io.sipcluster.sip.Methods.INVITE.equals(request.method());
        this.ctx = ctx;
    }

    int lastStatus() {
        return lastStatus;
    }

    boolean hasFinal() {
        return lastStatus >= 200;
    }

    /** The To tag of the responses this proxy makes itself for the request (one per transaction). */
    String localTag() {
        if (toTag == null) {
            toTag = ctx.newTag();
        }
        return toTag;
    }

    /** Sends a response upstream; returns false if a final one was already sent (a late response is dropped). */
    boolean respond(int status, byte[] bytes, long now) {
        if (state != State.PROCEEDING) {
            return false;
        }
        lastStatus = status;
        lastResponse = bytes;
        ctx.send(upstream, bytes);
        if (status < 200) {
            return true;
        }
        if (invite && status < 300) {
            terminate();
            return true;
        }
        state = State.COMPLETED;
        boolean udp = "UDP".equals(upstream.transport());
        if (invite) {
            if (udp) {
                interval = ctx.timers().t1();
                retransmit = ctx.schedule(now + interval, this::retransmitFinal);
            }
            timeout = ctx.schedule(now + ctx.timers().transactionTimeout(), t -> terminate());
        } else {
            timeout = ctx.schedule(now + (udp ? ctx.timers().transactionTimeout() : 0), t -> terminate());
        }
        return true;
    }

    private void retransmitFinal(long now) {
        if (state != State.COMPLETED) {
            return;
        }
        ctx.send(upstream, lastResponse);
        ctx.counters().retransmission();
        interval = Math.min(interval * 2, ctx.timers().t2());
        retransmit = ctx.schedule(now + interval, this::retransmitFinal);
    }

    /** The request came again: the last response goes again (nothing if none was sent yet). */
    void onRetransmission() {
        if (lastResponse != null && state != State.TERMINATED) {
            ctx.send(upstream, lastResponse);
        }
    }

    /** The ACK of a non-2xx final response (INVITE only): stop retransmitting, absorb ACKs for T4. */
    void onAck(long now) {
        if (state != State.COMPLETED) {
            return;
        }
        state = State.CONFIRMED;
        cancel(retransmit);
        cancel(timeout);
        boolean udp = "UDP".equals(upstream.transport());
        timeout = ctx.schedule(now + (udp ? ctx.timers().t4() : 0), t -> terminate());
    }

    void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(timeout);
        ctx.forget(this);
    }

    private static void cancel(TimerQueue.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }
}
