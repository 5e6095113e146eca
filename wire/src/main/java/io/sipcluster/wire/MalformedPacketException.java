package io.sipcluster.wire;

/**
 * A BIN packet that does not follow the protocol: truncated, over a limit, or carrying an impossible value.
 *
 * <p>This is the only exception the decoders throw for bad input. It names the field that was bad, in the
 * OpenSIPS field naming ({@code "CAP_UPDATE.node_entry.nr_cap"}), so that an operator can find the sender's bug.
 * The stack trace is not filled in: bad packets are counted, not debugged from a trace, and a flood of them
 * must stay cheap.
 */
public final class MalformedPacketException extends Exception {
    private final String field;

    public MalformedPacketException(String field, String problem) {
        super(field + ": " + problem, null, false, false);
        this.field = field;
    }

    /** The field that was bad, e.g. {@code "header.pkg_len"}. */
    public String field() {
        return field;
    }
}
