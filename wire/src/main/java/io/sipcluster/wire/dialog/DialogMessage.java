package io.sipcluster.wire.dialog;

/** A decoded {@code dialog-dlg-repl} packet body. */
public sealed interface DialogMessage {
    /** REPLICATION_DLG_CREATED: a dialog confirmed on the sender. */
    record Created(DialogRecord dialog) implements DialogMessage {}

    /** REPLICATION_DLG_UPDATED: a dialog changed on the sender. */
    record Updated(DialogRecord dialog) implements DialogMessage {}

    /** REPLICATION_DLG_DELETED; {@code hId} is 0 in version 3, which identifies by Call-ID and tags. */
    record Deleted(String callId, String callerTag, String calleeTag, int hId) implements DialogMessage {}

    /** REPLICATION_DLG_CSEQ: the sender generated an in-dialog request on one leg. */
    record CseqUpdated(String callId, String otherTag, String tag, int hId, int lastGenCseq) implements DialogMessage {}

    /** REPLICATION_DLG_VALUE: a dialog value set ({@code type} 1 string, 2 integer) or removed (0). */
    record ValueSet(String callId, int hId, String name, int type, String text, int number) implements DialogMessage {}
}
