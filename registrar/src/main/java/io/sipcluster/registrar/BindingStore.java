package io.sipcluster.registrar;

import java.util.List;

/**
 * Where the registrar keeps bindings, per address of record (the key from {@code SipUri.aorKey()}). The registrar
 * serialises its own updates of one AoR, so an implementation only needs each call to be atomic. Lapsed bindings
 * may still be returned: the registrar filters them by its clock and removes them.
 */
public interface BindingStore {
    /** The bindings of {@code aor}, in the order they were first added; empty if none. */
    List<Binding> bindings(String aor);

    /** Adds the binding, or replaces the one of the same AoR whose contact URI is the same text. */
    void put(Binding binding);

    /** Removes the binding of {@code aor} whose contact URI is {@code contactUri} (same text); no-op if absent. */
    void remove(String aor, String contactUri);

    /** Removes every binding of {@code aor}. */
    void removeAll(String aor);
}
