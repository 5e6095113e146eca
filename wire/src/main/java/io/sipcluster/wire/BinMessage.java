package io.sipcluster.wire;

import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.usrloc.UsrlocPacket;

/**
 * A decoded BIN packet. The implementations follow the three ways OpenSIPS addresses packets:
 * {@link InternalMessage} (front header, direct neighbours only), {@link ExtraMessage} (clusterer control with a
 * trailer) and module packets ({@link UsrlocPacket}, sipcluster's own {@code MiPacket}, or {@link ModulePacket}
 * for a body we keep opaque).
 * (Not sealed: Java seals across packages only inside a named module, and this jar also runs on the class path.)
 */
public interface BinMessage {
    Capability capability();

    int version();

    int packetType();
}
