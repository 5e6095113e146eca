package io.sipcluster.wire;

/**
 * The addressing that the clusterer appends after the body of every extra and module packet, read from the end.
 *
 * <pre>
 *   node trailer:   int cluster_id, int src_node_id, int dst_node_id
 *   bridge trailer: int src_cluster_id, int dst_cluster_id, int src_node_id, int dst_node_id = 0xC0000000
 * </pre>
 * The source stays the original sender when a packet is routed through intermediate nodes; the destination is
 * always the final one, never -1 (a broadcast writes each destination's id).
 */
public sealed interface Trailer {
    /** OpenSIPS AGG_DST_ID: the destination id that marks a packet sent over a cluster bridge (OpenSIPS 4.0+). */
    int BRIDGE_DST_ID = 0xC0000000;

    /**
     * The trailer of a packet a module hands to the clusterer, which writes the real one (source, destination)
     * per send; it never goes on the wire.
     */
    Trailer UNADDRESSED = new Node(0, 0, 0);

    int srcNodeId();

    int dstNodeId();

    int byteLength();

    void writeTo(BinWriter w);

    /** Normal addressing inside one cluster. */
    record Node(int clusterId, int srcNodeId, int dstNodeId) implements Trailer {
        public Node {
            if (dstNodeId == BRIDGE_DST_ID) {
                throw new IllegalArgumentException("destination id 0xC0000000 is reserved for bridge packets");
            }
        }

        @Override
        public int byteLength() {
            return 12;
        }

        @Override
        public void writeTo(BinWriter w) {
            w.writeInt(clusterId).writeInt(srcNodeId).writeInt(dstNodeId);
        }
    }

    /** An "aggregated" packet from a node of {@code srcClusterId} to the nodes of a bridged cluster. */
    record Bridge(int srcClusterId, int dstClusterId, int srcNodeId) implements Trailer {
        @Override
        public int dstNodeId() {
            return BRIDGE_DST_ID;
        }

        @Override
        public int byteLength() {
            return 16;
        }

        @Override
        public void writeTo(BinWriter w) {
            w.writeInt(srcClusterId).writeInt(dstClusterId).writeInt(srcNodeId).writeInt(BRIDGE_DST_ID);
        }
    }

    /** Pops the trailer off the end of {@code r}, leaving the body in its window. */
    static Trailer pop(BinReader r) throws MalformedPacketException {
        int dst = r.popBackInt("trailer.dst_node_id");
        int src = r.popBackInt("trailer.src_node_id");
        int cluster = r.popBackInt("trailer.cluster_id");
        if (dst == BRIDGE_DST_ID) {
            int srcCluster = r.popBackInt("trailer.src_cluster_id");
            return new Bridge(srcCluster, cluster, src);
        }
        return new Node(cluster, src, dst);
    }
}
