package io.sipcluster.wire.clusterer;

import io.sipcluster.wire.BinReader;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.BinWriter;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireLimits;
import io.sipcluster.wire.clusterer.ExtraMessage.GenericMsg;
import io.sipcluster.wire.clusterer.ExtraMessage.MiCmd;
import io.sipcluster.wire.clusterer.ExtraMessage.RemoveNode;
import io.sipcluster.wire.clusterer.ExtraMessage.ShtagActive;
import io.sipcluster.wire.clusterer.ExtraMessage.Sync;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncEnd;
import io.sipcluster.wire.clusterer.ExtraMessage.SyncReq;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.CapabilityState;
import io.sipcluster.wire.clusterer.InternalMessage.FullTopUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.NodeCapabilities;
import io.sipcluster.wire.clusterer.InternalMessage.NodeDescription;
import io.sipcluster.wire.clusterer.InternalMessage.NodeInfo;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.clusterer.InternalMessage.TopologyEntry;
import io.sipcluster.wire.clusterer.InternalMessage.UnknownId;
import java.util.ArrayList;
import java.util.List;

/** Body layouts of the 14 clusterer packet types (OpenSIPS {@code topology.c}, {@code clusterer.c}, {@code sync.c}). */
public final class ClustererCodec {
    private ClustererCodec() {}

    // Smallest wire size of one list element, used to reject counts that cannot fit before allocating.
    private static final int INT = 4;
    private static final int STR = 2;
    private static final int MIN_TOPOLOGY_ENTRY = 5 * INT;
    private static final int MIN_CAP_NODE = 2 * INT;
    private static final int MIN_CAP_STATE = STR + INT;
    private static final int CHUNK_FRAMING = 2 * INT;

    // ---------------------------------------------------------------- decoding

    /** Decodes a {@code clusterer-internal} body; {@code r} holds exactly the body. */
    public static InternalMessage decodeInternal(int packetType, BinReader r) throws MalformedPacketException {
        ClustererPacketType type = ClustererPacketType.ofCode(packetType);
        if (type == null || !type.capability().equals(Capability.CLUSTERER_INTERNAL)) {
            throw new MalformedPacketException("header.packet_type",
                    "type " + packetType + " is not a clusterer-internal packet");
        }
        int clusterId = r.readInt("cluster_id");
        int src = r.readInt("src_node_id");
        InternalMessage m = switch (type) {
            case PING -> new Ping(clusterId, src, r.readInt("PING.req_node_list"));
            case PONG -> new Pong(clusterId, src, readIntList(r, "PONG.no_nodes", "PONG.node_id", WireLimits.MAX_NODES));
            case LS_UPDATE -> new LsUpdate(clusterId, src, r.readInt("LS_UPDATE.seq_no"),
                    r.readInt("LS_UPDATE.timestamp"), r.readInt("LS_UPDATE.neigh_id"), r.readInt("LS_UPDATE.new_ls"),
                    readPath(r));
            case FULL_TOP_UPDATE -> decodeFullTop(clusterId, src, r);
            case UNKNOWN_ID -> new UnknownId(clusterId, src);
            case NODE_DESCRIPTION -> new NodeDescription(clusterId, src, r.readStr("NODE_DESCRIPTION.url"),
                    r.readStr("NODE_DESCRIPTION.sip_addr"), r.readInt("NODE_DESCRIPTION.priority"),
                    r.readInt("NODE_DESCRIPTION.no_ping_retries"), readPath(r));
            case CAP_UPDATE -> decodeCapUpdate(clusterId, src, r);
            default -> throw new AssertionError(type);
        };
        r.expectEnd(type.name());
        return m;
    }

    /** Decodes a {@code clusterer-extra} body with its trailer; {@code r} holds the body and the trailer. */
    public static ExtraMessage decodeExtra(int packetType, int version, BinReader r) throws MalformedPacketException {
        ClustererPacketType type = ClustererPacketType.ofCode(packetType);
        if (type == null || !type.capability().equals(Capability.CLUSTERER_EXTRA)) {
            throw new MalformedPacketException("header.packet_type",
                    "type " + packetType + " is not a clusterer-extra packet");
        }
        if (version != type.version()) {
            throw new MalformedPacketException("header.version",
                    type + " needs version " + type.version() + ", got " + version);
        }
        Trailer trailer = Trailer.pop(r);
        ExtraMessage m = switch (type) {
            case REMOVE_NODE -> new RemoveNode(r.readInt("REMOVE_NODE.target_node_id"), trailer);
            case GENERIC_MSG -> new GenericMsg(r.readInt("GENERIC_MSG.req_like"), r.readStr("GENERIC_MSG.tag"),
                    r.readStr("GENERIC_MSG.msg"), trailer);
            case MI_CMD -> decodeMiCmd(r, trailer);
            case SYNC_REQ -> new SyncReq(r.readStr("SYNC_REQ.cap_name"), trailer);
            case SYNC -> decodeSync(r, trailer);
            case SYNC_END -> new SyncEnd(r.readStr("SYNC_END.cap_name"), r.readInt("SYNC_END.no_sync_chunks_sent"),
                    trailer);
            case SHTAG_ACTIVE -> new ShtagActive(r.readStr("SHTAG_ACTIVE.tag_name"), trailer);
            default -> throw new AssertionError(type);
        };
        r.expectEnd(type.name());
        return m;
    }

