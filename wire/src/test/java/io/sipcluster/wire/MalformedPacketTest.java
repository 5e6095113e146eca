package io.sipcluster.wire;

import static io.sipcluster.wire.clusterer.ClustererPacketType.CAP_UPDATE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.FULL_TOP_UPDATE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.GENERIC_MSG;
import static io.sipcluster.wire.clusterer.ClustererPacketType.LS_UPDATE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.MI_CMD;
import static io.sipcluster.wire.clusterer.ClustererPacketType.NODE_DESCRIPTION;
import static io.sipcluster.wire.clusterer.ClustererPacketType.PING;
import static io.sipcluster.wire.clusterer.ClustererPacketType.PONG;
import static io.sipcluster.wire.clusterer.ClustererPacketType.REMOVE_NODE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.SYNC;
import static io.sipcluster.wire.clusterer.ClustererPacketType.SYNC_REQ;
import static io.sipcluster.wire.clusterer.ClustererPacketType.UNKNOWN_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.clusterer.InternalMessage;
import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.GoldenVectors.Vector;
import io.sipcluster.wire.usrloc.ContactMatch;
import io.sipcluster.wire.usrloc.UsrlocPacketType;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Packets a broken or hostile peer could send are refused with a MalformedPacketException naming the bad field. */
class MalformedPacketTest {
    private static final int HUGE = Integer.MAX_VALUE;

    static Stream<Vector> vectors() {
        return GoldenVectors.all().stream();
    }

