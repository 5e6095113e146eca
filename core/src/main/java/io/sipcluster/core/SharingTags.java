package io.sipcluster.core;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sharing tags of one cluster, with OpenSIPS's semantics ({@code sharing_tags.c}): a tag is active or backup
 * on each node; activating it here tells every other node, which sets its copy to backup; the most recent
 * announcement wins. Nodes that cannot be told now are told when they become reachable. There is no automatic
 * failover yet: a tag changes only by activation here or an announcement from another node.
 *
 * <p>Pure bookkeeping: it says whom to tell, and the cluster sends.
 */
final class SharingTags {
    /** Tags one cluster may hold; announcements naming new tags past this are ignored, so peers cannot grow it. */
    static final int MAX_TAGS = 1024;

    private static final class Tag {
        boolean active;
        /** Nodes that still have to hear that this node holds the tag. */
        final Set<Integer> toTell = new TreeSet<>();
    }

    private final Map<String, Tag> tags = new TreeMap<>();

    /** Declares a tag from the configuration; an active one is announced to each node as it becomes reachable. */
    void declare(String name, boolean active, Set<Integer> allNodes) {
        Tag t = tags.computeIfAbsent(name, k -> new Tag());
        t.active = active;
        if (active) {
            t.toTell.addAll(allNodes);
        }
    }

    /** Makes the tag active here; returns true if it changed. Every node must now be told. */
    boolean activate(String name, Set<Integer> allNodes) {
        Tag t = tags.computeIfAbsent(name, k -> new Tag());
        boolean changed = !t.active;
        t.active = true;
        t.toTell.clear();
        t.toTell.addAll(allNodes);
        return changed;
    }

    /** Another node took the tag: ours goes to backup. Returns true if it changed; null if the tag was refused. */
    Boolean announcedElsewhere(String name) {
        Tag t = tags.get(name);
        if (t == null) {
            if (tags.size() >= MAX_TAGS) {
                return null;
            }
            t = new Tag();
            tags.put(name, t);
        }
        boolean changed = t.active;
        t.active = false;
        t.toTell.clear();
        return changed;
    }

    /** The node was told (or left the cluster). */
    void told(String name, int nodeId) {
        Tag t = tags.get(name);
        if (t != null) {
            t.toTell.remove(nodeId);
        }
    }

    /** Active tags that {@code nodeId} has not heard of yet. */
    Set<String> owedTo(int nodeId) {
        Set<String> out = new TreeSet<>();
        tags.forEach((name, t) -> {
            if (t.active && t.toTell.contains(nodeId)) {
                out.add(name);
            }
        });
        return out;
    }

    /** Tag name to active (true) or backup (false). */
    Map<String, Boolean> view() {
        Map<String, Boolean> out = new TreeMap<>();
        tags.forEach((name, t) -> out.put(name, t.active));
        return out;
    }
}
