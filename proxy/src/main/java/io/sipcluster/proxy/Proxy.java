package io.sipcluster.proxy;

import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.Methods;
import io.sipcluster.sip.NameAddress;
import io.sipcluster.sip.RequestForwarder;
import io.sipcluster.sip.RequestValidation;
import io.sipcluster.sip.ResponseBuilder;
import io.sipcluster.sip.ResponseForwarder;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipUri;
import io.sipcluster.sip.Uri;
import io.sipcluster.sip.Via;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A transaction-stateful proxy (RFC 3261 §16) without I/O: requests, responses and the time go in, datagrams come
 * out through the {@link Outbox}. Not thread-safe: the edge ({@code ProxyEdge}) calls it under one lock.
 *
 * <p>The routing, for a request that is not a retransmission:
 * <ol>
 *   <li>Max-Forwards 0: 483. A request that comes back unchanged through this proxy: 482 (loop).</li>
 *   <li>A first Route naming this proxy (or any address of the cluster) comes off (loose routing, §16.4).</li>
 *   <li>In a dialog (To has a tag): on to the next Route, else to the Request-URI; a Request-URI naming us with no
 *       Route left is routed by the dialog ({@link CallHooks#inDialog}), else 404.</li>
 *   <li>Out of a dialog: a remaining Route is followed. A Request-URI in a domain served here is looked up in the
 *       location service and the request goes to every contact in parallel (404 for an unknown user, 480 for one
 *       with no contact); an INVITE first passes the call limits ({@link CallHooks#admit}) and gets a
 *       Record-Route. Another domain is relayed only if {@link ProxyConfig#relay()} says so, else 403.</li>
 * </ol>
 * ACKs of 2xx, which belong to no transaction, are forwarded statelessly, as are responses that match no client
 * transaction but carry our Via on top (a UAS retransmitting its 2xx). A next hop with {@code transport=tcp} gets
 * the request over TCP (with our TCP listener in the Via), a response goes back over the connection its request
 * came on; without a TCP listener everything goes over UDP.
 */
public final class Proxy implements TransactionContext {
    private final ProxyConfig config;
    private final Locator locator;
    private final CallHooks hooks;
    private final Outbox out;
    private final String salt;
    private final TimerQueue timers = new TimerQueue();
    private final Map<String, ServerTransaction> servers = new HashMap<>();
    private final Map<String, ClientTransaction> clients = new HashMap<>();
    private final ProxyCounters counters = new ProxyCounters();
    private long sequence;
    /** The address in our Via: where responses to what we send come back (see {@link #useVia}). */
    private Hop via;

    /** {@code salt}: a few token characters unique to this process, so branches and tags never repeat. */
    public Proxy(ProxyConfig config, Locator locator, CallHooks hooks, Outbox out, String salt) {
        this.config = Objects.requireNonNull(config, "config");
        this.locator = Objects.requireNonNull(locator, "locator");
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.out = Objects.requireNonNull(out, "out");
        if (salt == null || !salt.matches("[A-Za-z0-9]{1,16}")) {
            throw new IllegalArgumentException("salt must be 1-16 letters or digits");
        }
        this.salt = salt;
        this.via = config.via();
    }

    /**
     * From now on, put {@code address} in our Via: the floating address while this node holds it, so that
     * responses reach whichever node holds it when they come (and a UA that answers to where a request came from,
     * rather than to the Via, reaches it too); {@link ProxyConfig#via()} otherwise. It must be one of
     * {@link ProxyConfig#own()}, so that a retransmitted 2xx arriving there is recognised as ours.
     */
    public void useVia(Hop address) {
        this.via = java.util.Objects.requireNonNull(address);
    }

    public ProxyConfig config() {
        return config;
    }

    public ProxyCounters counters() {
        return counters;
    }

    /** Server plus client transactions alive. */
    public int transactions() {
        return servers.size() + clients.size();
    }

    /** When {@link #runTimers} has something to do next, or {@code Long.MAX_VALUE}. */
    public long nextTimerAt() {
        return timers.nextDue();
    }

    public void runTimers(long now) {
        timers.runDue(now);
    }

    // ---- requests ------------------------------------------------------------------------------------------

    public void onRequest(SipRequest request, Hop from, long now) {
        counters.request();
        boolean ack = Methods.ACK.equals(request.method());
        try {
            RequestValidation.check(request);
        } catch (MalformedSipException bad) {
            counters.malformedMessage();
            if (!ack) {
                replyStateless(request, from, 400, "Bad Request (" + bad.field() + ")");
            }
            return;
        }
        try {
            if (!request.isSip20()) {
                if (!ack) {
                    replyStateless(request, from, 505, null);
                }
                return;
            }
            Via top = request.topVia();
            if (ack) {
                onAck(request, top, from, now);
                return;
            }
            if (Methods.CANCEL.equals(request.method())) {
                onCancel(request, top, from, now);
                return;
            }
            String key = serverKey(top, request.method());
            ServerTransaction existing = servers.get(key);
            if (existing != null) {
                existing.onRetransmission();
                return;
            }
            ServerTransaction st = new ServerTransaction(key, request, upstream(top, from), this);
            servers.put(key, st);
            if (st.invite) {
                st.respond(100, ResponseBuilder.of(request, 100).build(), now);
            }
            route(st, from, now);
        } catch (MalformedSipException bad) {
            counters.malformedMessage();
            if (!ack) {
                replyStateless(request, from, 400, "Bad Request (" + bad.field() + ")");
            }
        }
    }

    private void onAck(SipRequest ack, Via top, Hop from, long now) throws MalformedSipException {
        ServerTransaction st = servers.get(serverKey(top, Methods.INVITE));
        if (st != null && st.invite) {
            st.onAck(now); // the ACK of our non-2xx: it ends here
            return;
        }
        if (ack.maxForwards() == 0 || ack.to().tag() == null) {
            return;
        }
        CallHooks.InDialog d = inDialogTarget(ack, from, now);
        if (d.target() == null) {
            return;
        }
        send(d.target().destination(), forwarded(ack, d.target(), from, newBranch(ack), false, d.cseq()));
    }

    private void onCancel(SipRequest cancel, Via top, Hop from, long now) throws MalformedSipException {
        String key = serverKey(top, Methods.CANCEL);
        ServerTransaction again = servers.get(key);
        if (again != null) {
            again.onRetransmission();
            return;
        }
        ServerTransaction st = new ServerTransaction(key, cancel, upstream(top, from), this);
        servers.put(key, st);
        ServerTransaction invite = servers.get(serverKey(top, Methods.INVITE));
        if (invite == null || !invite.invite) {
            st.respond(481, ResponseBuilder.of(cancel, 481).toTag(st.localTag()).build(), now);
            return;
        }
        st.respond(200, ResponseBuilder.of(cancel, 200).toTag(invite.localTag()).build(), now);
        if (invite.fork != null && !invite.hasFinal()) {
            invite.fork.cancelAll(now);
        }
    }

    private void route(ServerTransaction st, Hop from, long now) throws MalformedSipException {
        SipRequest r = st.request;
        if (r.maxForwards() == 0) {
            answer(st, 483, null, now);
            return;
        }
        if (looped(r)) {
            counters.loop();
            answer(st, 482, null, now);
            return;
        }
        if (r.to().tag() != null) {
            CallHooks.InDialog d = inDialogTarget(r, from, now);
            if (d.target() == null) {
                answer(st, 404, null, now);
                return;
            }
            forkTo(st, List.of(d.target()), false, from, now, d.cseq());
            return;
        }
        boolean dialogCreating = st.invite || Methods.SUBSCRIBE.equals(r.method())
                || Methods.REFER.equals(r.method());
        List<NameAddress> routes = r.routes();
        int next = !routes.isEmpty() && isOwn(routes.get(0).uri()) ? 1 : 0;
        if (routes.size() > next) {
            forkTo(st, List.of(routeTarget(r, routes.get(next))), dialogCreating, from, now);
            return;
        }
        if (!(r.requestUri() instanceof SipUri ruri)) {
            answer(st, 416, null, now);
            return;
        }
        if (!config.servesDomain(ruri.host(), ruri.port())) {
            if (!config.relay()) {
                answer(st, 403, "Relaying Forbidden", now);
                return;
            }
            forkTo(st, List.of(new Target(r.requestUriText(), hopOf(ruri))), dialogCreating, from, now);
            return;
        }
        if (st.invite) {
            CallHooks.Refusal refusal = hooks.admit(r, from, now);
            if (refusal != null) {
                counters.refusal();
                answer(st, refusal.status(), refusal.reason(), now);
                return;
            }
        }
        List<Target> targets = locator.lookup(ruri);
        if (targets == null) {
            answer(st, 404, null, now);
        } else if (targets.isEmpty()) {
            answer(st, 480, null, now);
        } else {
            forkTo(st, targets.size() > config.maxBranches() ? targets.subList(0, config.maxBranches()) : targets,
                    dialogCreating, from, now);
        }
    }

    /**
     * Where an in-dialog request goes: the next Route, else its Request-URI, else the dialog's other party; with
     * the CSeq number the dialog wants (-1: unchanged).
     */
    private CallHooks.InDialog inDialogTarget(SipRequest r, Hop from, long now) throws MalformedSipException {
        CallHooks.InDialog byDialog = hooks.inDialog(r, from, now);
        List<NameAddress> routes = r.routes();
        int next = !routes.isEmpty() && isOwn(routes.get(0).uri()) ? 1 : 0;
        if (routes.size() > next) {
            return new CallHooks.InDialog(routeTarget(r, routes.get(next)), byDialog.cseq());
        }
        Uri uri = r.requestUri();
        if (uri instanceof SipUri ruri && !config.isOwn(ruri.host(), ruri.port())) {
            return new CallHooks.InDialog(new Target(r.requestUriText(), hopOf(ruri)), byDialog.cseq());
        }
        return byDialog;
    }

    private Target routeTarget(SipRequest r, NameAddress route) throws MalformedSipException {
        if (!(route.uri() instanceof SipUri uri)) {
            throw new MalformedSipException("Route", "not a sip: URI");
        }
        return new Target(r.requestUriText(), hopOf(uri));
    }

    private void forkTo(ServerTransaction st, List<Target> targets, boolean recordRoute, Hop from, long now)
            throws MalformedSipException {
        forkTo(st, targets, recordRoute, from, now, -1);
    }

    private void forkTo(ServerTransaction st, List<Target> targets, boolean recordRoute, Hop from, long now,
                        long cseq) throws MalformedSipException {
        long received = st.request.cseq().number();
        // responses go back with the CSeq the sender used, whatever the next hop saw
        Fork fork = new Fork(st, this, this::answered, cseq >= 0 && cseq != received ? received : -1);
        String method = st.request.method();
        for (Target t : targets) {
            String branch = newBranch(st.request);
            byte[] bytes = forwarded(st.request, t, from, branch, recordRoute, cseq);
            fork.add(new ClientTransaction(branch, method, t.destination(), bytes, this, fork));
        }
        for (ClientTransaction c : List.copyOf(fork.branches())) {
            startClient(c, now);
        }
    }

    private byte[] forwarded(SipRequest r, Target t, Hop from, String branch, boolean recordRoute, long cseq)
            throws MalformedSipException {
        Hop v = viaFor(t.destination());
        RequestForwarder f = RequestForwarder.of(r)
                .via(v.transport(), v.host(), v.port(), branch)
                .received(from.host(), from.port())
                .stripOwnRoute(this::isOwn);
        if (!t.requestUri().equals(r.requestUriText())) {
            f.requestUri(t.requestUri());
        }
        if (recordRoute) {
            f.recordRoute(config.recordRoute());
        }
        if (cseq >= 0 && cseq != r.cseq().number()) {
            f.cseq(cseq);
        }
        return f.build();
    }

    /** A final answer of our own to a request in a server transaction. */
    private void answer(ServerTransaction st, int status, String reason, long now) {
        ResponseBuilder b = ResponseBuilder.of(st.request, status).toTag(st.localTag());
        if (reason != null) {
            b.reason(reason);
        }
        if (st.respond(status, b.build(), now)) {
            answered(st, status, null, now);
        }
    }

    private void answered(ServerTransaction st, int status, SipResponse response, long now) {
        if (st.invite) {
            try {
                if (st.request.to().tag() == null) {
                    hooks.answered(st.request, status, response, now);
                }
            } catch (MalformedSipException checkedAtEntry) {
                throw new IllegalStateException(checkedAtEntry);
            }
        }
    }

    private void replyStateless(SipRequest request, Hop from, int status, String reason) {
        ResponseBuilder b = ResponseBuilder.of(request, status).toTag(newTag());
        if (reason != null) {
            b.reason(reason);
        }
        Hop to = from;
        try {
            to = upstream(request.topVia(), from);
        } catch (MalformedSipException unreadableVia) {
            // back to the source
        }
        send(to, b.build());
    }

    // ---- responses -----------------------------------------------------------------------------------------

    public void onResponse(SipResponse response, Hop from, long now) {
        counters.response();
        try {
            Via top = response.topVia();
            ClientTransaction ct = clients.get(ClientTransaction.key(top.branch() == null ? "" : top.branch(),
                    response.cseq().method()));
            if (ct != null) {
                ct.onResponse(response, now);
                return;
            }
            // a 2xx retransmitted by the UAS after our transaction ended, or a stray: up the Vias if it is ours
            List<Via> vias = response.vias();
            if (!config.isOwn(top.host(), top.port()) || vias.size() < 2) {
                counters.droppedResponse();
                return;
            }
            send(viaTarget(vias.get(1)), ResponseForwarder.withoutTopVia(response));
            counters.statelessResponse();
        } catch (MalformedSipException | IllegalArgumentException bad) {
            counters.droppedResponse();
        }
    }

    // ---- requests of our own -------------------------------------------------------------------------------

    /**
     * Sends a request this node makes itself (a BYE ending an expired dialog) in a client transaction of its own,
     * retransmitted and timed out like any other; its responses are absorbed. {@code build} gets the Via value
     * to put on top and returns the whole request.
     *
     * @return the branch used
     */
    public String originate(String method, Hop to, Function<String, byte[]> build, long now) {
        return originate(method, to, build, status -> { }, now);
    }

    /** The same, telling {@code onFinal} the final status (408 when nothing came). */
    public String originate(String method, Hop to, Function<String, byte[]> build, java.util.function.IntConsumer onFinal,
                            long now) {
        String branch = "z9hG4bK" + salt + ".o." + Long.toHexString(++sequence);
        Hop v = viaFor(to);
        String viaValue = "SIP/2.0/" + v.transport() + " " + v.hostPort() + ";branch=" + branch;
        ClientTransaction.Branch owner = new ClientTransaction.Branch() {
            @Override
            public void onResponse(ClientTransaction t, SipResponse response, long at) {
                if (response.statusCode() >= 200) {
                    onFinal.accept(response.statusCode());
                }
            }

            @Override
            public void onTimeout(ClientTransaction t, long at) {
                onFinal.accept(408);
            }
        };
        startClient(new ClientTransaction(branch, method, to, build.apply(viaValue), this, owner), now);
        return branch;
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /** Our address for what goes to {@code next}: the TCP listener over TCP (when there is one), else the UDP one. */
    private Hop viaFor(Hop next) {
        Hop tcp = config.viaTcp();
        return "TCP".equals(next.transport()) && tcp != null ? tcp : via;
    }

    private boolean isOwn(Uri uri) {
        return uri instanceof SipUri s && config.isOwn(s.host(), s.port());
    }

    /** RFC 3261 §17.2.3: branch, sent-by and method (an ACK goes with its INVITE). */
    private static String serverKey(Via top, String method) {
        return (top.branch() == null ? "" : top.branch()) + '|' + top.host() + ':' + top.port() + '|' + method;
    }

    /**
     * The branch of a forwarded request: the magic cookie, this process's salt, a hash of what makes the request
     * itself (Request-URI, From and To tags, Call-ID, CSeq number: §16.6 step 8, without the top Via, which changes
     * at every hop and would hide a loop through another proxy), and a sequence number.
     */
    private String newBranch(SipRequest r) throws MalformedSipException {
        return loopPrefix(r) + Long.toHexString(++sequence);
    }

    private String loopPrefix(SipRequest r) throws MalformedSipException {
        String key = r.requestUriText() + '\n' + r.from().tag() + '\n' + r.to().tag() + '\n' + r.callId() + '\n'
                + r.cseq().number();
        return "z9hG4bK" + salt + '.' + Integer.toHexString(fnv(key)) + '.';
    }

    /** A Via of ours whose branch carries the same hash: the request has been here before, unchanged. */
    private boolean looped(SipRequest r) throws MalformedSipException {
        String prefix = null;
        for (Via v : r.vias()) {
            if (config.isOwn(v.host(), v.port()) && v.branch() != null) {
                if (prefix == null) {
                    prefix = loopPrefix(r);
                }
                if (v.branch().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int fnv(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /**
     * Where a response to a request goes (§18.2.2, RFC 3581): over TCP back on the connection it came on; over UDP
     * to the source, at the sent-by port without rport.
     */
    private static Hop upstream(Via top, Hop from) {
        if (top.hasRport() || !"UDP".equals(from.transport())) {
            return from;
        }
        return new Hop(from.host(), top.port() > 0 ? top.port() : 5060, from.transport());
    }

    /** Where a response goes on from a Via value: its received address, at rport, else the sent-by port. */
    static Hop viaTarget(Via v) {
        String host = v.received() != null ? v.received() : v.host();
        int port = v.hasRport() && v.rport() > 0 ? v.rport() : v.port() > 0 ? v.port() : 5060;
        return new Hop(Hop.bare(host), port, "TCP".equalsIgnoreCase(v.transport()) ? "TCP" : "UDP");
    }

    /** A URI's host and port, over TCP when it says {@code transport=tcp}. */
    public static Hop hopOf(SipUri uri) {
        int port = uri.port() > 0 ? uri.port() : uri.isSecure() ? 5061 : 5060;
        String transport = uri.transport() != null && uri.transport().equalsIgnoreCase("tcp") ? "TCP" : "UDP";
        return new Hop(Hop.bare(uri.host()), port, transport);
    }

    // ---- TransactionContext --------------------------------------------------------------------------------

    @Override
    public SipTimers timers() {
        return config.timers();
    }

    @Override
    public TimerQueue.Timer schedule(long at, TimerQueue.Action action) {
        return timers.schedule(at, action);
    }

    @Override
    public void send(Hop to, byte[] message) {
        out.send(to, message);
    }

    @Override
    public String newTag() {
        return salt + Long.toHexString(++sequence);
    }

    @Override
    public void startClient(ClientTransaction t, long now) {
        clients.put(t.key, t);
        t.start(now);
    }

    @Override
    public void forget(ServerTransaction t) {
        servers.remove(t.key, t);
    }

    @Override
    public void forget(ClientTransaction t) {
        clients.remove(t.key, t);
    }
}
