package io.sipcluster.usrloc;

/** What a change to the table, local or replicated, did. */
public enum Outcome {
    /** A new binding was added. */
    INSERTED,
    /** An existing binding was overwritten with newer data. */
    UPDATED,
    /** A binding (or every binding of an AoR) was removed. */
    REMOVED,
    /** A new AoR was created (replicated AoR insert). */
    AOR_CREATED,
    /** Nothing to do: the AoR already exists, the binding is already gone, or the record is expired. */
    NO_CHANGE,
    /** The CSeq is older than the stored one (OpenSIPS {@code get_ucontact} -1). */
    IGNORED_OLDER,
    /** Same Call-ID and CSeq within {@code cseq_delay} of the last change (OpenSIPS {@code get_ucontact} -2). */
    IGNORED_RETRANSMISSION,
    /** A delete for this binding with the same or a newer CSeq was seen before (a tombstone). */
    IGNORED_DELETED,
    /** The AoR already holds {@link UsrlocLimits#maxContactsPerAor()} bindings. */
    REFUSED_AOR_FULL,
    /** The table already holds {@link UsrlocLimits#maxContacts()} bindings. */
    REFUSED_TABLE_FULL;

    /** True if the table changed. */
    public boolean changed() {
        return this == INSERTED || this == UPDATED || this == REMOVED || this == AOR_CREATED;
    }
}
