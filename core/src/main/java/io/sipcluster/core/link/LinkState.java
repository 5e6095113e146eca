package io.sipcluster.core.link;

/**
 * The state of the local node's direct link to one neighbour (OpenSIPS {@code clusterer_link_state}). Management
 * shows every probing state as "Probe".
 */
public enum LinkState {
    /** Confirmed by a timely pong. */
    UP,
    /** Failed; probed again every node timeout. */
    DOWN,
    /** Probing must restart on the next tick (the initial state of every remote node). */
    RESTART_PINGING,
    /** The first ping of a restart went out; waiting for the pong. */
    RESTARTED,
    /** A retry ping went out; waiting for the pong. */
    RETRYING,
    /** A pong came back in time while the link was down or restarting; it goes up on the same pong's check. */
    TEMP;

    public String display() {
        return switch (this) {
            case UP -> "Up";
            case DOWN -> "Down";
            default -> "Probe";
        };
    }
}
