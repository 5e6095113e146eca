package io.sipcluster.proxy;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.ResponseBuilder;
import io.sipcluster.sip.ResponseForwarder;
import io.sipcluster.sip.SipResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * One proxied request (RFC 3261 §16.7): a server transaction and the client transactions of its branches, sent in
 * parallel. Provisional responses (but 100) and every 2xx go upstream at once; a 2xx or a 6xx cancels the other
 * branches. Other final responses are kept, and when every branch has ended the best one goes upstream: a 6xx
 * before anything else, else the lowest class; a lone 503 becomes a 500 (the next hop's overload is not ours to
 * report), and no response at all a 408.
 */
final class Fork implements ClientTransaction.Branch {
    /** Told how the request was answered upstream, e.g. for dialog tracking. */
    interface Listener {
        void answered(ServerTransaction server, int status, SipResponse response, long now);
    }

    private final ServerTransaction server;
    private final TransactionContext ctx;
    private final Listener listener;
    private final List<ClientTransaction> branches = new ArrayList<>(2);
    private int open;
    private SipResponse best;
    private byte[] bestBytes;
    private boolean cancelled;
    private boolean answered2xx;
    /** The CSeq number responses go back with, when the request went on with another; -1 otherwise. */
    private final long upstreamCseq;

    Fork(ServerTransaction server, TransactionContext ctx, Listener listener, long upstreamCseq) {
        this.upstreamCseq = upstreamCseq;
        this.server = server;
        this.ctx = ctx;
        this.listener = listener;
        server.fork = this;
    }

    void add(ClientTransaction branch) {
        branches.add(branch);
        open++;
    }

    List<ClientTransaction> branches() {
        return branches;
    }

    /** CANCEL from upstream: every ringing branch is cancelled; the answer upstream is then usually a 487. */
    void cancelAll(long now) {
        cancelled = true;
        for (ClientTransaction b : branches) {
            b.cancel(now);
        }
    }

    @Override
    public void onResponse(ClientTransaction t, SipResponse response, long now) {
        int status = response.statusCode();
        if (status == 100) {
            return; // hop by hop: we sent our own 100
        }
        if (status < 200) {
            if (!server.hasFinal()) {
                forward(status, response, now);
            }
            return;
        }
        open--;
        if (status < 300) {
            answered2xx = true;
            forward(status, response, now); // every 2xx goes up, even after another (§16.7 step 5)
            cancelOthers(t, now);
            return;
        }
        if (best == null || better(status, best.statusCode())) {
            best = response;
            bestBytes = null;
        }
        if (status >= 600) {
            cancelOthers(t, now);
        }
        finishIfDone(now);
    }

    @Override
    public void onTimeout(ClientTransaction t, long now) {
        open--;
        finishIfDone(now);
    }

    private void finishIfDone(long now) {
        if (open > 0 || server.hasFinal() || answered2xx) {
            return;
        }
        if (best == null) {
            answerLocally(cancelled ? 487 : 408, now);
        } else if (best.statusCode() == 503) {
            answerLocally(500, now);
        } else {
            forward(best.statusCode(), best, now);
        }
    }

    /** A final answer of this proxy's own making, when no branch gave a usable one. */
    void answerLocally(int status, long now) {
        byte[] bytes = ResponseBuilder.of(server.request, status).toTag(server.localTag()).build();
        if (server.respond(status, bytes, now)) {
            listener.answered(server, status, null, now);
        }
    }

    private void forward(int status, SipResponse response, long now) {
        byte[] bytes;
        try {
            bytes = ResponseForwarder.withoutTopVia(response, upstreamCseq);
        } catch (MalformedSipException | IllegalArgumentException e) {
            ctx.counters().droppedResponse();
            return;
        }
        boolean sent = server.respond(status, bytes, now);
        if (!sent && server.invite && status >= 200 && status < 300) {
            ctx.send(server.upstream, bytes); // a later 2xx of another branch: still forwarded (§16.7 step 5)
            sent = true;
        }
        if (sent) {
            listener.answered(server, status, response, now);
        }
    }

    private void cancelOthers(ClientTransaction winner, long now) {
        for (ClientTransaction b : branches) {
            if (b != winner) {
                b.cancel(now);
            }
        }
    }

    /** True if a final status {@code a} is a better answer upstream than {@code b}. */
    static boolean better(int a, int b) {
        boolean a6 = a >= 600;
        boolean b6 = b >= 600;
        if (a6 != b6) {
            return a6;
        }
        return a / 100 < b / 100;
    }
}
