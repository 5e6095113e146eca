package io.sipcluster.core;

/** What became of a module's send (OpenSIPS {@code clusterer_send_ret}, without its send-error case: sends queue). */
public enum SendResult {
    /** Handed to the transport towards the destination or the next hop. For a broadcast: at least one was. */
    SENT,
    /** The destination is known but no path to it is up (for a broadcast: none of the destinations). */
    DESTINATION_DOWN,
    /** No such node in the cluster, or the local node is not in that cluster. */
    UNKNOWN_DESTINATION,
    /** Management disabled the local node in this cluster. */
    LOCAL_NODE_DISABLED
}
