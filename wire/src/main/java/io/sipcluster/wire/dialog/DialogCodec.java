package io.sipcluster.wire.dialog;

import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.ModulePacket;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bodies of {@code dialog-dlg-repl} (OpenSIPS {@code dlg_replication.c}) in versions 3, 4 and 5: version 5
 * (master) adds the two ping intervals after the flags; version 4 (OpenSIPS 3.6) is the same without them and is
 * what a node speaks to 3.6 peers; version 3 identifies a deleted dialog by Call-ID and tags only. Sync chunks hold
 * one dialog each, in the CREATED layout.
 */
public final class DialogCodec {
    public static final int CREATED = 1;
    public static final int UPDATED = 2;
    public static final int DELETED = 3;
    public static final int CSEQ = 4;
    public static final int VALUE = 5;
    public static final int MIN_VERSION = 3;
    public static final int MAX_VERSION = 5;

    private static final int VAL_NONE = 0;
    private static final int VAL_STR = 1;
    private static final int VAL_INT = 2;

    private DialogCodec() {}

    public static boolean supports(int version) {
        return version >= MIN_VERSION && version <= MAX_VERSION;
    }

    // ---------------------------------------------------------------- encoding

    public static ModulePacket created(DialogRecord d, int version) {
        return packet(CREATED, version, dialogBody(d, version));
    }

    public static ModulePacket updated(DialogRecord d, int version) {
        return packet(UPDATED, version, dialogBody(d, version));
    }

    public static ModulePacket deleted(String callId, String callerTag, String calleeTag, int hId, int version) {
        BinWriter w = new BinWriter(128);
        w.writeStr(str(callId)).writeStr(str(callerTag)).writeStr(str(calleeTag));
        if (version >= 4) {
            w.writeInt(hId);
        }
        return packet(DELETED, version, body(w));
    }

    /** REPLICATION_DLG_CSEQ: the last CSeq the sender used towards the party whose tag is {@code tag}. */
    public static ModulePacket cseq(String callId, String otherTag, String tag, int hId, int lastGenerated,
                                    int version) {
        BinWriter w = new BinWriter(128);
        w.writeStr(str(callId)).writeStr(str(otherTag)).writeStr(str(tag));
        if (version >= 4) {
            w.writeInt(hId);
        }
        w.writeInt(lastGenerated);
        return packet(CSEQ, version, body(w));
    }

    /** One sync chunk: a dialog in the CREATED layout. */
    public static Str syncChunk(DialogRecord d, int version) {
        return dialogBody(d, version);
    }

    private static ModulePacket packet(int type, int version, Str body) {
        if (!supports(version)) {
            throw new IllegalArgumentException("dialog-dlg-repl version " + version + " is not 3, 4 or 5");
        }
        return new ModulePacket(Capability.DIALOG, version, type, body, Trailer.UNADDRESSED);
    }

    static Str dialogBody(DialogRecord d, int version) {
        BinWriter w = new BinWriter(640);
        w.writeStr(str(d.callId())).writeStr(str(d.callerTag())).writeStr(str(d.calleeTag()))
                .writeStr(str(d.fromUri())).writeStr(str(d.toUri())).writeInt(d.hId()).writeInt(d.startTs())
                .writeInt(d.state());
        w.writeStr(str(d.callerSocket())).writeStr(str(d.calleeSocket()));
        w.writeStr(str(d.callerCseq())).writeStr(str(d.calleeCseq())).writeStr(str(d.callerRouteSet()))
                .writeStr(str(d.calleeRouteSet())).writeStr(str(d.callerContact())).writeStr(str(d.calleeContact()))
                .writeStr(str(d.calleeLegFromUri())).writeStr(str(d.calleeLegToUri()));
        w.writeStr(str(d.callerInSdp())).writeStr(str(d.callerOutSdp())).writeStr(str(d.calleeInSdp()))
                .writeStr(str(d.calleeOutSdp())).writeStr(str(d.callerAdvContact()))
                .writeStr(str(d.calleeAdvContact()));
        w.writeStr(str(d.vars())).writeStr(str(d.profiles()));
        w.writeInt(d.userFlags()).writeInt(d.modFlags()).writeInt(d.flags());
        if (version >= 5) {
            w.writeInt(d.optionsPingInterval()).writeInt(d.reinvitePingInterval());
        }
        w.writeInt(d.timeout()).writeInt(d.callerLastGenCseq()).writeInt(d.calleeLastGenCseq());
        w.writeStr(str(d.onAnswerRoute())).writeStr(str(d.onTimeoutRoute())).writeStr(str(d.onHangupRoute()));
        return body(w);
    }

    private static Str body(BinWriter w) {
        return Str.ofBytes(Arrays.copyOf(w.array(), w.position()));
    }

    private static Str str(String s) {
        if (s == null || s.isEmpty()) {
            return Str.EMPTY;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 65_535) {
            throw new IllegalArgumentException("a dialog field longer than 65,535 bytes cannot be sent");
        }
        return Str.ofBytes(b);
    }

    // ---------------------------------------------------------------- decoding