    /** Without the pkg_len fixed up, a cut packet is caught by the header: short, or shorter than it says. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyTruncationOfACapturedPacketIsRefused(Vector v) {
        byte[] packet = v.bytes();
        for (int len = 0; len < packet.length; len++) {
            byte[] cut = Arrays.copyOf(packet, len);
            assertThatThrownBy(() -> BinCodec.decode(cut)).as("%s cut to %d bytes", v, len)
                    .isInstanceOfSatisfying(MalformedPacketException.class,
                            e -> assertThat(e.field()).isIn("header", "header.pkg_len"));
        }
    }

    /**
     * With pkg_len fixed up, the body parser itself meets the cut. Clusterer-internal bodies are self-delimiting,
     * so every cut is refused; other packets end with a trailer read from the end, so a cut packet may still be a
     * valid (different) one, and then it must re-encode to exactly the bytes it was decoded from.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void everyTruncatedBodyIsRefusedOrIsAnotherValidPacket(Vector v) {
        byte[] packet = v.bytes();
        boolean internal = v.header("capability").equals(Capability.CLUSTERER_INTERNAL.name());
        for (int len = BinHeader.MARKER_AND_LENGTH_BYTES; len < packet.length; len++) {
            byte[] cut = Arrays.copyOf(packet, len);
            BinWriter.putIntLE(cut, 4, len);
            BinMessage m;
            try {
                m = BinCodec.decode(cut);
            } catch (MalformedPacketException e) {
                continue;
            }
            assertThat(internal).as("%s cut to %d bytes was accepted as %s", v, len, m).isFalse();
            assertThat(BinCodec.encode(m)).as("%s cut to %d bytes", v, len).isEqualTo(cut);
        }
    }

    static Stream<Arguments> lyingCounts() {
        return Stream.of(
                arguments("PONG no_nodes MAX", RawPacket.internal(PONG).i32(HUGE).i32(3).i32(4).bytes(),
                        "PONG.no_nodes"),
                arguments("PONG no_nodes -1", RawPacket.internal(PONG).i32(-1).bytes(), "PONG.no_nodes"),
                arguments("PONG no_nodes 3 with 2", RawPacket.internal(PONG).i32(3).i32(3).i32(4).bytes(),
                        "PONG.no_nodes"),
                arguments("PONG no_nodes over the limit", pong(WireLimits.MAX_NODES + 1), "PONG.no_nodes"),
                arguments("CAP_UPDATE nr_nodes MAX", RawPacket.internal(CAP_UPDATE).i32(1).i32(1).i32(HUGE).bytes(),
                        "CAP_UPDATE.nr_nodes"),
                arguments("CAP_UPDATE nr_cap MAX", capUpdate(HUGE, 1), "CAP_UPDATE.node_entry.nr_cap"),
                arguments("CAP_UPDATE nr_cap 10 with 1", capUpdate(10, 1), "CAP_UPDATE.node_entry.nr_cap"),
                arguments("CAP_UPDATE nr_cap over the limit", capUpdate(WireLimits.MAX_CAPABILITIES_PER_NODE + 1,
                        WireLimits.MAX_CAPABILITIES_PER_NODE + 1), "CAP_UPDATE.node_entry.nr_cap"),
                arguments("MI_CMD no_params over the limit", miCmd(WireLimits.MAX_MI_PARAMS + 1), "MI_CMD.no_params"),
                arguments("MI_CMD no_params 2^30", RawPacket.extra(MI_CMD).str("ul_show").i32(1 << 30).nodeTrailer()
                        .bytes(), "MI_CMD.no_params"),
                arguments("LS_UPDATE path_len over the limit", lsUpdateWithPath(WireLimits.MAX_PATH + 1), "path_len"),
                arguments("NODE_DESCRIPTION path_len MAX", RawPacket.internal(NODE_DESCRIPTION).str("bin:a")
                        .str("sip:a").i32(0).i32(3).i32(HUGE).bytes(), "path_len"),
                arguments("FULL_TOP_UPDATE no_nodes over the limit", RawPacket.internal(FULL_TOP_UPDATE).i32(1).i32(1)
                        .i32(WireLimits.MAX_NODES + 1).bytes(), "FULL_TOP_UPDATE.no_nodes"),
                arguments("FULL_TOP_UPDATE no_neigh MAX", RawPacket.internal(FULL_TOP_UPDATE).i32(1).i32(1).i32(1)
                        .i32(5).i32(0).i32(1).i32(1).i32(HUGE).i32(0).bytes(), "FULL_TOP_UPDATE.node_entry.no_neigh"),
                arguments("usrloc cmatch no_params over the limit", contactDeleteMatching(ContactMatch.PARAMS,
                        WireLimits.MAX_CMATCH_PARAMS + 1), "cmatch.no_params"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lyingCounts")
    void countsThatLieAreRefused(String name, byte[] packet, String field) {
        assertRefused(packet, field);
    }

    static Stream<Arguments> badFields() {
        return Stream.of(
                arguments("sync chunk marker", sync(4, 101010102, 4), "SYNC.chunk.chunk_marker"),
                arguments("sync chunk_len negative", sync(-4, SyncChunk.MARKER, 4), "SYNC.chunk.chunk_len"),
                arguments("sync chunk_len past the end", sync(1000, SyncChunk.MARKER, 4), "SYNC.chunk.chunk_len"),
                arguments("sync without a chunk", RawPacket.extra(SYNC).str("usrloc-contact-repl").i32(5).nodeTrailer()
                        .bytes(), "SYNC.chunk"),
                arguments("str length 0xFFFF", RawPacket.extra(SYNC_REQ).u16(0xFFFF).str("abc").nodeTrailer().bytes(),
                        "SYNC_REQ.cap_name"),
                arguments("str length past the trailer's start", RawPacket.extra(GENERIC_MSG).i32(1).u16(10)
                        .raw((byte) 'a').nodeTrailer().bytes(), "GENERIC_MSG.tag"),
                arguments("str length 0x8000", RawPacket.internal(NODE_DESCRIPTION).u16(0x8000).raw(new byte[64])
                        .bytes(), "NODE_DESCRIPTION.url"),
                arguments("usrloc str past the end", RawPacket.module(Capability.USRLOC, UsrlocPacketType.VERSION,
                        UsrlocPacketType.AOR_DELETE).str("location").u16(100).str("bob").nodeTrailer().bytes(), "aor"),
                arguments("usrloc raw 8-byte value of 7 bytes", RawPacket.module(Capability.USRLOC,
                        UsrlocPacketType.VERSION, UsrlocPacketType.CONTACT_INSERT).str("location").str("bob")
                        .str("sip:bob@h").u16(7).raw(new byte[40]).nodeTrailer().bytes(), "contact_id"),
                arguments("usrloc cmatch mode 3", contactDeleteMatching(3, 0), "cmatch.mode"),
                arguments("has_descr 2", fullTopWithHasDescr(2), "FULL_TOP_UPDATE.node_entry.has_descr"),
                arguments("has_descr -1", fullTopWithHasDescr(-1), "FULL_TOP_UPDATE.node_entry.has_descr"),
                arguments("trailing int after PING", RawPacket.internal(PING).i32(1).i32(0).bytes(), "PING"),
                arguments("trailing byte after UNKNOWN_ID", RawPacket.internal(UNKNOWN_ID).raw((byte) 0).bytes(),
                        "UNKNOWN_ID"),
                arguments("bytes between REMOVE_NODE and its trailer", RawPacket.extra(REMOVE_NODE).i32(4).i32(5)
                        .nodeTrailer().bytes(), "REMOVE_NODE"),
                arguments("bytes between a usrloc body and its trailer", RawPacket.module(Capability.USRLOC,
                        UsrlocPacketType.VERSION, UsrlocPacketType.AOR_DELETE).str("location").str("bob")
                        .raw((byte) 0).nodeTrailer().bytes(), "REPL_URECORD_DELETE"),
                arguments("extra packet too short for a trailer", RawPacket.extra(REMOVE_NODE).i32(4).i32(5).bytes(),
                        "trailer.cluster_id"),
                arguments("bridge trailer without its source cluster", RawPacket.extra(REMOVE_NODE).i32(1).i32(2)
                        .i32(Trailer.BRIDGE_DST_ID).bytes(), "trailer.src_cluster_id"),
                arguments("clusterer-internal version 2", RawPacket.module(Capability.CLUSTERER_INTERNAL, 2, 0).i32(1)
                        .i32(2).i32(0).bytes(), "header.version"),
                arguments("SYNC of clusterer version 1", RawPacket.module(Capability.CLUSTERER_EXTRA, 1, SYNC.code())
                        .str("x").i32(5).i32(0).i32(SyncChunk.MARKER).nodeTrailer().bytes(), "header.version"),
                arguments("extra type on the internal capability", RawPacket.module(Capability.CLUSTERER_INTERNAL, 1,
                        REMOVE_NODE.code()).i32(1).i32(2).i32(3).bytes(), "header.packet_type"),
                arguments("internal type on the extra capability", RawPacket.module(Capability.CLUSTERER_EXTRA, 1,
                        PING.code()).i32(1).i32(2).i32(3).nodeTrailer().bytes(), "header.packet_type"),
                arguments("clusterer type 14", RawPacket.module(Capability.CLUSTERER_INTERNAL, 1, 14).i32(1).i32(2)
                        .bytes(), "header.packet_type"),
                arguments("usrloc type 101 outside a sync", RawPacket.module(Capability.USRLOC,
                        UsrlocPacketType.VERSION, UsrlocPacketType.SYNC).nodeTrailer().bytes(), "header.packet_type"),
                arguments("cap_len 0", withCapLen(0), "header.cap_len"),
                arguments("cap_len over 255", withCapLen(WireLimits.MAX_CAPABILITY_BYTES + 1), "header.cap_len"),
                arguments("cap_len past the end", withCapLen(40), "header.cap_len"),
                arguments("pkg_len larger than the packet", withPkgLen(100), "header.pkg_len"),
                arguments("pkg_len smaller than the packet", withPkgLen(45), "header.pkg_len"),
                arguments("marker", withMarker((byte) 'p'), "header.marker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFields")
    void badFieldsAreRefusedByName(String name, byte[] packet, String field) {
        assertRefused(packet, field);
    }

    /** A whole valid packet followed by more bytes is not that packet: the header's length no longer matches. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void trailingGarbageAfterACapturedPacketIsRefused(Vector v) {
        byte[] longer = Arrays.copyOf(v.bytes(), v.bytes().length + 3);
        assertRefused(longer, "header.pkg_len");
    }

    @Test
    void theSamePacketsDecodeWhenNoFieldLies() throws Exception {
        // The builders above are only worth something if the packets they start from are valid.
        assertThat(BinCodec.decode(RawPacket.internal(PING).i32(1).bytes()))
                .isEqualTo(new InternalMessage.Ping(1, 2, 1));
        assertThat(BinCodec.decode(pong(WireLimits.MAX_NODES))).isInstanceOf(InternalMessage.Pong.class);
        assertThat(BinCodec.decode(capUpdate(WireLimits.MAX_CAPABILITIES_PER_NODE,
                WireLimits.MAX_CAPABILITIES_PER_NODE))).isInstanceOf(InternalMessage.CapUpdate.class);
        assertThat(BinCodec.decode(miCmd(WireLimits.MAX_MI_PARAMS))).isNotNull();
        assertThat(BinCodec.decode(lsUpdateWithPath(WireLimits.MAX_PATH))).isNotNull();
        assertThat(BinCodec.decode(fullTopWithHasDescr(1))).isNotNull();
        assertThat(BinCodec.decode(sync(4, SyncChunk.MARKER, 4))).isNotNull();
        assertThat(BinCodec.decode(contactDeleteMatching(ContactMatch.PARAMS, WireLimits.MAX_CMATCH_PARAMS)))
                .isNotNull();
    }

    private static void assertRefused(byte[] packet, String field) {
        assertThatThrownBy(() -> BinCodec.decode(packet))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    // ---------------------------------------------------------------- packets, valid but for one field

    private static byte[] pong(int nodes) {
        RawPacket p = RawPacket.internal(PONG).i32(nodes);
        for (int i = 0; i < nodes; i++) {
            p.i32(i + 1);
        }
        return p.bytes();
    }

    /** One node entry claiming {@code nrCap} capabilities and holding {@code present}. */
    private static byte[] capUpdate(int nrCap, int present) {
        RawPacket p = RawPacket.internal(CAP_UPDATE).i32(7).i32(1_700_000_000).i32(1).i32(2).i32(nrCap);
        for (int i = 0; i < present; i++) {
            p.str("cap" + i).i32(1);
        }
        return p.i32(0).i32(0).bytes();
    }

