package io.sipcluster.dialog;

import io.sipcluster.proxy.CallHooks;
import io.sipcluster.proxy.Hop;
import io.sipcluster.proxy.ProxyConfig;
import io.sipcluster.proxy.Target;
import io.sipcluster.proxy.CallHooks.InDialog;
import io.sipcluster.sip.Contact;
import io.sipcluster.sip.MalformedSipException;
import io.sipcluster.sip.Methods;
import io.sipcluster.sip.NameAddress;
import io.sipcluster.sip.SipMessage;
import io.sipcluster.sip.SipRequest;
import io.sipcluster.sip.SipResponse;
import io.sipcluster.sip.SipUri;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The dialogs of a node as a service: the proxy's {@link CallHooks} (call limits at the INVITE, dialog tracking on
 * its answers and in-dialog requests), the timer that ends calls whose timeout passed, the replication of changes,
 * and the CDRs. One lock guards the {@link DialogTable}; BYEs are sent after it is released.
 *
 * <p>Who acts on a dialog is decided by its sharing tag, as in OpenSIPS: the node holding the tag active (or any
 * node, for an untagged dialog) ends expired calls, counts the dialog in its profiles and writes the CDR. A backup
 * keeps the CDR of a call reported ended for {@link DialogSettings#handoverMillis()}; if its tag becomes active in
 * that time (the active node died, perhaps before writing), the backup writes it. A store keyed by the call
 * ({@link CallRecord}) then holds the call once whoever wrote first.
 */
public final class Dialogs implements CallHooks {
    /** Sends a request this node makes (a BYE, a ping) through the proxy: see {@code ProxyEdge.originate}. */
    @FunctionalInterface
    public interface RequestSender {
        /** {@code onFinal} hears the final status (408 when nothing came), under the proxy's lock. */
        void send(String method, Hop to, java.util.function.Function<String, byte[]> build,
                  java.util.function.IntConsumer onFinal);
    }

    private record PendingRecord(CallRecord record, long until, String tag) {}

    private final Object lock = new Object();
    private final DialogTable table;
    private final DialogSettings settings;
    private final ProxyConfig proxy;
    private volatile TagStates tags = TagStates.ALL_ACTIVE;
    private volatile RemoteCounts remote = RemoteCounts.NONE;
    private DialogReplicationSink replication = DialogReplicationSink.NONE;
    private CallRecordSink records = CallRecordSink.NONE;
    private RequestSender sender;
    private final Deque<PendingRecord> handover = new ArrayDeque<>();
    private final DialogCounters counters = new DialogCounters();
    private final List<java.util.function.Consumer<Dialog>> replicaListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Dialogs(DialogSettings settings, ProxyConfig proxy) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.table = new DialogTable(settings.maxDialogs());
        table.countWhen(this::countsHere);
    }

    public DialogSettings settings() {
        return settings;
    }

    public DialogCounters counters() {
        return counters;
    }

    public void replicateTo(DialogReplicationSink sink) {
        synchronized (lock) {
            replication = Objects.requireNonNull(sink);
        }
    }

    public void recordTo(CallRecordSink sink) {
        synchronized (lock) {
            records = Objects.requireNonNull(sink);
        }
    }

    public void sendRequestsWith(RequestSender s) {
        synchronized (lock) {
            sender = s;
        }
    }

    public void remoteCounts(RemoteCounts counts) {
        remote = Objects.requireNonNull(counts);
    }

    /** The sharing tags changed state: recount profiles, and write the CDRs handed over to a tag now active. */
    public void tagsChanged(TagStates states) {
        synchronized (lock) {
            tags = Objects.requireNonNull(states);
            table.countWhen(this::countsHere);
            for (var it = handover.iterator(); it.hasNext(); ) {
                PendingRecord p = it.next();
                if (!states.isBackup(p.tag())) {
                    it.remove();
                    records.write(p.record());
                    counters.handedOver.increment();
                }
            }
        }
    }

    /** A node counts a dialog it acts on; a replicated dialog without a tag is its creator's to count. */
    private boolean countsHere(Dialog d) {
        if (d.sharingTag.isEmpty()) {
            return !d.replicated;
        }
        return !tags.isBackup(d.sharingTag);
    }

    private boolean actsOn(Dialog d) {
        return d.sharingTag.isEmpty() || !tags.isBackup(d.sharingTag);
    }

    // ---- CallHooks: called by the proxy under its lock -------------------------------------------------------

    @Override
    public Refusal admit(SipRequest invite, Hop from, long now) {
        try {
            List<Dialog.ProfileEntry> entries = new ArrayList<>(settings.limits().size());
            synchronized (lock) {
                for (ProfileLimit l : settings.limits()) {
                    String value = l.valueOf(invite, from.host());
                    if (l.max() > 0) {
                        int total = table.profiles().count(l.profile(), value) + remote.count(l.profile(), value, now);
                        if (total >= l.max()) {
                            counters.limited.increment();
                            return new Refusal(l.status(), "Call Limit Reached (" + l.profile() + ")");
                        }
                    }
                    entries.add(new Dialog.ProfileEntry(l.profile(), value));
                }
                // a From without a tag (RFC 2543) is filed under the empty tag, as the in-dialog requests will be
                Dialog d = table.invite(new DialogTable.Invite(invite.callId(), nz(invite.from().tag()),
                        invite.from().uri().text(), invite.to().uri().text(), Long.toString(invite.cseq().number()),
                        contactOf(invite), String.join(",", invite.headers("Record-Route")), socket(),
                        settings.sharingTag()), entries, now, now / 1000 + settings.defaultTimeout());
                if (d == null) {
                    counters.full.increment();
                    return new Refusal(503, "Too Many Calls");
                }
            }
            return null;
        } catch (MalformedSipException bad) {
            return new Refusal(400, "Bad Request (" + bad.field() + ")");
        }
    }

    @Override
    public void answered(SipRequest invite, int status, SipResponse response, long now) {
        if (status < 200) {
            return;
        }
        try {
            String callId = invite.callId();
            String callerTag = nz(invite.from().tag());
            synchronized (lock) {
                if (status >= 300 || response == null) {
                    table.failed(callId, callerTag);
                    return;
                }
                Dialog d = table.answered(callId, callerTag, nz(response.to().tag()), contactOf(response),
                        calleeRouteSet(response), socket(), now);
                if (d != null) {
                    counters.answered.increment();
                    replication.created(d);
                }
            }
        } catch (MalformedSipException bad) {
            // the proxy checked the INVITE; a 2xx whose To or Contact does not read leaves the dialog early
            counters.unreadable.increment();
        }
    }

    @Override
    public InDialog inDialog(SipRequest request, Hop from, long now) {
        try {
            String callId = request.callId();
            String fromTag = nz(request.from().tag());
            String toTag = request.to().tag();
            synchronized (lock) {
                Dialog d = table.find(callId, fromTag, toTag);
                if (d == null) {
                    return InDialog.UNKNOWN;
                }
                boolean fromCaller = fromTag.equals(d.callerTag);
                String method = request.method();
                if (Methods.ACK.equals(method)) {
                    if (table.acked(d) != null) {
                        replication.updated(d);
                        schedulePing(d, now);
                    }
                } else if (Methods.BYE.equals(method)) {
                    DialogTable.Ended e = table.end(d, fromCaller ? DialogTable.EndReason.BYE_CALLER
                            : DialogTable.EndReason.BYE_CALLEE, now);
                    if (e != null) {
                        ended(e);
                    }
                } else if (!Methods.CANCEL.equals(method)) {
                    String cseq = Long.toString(request.cseq().number());
                    if (fromCaller) {
                        d.callerCseq = cseq;
                    } else {
                        d.calleeCseq = cseq;
                    }
                }
                return new InDialog(targetOf(fromCaller ? d.calleeContact : d.callerContact),
                        renumber(d, !fromCaller, method));
            }
        } catch (MalformedSipException bad) {
            return InDialog.UNKNOWN;
        }
    }

    /**
     * Once this node has sent a request of its own to a party (a ping), it numbers every later request to that
     * party itself, as OpenSIPS does, so the party never sees a CSeq go down; an ACK takes the number of the INVITE
     * it acknowledges (the last one used). -1 when nothing changes.
     */
    private long renumber(Dialog d, boolean towardsCaller, String method) {
        int last = towardsCaller ? d.callerLastGenCseq : d.calleeLastGenCseq;
        if (last == 0 || Methods.CANCEL.equals(method)) {
            return -1;
        }
        if (Methods.ACK.equals(method)) {
            return last;
        }
        int next = last + 1;
        if (towardsCaller) {
            d.callerLastGenCseq = next;
        } else {
            d.calleeLastGenCseq = next;
        }
        replication.cseq(d, !towardsCaller);
        return next;
    }

    private void schedulePing(Dialog d, long now) {
        if (settings.pingIntervalMillis() > 0) {
            d.nextPingAt = now + settings.pingIntervalMillis();
        }
    }

    // ---- time, commands, replication -------------------------------------------------------------------------

    /**
     * Ends the calls whose timeout passed and that this node acts on, with a BYE to each party; drops early dialogs
     * whose INVITE can no longer be answered, and handed-over CDRs past their time. Returns the calls ended.
     */
    public int expire(long nowMillis) {
        List<Dialog> toEnd = new ArrayList<>();
        synchronized (lock) {
            for (Dialog d : table.expired(nowMillis / 1000)) {
                if (!actsOn(d)) {
                    continue; // the active node ends it; OpenSIPS's backup waits the same way
                }
                DialogTable.Ended e = table.end(d, DialogTable.EndReason.TIMEOUT, nowMillis);
                if (e != null) {
                    ended(e);
                    counters.timedOut.increment();
                    toEnd.add(d);
                }
            }
            long staleAfter = proxy.timers().timerC() + proxy.timers().transactionTimeout();
            for (Dialog d : table.staleEarly(nowMillis, staleAfter)) {
                table.failed(d.callId, d.callerTag);
            }
            while (!handover.isEmpty() && handover.peekFirst().until() <= nowMillis) {
                handover.pollFirst();
            }
        }
        RequestSender s;
        synchronized (lock) {
            s = sender;
        }
        if (s != null) {
            for (Dialog d : toEnd) {
                sendByes(d, s);
            }
        }
        return toEnd.size();
    }

    /**
     * Sends the in-dialog pings that are due (OPTIONS to both parties of each confirmed call this node acts on);
     * a party answering 408 (or nothing) or 481 ends the call with BYEs. Returns how many pings went out.
     */
    public int ping(long nowMillis) {
        if (settings.pingIntervalMillis() <= 0) {
            return 0;
        }
        record Ping(Dialog d, boolean toCallee, long cseq) {}
        List<Ping> due = new ArrayList<>();
        RequestSender s;
        synchronized (lock) {
            s = sender;
            if (s == null) {
                return 0;
            }
            for (Dialog d : table.all()) {
                if (d.state != DialogState.CONFIRMED || d.nextPingAt == 0 || d.nextPingAt > nowMillis || !actsOn(d)) {
                    continue;
                }
                d.nextPingAt = nowMillis + settings.pingIntervalMillis();
                due.add(new Ping(d, true, nextGenerated(d, true)));
                due.add(new Ping(d, false, nextGenerated(d, false)));
            }
        }
        for (Ping p : due) {
            Dialog d = p.d();
            String contact = p.toCallee() ? d.calleeContact : d.callerContact;
            String routes = p.toCallee() ? d.calleeRouteSet : d.callerRouteSet;
            Target to = targetOf(firstRoute(routes, contact));
            if (to == null) {
                continue;
            }
            counters.pings.increment();
            s.send(Methods.OPTIONS, to.destination(), via -> p.toCallee()
                    ? InDialogRequests.build(Methods.OPTIONS, via, contact, routes, d.fromUri, d.callerTag, d.toUri,
                            d.calleeTag, d.callId, p.cseq())
                    : InDialogRequests.build(Methods.OPTIONS, via, contact, routes, d.toUri, d.calleeTag, d.fromUri,
                            d.callerTag, d.callId, p.cseq()),
                    status -> pingAnswered(d, status));
        }
        return due.size();
    }

    /** The next CSeq this node uses towards a party: past both what it used and what the other party used. */
    private long nextGenerated(Dialog d, boolean toCallee) {
        int seen = parseCseq(toCallee ? d.callerCseq : d.calleeCseq);
        int next = Math.max(seen, toCallee ? d.calleeLastGenCseq : d.callerLastGenCseq) + 1;
        if (toCallee) {
            d.calleeLastGenCseq = next;
        } else {
            d.callerLastGenCseq = next;
        }
        if (d.state != DialogState.DELETED) {
            replication.cseq(d, toCallee);
        }
        return next;
    }

    private static int parseCseq(String cseq) {
        try {
            return cseq.isEmpty() ? 0 : (int) Math.min(Integer.MAX_VALUE - 1, Long.parseLong(cseq));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A ping's answer: 408 (also: nothing came) and 481 mean the party lost the call; anything else is life. */
    private void pingAnswered(Dialog d, int status) {
        if (status != 408 && status != 481) {
            return;
        }
        RequestSender s;
        synchronized (lock) {
            DialogTable.Ended e = table.end(d, DialogTable.EndReason.PING_FAILED, System.currentTimeMillis());
            if (e == null) {
                return;
            }
            ended(e);
            counters.pingFailures.increment();
            s = sender;
        }
        if (s != null) {
            sendByes(d, s);
        }
    }

    /** Another node numbered a request to one party of a call itself (REPLICATION_DLG_CSEQ). */
    public boolean applyCseq(String callId, String tag, int hId, int lastGenerated) {
        synchronized (lock) {
            Dialog d = table.byHashId(hId);
            if (d == null || !d.callId.equals(callId)) {
                d = table.find(callId, tag, null);
                if (d == null) {
                    return false;
                }
            }
            if (tag.equals(d.calleeTag)) {
                d.calleeLastGenCseq = Math.max(d.calleeLastGenCseq, lastGenerated);
            } else if (tag.equals(d.callerTag)) {
                d.callerLastGenCseq = Math.max(d.callerLastGenCseq, lastGenerated);
            } else {
                return false;
            }
            return true;
        }
    }

    /** What {@link #endByCommand} did. */
    public enum CommandOutcome { ENDED, NOT_FOUND, BACKUP }

    /**
     * {@code dlg_end_dlg}: ends a confirmed call, named by its ID ({@link Dialog#id()}) or its Call-ID, with BYEs
     * both ways; a node holding the call's tag as backup refuses, as OpenSIPS does.
     */
    public CommandOutcome endByCommand(String dialogId, long nowMillis) {
        Dialog d;
        RequestSender s;
        synchronized (lock) {
            d = null;
            for (Dialog x : table.all()) {
                if (x.id().equals(dialogId) || x.callId.equals(dialogId)) {
                    d = x;
                    break;
                }
            }
            if (d == null || !d.state.isConfirmed()) {
                return CommandOutcome.NOT_FOUND;
            }
            if (!actsOn(d)) {
                return CommandOutcome.BACKUP;
            }
            DialogTable.Ended e = table.end(d, DialogTable.EndReason.MANAGEMENT, nowMillis);
            if (e == null) {
                return CommandOutcome.NOT_FOUND;
            }
            ended(e);
            s = sender;
        }
        if (s != null) {
            sendByes(d, s);
        }
        return CommandOutcome.ENDED;
    }

    /** A dialog another node created or changed; the stored copy, or null when the table is full. */
    public Dialog applyReplica(Dialog replica) {
        Dialog d;
        synchronized (lock) {
            d = table.applyReplica(replica);
            if (d == null) {
                counters.full.increment();
                return null;
            }
        }
        for (java.util.function.Consumer<Dialog> l : replicaListeners) {
            l.accept(d);
        }
        return d;
    }

    /** Told every dialog stored from another node (after the lock is released), e.g. to time replication. */
    public void addReplicaListener(java.util.function.Consumer<Dialog> listener) {
        replicaListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Another node ended a call: it goes. Its CDR is written here if this node holds the call's tag active (the
     * call ended on a backup, which writes none); a backup keeps it for the handover; an untagged call's record is
     * the ending node's.
     */
    public boolean applyDelete(String callId, String callerTag, String calleeTag, int hId, long nowMillis) {
        synchronized (lock) {
            Dialog d = table.find(callId, callerTag, calleeTag);
            if (d == null) {
                d = table.byHashId(hId);
                if (d == null || !d.callId.equals(callId)) {
                    return false;
                }
            }
            DialogTable.Ended e = table.end(d, DialogTable.EndReason.REPLICATED_DELETE, nowMillis);
            if (e == null) {
                return false;
            }
            if (!d.sharingTag.isEmpty() && d.wasAnswered) {
                CallRecord r = CallRecord.of(e, settings.nodeId());
                if (!tags.isBackup(d.sharingTag)) {
                    // the call ended on a node that is backup for its tag (it went to that node's own address):
                    // the record is the tag holder's to write
                    records.write(r);
                    counters.records.increment();
                } else if (settings.handoverMillis() > 0) {
                    handover.addLast(new PendingRecord(r, nowMillis + settings.handoverMillis(), d.sharingTag));
                }
            }
            return true;
        }
    }

    /** A value another node set or removed on a dialog ({@code dlgX_shtag} moves the dialog to another tag). */
    public boolean applyValue(String callId, int hId, String name, String value, boolean removed) {
        synchronized (lock) {
            Dialog d = table.byHashId(hId);
            if (d == null || !d.callId.equals(callId)) {
                return false;
            }
            if (removed) {
                d.values.remove(name);
            } else {
                d.values.put(name, value);
            }
            if (DialogValues.SHARING_TAG.equals(name)) {
                d.sharingTag = removed ? "" : value;
                table.countWhen(this::countsHere);
            }
            return true;
        }
    }

    /** A copy of every dialog for a sync or a listing. */
    public List<Dialog> snapshot() {
        synchronized (lock) {
            return List.copyOf(table.all());
        }
    }

    /** Confirmed dialogs, for a sync (early ones are never replicated). */
    public List<Dialog> confirmed() {
        synchronized (lock) {
            return table.all().stream().filter(d -> d.state.isConfirmed()).toList();
        }
    }

    public int size() {
        synchronized (lock) {
            return table.size();
        }
    }

    /** This node's own profile counts (what it broadcasts). */
    public java.util.Map<Dialog.ProfileEntry, Integer> localProfileCounts() {
        synchronized (lock) {
            return table.profiles().snapshot();
        }
    }

    /** Cluster-wide count of a profile value as this node sees it. */
    public int profileCount(String profile, String value, long nowMillis) {
        synchronized (lock) {
            return table.profiles().count(profile, value) + remote.count(profile, value, nowMillis);
        }
    }

    /** Runs {@code r} under the dialogs' lock (for a sync that needs a consistent view). */
    public <T> T locked(java.util.function.Supplier<T> r) {
        synchronized (lock) {
            return r.get();
        }
    }

    /** Under the lock: the call is over here; replicate the delete and write the CDR if this node acts on it. */
    private void ended(DialogTable.Ended e) {
        Dialog d = e.dialog();
        counters.ended.increment();
        if (d.wasAnswered) {
            if (e.reason() != DialogTable.EndReason.REPLICATED_DELETE) {
                replication.deleted(d);
            }
            if (actsOn(d)) {
                records.write(CallRecord.of(e, settings.nodeId()));
                counters.records.increment();
            }
        }
    }

    private void sendByes(Dialog d, RequestSender s) {
        Target toCaller = targetOf(firstRoute(d.callerRouteSet, d.callerContact));
        Target toCallee = targetOf(firstRoute(d.calleeRouteSet, d.calleeContact));
        long toCalleeCseq;
        long toCallerCseq;
        synchronized (lock) {
            toCalleeCseq = nextGenerated(d, true);
            toCallerCseq = nextGenerated(d, false);
        }
        if (toCallee != null) {
            s.send(Methods.BYE, toCallee.destination(), via -> InDialogRequests.build(Methods.BYE, via,
                    d.calleeContact, d.calleeRouteSet, d.fromUri, d.callerTag, d.toUri, d.calleeTag, d.callId,
                    toCalleeCseq), status -> { });
        }
        if (toCaller != null) {
            s.send(Methods.BYE, toCaller.destination(), via -> InDialogRequests.build(Methods.BYE, via,
                    d.callerContact, d.callerRouteSet, d.toUri, d.calleeTag, d.fromUri, d.callerTag, d.callId,
                    toCallerCseq), status -> { });
        }
    }

    private static String firstRoute(String routeSet, String contact) {
        if (routeSet.isEmpty()) {
            return contact;
        }
        int comma = routeSet.indexOf(',');
        String first = comma < 0 ? routeSet : routeSet.substring(0, comma);
        return first.trim().replaceAll("^<|>$", "");
    }

    private static Target targetOf(String uriText) {
        if (uriText == null || uriText.isEmpty()) {
            return null;
        }
        try {
            return new Target(uriText, io.sipcluster.proxy.Proxy.hopOf(SipUri.parse(uriText)));
        } catch (MalformedSipException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String contactOf(SipMessage m) throws MalformedSipException {
        List<Contact> contacts = m.contacts();
        return contacts.isEmpty() ? "" : contacts.get(0).uri().text();
    }

    /**
     * The route set towards the callee from a 2xx: the Record-Route values above ours (the proxies after us),
     * nearest first, i.e. in reverse of the order they appear.
     */
    private String calleeRouteSet(SipResponse response) throws MalformedSipException {
        List<NameAddress> rr = response.recordRoutes();
        List<String> after = new ArrayList<>();
        for (NameAddress a : rr) {
            if (a.uri() instanceof SipUri u && proxy.isOwn(u.host(), u.port())) {
                break;
            }
            after.add(0, "<" + a.uri().text() + ">");
        }
        return after.size() == rr.size() ? "" : String.join(",", after);
    }

    private String socket() {
        return "udp:" + proxy.via().hostPort();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
