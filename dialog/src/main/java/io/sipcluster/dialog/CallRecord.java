package io.sipcluster.dialog;

import java.util.Objects;

/**
 * A call detail record: one per answered call, written by the node whose sharing tag for the call is active.
 * {@code (callId, callerTag, calleeTag)} identifies the call, so a store can refuse a second record of it.
 *
 * @param startMillis  when the INVITE arrived (0 if this node learnt the call only once answered)
 * @param answerMillis when the call was answered
 * @param endMillis    when it ended here
 * @param endReason    bye-caller, bye-callee, timeout, management, ping-failed; "replicated" when the call ended
 *                     on another node (a backup, or the active node that failed before its record was known written)
 * @param nodeId       the node that wrote the record
 */
public record CallRecord(String callId, String callerTag, String calleeTag, String caller, String callee,
                         long startMillis, long answerMillis, long endMillis, String endReason, int nodeId) {
    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(callerTag, "callerTag");
        Objects.requireNonNull(calleeTag, "calleeTag");
    }

    /** Whole seconds from answer to end. */
    public long durationSeconds() {
        return Math.max(0, (endMillis - answerMillis) / 1000);
    }

    static CallRecord of(DialogTable.Ended e, int nodeId) {
        Dialog d = e.dialog();
        long answered = d.answeredAtMillis > 0 ? d.answeredAtMillis : d.startSeconds * 1000;
        return new CallRecord(d.callId, d.callerTag, d.calleeTag, d.fromUri, d.toUri, d.invitedAtMillis, answered,
                e.atMillis(), reasonName(e.reason()), nodeId);
    }

    static String reasonName(DialogTable.EndReason r) {
        return switch (r) {
            case BYE_CALLER -> "bye-caller";
            case BYE_CALLEE -> "bye-callee";
            case TIMEOUT -> "timeout";
            case MANAGEMENT -> "management";
            case PING_FAILED -> "ping-failed";
            case REPLICATED_DELETE -> "replicated";
        };
    }
}
