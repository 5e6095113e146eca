package io.sipcluster.wire.dialog;

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
 * {@code dialog-prof-repl} REPLICATION_DLG_PROFILE (type 4): entries repeated to the end of the body, each
 * {@code str name, int has_value, [str value], int count}, with the sender's own count. Senders cut their entries
 * into packets of a byte budget (OpenSIPS flushes at 1,400 bytes).
 */
public final class ProfileCodec {
    public static final int PROFILE = 4;
    /** The smallest entry: an empty name (2), has_value (4), count (4). */
    private static final int MIN_ENTRY = 10;

    /** One profile (and value) with the sender's count of it. */
    public record Entry(String profile, boolean hasValue, String value, int count) {}

    private ProfileCodec() {}

    /** The entries in packets of at most about {@code budget} body bytes each (an entry is never split). */
    public static List<ModulePacket> encode(List<Entry> entries, int version, int budget) {
        List<ModulePacket> out = new ArrayList<>();
        BinWriter w = new BinWriter(Math.min(budget + 256, 65_000));
        for (Entry e : entries) {
            int before = w.position();
            w.writeStr(str(e.profile())).writeInt(e.hasValue() ? 1 : 0);
            if (e.hasValue()) {
                w.writeStr(str(e.value()));
            }
            w.writeInt(e.count());
            if (w.position() >= budget && before > 0) {
                out.add(packet(Arrays.copyOf(w.array(), before), version));
                byte[] tail = Arrays.copyOfRange(w.array(), before, w.position());
                w = new BinWriter(Math.min(budget + 256, 65_000));
                w.writeBytes(Str.ofBytes(tail));
            }
        }
        if (w.position() > 0) {
            out.add(packet(Arrays.copyOf(w.array(), w.position()), version));
        }
        return out;
    }

    private static ModulePacket packet(byte[] body, int version) {
        return new ModulePacket(Capability.DIALOG_PROFILES, version, PROFILE, Str.ofBytes(body), Trailer.UNADDRESSED);
    }

    public static List<Entry> decode(ModulePacket p) throws MalformedPacketException {
        if (p.packetType() != PROFILE) {
            throw new MalformedPacketException("header.packet_type", "dialog-prof-repl type " + p.packetType());
        }
        BinReader r = p.body().reader();
        List<Entry> out = new ArrayList<>(Math.min(256, r.remaining() / MIN_ENTRY));
        while (!r.atEnd()) {
            String name = r.readStr("profile_name").toString();
            int hasValue = r.readInt("has_value");
            String value = hasValue != 0 ? r.readStr("value").toString() : "";
            int count = r.readInt("count");
            if (count < 0) {
                throw new MalformedPacketException("count", "negative profile count " + count);
            }
            out.add(new Entry(name, hasValue != 0, value, count));
        }
        return out;
    }

    private static Str str(String s) {
        return s.isEmpty() ? Str.EMPTY : Str.ofBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
