package io.sipcluster.mgmt.metrics;

import io.sipcluster.core.ClusterEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Metric label for an engine event: its record name in snake case ({@code NodeUp} is {@code node_up}). */
final class EventKinds {
    private static final Map<Class<?>, String> KINDS = new ConcurrentHashMap<>();

    private EventKinds() { }

    static String of(ClusterEvent event) {
        return KINDS.computeIfAbsent(event.getClass(), c -> snake(c.getSimpleName()));
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
