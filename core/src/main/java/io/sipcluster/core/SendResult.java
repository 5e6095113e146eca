package io.sipcluster.core;

/** What became of a send (OpenSIPS {@code clusterer_send_ret}, without its send-error case: sends queue). */
public enum SendResult {
    /** Handed to the transport towards the destination or the next hop. For a broadcast: at least one was. */
    SENT(1),
    /** The destination is known but no path to it is up (for a broadcast: none of the destinations). */
    DESTINATION_DOWN(-2),
    /** No such node in the cluster, or the local node is not in that cluster. */
    UNKNOWN_DESTINATION(-3),
    /** Management disabled the local node in this cluster. */
    LOCAL_NODE_DISABLED(-1);

    private final int scriptCode;

    SendResult(int scriptCode) {
        this.scriptCode = scriptCode;
    }

    /**
     * What OpenSIPS's script functions ({@code cluster_send_req}, {@code cluster_send_rpl},
     * {@code cluster_broadcast_req}) return for this result: 1 sent, -1 local node disabled, -2 destination down,
     * -3 an error (OpenSIPS's answer for an unknown node or cluster).
     */
    public int scriptCode() {
        return scriptCode;
    }
}
