package io.sipcluster.dialog;

import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.dialog.DialogPairs;
import io.sipcluster.wire.dialog.DialogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Dialog} to and from the {@code dialog-dlg-repl} record. Two naming traps of OpenSIPS: its
 * {@code caller_cseq} is the CSeq of requests sent <em>to</em> the caller (ours is of requests from the caller), and
 * profile names carry {@code /b} when their counts are replicated over BIN, as ours are.
 */
public final class DialogRecords {
    private DialogRecords() {}

    public static DialogRecord toRecord(Dialog d) {
        List<DialogPairs.Pair> vars = new ArrayList<>(d.values.size());
        for (Map.Entry<String, String> v : d.values.entrySet()) {
            vars.add(new DialogPairs.Pair(v.getKey(), 1, v.getValue()));
        }
        List<DialogPairs.Pair> profiles = new ArrayList<>(d.profiles.size());
        for (Dialog.ProfileEntry p : d.profiles) {
            profiles.add(new DialogPairs.Pair(p.profile() + "/b", 1, p.value()));
        }
        return new DialogRecord(d.callId, d.callerTag, d.calleeTag, d.fromUri, d.toUri, d.hId, (int) d.startSeconds,
                d.state.code(), d.callerSocket, d.calleeSocket, orZero(d.calleeCseq), orZero(d.callerCseq),
                d.callerRouteSet, d.calleeRouteSet, d.callerContact, d.calleeContact, "", "", "", "", "", "", "", "",
                DialogPairs.write(vars), DialogPairs.write(profiles), 0, 0, d.flags, 0, 0, (int) d.timeoutSeconds,
                d.callerLastGenCseq, d.calleeLastGenCseq, "", "", "");
    }

    /**
     * A dialog from a record another node sent.
     *
     * @throws MalformedPacketException if its vars or profiles do not read
     */
    public static Dialog fromRecord(DialogRecord r) throws MalformedPacketException {
        Dialog d = new Dialog(r.callId(), r.callerTag(), r.fromUri(), r.toUri());
        d.calleeTag = r.calleeTag();
        d.hId = r.hId();
        d.startSeconds = Integer.toUnsignedLong(r.startTs());
        d.state = DialogState.of(r.state());
        d.wasAnswered = d.state.isConfirmed() || d.state == DialogState.DELETED;
        d.callerSocket = r.callerSocket();
        d.calleeSocket = r.calleeSocket();
        d.calleeCseq = r.callerCseq();
        d.callerCseq = r.calleeCseq();
        d.callerRouteSet = r.callerRouteSet();
        d.calleeRouteSet = r.calleeRouteSet();
        d.callerContact = r.callerContact();
        d.calleeContact = r.calleeContact();
        d.flags = r.flags();
        d.timeoutSeconds = Integer.toUnsignedLong(r.timeout());
        d.callerLastGenCseq = r.callerLastGenCseq();
        d.calleeLastGenCseq = r.calleeLastGenCseq();
        d.answeredAtMillis = d.startSeconds * 1000;
        for (DialogPairs.Pair p : DialogPairs.read(r.vars())) {
            d.values.put(p.name(), p.value());
        }
        d.sharingTag = d.values.getOrDefault(DialogValues.SHARING_TAG, "");
        for (DialogPairs.Pair p : DialogPairs.read(r.profiles())) {
            String name = p.name();
            if (name.endsWith("/b") || name.endsWith("/s")) {
                name = name.substring(0, name.length() - 2);
            }
            d.profiles.add(new Dialog.ProfileEntry(name, p.value()));
        }
        d.replicated = true;
        return d;
    }

    private static String orZero(String cseq) {
        return cseq.isEmpty() ? "0" : cseq;
    }
}
