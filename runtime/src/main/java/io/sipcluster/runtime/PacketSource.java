package io.sipcluster.runtime;

/**
 * Where a {@link ReceivedPacket} came from. The loop tells it when each packet has been processed, so that a
 * connection can bound what it has handed over (and stop reading when the loop falls behind), and can notice a
 * peer whose every packet the clusterer ignores.
 */
@FunctionalInterface
public interface PacketSource {
    /**
     * Called on the loop thread once the engine has seen {@code packet} (or the loop dropped it while stopping).
     *
     * @param ignored the engine had no use for it: from an unknown node or cluster, stale, or disabled
     */
    void processed(ReceivedPacket packet, boolean ignored);

    /** For packets whose processing nobody waits for. */
    PacketSource NONE = (packet, ignored) -> { };
}