    private static FullTopUpdate decodeFullTop(int clusterId, int src, BinReader r) throws MalformedPacketException {
        int seq = r.readInt("FULL_TOP_UPDATE.seq_no");
        int ts = r.readInt("FULL_TOP_UPDATE.timestamp");
        int n = r.readCount("FULL_TOP_UPDATE.no_nodes", WireLimits.MAX_NODES, MIN_TOPOLOGY_ENTRY);
        List<TopologyEntry> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int nodeId = r.readInt("FULL_TOP_UPDATE.node_entry.node_id");
            NodeInfo descr = null;
            if (readFlag(r, "FULL_TOP_UPDATE.node_entry.has_descr")) {
                descr = new NodeInfo(r.readStr("FULL_TOP_UPDATE.node_entry.url"),
                        r.readStr("FULL_TOP_UPDATE.node_entry.sip_addr"),
                        r.readInt("FULL_TOP_UPDATE.node_entry.priority"),
                        r.readInt("FULL_TOP_UPDATE.node_entry.no_ping_retries"));
            }
            int lsSeq = r.readInt("FULL_TOP_UPDATE.node_entry.ls_seq_no");
            int lsTs = r.readInt("FULL_TOP_UPDATE.node_entry.ls_timestamp");
            List<Integer> neigh = readIntList(r, "FULL_TOP_UPDATE.node_entry.no_neigh",
                    "FULL_TOP_UPDATE.node_entry.neigh_id", WireLimits.MAX_NEIGHBOURS);
            nodes.add(new TopologyEntry(nodeId, descr, lsSeq, lsTs, neigh));
        }
        return new FullTopUpdate(clusterId, src, seq, ts, nodes, readPath(r));
    }

    private static CapUpdate decodeCapUpdate(int clusterId, int src, BinReader r) throws MalformedPacketException {
        int seq = r.readInt("CAP_UPDATE.seq_no");
        int ts = r.readInt("CAP_UPDATE.timestamp");
        int n = r.readCount("CAP_UPDATE.nr_nodes", WireLimits.MAX_NODES, MIN_CAP_NODE);
        List<NodeCapabilities> nodes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int nodeId = r.readInt("CAP_UPDATE.node_entry.node_id");
            int caps = r.readCount("CAP_UPDATE.node_entry.nr_cap", WireLimits.MAX_CAPABILITIES_PER_NODE, MIN_CAP_STATE);
            List<CapabilityState> list = new ArrayList<>(caps);
            for (int c = 0; c < caps; c++) {
                list.add(new CapabilityState(r.readStr("CAP_UPDATE.node_entry.cap_name"),
                        r.readInt("CAP_UPDATE.node_entry.cap_state")));
            }
            nodes.add(new NodeCapabilities(nodeId, list));
        }
        int requireReply = r.readInt("CAP_UPDATE.require_reply");
        return new CapUpdate(clusterId, src, seq, ts, nodes, requireReply, readPath(r));
    }

    private static MiCmd decodeMiCmd(BinReader r, Trailer trailer) throws MalformedPacketException {
        Str name = r.readStr("MI_CMD.cmd_name");
        int n = r.readCount("MI_CMD.no_params", WireLimits.MAX_MI_PARAMS, STR);
        List<Str> params = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            params.add(r.readStr("MI_CMD.param"));
        }
        return new MiCmd(name, params, trailer);
    }

    private static Sync decodeSync(BinReader r, Trailer trailer) throws MalformedPacketException {
        Str cap = r.readStr("SYNC.cap_name");
        int dataVersion = r.readInt("SYNC.data_version");
        List<SyncChunk> chunks = new ArrayList<>();
        while (!r.atEnd()) {
            int len = r.readInt("SYNC.chunk.chunk_len");
            if (r.readInt("SYNC.chunk.chunk_marker") != SyncChunk.MARKER) {
                throw new MalformedPacketException("SYNC.chunk.chunk_marker", "bad sync chunk start marker");
            }
            chunks.add(new SyncChunk(r.readBytes("SYNC.chunk.chunk_len", len)));
        }
        if (chunks.isEmpty()) {
            throw new MalformedPacketException("SYNC.chunk", "no chunk");
        }
        return new Sync(cap, dataVersion, chunks, trailer);
    }

    /**
     * A C boolean that we keep as presence, not as an int. OpenSIPS writes only 0 or 1; any other value is refused,
     * because we would re-encode it as 1 and relay different bytes from the ones we received.
     */
    private static boolean readFlag(BinReader r, String field) throws MalformedPacketException {
        int v = r.readInt(field);
        if (v != 0 && v != 1) {
            throw new MalformedPacketException(field, "expected 0 or 1, got " + v);
        }
        return v == 1;
    }

    private static List<Integer> readPath(BinReader r) throws MalformedPacketException {
        return readIntList(r, "path_len", "path", WireLimits.MAX_PATH);
    }

    private static List<Integer> readIntList(BinReader r, String countField, String itemField, int max)
            throws MalformedPacketException {
        int n = r.readCount(countField, max, INT);
        Integer[] items = new Integer[n];
        for (int i = 0; i < n; i++) {
            items[i] = r.readInt(itemField);
        }
        return List.of(items);
    }

    // ---------------------------------------------------------------- encoding

    /** Writes a whole {@code clusterer-internal} packet into {@code w}; returns its length. */
    public static int encode(InternalMessage m, BinWriter w) {
        w.begin(m.capability(), m.version(), m.packetType());
        w.writeInt(m.clusterId()).writeInt(m.srcNodeId());
        if (m instanceof Ping p) {
            w.writeInt(p.reqNodeList());
        } else if (m instanceof Pong p) {
            writeIntList(w, p.nodeIds());
        } else if (m instanceof LsUpdate u) {
            w.writeInt(u.seqNo()).writeInt(u.timestamp()).writeInt(u.neighId()).writeInt(u.newLs());
            writeIntList(w, u.path());
        } else if (m instanceof FullTopUpdate u) {
            w.writeInt(u.seqNo()).writeInt(u.timestamp()).writeInt(u.nodes().size());
            for (TopologyEntry e : u.nodes()) {
                w.writeInt(e.nodeId());
                NodeInfo d = e.description();
                if (d == null) {
                    w.writeInt(0);
                } else {
                    w.writeInt(1).writeStr(d.url()).writeStr(d.sipAddr()).writeInt(d.priority())
                            .writeInt(d.noPingRetries());
                }
                w.writeInt(e.lsSeqNo()).writeInt(e.lsTimestamp());
                writeIntList(w, e.neighbours());
            }
            writeIntList(w, u.path());
        } else if (m instanceof NodeDescription d) {
            w.writeStr(d.url()).writeStr(d.sipAddr()).writeInt(d.priority()).writeInt(d.noPingRetries());
            writeIntList(w, d.path());
        } else if (m instanceof CapUpdate u) {
            w.writeInt(u.seqNo()).writeInt(u.timestamp()).writeInt(u.nodes().size());
            for (NodeCapabilities n : u.nodes()) {
                w.writeInt(n.nodeId()).writeInt(n.capabilities().size());
                for (CapabilityState c : n.capabilities()) {
                    w.writeStr(c.capName()).writeInt(c.capState());
                }
            }
            w.writeInt(u.requireReply());
            writeIntList(w, u.path());
        } else if (!(m instanceof UnknownId)) {
            throw new IllegalStateException("no encoder for " + m.type());
        }
        return w.finish();
    }

    /** Writes a whole {@code clusterer-extra} packet into {@code w}; returns its length. */
    public static int encode(ExtraMessage m, BinWriter w) {
        w.begin(m.capability(), m.version(), m.packetType());
        if (m instanceof RemoveNode r) {
            w.writeInt(r.targetNodeId());
        } else if (m instanceof GenericMsg g) {
            w.writeInt(g.reqLike()).writeStr(g.tag()).writeStr(g.msg());
        } else if (m instanceof MiCmd c) {
            w.writeStr(c.cmdName()).writeInt(c.params().size());
            c.params().forEach(w::writeStr);
        } else if (m instanceof SyncReq s) {
            w.writeStr(s.capName());
        } else if (m instanceof Sync s) {
            w.writeStr(s.capName()).writeInt(s.dataVersion());
            for (SyncChunk c : s.chunks()) {
                w.writeInt(c.data().length()).writeInt(SyncChunk.MARKER).writeBytes(c.data());
            }
        } else if (m instanceof SyncEnd s) {
            w.writeStr(s.capName()).writeInt(s.noSyncChunksSent());
        } else if (m instanceof ShtagActive s) {
            w.writeStr(s.tagName());
        } else {
            throw new IllegalStateException("no encoder for " + m.type());
        }
        m.trailer().writeTo(w);
        return w.finish();
    }

    private static void writeIntList(BinWriter w, List<Integer> items) {
        w.writeInt(items.size());
        for (int v : items) {
            w.writeInt(v);
        }
    }
}
