package io.sipcluster.wire.usrloc;

import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.AorInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactDelete;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactInsert;
import io.sipcluster.wire.usrloc.UsrlocMessage.ContactUpdate;
import java.util.ArrayList;
import java.util.List;

/** Body layouts of {@code usrloc-contact-repl} version 5 (OpenSIPS {@code ul_cluster.c}). */
public final class UsrlocCodec {
    private UsrlocCodec() {}

    private static final int IS_AOR = 0;
    private static final int IS_CONTACT = 1;

    // ---------------------------------------------------------------- decoding

    /** Decodes a body; {@code r} holds exactly the body (trailer already popped). */
    public static UsrlocMessage decode(int packetType, BinReader r) throws MalformedPacketException {
        UsrlocMessage m = switch (packetType) {
            case UsrlocPacketType.AOR_INSERT -> readAorInsert(r);
            case UsrlocPacketType.AOR_DELETE -> new AorDelete(r.readStr("domain"), r.readStr("aor"));
            case UsrlocPacketType.CONTACT_INSERT -> new ContactInsert(readContact(r, false));
            case UsrlocPacketType.CONTACT_UPDATE -> new ContactUpdate(readContact(r, true));
            case UsrlocPacketType.CONTACT_DELETE -> new ContactDelete(r.readStr("domain"), r.readStr("aor"),
                    r.readStr("contact_uri"), r.readStr("callid"), r.readInt("cseq"), readMatch(r));
            default -> throw new MalformedPacketException("header.packet_type", "unknown usrloc packet type " + packetType);
        };
        r.expectEnd(UsrlocPacketType.name(packetType));
        return m;
    }

    /** Decodes the contents of one sync chunk ({@code is_contact}, then an AoR or a contact). */
    public static UsrlocSyncRecord decodeSyncChunk(Str chunk) throws MalformedPacketException {
        BinReader r = chunk.reader();
        int isContact = r.readInt("is_contact");
        UsrlocSyncRecord rec = switch (isContact) {
            case IS_AOR -> readAorInsert(r);
            case IS_CONTACT -> new ContactInsert(readContact(r, false));
            default -> throw new MalformedPacketException("is_contact", "expected 0 or 1, got " + isContact);
        };
        r.expectEnd("sync chunk");
        return rec;
    }

    private static AorInsert readAorInsert(BinReader r) throws MalformedPacketException {
        return new AorInsert(r.readStr("domain"), r.readStr("aor"), r.readInt("label"), r.readInt("next_clabel"),
                r.readStr("kv_store_json"));
    }

    /** Insert and update carry the same fields; the update moves {@code contact_id} after the kv store. */
    private static ContactData readContact(BinReader r, boolean idAtEnd) throws MalformedPacketException {
        Str domain = r.readStr("domain");
        Str aor = r.readStr("aor");
        Str uri = r.readStr("contact_uri");
        long contactId = idAtEnd ? 0 : r.readRawLong("contact_id");
        Str callid = r.readStr("callid");
        Str userAgent = r.readStr("user_agent");
        Str path = r.readStr("path");
        Str attr = r.readStr("attr");
        Str received = r.readStr("received");
        Str instance = r.readStr("instance");
        long expires = r.readRawLong("expires");
        int q = r.readRawInt("q");
        Str socket = r.readStr("socket");
        int cseq = r.readInt("cseq");
        int flags = r.readInt("flags");
        Str cflags = r.readStr("cflags");
        int methods = r.readInt("methods");
        long lastModified = r.readRawLong("last_modified");
        Str kv = r.readStr("kv_store_json");
        if (idAtEnd) {
            contactId = r.readRawLong("contact_id");
        }
        ContactMatch cmatch = readMatch(r);
        return new ContactData(domain, aor, uri, contactId, callid, userAgent, path, attr, received, instance,
                expires, q, socket, cseq, flags, cflags, methods, lastModified, kv, cmatch);
    }

