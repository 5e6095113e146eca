package io.sipcluster.runtime;

import io.sipcluster.wire.Routable;

/** A module's receiver for the packets of its capability. Called on the loop thread: it must not block. */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(int clusterId, int srcNodeId, Routable packet);
}
