package io.sipcluster.dialog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The other nodes' profile counts as their {@code dialog-prof-repl} broadcasts said: one counter per node, profile
 * and value, replaced by each broadcast. A counter not refreshed within {@code expireMillis} (OpenSIPS
 * {@code replicate_profiles_expire}, 10 s) counts as 0, and a node reported down is forgotten at once, so that its
 * calls are not counted twice once a backup counts them itself.
 */
public final class RemoteProfileCounts implements RemoteCounts {
    /** Beyond this many counters, new ones are ignored: the wire cannot make us keep unbounded state. */
    public static final int MAX_COUNTERS = 1_000_000;

    private record Key(int node, String profile, String value) {}

    private record Counter(int count, long at) {}

    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final long expireMillis;

    public RemoteProfileCounts(long expireMillis) {
        this.expireMillis = expireMillis;
    }

    /** A node's count of a profile value ({@code ""} for none); a count of 0 removes it. */
    public void update(int node, String profile, String value, int count, long nowMillis) {
        Key k = new Key(node, profile, value);
        if (count <= 0) {
            counters.remove(k);
        } else if (counters.size() < MAX_COUNTERS || counters.containsKey(k)) {
            counters.put(k, new Counter(count, nowMillis));
        }
    }

    public void forget(int node) {
        counters.keySet().removeIf(k -> k.node() == node);
    }

    /** Drops expired counters (the sums already ignore them; this frees the memory). */
    public void purge(long nowMillis) {
        counters.values().removeIf(c -> nowMillis - c.at() > expireMillis);
    }

    @Override
    public int count(String profile, String value, long nowMillis) {
        int sum = 0;
        for (Map.Entry<Key, Counter> e : counters.entrySet()) {
            Key k = e.getKey();
            boolean fresh = nowMillis - e.getValue().at() <= expireMillis;
            if (fresh && k.profile().equals(profile) && k.value().equals(value)) {
                sum += e.getValue().count();
            }
        }
        return sum;
    }

    public int size() {
        return counters.size();
    }
}
