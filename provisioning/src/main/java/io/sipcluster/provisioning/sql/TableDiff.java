package io.sipcluster.provisioning.sql;

import io.sipcluster.core.config.ClusterSetup;
import io.sipcluster.core.config.NodeDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reload changed, node by node: what {@code clusterer_reload} reports and what the engine must apply.
 * This node's own entry is compared like any other.
 */
public record TableDiff(List<Entry> added, List<Entry> removed, List<Change> changed) {
    /** A node of a cluster. */
    public record Entry(int clusterId, NodeDescriptor node) {
    }

    /** A node whose row changed (url, priority, retries, seed flag, SIP address or state). */
    public record Change(int clusterId, NodeDescriptor before, NodeDescriptor after) {
    }

    public TableDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    public static final TableDiff NONE = new TableDiff(List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    public static TableDiff between(List<ClusterSetup> before, List<ClusterSetup> after) {
        Map<Long, Entry> old = index(before);
        Map<Long, Entry> now = index(after);
        List<Entry> added = new ArrayList<>();
        List<Entry> removed = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        now.forEach((key, e) -> {
            Entry was = old.get(key);
            if (was == null) {
                added.add(e);
            } else if (!was.node().equals(e.node())) {
                changed.add(new Change(e.clusterId(), was.node(), e.node()));
            }
        });
        old.forEach((key, e) -> {
            if (!now.containsKey(key)) {
                removed.add(e);
            }
        });
        return new TableDiff(added, removed, changed);
    }

    private static Map<Long, Entry> index(List<ClusterSetup> setups) {
        Map<Long, Entry> byKey = new LinkedHashMap<>();
        for (ClusterSetup s : setups) {
            byKey.put(key(s.clusterId(), s.self().nodeId()), new Entry(s.clusterId(), s.self()));
            for (NodeDescriptor n : s.neighbours()) {
                byKey.put(key(s.clusterId(), n.nodeId()), new Entry(s.clusterId(), n));
            }
        }
        return byKey;
    }

    private static long key(int clusterId, int nodeId) {
        return ((long) clusterId << 32) | (nodeId & 0xffffffffL);
    }

    @Override
    public String toString() {
        return "added " + added.size() + ", removed " + removed.size() + ", changed " + changed.size();
    }
}
