package io.sipcluster.wire;

import static io.sipcluster.wire.clusterer.ClustererPacketType.CAP_UPDATE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.FULL_TOP_UPDATE;
import static io.sipcluster.wire.clusterer.ClustererPacketType.MI_CMD;
import static io.sipcluster.wire.clusterer.ClustererPacketType.PONG;
import static io.sipcluster.wire.clusterer.ClustererPacketType.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sipcluster.wire.clusterer.ExtraMessage.SyncChunk;
import io.sipcluster.wire.testing.AllocationMeter;
import io.sipcluster.wire.testing.DecodeAllocation;
import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.MessageGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A peer decides what we allocate only in proportion to what it sends ({@link DecodeAllocation}): checked on the
 * densest packets the format allows, where the fuzzer rarely goes, and on lying counts, which must cost nothing.
 */
class DecodeAllocationTest {
    /** Room a packet of about 65 KB leaves for repeated elements after its header and fixed fields. */
    private static final int ROOM = WireLimits.MAX_PACKET_BYTES - 64;

    @BeforeAll
    static void needsPerThreadAllocationCounting() {
        assumeTrue(AllocationMeter.isSupported(), "this JVM does not count allocation per thread");
    }

    static Stream<Arguments> densestPackets() {
        return Stream.of(
                arguments("CAP_UPDATE, 1-byte capability names", capUpdate(ROOM / (8 + 64 * 7), 64, "x")),
                arguments("CAP_UPDATE, empty capability names", capUpdate(ROOM / (8 + 64 * 6), 64, "")),
                arguments("CAP_UPDATE, 1024 nodes without capabilities", capUpdate(WireLimits.MAX_NODES, 0, "")),
                arguments("SYNC, 1-byte chunks", sync(ROOM / 9, 1)),
                arguments("SYNC, empty chunks", sync(ROOM / 8, 0)),
                arguments("PONG, 1024 uncached Integers", pong()),
                arguments("FULL_TOP_UPDATE, 1024 described nodes", fullTop(true, 0)),
                arguments("FULL_TOP_UPDATE, 1024 nodes with neighbours", fullTop(false, ROOM / 1024 / 4 - 5)),
                arguments("MI_CMD, 20 1-byte parameters", miCmd()),
                arguments("unknown capability of 255 characters", unknownCapability(255)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("densestPackets")
    void theDensestValidPacketsStayWithinTheBound(String name, byte[] packet) throws Exception {
        BinCodec.decode(packet); // valid, so the whole packet is decoded, and linked for the measurement

        long allocated = DecodeAllocation.measure(packet);

        assertThat(allocated).as("%s: %d bytes", name, packet.length)
                .isPositive()
                .isLessThanOrEqualTo(DecodeAllocation.limitFor(packet.length));
    }

    static Stream<Arguments> lyingCounts() {
        return Stream.of(
                arguments("PONG no_nodes 1024, no ids", RawPacket.internal(PONG).i32(WireLimits.MAX_NODES).bytes()),
                arguments("FULL_TOP_UPDATE no_nodes 1024, no entries", RawPacket.internal(FULL_TOP_UPDATE).i32(1)
                        .i32(1).i32(WireLimits.MAX_NODES).bytes()),
                arguments("CAP_UPDATE nr_cap 64, no capabilities", RawPacket.internal(CAP_UPDATE).i32(1).i32(1).i32(1)
                        .i32(2).i32(WireLimits.MAX_CAPABILITIES_PER_NODE).i32(0).i32(0).bytes()),
                arguments("SYNC chunk_len 65000, 4 bytes", RawPacket.extra(SYNC).str("c").i32(5).i32(65_000)
                        .i32(SyncChunk.MARKER).i32(0).nodeTrailer().bytes()));
    }

    /** The counts are checked against the bytes left before anything is allocated for them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lyingCounts")
    void aLyingCountIsRefusedBeforeAllocatingForIt(String name, byte[] packet) {
        DecodeAllocation.measure(packet);

        assertThat(DecodeAllocation.measure(packet)).as(name).isLessThan(2048);
    }

    @Test
    void capturedAndGeneratedPacketsStayWithinTheBound() {
        MessageGenerator gen = new MessageGenerator(11);
        Stream<byte[]> generated = Stream.generate(() -> BinCodec.encode(gen.next())).limit(3000);
        Stream.concat(GoldenVectors.all().stream().map(GoldenVectors.Vector::bytes), generated).forEach(packet -> {
            DecodeAllocation.measure(packet);
            assertThat(DecodeAllocation.measure(packet)).as("seed 11, %d-byte packet", packet.length)
                    .isLessThanOrEqualTo(DecodeAllocation.limitFor(packet.length));
        });
    }

    private static byte[] capUpdate(int nodes, int capsPerNode, String capName) {
        RawPacket p = RawPacket.internal(CAP_UPDATE).i32(1).i32(1).i32(nodes);
        for (int n = 0; n < nodes; n++) {
            p.i32(1000 + n).i32(capsPerNode);
            for (int c = 0; c < capsPerNode; c++) {
                p.str(capName).i32(1000);
            }
        }
        return p.i32(0).i32(0).bytes();
    }

    private static byte[] sync(int chunks, int chunkBytes) {
        RawPacket p = RawPacket.extra(SYNC).str("c").i32(1);
        for (int i = 0; i < chunks; i++) {
            p.i32(chunkBytes).i32(SyncChunk.MARKER).raw(new byte[chunkBytes]);
        }
        return p.nodeTrailer().bytes();
    }

    /** Ids outside the Integer cache (-128..127), so that each one is a new object. */
    private static byte[] pong() {
        RawPacket p = RawPacket.internal(PONG).i32(WireLimits.MAX_NODES);
        for (int i = 0; i < WireLimits.MAX_NODES; i++) {
            p.i32(100_000 + i);
        }
        return p.bytes();
    }

    private static byte[] fullTop(boolean described, int neighbours) {
        RawPacket p = RawPacket.internal(FULL_TOP_UPDATE).i32(1).i32(1).i32(WireLimits.MAX_NODES);
        for (int n = 0; n < WireLimits.MAX_NODES; n++) {
            p.i32(1000 + n).i32(described ? 1 : 0);
            if (described) {
                p.str("u").str("s").i32(1000).i32(1000);
            }
            p.i32(1000).i32(1000).i32(neighbours);
            for (int k = 0; k < neighbours; k++) {
                p.i32(5000 + k);
            }
        }
        return p.i32(0).bytes();
    }

    private static byte[] miCmd() {
        RawPacket p = RawPacket.extra(MI_CMD).str("c").i32(WireLimits.MAX_MI_PARAMS);
        for (int i = 0; i < WireLimits.MAX_MI_PARAMS; i++) {
            p.str("p");
        }
        return p.nodeTrailer().bytes();
    }

    private static byte[] unknownCapability(int nameLength) {
        return RawPacket.module(Capability.of("q".repeat(nameLength)), 1, 1).nodeTrailer().bytes();
    }
}
