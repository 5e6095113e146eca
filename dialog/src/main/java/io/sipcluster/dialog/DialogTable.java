package io.sipcluster.dialog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The dialogs this node knows, its own and those replicated to it, without I/O or clock (times are passed in).
 * Not thread-safe: {@link Dialogs} holds the lock.
 *
 * <p>A dialog is created early by its INVITE, confirmed by the first 2xx (CONFIRMED_NA; this is when OpenSIPS
 * replicates it), CONFIRMED by the ACK, and removed by a BYE, a timeout or a management command, each giving an
 * {@link Ended} for the CDR. Early dialogs are never replicated.
 */
public final class DialogTable {
    /** How a dialog ended, for the CDR and the event. */
    public enum EndReason { BYE_CALLER, BYE_CALLEE, TIMEOUT, MANAGEMENT, PING_FAILED, REPLICATED_DELETE }

    /** A dialog that ended and when (ms). */
    public record Ended(Dialog dialog, EndReason reason, long atMillis) {}

    private final Map<String, Dialog> byKey = new HashMap<>();
    private final Map<Integer, Dialog> byHashId = new HashMap<>();
    private final int maxDialogs;
    private final ProfileCounts profiles = new ProfileCounts();
    /** Whether this node counts a dialog in its profiles (its own, or a tag active here). */
    private Predicate<Dialog> counts = d -> !d.replicated;
    private int nextHashId = 1;

    public DialogTable(int maxDialogs) {
        if (maxDialogs < 1) {
            throw new IllegalArgumentException("maxDialogs must be positive");
        }
        this.maxDialogs = maxDialogs;
    }

    public int size() {
        return byKey.size();
    }

    public ProfileCounts profiles() {
        return profiles;
    }

    /**
     * The rule for counting a dialog in this node's profiles; the counts are rebuilt (call again when sharing tags
     * change state).
     */
    public void countWhen(Predicate<Dialog> rule) {
        counts = rule;
        profiles.clear();
        for (Dialog d : byKey.values()) {
            if (counts.test(d)) {
                profiles.add(d.profiles);
            }
        }
    }

    /** The dialog of an in-dialog request in either direction, or null. */
    public Dialog find(String callId, String fromTag, String toTag) {
        Dialog d = byKey.get(Dialog.key(callId, fromTag));
        if (d == null && toTag != null) {
            d = byKey.get(Dialog.key(callId, toTag));
        }
        return d;
    }

    public Dialog byHashId(int hId) {
        return byHashId.get(hId);
    }

    /**
     * An initial INVITE: a new early dialog in {@code profiles}, or null when the table is full (the call is then
     * refused). A retransmitted or spiralled INVITE finds the dialog it made.
     */
    public Dialog invite(Invite i, List<Dialog.ProfileEntry> inProfiles, long nowMillis, long timeoutSeconds) {
        Dialog existing = byKey.get(Dialog.key(i.callId(), i.callerTag()));
        if (existing != null) {
            return existing;
        }
        if (byKey.size() >= maxDialogs) {
            return null;
        }
        Dialog d = new Dialog(i.callId(), i.callerTag(), i.fromUri(), i.toUri());
        d.hId = takeHashId();
        d.invitedAtMillis = nowMillis;
        d.timeoutSeconds = timeoutSeconds;
        d.callerCseq = i.cseq();
        d.callerContact = i.contact();
        d.callerRouteSet = i.routeSet();
        d.callerSocket = i.socket();
        d.sharingTag = i.sharingTag();
        if (!i.sharingTag().isEmpty()) {
            d.values.put(DialogValues.SHARING_TAG, i.sharingTag());
        }
        d.profiles.addAll(inProfiles);
        insert(d);
        return d;
    }

    /** What an initial INVITE says about its dialog. */
    public record Invite(String callId, String callerTag, String fromUri, String toUri, String cseq, String contact,
                         String routeSet, String socket, String sharingTag) {}

