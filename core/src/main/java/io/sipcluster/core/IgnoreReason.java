package io.sipcluster.core;

/**
 * Why the engine ignored an input. Ignoring is normal protocol behaviour, never fatal: each one is published as
 * a {@link ClusterEvent.Ignored} and counted per reason ({@link ClusterEngine#ignoredCounts()}), for metrics.
 */
public enum IgnoreReason {
    /** The packet names a cluster this node is not in. */
    UNKNOWN_CLUSTER,
    /** From, or about, a node the cluster does not know (and discovery did not add). */
    UNKNOWN_NODE,
    /** The packet claims to come from the local node's own id: a misconfigured peer, or a packet come back. */
    OWN_NODE_ID,
    /** A flooded update no newer than one already applied from the same node. */
    STALE_SEQUENCE,
    /** From a node that management disabled here. */
    NODE_DISABLED,
    /** Management disabled the local node in this cluster: it accepts nothing. */
    LOCAL_NODE_DISABLED,
    /** For a capability not registered here. */
    UNKNOWN_CAPABILITY,
    /** For a capability that management disabled here. */
    CAPABILITY_DISABLED,
    /** To pass on towards a node that no path reaches now. */
    NO_ROUTE,
    /** A relayed packet that would go round in circles: back to its source, or relayed too often. */
    ROUTING_LOOP,
    /** A field holds a value the protocol does not allow (a capability state of 7, a negative chunk count). */
    BAD_VALUE,
    /** Taking it would grow a table past its bound (sharing tags, capabilities of a node, held sync updates). */
    LIMIT_REACHED,
    /** Valid, but not expected now: sync data from a node that is not the donor, a reply to no request. */
    UNEXPECTED,
    /** Something this node does not implement (bridge packets, a packet type of a later version). */
    UNSUPPORTED,
    /** Not classified. */
    OTHER
}
