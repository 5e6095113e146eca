package io.sipcluster.app.inspect;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.clusterer.ClustererPacketType;
import io.sipcluster.wire.clusterer.ExtraMessage;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.mi.MiPacket;
import io.sipcluster.wire.mi.MiPacketType;
import io.sipcluster.wire.usrloc.UsrlocMessage;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import java.util.Map;

/** Which record class holds the body of each typed (capability, packet type) pair, and the type names operators use. */
final class PacketTypes {
    private PacketTypes() {}

    private static final Map<ClustererPacketType, Class<? extends BinMessage>> CLUSTERER = Map.ofEntries(
            Map.entry(ClustererPacketType.PING, InternalMessage.Ping.class),
            Map.entry(ClustererPacketType.PONG, InternalMessage.Pong.class),
            Map.entry(ClustererPacketType.LS_UPDATE, InternalMessage.LsUpdate.class),
            Map.entry(ClustererPacketType.FULL_TOP_UPDATE, InternalMessage.FullTopUpdate.class),
            Map.entry(ClustererPacketType.UNKNOWN_ID, InternalMessage.UnknownId.class),
            Map.entry(ClustererPacketType.NODE_DESCRIPTION, InternalMessage.NodeDescription.class),
            Map.entry(ClustererPacketType.CAP_UPDATE, InternalMessage.CapUpdate.class),
            Map.entry(ClustererPacketType.REMOVE_NODE, ExtraMessage.RemoveNode.class),
            Map.entry(ClustererPacketType.GENERIC_MSG, ExtraMessage.GenericMsg.class),
            Map.entry(ClustererPacketType.MI_CMD, ExtraMessage.MiCmd.class),
            Map.entry(ClustererPacketType.SYNC_REQ, ExtraMessage.SyncReq.class),
            Map.entry(ClustererPacketType.SYNC, ExtraMessage.Sync.class),
            Map.entry(ClustererPacketType.SYNC_END, ExtraMessage.SyncEnd.class),
            Map.entry(ClustererPacketType.SHTAG_ACTIVE, ExtraMessage.ShtagActive.class));

    private static final Map<Integer, Class<? extends UsrlocMessage>> USRLOC = Map.of(
            UsrlocPacketType.AOR_INSERT, UsrlocMessage.AorInsert.class,
            UsrlocPacketType.AOR_DELETE, UsrlocMessage.AorDelete.class,
            UsrlocPacketType.CONTACT_INSERT, UsrlocMessage.ContactInsert.class,
            UsrlocPacketType.CONTACT_UPDATE, UsrlocMessage.ContactUpdate.class,
            UsrlocPacketType.CONTACT_DELETE, UsrlocMessage.ContactDelete.class);

    /** The clusterer record class for a type code on its capability, or null. */
    static Class<? extends BinMessage> clustererClass(Capability cap, int code) {
        ClustererPacketType t = ClustererPacketType.ofCode(code);
        return t != null && t.capability().equals(cap) ? CLUSTERER.get(t) : null;
    }

    static Class<? extends UsrlocMessage> usrlocClass(int code) {
        return USRLOC.get(code);
    }

    /** The {@code sipcluster-mi} record class for a type code, or null. */
    static Class<? extends MiPacket> miClass(int code) {
        return switch (code) {
            case MiPacketType.REQUEST -> MiPacket.Request.class;
            case MiPacketType.REPLY -> MiPacket.Reply.class;
            default -> null;
        };
    }

    /** OpenSIPS's name for a packet type, or null when the capability's types are not known here. */
    static String name(Capability cap, int code) {
        if (cap.equals(Capability.CLUSTERER_INTERNAL) || cap.equals(Capability.CLUSTERER_EXTRA)) {
            ClustererPacketType t = ClustererPacketType.ofCode(code);
            return t != null && t.capability().equals(cap) ? t.name() : null;
        }
        if (cap.equals(Capability.USRLOC)) {
            return UsrlocPacketType.name(code);
        }
        if (cap.equals(Capability.SIPCLUSTER_MI)) {
            return MiPacketType.name(code);
        }
        return null;
    }
}
