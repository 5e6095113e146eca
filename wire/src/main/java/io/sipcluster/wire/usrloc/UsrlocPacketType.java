package io.sipcluster.wire.usrloc;

/** usrloc's BIN packet types (OpenSIPS {@code ul_cluster.h}). WIRE CONSTANTS: never renumber. */
public final class UsrlocPacketType {
    private UsrlocPacketType() {}

    public static final int AOR_INSERT = 1;
    public static final int AOR_DELETE = 2;
    public static final int CONTACT_INSERT = 3;
    public static final int CONTACT_UPDATE = 4;
    public static final int CONTACT_DELETE = 5;
    /** The type a module sees for sync data (OpenSIPS SYNC_PACKET_TYPE); each chunk is one AoR or contact. */
    public static final int SYNC = 101;

    /** The data version this codec speaks (OpenSIPS UL_BIN_VERSION; v5 added the AoR key-value store). */
    public static final int VERSION = 5;

    public static String name(int type) {
        return switch (type) {
            case AOR_INSERT -> "REPL_URECORD_INSERT";
            case AOR_DELETE -> "REPL_URECORD_DELETE";
            case CONTACT_INSERT -> "REPL_UCONTACT_INSERT";
            case CONTACT_UPDATE -> "REPL_UCONTACT_UPDATE";
            case CONTACT_DELETE -> "REPL_UCONTACT_DELETE";
            case SYNC -> "SYNC";
            default -> null;
        };
    }
}
