package io.sipcluster.wire.dialog;

import java.util.Objects;

/**
 * One dialog as {@code dialog-dlg-repl} carries it in CREATED, UPDATED and sync chunks (OpenSIPS
 * {@code bin_push_dlg}), field for field. The two ping intervals exist from version 5 only; they are 0 when read
 * from older packets. {@code callerCseq} is the CSeq of the caller's leg: of requests sent <em>to</em> the caller.
 */
public record DialogRecord(String callId, String callerTag, String calleeTag, String fromUri, String toUri, int hId,
                           int startTs, int state, String callerSocket, String calleeSocket, String callerCseq,
                           String calleeCseq, String callerRouteSet, String calleeRouteSet, String callerContact,
                           String calleeContact, String calleeLegFromUri, String calleeLegToUri, String callerInSdp,
                           String callerOutSdp, String calleeInSdp, String calleeOutSdp, String callerAdvContact,
                           String calleeAdvContact, String vars, String profiles, int userFlags, int modFlags,
                           int flags, int optionsPingInterval, int reinvitePingInterval, int timeout,
                           int callerLastGenCseq, int calleeLastGenCseq, String onAnswerRoute, String onTimeoutRoute,
                           String onHangupRoute) {
    public DialogRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerTag, "callerTag");
        Objects.requireNonNull(calleeTag, "calleeTag");
    }
}
