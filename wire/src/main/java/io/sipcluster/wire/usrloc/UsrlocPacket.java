package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Trailer;

/** A {@code usrloc-contact-repl} packet: a typed body and the clusterer trailer. */
public record UsrlocPacket(UsrlocMessage message, Trailer trailer) implements BinMessage {
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
