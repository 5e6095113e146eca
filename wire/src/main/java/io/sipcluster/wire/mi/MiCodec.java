package io.sipcluster.wire.mi;

import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.mi.MiPacket.Reply;
import io.sipcluster.wire.mi.MiPacket.Request;
import java.util.ArrayList;
import java.util.List;

/** Body layouts of {@code sipcluster-mi} version 1 (see {@link MiPacket} for the diagram). */
public final class MiCodec {
    private MiCodec() {}

    /** A param is at least its u16 length. */
    private static final int MIN_PARAM_BYTES = 2;

    /**
     * Decodes a body of a known type ({@link MiPacketType#isKnown}); {@code r} holds exactly the body, the trailer
     * already popped.
     */
    public static MiPacket decode(int packetType, BinReader r, Trailer trailer) throws MalformedPacketException {
        MiPacket m = switch (packetType) {
            case MiPacketType.REQUEST -> readRequest(r, trailer);
            case MiPacketType.REPLY -> new Reply(r.readLong("MI_REPLY.request_id"), r.readInt("MI_REPLY.status"),
                    r.readStr("MI_REPLY.body"), trailer);
            default -> throw new MalformedPacketException("header.packet_type",
                    "unknown sipcluster-mi packet type " + packetType);
        };
        r.expectEnd(MiPacketType.name(packetType));
        return m;
    }

    private static Request readRequest(BinReader r, Trailer trailer) throws MalformedPacketException {
        long id = r.readLong("MI_REQUEST.request_id");
        Str command = r.readStr("MI_REQUEST.cmd_name", WireLimits.MAX_MI_COMMAND_BYTES);
        int n = r.readCount("MI_REQUEST.no_params", WireLimits.MAX_MI_PARAMS, MIN_PARAM_BYTES);
        List<Str> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(r.readStr("MI_REQUEST.param"));
        }
        return new Request(id, command, params, trailer);
    }

    /** Writes a whole packet into {@code w}; returns its length. */
    public static int encode(MiPacket m, BinWriter w) {
        w.begin(m.capability(), m.version(), m.packetType()).writeLong(m.requestId());
        if (m instanceof Request q) {
            w.writeStr(q.command()).writeInt(q.params().size());
            q.params().forEach(w::writeStr);
        } else {
            Reply p = (Reply) m;
            w.writeInt(p.status()).writeStr(p.body());
        }
        m.trailer().writeTo(w);
        return w.finish();
    }
}
