package io.sipcluster.wire.mi;

/** Packet types of {@code sipcluster-mi}. WIRE CONSTANTS: never renumber; add new types with new numbers. */
public final class MiPacketType {
    private MiPacketType() {}

    /** Version of the {@code sipcluster-mi} packets this codec speaks. */
    public static final int VERSION = 1;

    public static final int REQUEST = 1;
    public static final int REPLY = 2;

    /** True for the types this codec decodes; other types of a later version are carried opaque. */
    public static boolean isKnown(int type) {
        return type == REQUEST || type == REPLY;
    }

    public static String name(int type) {
        return switch (type) {
            case REQUEST -> "MI_REQUEST";
            case REPLY -> "MI_REPLY";
            default -> null;
        };
    }
}
