package io.sipcluster.usrloc.duty;

import io.sipcluster.usrloc.Binding;
import io.sipcluster.wire.Str;
import java.util.Collection;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which node acts on a shared binding: pings it when it is behind a NAT, and reports its expiry. In a
 * full-sharing cluster every node holds every binding, so without this every node would ping every phone.
 * Pure and immutable: rebuilt when the cluster changes (a node up or down, a sharing tag moving).
 *
 * <ul>
 *   <li><b>cooperation</b> (OpenSIPS {@code pinging_mode=cooperation}): the AoRs are split over the nodes that are
 *       up with the table synced, by a hash of the AoR: node ids sorted, this node's index among them, and the AoR's
 *       hash modulo their count. When the set changes the split changes with it, on every node the same way, as the
 *       set comes from the same cluster view. The hash is FNV-1a (32 bits) of the AoR's bytes, not OpenSIPS's
 *       {@code core_hash}: in a cluster mixing OpenSIPS nodes use ownership mode.</li>
 *   <li><b>ownership</b> (OpenSIPS {@code pinging_mode=ownership}): the node holding the binding's owner tag active;
 *       a binding without an owner tag is acted on by every node, as OpenSIPS does (a registrar configured with a
 *       sharing tag writes it on every binding).</li>
 *   <li><b>everything</b>: a single node.</li>
 * </ul>
 */
public final class ContactDuty {
    private enum Mode { EVERYTHING, COOPERATION, OWNERSHIP }

    private final Mode mode;
    private final int index;
    private final int nodes;
    private final Predicate<String> activeTag;

    private ContactDuty(Mode mode, int index, int nodes, Predicate<String> activeTag) {
        this.mode = mode;
        this.index = index;
        this.nodes = nodes;
        this.activeTag = activeTag;
    }

    /** This node acts on every binding (no cluster). */
    public static ContactDuty everything() {
        return new ContactDuty(Mode.EVERYTHING, 0, 1, t -> true);
    }

    /**
     * This node's share of the AoRs among {@code upAndSynced} (the nodes up with the table synced; this node is
     * counted whether listed or not).
     */
    public static ContactDuty cooperation(int self, Collection<Integer> upAndSynced) {
        TreeSet<Integer> ids = new TreeSet<>(upAndSynced);
        ids.add(self);
        return new ContactDuty(Mode.COOPERATION, ids.headSet(self).size(), ids.size(), t -> false);
    }

    /** The bindings whose owner tag {@code activeTag} says is active here, and those without one. */
    public static ContactDuty ownership(Predicate<String> activeTag) {
        return new ContactDuty(Mode.OWNERSHIP, 0, 1, Objects.requireNonNull(activeTag));
    }

    public boolean actsOn(Str aor, Binding b) {
        return switch (mode) {
            case EVERYTHING -> true;
            case COOPERATION -> Integer.remainderUnsigned(hash(aor), nodes) == index;
            case OWNERSHIP -> b.ownerTag().isEmpty() || activeTag.test(b.ownerTag().toString());
        };
    }

    /** FNV-1a over the AoR's bytes: stable across nodes, runs and JVMs. */
    static int hash(Str aor) {
        int h = 0x811C9DC5;
        for (int i = 0; i < aor.length(); i++) {
            h = (h ^ (aor.byteAt(i) & 0xFF)) * 0x01000193;
        }
        return h;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case EVERYTHING -> "every binding";
            case COOPERATION -> "AoR share " + (index + 1) + " of " + nodes;
            case OWNERSHIP -> "bindings owned by an active tag";
        };
    }
}
