package io.sipcluster.sim;

import io.sipcluster.core.ClusterEvent;

/** An event a node published, with when and where. */
public record SimEvent(long atMillis, int nodeId, ClusterEvent event) {}
