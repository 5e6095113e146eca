package io.sipcluster.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.wire.testing.GoldenVectors;
import io.sipcluster.wire.testing.MessageGenerator;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** TCP delivers a stream cut anywhere; the framer must hand on the same packets, in order, however it is cut. */
class PacketFramerTest {
    private static final int PACKETS_PER_STREAM = 300;
    private static final int STREAMS_PER_SEED = 5;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 1234, -99})
    void packetsComeOutWholeAndInOrderWhateverTheReadSizes(long seed) {
        MessageGenerator gen = new MessageGenerator(seed);
        SplittableRandom cuts = new SplittableRandom(seed);
        for (int s = 0; s < STREAMS_PER_SEED; s++) {
            List<byte[]> packets = new ArrayList<>();
            for (int i = 0; i < PACKETS_PER_STREAM; i++) {
                packets.add(BinCodec.encode(gen.next()));
            }
            byte[] stream = concat(packets);
            int[] reads = readSizes(cuts, stream.length);

            FramingRun run = FramingRun.of(stream, reads);

            String where = "seed " + seed + ", stream " + s;
            assertThat(run.errorField()).as(where).isNull();
            assertThat(run.packetLengths()).as(where).isEqualTo(packets.stream().map(p -> p.length).toList());
            assertThat(run.emittedBytes()).as(where).isEqualTo(stream);
            assertThat(run.bufferedBytes()).as(where).isZero();
        }
    }

    /** Every place one read can end and the next begin, including inside the 8 bytes the framer must see first. */
    @Test
    void everyTwoReadSplitOfCapturedPacketsFramesThemAll() {
        List<byte[]> packets = GoldenVectors.all().subList(0, 6).stream().map(GoldenVectors.Vector::bytes).toList();
        byte[] stream = concat(packets);
        List<Integer> lengths = packets.stream().map(p -> p.length).toList();
        for (int cut = 1; cut < stream.length; cut++) {
            FramingRun run = FramingRun.of(stream, new int[] {cut, stream.length - cut});

            assertThat(run.packetLengths()).as("cut at %d", cut).isEqualTo(lengths);
            assertThat(run.emittedBytes()).as("cut at %d", cut).isEqualTo(stream);
        }
    }

    @Test
    void anIncompletePacketIsHeldBackUntilItsLastByteArrives() throws Exception {
        byte[] packet = GoldenVectors.all().get(0).bytes();
        PacketFramer framer = new PacketFramer();
        List<byte[]> out = new ArrayList<>();

        framer.feed(packet, 0, packet.length - 1, out::add);
        assertThat(out).isEmpty();
        assertThat(framer.bufferedBytes()).isEqualTo(packet.length - 1);

        framer.feed(packet, packet.length - 1, 1, out::add);
        assertThat(out).singleElement().isEqualTo(packet);
        assertThat(framer.bufferedBytes()).isZero();
    }

    @Test
    void theSmallestAndTheLargestLengthsAreFramed() throws Exception {
        byte[] smallest = header(WireLimits.MIN_PACKET_BYTES);
        byte[] largest = header(WireLimits.MAX_PACKET_BYTES);
        byte[] stream = concat(List.of(smallest, largest));

        FramingRun run = FramingRun.of(stream, new int[] {3});

        assertThat(run.packetLengths()).containsExactly(WireLimits.MIN_PACKET_BYTES, WireLimits.MAX_PACKET_BYTES);
        assertThat(run.errorField()).isNull();
    }

    static Stream<Arguments> badHeaders() {
        return Stream.of(
                Arguments.of("marker P4CX", withMarker(header(46), 'X'), "header.marker"),
                Arguments.of("marker of a text protocol", "GET / HTTP/1.1\r\n\r\n".getBytes(), "header.marker"),
                Arguments.of("length 16", header(16), "header.pkg_len"),
                Arguments.of("length 0", header(0), "header.pkg_len"),
                Arguments.of("length 65516", header(WireLimits.MAX_PACKET_BYTES + 1), "header.pkg_len"),
                Arguments.of("length 0xFFFFFFFF", header(-1), "header.pkg_len"));
    }

    @ParameterizedTest(name = "{0}, whole")
    @MethodSource("badHeaders")
    void aBadHeaderInOneReadIsAFramingError(String name, byte[] bad, String field) {
        assertFramingError(bad, new int[0], field);
    }

    @ParameterizedTest(name = "{0}, byte by byte")
    @MethodSource("badHeaders")
    void aBadHeaderArrivingByteByByteIsAFramingErrorAsSoonAsItIsComplete(String name, byte[] bad, String field) {
        byte[] good = GoldenVectors.all().get(0).bytes();
        byte[] stream = concat(List.of(good, bad));
        PacketFramer framer = new PacketFramer();
        List<byte[]> out = new ArrayList<>();
        int badHeaderEnd = good.length + BinHeader.MARKER_AND_LENGTH_BYTES;

        for (int i = 0; i < badHeaderEnd - 1; i++) {
            feedOrFail(framer, stream, i, out);
        }
        assertThatThrownBy(() -> framer.feed(stream, badHeaderEnd - 1, 1, out::add))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(out).singleElement().isEqualTo(good);
    }

    @ParameterizedTest(name = "{0}, after a good packet")
    @MethodSource("badHeaders")
    void packetsBeforeABadHeaderInTheSameReadAreStillDelivered(String name, byte[] bad, String field) {
        byte[] good = GoldenVectors.all().get(1).bytes();
        byte[] stream = concat(List.of(good, good, bad));
        List<byte[]> out = new ArrayList<>();

        assertThatThrownBy(() -> new PacketFramer().feed(stream, 0, stream.length, out::add))
                .isInstanceOfSatisfying(MalformedPacketException.class, e -> assertThat(e.field()).isEqualTo(field));
        assertThat(out).hasSize(2).allSatisfy(p -> assertThat(p).isEqualTo(good));
    }

    @Test
    void aFramerThatFailedRefusesEveryLaterRead() {
        byte[] bad = withMarker(header(46), 'X');
        PacketFramer framer = new PacketFramer();
        assertThatThrownBy(() -> framer.feed(bad, 0, bad.length, p -> {})).isInstanceOf(MalformedPacketException.class);

        byte[] good = GoldenVectors.all().get(0).bytes();
        List<byte[]> out = new ArrayList<>();
        assertThatThrownBy(() -> framer.feed(good, 0, good.length, out::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> framer.feed(good, 0, 0, out::add)).isInstanceOf(IllegalStateException.class);
        assertThat(out).isEmpty();
    }

    private static void assertFramingError(byte[] stream, int[] reads, String field) {
        FramingRun run = FramingRun.of(stream, reads);
        assertThat(run.errorField()).isEqualTo(field);
        assertThat(run.packetLengths()).isEmpty();
    }

    private static void feedOrFail(PacketFramer framer, byte[] stream, int at, List<byte[]> out) {
        try {
            framer.feed(stream, at, 1, out::add);
        } catch (MalformedPacketException e) {
            throw new AssertionError("framing error at byte " + at + ", before the bad header was complete", e);
        }
    }

    /** A packet as far as the framer looks: the marker, the length, then zeros up to that length. */
    private static byte[] header(int pkgLen) {
        byte[] b = new byte[Math.max(BinHeader.MARKER_AND_LENGTH_BYTES, Math.min(pkgLen, WireLimits.MAX_PACKET_BYTES))];
        b[0] = 'P';
        b[1] = '4';
        b[2] = 'C';
        b[3] = 'K';
        BinWriter.putIntLE(b, 4, pkgLen);
        return b;
    }

    private static byte[] withMarker(byte[] packet, char last) {
        packet[3] = (byte) last;
        return packet;
    }

    /** Mostly tiny reads, which cut headers, with some large ones that hold several packets at once. */
    private static int[] readSizes(SplittableRandom random, int streamLength) {
        int[] sizes = new int[1 + random.nextInt(64)];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = switch (random.nextInt(5)) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(BinHeader.MARKER_AND_LENGTH_BYTES * 2);
                case 2 -> 1 + random.nextInt(600);
                case 3 -> 1 + random.nextInt(WireLimits.MAX_PACKET_BYTES + 100);
                default -> streamLength;
            };
        }
        return sizes;
    }

    private static byte[] concat(List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        packets.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
