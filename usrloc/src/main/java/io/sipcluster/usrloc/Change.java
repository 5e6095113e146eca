package io.sipcluster.usrloc;

import io.sipcluster.wire.usrloc.UsrlocMessage;
import java.util.List;

/**
 * The result of a local operation: what it did, and the {@code usrloc-contact-repl} records to broadcast (in order)
 * so that the other nodes do the same. Empty when nothing changed.
 */
public record Change(Outcome outcome, List<UsrlocMessage> replicate) {
    public Change {
        replicate = List.copyOf(replicate);
    }

    static Change of(Outcome o) {
        return new Change(o, List.of());
    }
}
