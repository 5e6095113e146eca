package io.sipcluster.runtime;

import io.sipcluster.wire.BinMessage;

/**
 * A packet a connection decoded, on its way to the loop thread.
 *
 * @param connectionId the transport's id of the connection it arrived on (for {@code Effects.reply})
 * @param wireBytes its size on the wire, which the connection counts against its inbound budget until
 *     {@code source} hears it was processed
 * @param source the connection, told when the loop is done with the packet
 */
public record ReceivedPacket(BinMessage message, long connectionId, int wireBytes, PacketSource source) {
    public ReceivedPacket {
        if (message == null || source == null) {
            throw new IllegalArgumentException("a received packet needs a message and a source");
        }
    }
}
