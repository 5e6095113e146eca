package io.sipcluster.runtime.transport;

import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.InternalMessage;

/** The cluster a packet belongs to: from the front header of clusterer-internal packets, else from the trailer. */
final class ClusterOf {
    private ClusterOf() {}

    /** The cluster id, or 0 when the packet carries none the transport can read. */
    static int packet(BinMessage m) {
        if (m instanceof InternalMessage i) {
            return i.clusterId();
        }
        if (m instanceof Routable r) {
            Trailer t = r.trailer();
            return t instanceof Trailer.Node n ? n.clusterId() : ((Trailer.Bridge) t).dstClusterId();
        }
        return 0;
    }
}
