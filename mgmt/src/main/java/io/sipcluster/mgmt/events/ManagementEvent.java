package io.sipcluster.mgmt.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event as subscribers see it: OpenSIPS's event name and its parameters, in OpenSIPS's order.
 *
 * @param params parameter name to an {@link Integer} or a {@link String}
 */
public record ManagementEvent(String name, Map<String, Object> params) {
    public ManagementEvent {
        for (Object v : params.values()) {
            if (!(v instanceof Integer || v instanceof String)) {
                throw new IllegalArgumentException("event parameters are ints or strings, got " + v);
            }
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Builds the parameters in order: {@code of("E_X", "cluster_id", 1, "node_id", 2)}. */
    public static ManagementEvent of(String name, Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come as name, value pairs");
        }
        Map<String, Object> p = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new ManagementEvent(name, p);
    }
}