    private static ContactMatch readMatch(BinReader r) throws MalformedPacketException {
        int mode = r.readInt("cmatch.mode");
        if (mode == ContactMatch.CONTACT_CALLID) {
            return ContactMatch.BY_CALLID; // what every sync chunk carries: no allocation
        }
        if (mode < ContactMatch.NONE || mode > ContactMatch.PARAMS) {
            throw new MalformedPacketException("cmatch.mode", "unknown contact match mode " + mode);
        }
        if (mode != ContactMatch.PARAMS) {
            return mode == ContactMatch.NONE ? ContactMatch.UNSET : new ContactMatch(mode, List.of());
        }
        int n = r.readCount("cmatch.no_params", WireLimits.MAX_CMATCH_PARAMS, 2);
        List<Str> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(r.readStr("cmatch.param"));
        }
        return new ContactMatch(mode, params);
    }

    // ---------------------------------------------------------------- encoding

    /** Writes a whole packet: header, body, trailer. Returns its length. */
    public static int encode(UsrlocMessage m, Trailer trailer, BinWriter w) {
        w.begin(Capability.USRLOC, UsrlocPacketType.VERSION, m.packetType());
        writeBody(m, w);
        trailer.writeTo(w);
        return w.finish();
    }

    public static int encode(UsrlocPacket p, BinWriter w) {
        return encode(p.message(), p.trailer(), w);
    }

    /** Appends one sync chunk's contents (without the chunk framing) to {@code w}. */
    public static void writeSyncRecord(UsrlocSyncRecord rec, BinWriter w) {
        if (rec instanceof AorInsert a) {
            w.writeInt(IS_AOR);
            writeAorInsert(a, w);
        } else {
            w.writeInt(IS_CONTACT);
            writeContact(((ContactInsert) rec).contact(), false, w);
        }
    }

    private static void writeBody(UsrlocMessage m, BinWriter w) {
        if (m instanceof AorInsert a) {
            writeAorInsert(a, w);
        } else if (m instanceof AorDelete d) {
            w.writeStr(d.domain()).writeStr(d.aor());
        } else if (m instanceof ContactInsert i) {
            writeContact(i.contact(), false, w);
        } else if (m instanceof ContactUpdate u) {
            writeContact(u.contact(), true, w);
        } else if (m instanceof ContactDelete d) {
            w.writeStr(d.domain()).writeStr(d.aor()).writeStr(d.contactUri()).writeStr(d.callid()).writeInt(d.cseq());
            writeMatch(d.cmatch(), w);
        } else {
            throw new IllegalStateException("no encoder for " + m);
        }
    }

    private static void writeAorInsert(AorInsert a, BinWriter w) {
        w.writeStr(a.domain()).writeStr(a.aor()).writeInt(a.label()).writeInt(a.nextClabel()).writeStr(a.kvStoreJson());
    }

    private static void writeContact(ContactData c, boolean idAtEnd, BinWriter w) {
        w.writeStr(c.domain()).writeStr(c.aor()).writeStr(c.contactUri());
        if (!idAtEnd) {
            w.writeRawLong(c.contactId());
        }
        w.writeStr(c.callid()).writeStr(c.userAgent()).writeStr(c.path()).writeStr(c.attr()).writeStr(c.received())
                .writeStr(c.instance()).writeRawLong(c.expires()).writeRawInt(c.q()).writeStr(c.socket())
                .writeInt(c.cseq()).writeInt(c.flags()).writeStr(c.cflags()).writeInt(c.methods())
                .writeRawLong(c.lastModified()).writeStr(c.kvStoreJson());
        if (idAtEnd) {
            w.writeRawLong(c.contactId());
        }
        writeMatch(c.cmatch(), w);
    }

    private static void writeMatch(ContactMatch m, BinWriter w) {
        w.writeInt(m.mode());
        if (m.mode() == ContactMatch.PARAMS) {
            w.writeInt(m.params().size());
            m.params().forEach(w::writeStr);
        }
    }
}
