package io.sipcluster.wire.clusterer;

import io.sipcluster.wire.Routable;
import io.sipcluster.wire.Capability;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.WireName;
import java.util.List;

/**
 * {@code clusterer-extra} packets: control that may be routed through other nodes, so each ends with a
 * {@link Trailer} naming the final destination.
 */
public sealed interface ExtraMessage extends Routable {
    @Override
    Trailer trailer();

    ClustererPacketType type();

    @Override
    default Capability capability() {
        return Capability.CLUSTERER_EXTRA;
    }

    @Override
    default int version() {
        return type().version();
    }

    @Override
    default int packetType() {
        return type().code();
    }

    /** Management removed {@code targetNodeId} from the cluster; every receiver forgets it. */
    record RemoveNode(int targetNodeId, Trailer trailer) implements ExtraMessage {
        @Override
        public RemoveNode withTrailer(Trailer t) {
            return new RemoveNode(targetNodeId, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.REMOVE_NODE;
        }
    }

    /** A script-level message ({@code cluster_send_req/rpl}); {@code reqLike} 1 = request, 0 = reply. */
    record GenericMsg(int reqLike, Str tag, Str msg, Trailer trailer) implements ExtraMessage {
        @Override
        public GenericMsg withTrailer(Trailer t) {
            return new GenericMsg(reqLike, tag, msg, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.GENERIC_MSG;
        }
    }

    /** A management command to run on the destination, with positional string parameters. */
    record MiCmd(Str cmdName, @WireName("param") List<Str> params, Trailer trailer) implements ExtraMessage {
        public MiCmd {
            params = List.copyOf(params);
        }

        @Override
        public MiCmd withTrailer(Trailer t) {
            return new MiCmd(cmdName, params, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.MI_CMD;
        }
    }

    /** Asks the destination (the donor) for all data of capability {@code capName}. */
    record SyncReq(Str capName, Trailer trailer) implements ExtraMessage {
        @Override
        public SyncReq withTrailer(Trailer t) {
            return new SyncReq(capName, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.SYNC_REQ;
        }
    }

    /**
     * A batch of sync data. {@code dataVersion} is the module's BIN version for the chunk contents. Each chunk is
     * framed on the wire as {@code int chunk_len, int 101010101, chunk_len bytes}.
     */
    record Sync(Str capName, int dataVersion, @WireName("chunk") List<SyncChunk> chunks, Trailer trailer)
            implements ExtraMessage {
        public Sync {
            if (chunks.isEmpty()) {
                throw new IllegalArgumentException("a SYNC packet carries at least one chunk");
            }
            chunks = List.copyOf(chunks);
        }

        @Override
        public Sync withTrailer(Trailer t) {
            return new Sync(capName, dataVersion, chunks, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.SYNC;
        }
    }

    /** One record of sync data, in the module's own encoding. */
    record SyncChunk(Str data) {
        /** OpenSIPS SYNC_CHUNK_START_MARKER: the int after every chunk length. */
        public static final int MARKER = 101010101;
    }

    /** The donor sent everything: {@code noSyncChunksSent} chunks in all. Completion is when that many arrived. */
    record SyncEnd(Str capName, int noSyncChunksSent, Trailer trailer) implements ExtraMessage {
        @Override
        public SyncEnd withTrailer(Trailer t) {
            return new SyncEnd(capName, noSyncChunksSent, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.SYNC_END;
        }
    }

    /** The sender took sharing tag {@code tagName} active; the receiver sets its copy to backup. */
    record ShtagActive(Str tagName, Trailer trailer) implements ExtraMessage {
        @Override
        public ShtagActive withTrailer(Trailer t) {
            return new ShtagActive(tagName, t);
        }

        @Override
        public ClustererPacketType type() {
            return ClustererPacketType.SHTAG_ACTIVE;
        }
    }
}
