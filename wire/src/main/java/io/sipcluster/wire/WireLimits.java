package io.sipcluster.wire;

/**
 * Every limit the codec enforces on what it reads from the wire, in one place.
 *
 * <p>Where OpenSIPS has a limit we use its value; where it has none we set one, generous enough for real
 * traffic, so that no count read from a packet can make a node allocate or loop without bound.
 */
public final class WireLimits {
    private WireLimits() {}

    /** "P4CK" + pkg_len + version + cap_len + a 1-byte capability + packet type (OpenSIPS MIN_BIN_PACKET_SIZE). */
    public static final int MIN_PACKET_BYTES = 17;
    /** TCP_BUF_SIZE 65535 minus 20 bytes OpenSIPS reserves for re-sending with a trailer (BIN_MAX_BUF_LEN). */
    public static final int MAX_PACKET_BYTES = 65_515;
    /** Longest capability name we accept; OpenSIPS names are under 32 bytes. */
    public static final int MAX_CAPABILITY_BYTES = 255;
    /**
     * Nodes in one cluster, as listed in PONG, FULL_TOP_UPDATE and CAP_UPDATE. OpenSIPS stops at 128; sipcluster
     * supports larger clusters, and a packet cannot hold more than this many entries anyway.
     */
    public static final int MAX_NODES = 1024;
    /** Neighbours of one node in a FULL_TOP_UPDATE entry. */
    public static final int MAX_NEIGHBOURS = MAX_NODES;
    /** Capabilities one node may advertise in a CAP_UPDATE. */
    public static final int MAX_CAPABILITIES_PER_NODE = 64;
    /** Flooding path length; OpenSIPS drops longer paths (UPDATE_MAX_PATH_LEN). */
    public static final int MAX_PATH = 25;
    /** Positional parameters of an MI command sent over the cluster (OpenSIPS MAX_MI_PARAMS). */
    public static final int MAX_MI_PARAMS = 20;
    /** Name of a management command sent over the cluster; OpenSIPS names are under 40 bytes. */
    public static final int MAX_MI_COMMAND_BYTES = 255;
    /** Contact-matching parameters in a usrloc packet (PARAMS mode names URI parameters, usually one). */
    public static final int MAX_CMATCH_PARAMS = 32;
}
