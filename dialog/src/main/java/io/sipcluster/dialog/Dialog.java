package io.sipcluster.dialog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call as the proxy saw it, from the INVITE to its end: what identifies it (Call-ID and the two tags, OpenSIPS's
 * hash id), what is needed to end it from this or another node (both parties' contacts, route sets and CSeqs), its
 * sharing tag, its profiles and values, and the times a CDR reports. Mutable, and only ever touched under the
 * {@link DialogTable}'s lock.
 */
public final class Dialog {
    /** One membership of a dialog profile: a profile name and, for profiles with values, the value. */
    public record ProfileEntry(String profile, String value) {}

    final String callId;
    final String callerTag;
    String calleeTag = "";
    final String fromUri;
    final String toUri;
    int hId;
    DialogState state = DialogState.UNCONFIRMED;
    /** Unix seconds of the answer (OpenSIPS's start_ts). */
    long startSeconds;
    /** When the INVITE arrived here (ms); 0 for a dialog learnt from another node before it was answered. */
    long invitedAtMillis;
    long answeredAtMillis;
    /** Unix seconds after which the dialog is ended (OpenSIPS's timeout). */
    long timeoutSeconds;
    String callerCseq = "";
    String calleeCseq = "";
    String callerRouteSet = "";
    String calleeRouteSet = "";
    String callerContact = "";
    String calleeContact = "";
    String callerSocket = "";
    String calleeSocket = "";
    /** The last CSeq this node used towards the caller (0: it never sent one); from then on it numbers them. */
    int callerLastGenCseq;
    /** The same towards the callee. */
    int calleeLastGenCseq;
    /** When the next in-dialog ping is due (ms; 0: not scheduled). */
    long nextPingAt;
    String sharingTag = "";
    final Map<String, String> values = new LinkedHashMap<>();
    final List<ProfileEntry> profiles = new ArrayList<>(2);
    int flags;
    /** True once the call was answered (confirmed here or learnt confirmed): it ends with a CDR. */
    boolean wasAnswered;
    /** True for a dialog another node created (learnt by replication or sync). */
    boolean replicated;

    Dialog(String callId, String callerTag, String fromUri, String toUri) {
        this.callId = callId;
        this.callerTag = callerTag;
        this.fromUri = fromUri;
        this.toUri = toUri;
    }

    public String callId() {
        return callId;
    }

    public String callerTag() {
        return callerTag;
    }

    public String calleeTag() {
        return calleeTag;
    }

    public String fromUri() {
        return fromUri;
    }

    public String toUri() {
        return toUri;
    }

    public int hId() {
        return hId;
    }

    public DialogState state() {
        return state;
    }

    public long startSeconds() {
        return startSeconds;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    public String callerContact() {
        return callerContact;
    }

    public String calleeContact() {
        return calleeContact;
    }

    public String callerRouteSet() {
        return callerRouteSet;
    }

    public String calleeRouteSet() {
        return calleeRouteSet;
    }

    public String callerCseq() {
        return callerCseq;
    }

    public String calleeCseq() {
        return calleeCseq;
    }

    public String callerSocket() {
        return callerSocket;
    }

    public String calleeSocket() {
        return calleeSocket;
    }

    public int callerLastGenCseq() {
        return callerLastGenCseq;
    }

    public int calleeLastGenCseq() {
        return calleeLastGenCseq;
    }

    public String sharingTag() {
        return sharingTag;
    }

    public Map<String, String> values() {
        return Map.copyOf(values);
    }

    public List<ProfileEntry> profiles() {
        return List.copyOf(profiles);
    }

    public int flags() {
        return flags;
    }

    public boolean isReplicated() {
        return replicated;
    }

    public long invitedAtMillis() {
        return invitedAtMillis;
    }

    public long answeredAtMillis() {
        return answeredAtMillis;
    }

    /** OpenSIPS's hash entry: where {@code dlg_hash(callid)} would file the dialog (shown in its ID). */
    public int hashEntry() {
        int h = 0x811c9dc5;
        for (int i = 0; i < callId.length(); i++) {
            h ^= callId.charAt(i);
            h *= 0x01000193;
        }
        return h & 4095;
    }

    /**
     * The dialog ID as OpenSIPS prints it: the hash entry and the hash id in hex, each written least significant
     * digit first, joined by a dot.
     */
    public String id() {
        return reverseHex(hashEntry()) + '.' + reverseHex(hId);
    }

    private static String reverseHex(int v) {
        StringBuilder b = new StringBuilder(8);
        long x = v & 0xffffffffL;
        do {
            b.append(Character.forDigit((int) (x & 15), 16));
            x >>>= 4;
        } while (x != 0);
        return b.toString();
    }

    /** The table key: Call-ID and the caller's tag, which both directions of the dialog carry. */
    String key() {
        return key(callId, callerTag);
    }

    static String key(String callId, String callerTag) {
        return callId + '\n' + callerTag;
    }

    @Override
    public String toString() {
        return "dialog " + callId + " (" + state + ", h_id " + hId + ")";
    }
}
