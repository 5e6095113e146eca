package io.sipcluster.core.command;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Command requests sent and not answered yet, each with its deadline. Bounded: a caller that would exceed
 * {@link #MAX_PENDING} is refused (the table never evicts, so every accepted request still ends in an outcome).
 */
public final class PendingCommands {
    /** Enough for a command broadcast to the largest cluster, several times over. */
    public static final int MAX_PENDING = 4096;

    /** A request awaiting the answer of node {@code nodeId} of cluster {@code clusterId} until {@code deadline}. */
    public record Pending(long requestId, int clusterId, int nodeId, long deadline) {}

    private final Map<Long, Pending> byId = new LinkedHashMap<>();

    public boolean isFull() {
        return byId.size() >= MAX_PENDING;
    }

    public int size() {
        return byId.size();
    }

    public void add(Pending p) {
        if (isFull()) {
            throw new IllegalStateException("pending command table full");
        }
        if (byId.putIfAbsent(p.requestId(), p) != null) {
            throw new IllegalStateException("request id " + p.requestId() + " is already pending");
        }
    }

    /** Takes the request answered by this reply; null unless that request awaits this very node. */
    public Pending complete(long requestId, int clusterId, int nodeId) {
        Pending p = byId.get(requestId);
        if (p == null || p.clusterId() != clusterId || p.nodeId() != nodeId) {
            return null;
        }
        byId.remove(requestId);
        return p;
    }

    /** Takes every request whose deadline has come. */
    public List<Pending> expire(long now) {
        return removeIf(p -> now >= p.deadline());
    }

    /** Takes every request matching {@code condition}, in the order they were sent. */
    public List<Pending> removeIf(Predicate<Pending> condition) {
        List<Pending> out = new ArrayList<>();
        for (Iterator<Pending> it = byId.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (condition.test(p)) {
                it.remove();
                out.add(p);
            }
        }
        return out;
    }
}
