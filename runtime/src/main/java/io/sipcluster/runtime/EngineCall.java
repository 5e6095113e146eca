package io.sipcluster.runtime;

import io.sipcluster.core.ClusterEngine;
import io.sipcluster.core.Effects;

/**
 * Work run on the loop thread with the engine, the current monotonic time and the effects sink. This is the only
 * way to read or change cluster state from another thread (management, modules).
 */
@FunctionalInterface
public interface EngineCall<T> {
    T run(ClusterEngine engine, long nowMillis, Effects fx) throws Exception;
}
