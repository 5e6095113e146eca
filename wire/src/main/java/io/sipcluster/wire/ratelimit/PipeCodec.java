package io.sipcluster.wire.ratelimit;

import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code ratelimit-pipe-repl} RL_PIPE_COUNTER (type 0, version 1; OpenSIPS {@code ratelimit_helper.c}): entries to
 * the end of the body, each {@code str name, int flags, int algo, int limit, int counter}.
 */
public final class PipeCodec {
    public static final int VERSION = 1;
    public static final int PIPE_COUNTER = 0;
    private static final int MIN_ENTRY = 18;

    /** One pipe's state as its sender counts it. */
    public record Entry(String name, int flags, int algorithm, int limit, int counter) {}

    private PipeCodec() {}

    /** Packets of at most about {@code budget} body bytes (OpenSIPS flushes at 32,767). */
    public static List<ModulePacket> encode(List<Entry> entries, int budget) {
        List<ModulePacket> out = new ArrayList<>();
        BinWriter w = new BinWriter(Math.min(budget + 256, 65_000));
        for (Entry e : entries) {
            int before = w.position();
            w.writeStr(Str.ofBytes(e.name().getBytes(StandardCharsets.UTF_8))).writeInt(e.flags())
                    .writeInt(e.algorithm()).writeInt(e.limit()).writeInt(e.counter());
            if (w.position() >= budget && before > 0) {
                out.add(packet(Arrays.copyOf(w.array(), before)));
                byte[] tail = Arrays.copyOfRange(w.array(), before, w.position());
                w = new BinWriter(Math.min(budget + 256, 65_000));
                w.writeBytes(Str.ofBytes(tail));
            }
        }
        if (w.position() > 0) {
            out.add(packet(Arrays.copyOf(w.array(), w.position())));
        }
        return out;
    }

    private static ModulePacket packet(byte[] body) {
        return new ModulePacket(Capability.RATELIMIT, VERSION, PIPE_COUNTER, Str.ofBytes(body), Trailer.UNADDRESSED);
    }

    public static List<Entry> decode(ModulePacket p) throws MalformedPacketException {
        if (p.version() != VERSION || p.packetType() != PIPE_COUNTER) {
            throw new MalformedPacketException("header", "ratelimit-pipe-repl v" + p.version() + " type "
                    + p.packetType() + " not supported (only v1 type 0)");
        }
        BinReader r = p.body().reader();
        List<Entry> out = new ArrayList<>(Math.min(256, r.remaining() / MIN_ENTRY));
        while (!r.atEnd()) {
            String name = r.readStr("pipe_name").toString();
            out.add(new Entry(name, r.readInt("flags"), r.readInt("algo"), r.readInt("limit"), r.readInt("counter")));
        }
        return out;
    }
}
