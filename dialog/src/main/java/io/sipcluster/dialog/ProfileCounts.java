package io.sipcluster.dialog;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This node's count of dialogs per profile and per profile value ({@code ""} for profiles without values): what it
 * broadcasts to the cluster with {@code dialog-prof-repl}, and the local part of a cluster-wide count.
 */
public final class ProfileCounts {
    private final Map<Dialog.ProfileEntry, Integer> counts = new HashMap<>();

    void add(List<Dialog.ProfileEntry> entries) {
        for (Dialog.ProfileEntry e : entries) {
            counts.merge(e, 1, Integer::sum);
        }
    }

    void remove(List<Dialog.ProfileEntry> entries) {
        for (Dialog.ProfileEntry e : entries) {
            counts.computeIfPresent(e, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    void clear() {
        counts.clear();
    }

    public int count(String profile, String value) {
        return counts.getOrDefault(new Dialog.ProfileEntry(profile, value == null ? "" : value), 0);
    }

    /** A copy of every non-zero count. */
    public Map<Dialog.ProfileEntry, Integer> snapshot() {
        return Map.copyOf(counts);
    }
}