    /**
     * Decodes a {@code dialog-dlg-repl} packet (not a sync).
     *
     * @throws MalformedPacketException for an unknown type or version, or a body that does not read exactly
     */
    public static DialogMessage decode(ModulePacket p) throws MalformedPacketException {
        int v = p.version();
        if (!supports(v)) {
            throw new MalformedPacketException("header.version", "dialog-dlg-repl version " + v + " not supported");
        }
        BinReader r = p.body().reader();
        DialogMessage m = switch (p.packetType()) {
            case CREATED -> new DialogMessage.Created(readDialog(r, v));
            case UPDATED -> new DialogMessage.Updated(readDialog(r, v));
            case DELETED -> new DialogMessage.Deleted(text(r, "callid"), text(r, "caller_tag"),
                    text(r, "callee_tag"), v >= 4 ? r.readInt("h_id") : 0);
            case CSEQ -> new DialogMessage.CseqUpdated(text(r, "callid"), text(r, "other_tag"), text(r, "tag"),
                    v >= 4 ? r.readInt("h_id") : 0, r.readInt("last_gen_cseq"));
            case VALUE -> readValue(r);
            default -> throw new MalformedPacketException("header.packet_type",
                    "unknown dialog-dlg-repl packet type " + p.packetType());
        };
        r.expectEnd("dialog-dlg-repl type " + p.packetType());
        return m;
    }

    /** One sync chunk of a dialog sync in {@code version}. */
    public static DialogRecord decodeSyncChunk(Str chunk, int version) throws MalformedPacketException {
        if (!supports(version)) {
            throw new MalformedPacketException("sync.data_version", "dialog sync version " + version);
        }
        BinReader r = chunk.reader();
        DialogRecord d = readDialog(r, version);
        r.expectEnd("dialog sync chunk");
        return d;
    }

    private static DialogMessage readValue(BinReader r) throws MalformedPacketException {
        String callId = text(r, "callid");
        int hId = r.readInt("h_id");
        String name = text(r, "name");
        int type = r.readInt("val_type");
        return switch (type) {
            case VAL_NONE -> new DialogMessage.ValueSet(callId, hId, name, type, "", 0);
            case VAL_STR -> new DialogMessage.ValueSet(callId, hId, name, type, text(r, "value"), 0);
            case VAL_INT -> new DialogMessage.ValueSet(callId, hId, name, type, "", r.readInt("value"));
            default -> throw new MalformedPacketException("val_type", "expected 0, 1 or 2, got " + type);
        };
    }

    static DialogRecord readDialog(BinReader r, int v) throws MalformedPacketException {
        String callId = text(r, "callid");
        String callerTag = text(r, "caller_tag");
        String calleeTag = text(r, "callee_tag");
        String fromUri = text(r, "from_uri");
        String toUri = text(r, "to_uri");
        int hId = r.readInt("h_id");
        int startTs = r.readInt("start_ts");
        int state = r.readInt("state");
        if (state < 1 || state > 5) {
            throw new MalformedPacketException("state", "expected 1-5, got " + state);
        }
        String callerSocket = text(r, "caller_socket");
        String calleeSocket = text(r, "callee_socket");
        String callerCseq = text(r, "caller_cseq");
        String calleeCseq = text(r, "callee_cseq");
        String callerRoutes = text(r, "caller_route_set");
        String calleeRoutes = text(r, "callee_route_set");
        String callerContact = text(r, "caller_contact");
        String calleeContact = text(r, "callee_contact");
        String legFrom = text(r, "callee_leg_from_uri");
        String legTo = text(r, "callee_leg_to_uri");
        String callerIn = text(r, "caller_in_sdp");
        String callerOut = text(r, "caller_out_sdp");
        String calleeIn = text(r, "callee_in_sdp");
        String calleeOut = text(r, "callee_out_sdp");
        String callerAdv = text(r, "caller_adv_contact");
        String calleeAdv = text(r, "callee_adv_contact");
        String vars = text(r, "vars");
        String profiles = text(r, "profiles");
        int userFlags = r.readInt("user_flags");
        int modFlags = r.readInt("mod_flags");
        int flags = r.readInt("flags");
        int optionsPing = v >= 5 ? r.readInt("options_ping_interval") : 0;
        int reinvitePing = v >= 5 ? r.readInt("reinvite_ping_interval") : 0;
        int timeout = r.readInt("timeout");
        int callerGen = r.readInt("caller_last_gen_cseq");
        int calleeGen = r.readInt("callee_last_gen_cseq");
        return new DialogRecord(callId, callerTag, calleeTag, fromUri, toUri, hId, startTs, state, callerSocket,
                calleeSocket, callerCseq, calleeCseq, callerRoutes, calleeRoutes, callerContact, calleeContact,
                legFrom, legTo, callerIn, callerOut, calleeIn, calleeOut, callerAdv, calleeAdv, vars, profiles,
                userFlags, modFlags, flags, optionsPing, reinvitePing, timeout, callerGen, calleeGen,
                text(r, "on_answer_route"), text(r, "on_timeout_route"), text(r, "on_hangup_route"));
    }

    private static String text(BinReader r, String field) throws MalformedPacketException {
        Str s = r.readStr(field);
        return s.isEmpty() ? "" : s.toString();
    }
}