    private static byte[] miCmd(int params) {
        RawPacket p = RawPacket.extra(MI_CMD).str("ul_show_contact").i32(params);
        for (int i = 0; i < params; i++) {
            p.str("p" + i);
        }
        return p.nodeTrailer().bytes();
    }

    private static byte[] lsUpdateWithPath(int pathLen) {
        RawPacket p = RawPacket.internal(LS_UPDATE).i32(9).i32(1_700_000_000).i32(3).i32(0).i32(pathLen);
        for (int i = 0; i < pathLen; i++) {
            p.i32(i + 1);
        }
        return p.bytes();
    }

    private static byte[] fullTopWithHasDescr(int hasDescr) {
        return RawPacket.internal(FULL_TOP_UPDATE).i32(1).i32(1).i32(1).i32(5).i32(hasDescr).str("bin:10.0.0.5:5566")
                .str("sip:10.0.0.5").i32(0).i32(3).i32(1).i32(1).i32(0).i32(0).bytes();
    }

    private static byte[] sync(int chunkLen, int marker, int bytesPresent) {
        return RawPacket.extra(SYNC).str("usrloc-contact-repl").i32(UsrlocPacketType.VERSION).i32(chunkLen).i32(marker)
                .raw(new byte[bytesPresent]).nodeTrailer().bytes();
    }

    private static byte[] contactDeleteMatching(int mode, int params) {
        RawPacket p = RawPacket.module(Capability.USRLOC, UsrlocPacketType.VERSION, UsrlocPacketType.CONTACT_DELETE)
                .str("location").str("bob").str("sip:bob@10.0.0.9").str("call-1").i32(3).i32(mode);
        if (mode == ContactMatch.PARAMS) {
            p.i32(params);
            for (int i = 0; i < params; i++) {
                p.str("rinstance");
            }
        }
        return p.nodeTrailer().bytes();
    }

    private static byte[] captured() {
        return GoldenVectors.all().get(0).bytes().clone(); // a 46-byte PING
    }

    private static byte[] withCapLen(int capLen) {
        byte[] b = captured();
        b[10] = (byte) capLen;
        b[11] = (byte) (capLen >>> 8);
        return b;
    }

    private static byte[] withPkgLen(int pkgLen) {
        byte[] b = captured();
        BinWriter.putIntLE(b, 4, pkgLen);
        return b;
    }

    private static byte[] withMarker(byte first) {
        byte[] b = captured();
        b[0] = first;
        return b;
    }
}
