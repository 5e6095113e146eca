package io.sipcluster.registrar;

import java.util.List;

/**
 * Where the registrar keeps bindings, per address of record (the key from {@code SipUri.aorKey()}). The registrar
 * serialises its own updates of one AoR, so an implementation only needs each call to be atomic. Lapsed bindings
 * may still be returned: the registrar filters them by its clock (expiry is the store's own housekeeping).
 */
public interface BindingStore {
    /** What became of a binding the registrar stored. */
    enum PutResult {
        STORED,
        /** The AoR already holds as many bindings as allowed. */
        AOR_FULL,
        /** The whole table is full. */
        TABLE_FULL
    }

    /** The bindings of {@code aor}; empty if none. */
    List<Binding> bindings(String aor);

    /**
     * Stores {@code binding}: a new one, or the refresh of {@code replaced} (a binding of the same AoR whose contact
     * URI is equivalent), or null when new.
     */
    PutResult put(Binding binding, Binding replaced);

    /** Removes {@code binding}, as asked by a request with this Call-ID and CSeq (an expires of 0). */
    void remove(Binding binding, String callId, long cseq);

    /** Removes every binding of {@code aor} ({@code Contact: *}). */
    void removeAll(String aor);
}
