package io.sipcluster.wire;

/**
 * A module packet whose body this codec keeps as bytes: a capability we do not decode (yet), or a data version
 * we do not speak. The clusterer still routes it by its trailer, and re-encoding gives the same bytes.
 */
public record ModulePacket(Capability capability, int version, int packetType, Str body, Trailer trailer)
        implements Routable {
    public ModulePacket {
        if (capability.equals(Capability.CLUSTERER_INTERNAL) || capability.equals(Capability.CLUSTERER_EXTRA)) {
            throw new IllegalArgumentException("clusterer packets are not module packets");
        }
        // The header holds a 16-bit version; a wider one would be cut on encoding and come back as another value.
        if (version != (short) version) {
            throw new IllegalArgumentException("version " + version + " does not fit the 16-bit header field");
        }
    }

    @Override
    public ModulePacket withTrailer(Trailer t) {
        return new ModulePacket(capability, version, packetType, body, t);
    }
}
