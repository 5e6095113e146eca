package io.sipcluster.wire.clusterer;

import io.sipcluster.wire.Capability;

/**
 * The clusterer's packet types. WIRE CONSTANTS: the code is the ordinal of OpenSIPS's {@code clusterer_msg_type};
 * never renumber. Each type travels on one capability: {@code clusterer-internal} (front header, neighbours
 * only) or {@code clusterer-extra} (trailer, routable).
 */
public enum ClustererPacketType {
    PING(0, true),
    PONG(1, true),
    LS_UPDATE(2, true),
    FULL_TOP_UPDATE(3, true),
    UNKNOWN_ID(4, true),
    NODE_DESCRIPTION(5, true),
    REMOVE_NODE(6, false),
    GENERIC_MSG(7, false),
    MI_CMD(8, false),
    CAP_UPDATE(9, true),
    SYNC_REQ(10, false),
    SYNC(11, false),
    SYNC_END(12, false),
    SHTAG_ACTIVE(13, false);

    /** Header version of clusterer packets (OpenSIPS BIN_VERSION); not checked by OpenSIPS on receipt. */
    public static final int VERSION = 1;
    /** Header version of SYNC_REQ, SYNC and SYNC_END (OpenSIPS BIN_SYNC_VERSION since 3.3); others are dropped. */
    public static final int SYNC_VERSION = 3;

    private static final ClustererPacketType[] BY_CODE = values();

    private final int code;
    private final boolean internal;

    ClustererPacketType(int code, boolean internal) {
        this.code = code;
        this.internal = internal;
    }

    public int code() {
        return code;
    }

    public Capability capability() {
        return internal ? Capability.CLUSTERER_INTERNAL : Capability.CLUSTERER_EXTRA;
    }

    public int version() {
        return this == SYNC_REQ || this == SYNC || this == SYNC_END ? SYNC_VERSION : VERSION;
    }

    /** The type with this code, or null. */
    public static ClustererPacketType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
