package io.sipcluster.proxy;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.SipParser;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;

/**
 * A client transaction (RFC 3261 §17.1): one request sent to one next hop, retransmitted over UDP until a response
 * comes (INVITE: Timer A from T1 doubling; non-INVITE: Timer E from T1 doubling to T2), given up after 64 * T1
 * (Timers B and F) with a 408 reported to the {@link Branch} owner. An INVITE that rings is given Timer C, then
 * cancelled. A non-2xx final response to an INVITE is acknowledged here, hop by hop, and its retransmissions are
 * acknowledged again until Timer D; a 2xx ends the transaction (the ACK is end to end).
 */
final class ClientTransaction {
    enum State { CALLING, PROCEEDING, COMPLETED, TERMINATED }

    /** Who hears the responses and the timeout: a branch of a {@link Fork}, or nobody for requests of our own. */
    interface Branch {
        void onResponse(ClientTransaction t, SipResponse response, long now);

        void onTimeout(ClientTransaction t, long now);
    }

    final String branch;
    final String key;
    final boolean invite;
    final Hop to;
    private final byte[] request;
    private final TransactionContext ctx;
    private final Branch owner;
    State state = State.CALLING;
    private TimerQueue.Timer retransmit;
    private TimerQueue.Timer timeout;
    private long interval;
    private boolean cancelWanted;
    private boolean cancelSent;
    private SipRequest parsed;
    private byte[] ack;

    ClientTransaction(String branch, String method, Hop to, byte[] request, TransactionContext ctx, Branch owner) {
        this.branch = branch;
        this.key = key(branch, method);
        this.invite = io.sipcluster.sip.Methods.INVITE.equals(method);
        this.to = to;
        this.request = request;
        this.ctx = ctx;
        this.owner = owner;
    }

    static String key(String branch, String method) {
        return branch + '|' + ("ACK".equals(method) ? "INVITE" : method);
    }

    void start(long now) {
        ctx.send(to, request);
        if ("UDP".equals(to.transport())) {
            interval = ctx.timers().t1();
            retransmit = ctx.schedule(now + interval, this::retransmitRequest);
        }
        timeout = ctx.schedule(now + ctx.timers().transactionTimeout(), this::timedOut);
    }

    private void retransmitRequest(long now) {
        if (state != State.CALLING && (invite || state != State.PROCEEDING)) {
            return;
        }
        ctx.send(to, request);
        ctx.counters().retransmission();
        // INVITE doubles without a cap until Timer B; non-INVITE caps at T2, and stays at T2 once it rings
        interval = invite ? interval * 2 : (state == State.PROCEEDING ? ctx.timers().t2()
                : Math.min(interval * 2, ctx.timers().t2()));
        retransmit = ctx.schedule(now + interval, this::retransmitRequest);
    }

    private void timedOut(long now) {
        if (state == State.COMPLETED || state == State.TERMINATED) {
            return;
        }
        if (invite && state == State.PROCEEDING) {
            // Timer C: the branch rang too long; CANCEL it and wait for its 487 (RFC 3261 §16.8)
            cancel(now);
            timeout = ctx.schedule(now + ctx.timers().transactionTimeout(), this::givenUp);
            return;
        }
        givenUp(now);
    }

    private void givenUp(long now) {
        if (state == State.COMPLETED || state == State.TERMINATED) {
            return;
        }
        ctx.counters().timeout();
        terminate();
        owner.onTimeout(this, now);
    }

    void onResponse(SipResponse response, long now) {
        int status = response.statusCode();
        if (state == State.TERMINATED) {
            return;
        }
        if (state == State.COMPLETED) {
            if (invite && status >= 300 && ack != null) {
                ctx.send(to, ack); // the final response came again: our ACK was lost
            }
            return;
        }
        if (status < 200) {
            if (state == State.CALLING) {
                state = State.PROCEEDING;
                if (invite) {
                    cancelTimer(retransmit);
                    cancelTimer(timeout);
                    timeout = ctx.schedule(now + ctx.timers().timerC(), this::timedOut);
                }
                if (cancelWanted) {
                    sendCancel(now);
                }
            }
            owner.onResponse(this, response, now);
            return;
        }
        cancelTimer(retransmit);
        cancelTimer(timeout);
        boolean udp = "UDP".equals(to.transport());
        if (invite && status < 300) {
            terminate();
        } else if (invite) {
            state = State.COMPLETED;
            ack = ackFor(response);
            if (ack != null) {
                ctx.send(to, ack);
            }
            // Timer D: at least 32 s over UDP, so every retransmission of the final answer gets its ACK again
            timeout = ctx.schedule(now + (udp ? Math.max(32_000, ctx.timers().transactionTimeout()) : 0),
                    t -> terminate());
        } else {
            state = State.COMPLETED;
            timeout = ctx.schedule(now + (udp ? ctx.timers().t4() : 0), t -> terminate());
        }
        owner.onResponse(this, response, now);
    }

    /**
     * Cancels a ringing INVITE branch; one that has not rung yet is cancelled when it does (§9.1 forbids a
     * CANCEL before a provisional response), and one that answers first is not.
     */
    void cancel(long now) {
        if (!invite || cancelSent || state == State.COMPLETED || state == State.TERMINATED) {
            return;
        }
        if (state == State.CALLING) {
            cancelWanted = true;
            return;
        }
        sendCancel(now);
    }

    private void sendCancel(long now) {
        cancelSent = true;
        try {
            byte[] cancel = GeneratedRequests.cancel(parsed());
            ctx.startClient(new ClientTransaction(branch, "CANCEL", to, cancel, ctx, ClientTransaction.IGNORE), now);
        } catch (MalformedSipException e) {
            throw new IllegalStateException("the proxy's own INVITE does not parse", e);
        }
    }

    private byte[] ackFor(SipResponse response) {
        try {
            return GeneratedRequests.ackFor(parsed(), response);
        } catch (MalformedSipException e) {
            return null; // the response's To is unreadable: no ACK can be made; the UAS will time out
        }
    }

    private SipRequest parsed() throws MalformedSipException {
        if (parsed == null) {
            parsed = (SipRequest) new SipParser().parseDatagram(request);
        }
        return parsed;
    }

    void terminate() {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        cancelTimer(retransmit);
        cancelTimer(timeout);
        ctx.forget(this);
    }

    private static void cancelTimer(TimerQueue.Timer t) {
        if (t != null) {
            t.cancel();
        }
    }

    /** For requests whose answers nobody waits for (a CANCEL, a BYE the proxy sends on its own). */
    static final Branch IGNORE = new Branch() {
        @Override
        public void onResponse(ClientTransaction t, SipResponse response, long now) {}

        @Override
        public void onTimeout(ClientTransaction t, long now) {}
    };
}
