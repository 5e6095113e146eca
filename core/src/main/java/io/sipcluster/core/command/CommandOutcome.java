package io.sipcluster.core.command;

/** How a command sent to another node ended. Every accepted command ends in exactly one outcome. */
public enum CommandOutcome {
    /** The node ran it; the result (JSON text) came back. */
    OK,
    /** The node answered with an error: its status code and message came back. */
    ERROR,
    /** No answer within the command's timeout. */
    TIMEOUT,
    /** The node became unreachable before it answered. */
    UNREACHABLE,
    /**
     * The node does not announce {@code sipcluster-mi} (an OpenSIPS node): it was sent OpenSIPS's MI_CMD, which it
     * runs without ever saying how it went.
     */
    NO_RESULT_FROM_OPENSIPS
}
