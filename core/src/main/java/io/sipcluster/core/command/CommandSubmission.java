package io.sipcluster.core.command;

/**
 * What became of a command handed to the engine for one node. An accepted one ends later in exactly one
 * {@code ClusterEvent.CommandResult} with the same request id; a refused one was not sent.
 *
 * @param requestId the id the result will carry; -1 when refused
 */
public record CommandSubmission(int nodeId, long requestId, Status status) {
    public enum Status {
        /** Sent as a sipcluster-mi REQUEST; the result comes as a CommandResult event. */
        AWAITING_RESULT(true),
        /** Sent as OpenSIPS's MI_CMD to a node that cannot answer; a NO_RESULT_FROM_OPENSIPS result follows at once. */
        SENT_WITHOUT_RESULT(true),
        /** The node is disabled or no path reaches it now. */
        DESTINATION_DOWN(false),
        /** No such node in the cluster (or it is the local node: run the command here instead). */
        UNKNOWN_DESTINATION(false),
        /** Management disabled the local node in this cluster. */
        LOCAL_NODE_DISABLED(false),
        /** {@link PendingCommands#MAX_PENDING} requests are already awaiting an answer. */
        TOO_MANY_PENDING(false),
        /** The command and its parameters do not fit one BIN packet. */
        TOO_LARGE(false);

        private final boolean accepted;

        Status(boolean accepted) {
            this.accepted = accepted;
        }

        public boolean accepted() {
            return accepted;
        }
    }

    public static CommandSubmission refused(int nodeId, Status status) {
        if (status.accepted()) {
            throw new IllegalArgumentException(status + " is not a refusal");
        }
        return new CommandSubmission(nodeId, -1, status);
    }

    public boolean accepted() {
        return status.accepted();
    }
}
