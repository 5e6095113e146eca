package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Trailer;

/** A {@code usrloc-contact-repl} packet: a typed body and the clusterer trailer. */
public record UsrlocPacket(UsrlocMessage message, Trailer trailer) implements Routable {
    @Override
    public UsrlocPacket withTrailer(Trailer t) {
        return new UsrlocPacket(message, t);
    }

    @Override
    public Capability capability() {
        return Capability.USRLOC;
    }

    @Override
    public int version() {
        return UsrlocPacketType.VERSION;
    }

    @Override
    public int packetType() {
        return message.packetType();
    }
}