    /**
     * The first 2xx to the INVITE: the dialog is confirmed (returned, to be replicated as created); null for an
     * unknown dialog or a later 2xx (another fork's, or a retransmission).
     */
    public Dialog answered(String callId, String callerTag, String calleeTag, String calleeContact,
                           String calleeRouteSet, String calleeSocket, long nowMillis) {
        Dialog d = byKey.get(Dialog.key(callId, callerTag));
        if (d == null || d.state.isConfirmed() || d.state == DialogState.DELETED) {
            return null;
        }
        d.state = DialogState.CONFIRMED_NA;
        d.wasAnswered = true;
        d.calleeTag = calleeTag;
        d.calleeContact = calleeContact;
        d.calleeRouteSet = calleeRouteSet;
        d.calleeSocket = calleeSocket;
        d.answeredAtMillis = nowMillis;
        d.startSeconds = nowMillis / 1000;
        d.timeoutSeconds += d.startSeconds - d.invitedAtMillis / 1000; // the timeout runs from the answer
        return d;
    }

    /** The INVITE got a final non-2xx (or no answer): the early dialog goes, without a CDR. */
    public Dialog failed(String callId, String callerTag) {
        Dialog d = byKey.get(Dialog.key(callId, callerTag));
        if (d == null || d.state.isConfirmed()) {
            return null;
        }
        remove(d);
        return d;
    }

    /** The ACK of the 2xx: CONFIRMED_NA becomes CONFIRMED (returned, to be replicated as updated), else null. */
    public Dialog acked(Dialog d) {
        if (d.state != DialogState.CONFIRMED_NA) {
            return null;
        }
        d.state = DialogState.CONFIRMED;
        return d;
    }

    /** Ends a dialog (BYE, timeout, command); null if it was already gone. */
    public Ended end(Dialog d, EndReason reason, long nowMillis) {
        if (byKey.get(d.key()) != d) {
            return null;
        }
        remove(d);
        d.state = DialogState.DELETED;
        return new Ended(d, reason, nowMillis);
    }

    /** Confirmed dialogs whose timeout has passed at {@code nowSeconds}. */
    public List<Dialog> expired(long nowSeconds) {
        List<Dialog> out = new ArrayList<>();
        for (Dialog d : byKey.values()) {
            if (d.state.isConfirmed() && d.timeoutSeconds > 0 && d.timeoutSeconds <= nowSeconds) {
                out.add(d);
            }
        }
        return out;
    }

    /** Early dialogs older than {@code maxAgeMillis}: their INVITE transaction is long over (a lost answer). */
    public List<Dialog> staleEarly(long nowMillis, long maxAgeMillis) {
        List<Dialog> out = new ArrayList<>();
        for (Dialog d : byKey.values()) {
            if (!d.state.isConfirmed() && d.invitedAtMillis > 0 && nowMillis - d.invitedAtMillis > maxAgeMillis) {
                out.add(d);
            }
        }
        return out;
    }

    public Collection<Dialog> all() {
        return List.copyOf(byKey.values());
    }

    /**
     * A dialog created or updated on another node (replication or sync): the last packet wins, as in OpenSIPS.
     * Returns the stored dialog, or null if the table is full.
     */
    public Dialog applyReplica(Dialog replica) {
        Dialog existing = byKey.get(replica.key());
        if (existing != null) {
            remove(existing);
        } else if (byKey.size() >= maxDialogs) {
            return null;
        }
        replica.replicated = existing == null || existing.replicated;
        if (existing != null && existing.invitedAtMillis > 0) {
            replica.invitedAtMillis = existing.invitedAtMillis;
            replica.answeredAtMillis = existing.answeredAtMillis;
        }
        if (replica.hId >= nextHashId) {
            nextHashId = replica.hId + 1; // ids never collide across nodes (OpenSIPS bumps next_id the same way)
        }
        insert(replica);
        return replica;
    }

    private int takeHashId() {
        while (byHashId.containsKey(nextHashId) || nextHashId <= 0) {
            nextHashId = nextHashId <= 0 ? 1 : nextHashId + 1;
        }
        return nextHashId++;
    }

    private void insert(Dialog d) {
        byKey.put(d.key(), d);
        byHashId.put(d.hId, d);
        if (counts.test(d)) {
            profiles.add(d.profiles);
        }
    }

    private void remove(Dialog d) {
        byKey.remove(d.key(), d);
        byHashId.remove(d.hId, d);
        if (counts.test(d)) {
            profiles.remove(d.profiles);
        }
    }
}
