package io.sipcluster.wire;

/**
 * A packet addressed by a {@link Trailer}: clusterer-extra control and every module packet. The clusterer routes
 * these to their final destination, through other nodes when there is no direct link, and sets the trailer per
 * destination when broadcasting.
 */
public interface Routable extends BinMessage {
    Trailer trailer();

    /** The same packet with another trailer. */
    Routable withTrailer(Trailer trailer);
}
