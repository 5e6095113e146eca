package io.sipcluster.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * A BIN capability name: the string in every packet header that says which module the packet is for.
 *
 * <p>Names are ASCII in practice but are carried as bytes; decoding uses ISO-8859-1 so that any name round-trips.
 * The names OpenSIPS uses are constants here; anything else is still a valid capability (a module we do not
 * know), which a receiver drops, as OpenSIPS does.
 */
public final class Capability {
    public static final Capability CLUSTERER_INTERNAL = new Capability("clusterer-internal");
    public static final Capability CLUSTERER_EXTRA = new Capability("clusterer-extra");
    public static final Capability USRLOC = new Capability("usrloc-contact-repl");
    public static final Capability DIALOG = new Capability("dialog-dlg-repl");
    public static final Capability DIALOG_PROFILES = new Capability("dialog-prof-repl");
    public static final Capability RATELIMIT = new Capability("ratelimit-pipe-repl");
    public static final Capability DROUTING = new Capability("drouting-status-repl");
    public static final Capability DISPATCHER = new Capability("dispatcher-status-repl");
    /**
     * sipcluster's own: management commands between nodes, with their results sent back. Only sipcluster nodes
     * register it, so its presence in a node's CAP_UPDATE says the node can answer.
     */
    public static final Capability SIPCLUSTER_MI = new Capability("sipcluster-mi");

    private static final Map<String, Capability> KNOWN = Map.of(
            CLUSTERER_INTERNAL.name, CLUSTERER_INTERNAL,
            CLUSTERER_EXTRA.name, CLUSTERER_EXTRA,
            USRLOC.name, USRLOC,
            DIALOG.name, DIALOG,
            DIALOG_PROFILES.name, DIALOG_PROFILES,
            RATELIMIT.name, RATELIMIT,
            DROUTING.name, DROUTING,
            DISPATCHER.name, DISPATCHER,
            SIPCLUSTER_MI.name, SIPCLUSTER_MI);

    private final String name;
    private final byte[] nameBytes;

    private Capability(String name) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The capability with this name; the shared constant when it is a known one. */
    public static Capability of(String name) {
        Capability known = KNOWN.get(name);
        if (known != null) {
            return known;
        }
        if (name.isEmpty() || name.length() > WireLimits.MAX_CAPABILITY_BYTES) {
            throw new IllegalArgumentException("capability name must be 1.." + WireLimits.MAX_CAPABILITY_BYTES + " bytes");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0xff) {
                throw new IllegalArgumentException("capability name is not ISO-8859-1: " + name);
            }
        }
        return new Capability(name);
    }

    /** Reads a name from a packet header without allocating for the known ones. */
    static Capability fromWire(byte[] buf, int offset, int length) {
        for (Capability c : KNOWN.values()) {
            if (c.nameBytes.length == length
                    && Arrays.equals(c.nameBytes, 0, length, buf, offset, offset + length)) {
                return c;
            }
        }
        return new Capability(new String(buf, offset, length, StandardCharsets.ISO_8859_1));
    }

    public String name() {
        return name;
    }

    int nameLength() {
        return nameBytes.length;
    }

    void copyNameTo(byte[] dst, int offset) {
        System.arraycopy(nameBytes, 0, dst, offset, nameBytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Capability other && name.equals(other.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
