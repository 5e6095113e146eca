package io.sipcluster.app.inspect.pcap;

import static io.sipcluster.app.inspect.pcap.TestFrames.PROTO_TCP;
import static io.sipcluster.app.inspect.pcap.TestFrames.PROTO_UDP;
import static io.sipcluster.app.inspect.pcap.TestFrames.V4_A;
import static io.sipcluster.app.inspect.pcap.TestFrames.V4_B;
import static io.sipcluster.app.inspect.pcap.TestFrames.V6_A;
import static io.sipcluster.app.inspect.pcap.TestFrames.V6_B;
import static io.sipcluster.app.inspect.pcap.TestFrames.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sipcluster.app.inspect.pcap.BinFlowReport.ProblemKind;
import io.sipcluster.app.inspect.pcap.BinFlowReport.Verdict;
import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.Str;
import io.sipcluster.wire.Trailer;
import io.sipcluster.wire.clusterer.ExtraMessage.ShtagActive;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinPcapExtractorTest {
    private static final Endpoint NODE1 = Endpoint.of(V4_A, 40000);
    private static final Endpoint NODE2 = Endpoint.of(V4_B, 6566);
    private static final byte[] PING = BinCodec.encode(new Ping(1, 1, 0));
    private static final byte[] PONG = BinCodec.encode(new Pong(1, 2, List.of(3)));
    private static final byte[] SHTAG = BinCodec.encode(new ShtagActive(Str.of("vip"), new Trailer.Node(1, 1, 2)));
    private static final long ISN = 5000;

    private final List<TcpSegment> segments = new ArrayList<>();

    /** Adds a segment carrying {@code bytes} at stream offset {@code offset} of the direction {@code from -> to}. */
    private BinPcapExtractorTest send(Endpoint from, Endpoint to, long offset, byte[] bytes) {
        int frame = segments.size() + 1;
        segments.add(new TcpSegment(frame, Instant.ofEpochSecond(frame), from, to, ISN + 1 + offset, TcpSegment.ACK,
                bytes, 0));
        return this;
    }

    private BinPcapExtractorTest syn(Endpoint from, Endpoint to) {
        int frame = segments.size() + 1;
        segments.add(new TcpSegment(frame, Instant.ofEpochSecond(frame), from, to, ISN, TcpSegment.SYN, new byte[0], 0));
        return this;
    }

    private BinExtraction extract() {
        return BinPcapExtractor.extract(TcpStreamReassembler.reassemble(segments));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void findsPacketsSharingAndSpanningSegments() {
        byte[] stream = concat(PING, PONG, SHTAG);
        int cut1 = PING.length + 10; // PING whole plus the start of PONG
        int cut2 = cut1 + 3;
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, Arrays.copyOfRange(stream, 0, cut1))
                .send(NODE1, NODE2, cut1, Arrays.copyOfRange(stream, cut1, cut2))
                .send(NODE1, NODE2, cut2, Arrays.copyOfRange(stream, cut2, stream.length));

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, PONG, SHTAG);
        assertThat(x.packets()).extracting(ExtractedBinPacket::streamOffset)
                .containsExactly(0L, (long) PING.length, (long) PING.length + PONG.length);
        assertThat(x.packets()).extracting(ExtractedBinPacket::frames)
                .containsExactly(List.of(2), List.of(2, 3, 4), List.of(4));
        assertThat(x.packets().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(4));
        assertThat(x.packets().get(0).source()).isEqualTo(NODE1);
        assertThat(x.packets().get(0).destination()).isEqualTo(NODE2);
        assertThat(x.flows()).singleElement().satisfies(f -> {
            assertThat(f.verdict()).isEqualTo(Verdict.BIN);
            assertThat(f.packets()).isEqualTo(3);
            assertThat(f.problems()).isEmpty();
        });
        assertThat(x.warnings()).isEmpty();
    }

    @Test
    void skipsAFlowThatIsNotBinAndKeepsTheOthers() {
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        send(NODE2, NODE1, 0, PING);

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING);
        BinFlowReport http = x.flows().get(0);
        assertThat(http.verdict()).isEqualTo(Verdict.NOT_BIN);
        assertThat(http.packets()).isZero();
        assertThat(http.problems()).singleElement().satisfies(p -> {
            assertThat(p.streamOffset()).isZero();
            assertThat(p.detail()).contains("does not start with a BIN packet").contains("P4CK");
        });
        assertThat(x.warnings()).singleElement().asString().contains("10.0.0.1:40000 -> 10.0.0.2:6566: not BIN");
    }

    @Test
    void skipsShortFlowsThatCannotBeBin() {
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, ascii("HEL"));
        syn(NODE2, NODE1).send(NODE2, NODE1, 0, ascii("P4C"));

        BinExtraction x = extract();

        assertThat(x.flows()).extracting(BinFlowReport::verdict).containsExactly(Verdict.NOT_BIN, Verdict.BIN);
        assertThat(x.flows().get(1).problems()).singleElement()
                .satisfies(p -> assertThat(p.kind()).isEqualTo(ProblemKind.INCOMPLETE_PACKET_AT_END));
    }

    @Test
    void stopsOnlyTheFlowWithAFramingErrorMidStream() {
        byte[] garbage = ascii("garbage, not a packet");
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, concat(PING, PONG, garbage, SHTAG));
        syn(NODE2, NODE1).send(NODE2, NODE1, 0, SHTAG);

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, PONG, SHTAG);
        assertThat(x.packets().get(2).source()).isEqualTo(NODE2);
        BinFlowReport broken = x.flows().get(0);
        assertThat(broken.verdict()).isEqualTo(Verdict.BIN);
        assertThat(broken.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.FRAMING_ERROR);
            assertThat(p.streamOffset()).isEqualTo(PING.length + PONG.length);
            assertThat(p.detail()).contains("header.marker");
        });
        assertThat(x.flows().get(1).problems()).isEmpty();
    }

    @Test
    void resumesAfterAGapAtTheNextPacketStart() {
        byte[] stream = concat(PING, PONG, SHTAG);
        int lostFrom = PING.length + 20;
        int lostTo = PING.length + PONG.length;
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, Arrays.copyOfRange(stream, 0, lostFrom))
                .send(NODE1, NODE2, lostTo, Arrays.copyOfRange(stream, lostTo, stream.length));

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, SHTAG);
        assertThat(x.packets().get(1).streamOffset()).isEqualTo(lostTo);
        assertThat(x.flows().get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.GAP);
            assertThat(p.streamOffset()).isEqualTo(lostFrom);
            assertThat(p.detail()).contains((lostTo - lostFrom) + " byte(s) not captured").contains("20 bytes seen");
        });
    }

    @Test
    void skipsToTheFirstPacketWhenTheCaptureStartedInsideOne() {
        byte[] tail = Arrays.copyOfRange(SHTAG, 9, SHTAG.length);
        send(NODE1, NODE2, 0, concat(tail, PING)).send(NODE1, NODE2, tail.length + PING.length, PONG);

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, PONG);
        assertThat(x.packets().get(0).streamOffset()).isEqualTo(tail.length);
        assertThat(x.flows().get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.LEADING_BYTES_SKIPPED);
            assertThat(p.detail()).startsWith(tail.length + " byte(s)");
        });
    }

    @Test
    void reportsAMidStreamFlowWithNoPacketStartAsNotBin() {
        send(NODE1, NODE2, 0, ascii("just some text that carries no marker at all"));

        BinExtraction x = extract();

        assertThat(x.flows().get(0).verdict()).isEqualTo(Verdict.NOT_BIN);
        assertThat(x.flows().get(0).problems().get(0).detail()).contains("no BIN packet start");
    }

    @Test
    void ignoresAMarkerWhoseLengthIsImpossible() {
        byte[] fake = ascii("P4CK\u00ff\u00ff\u00ff\u00ff");
        send(NODE1, NODE2, 0, concat(fake, PING));

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING);
        assertThat(x.packets().get(0).streamOffset()).isEqualTo(fake.length);
    }

    @Test
    void reportsAPacketCutByTheEndOfTheCapture() {
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, concat(PING, Arrays.copyOf(PONG, 30)));

        BinExtraction x = extract();

        assertThat(x.packets()).hasSize(1);
        assertThat(x.flows().get(0).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(ProblemKind.INCOMPLETE_PACKET_AT_END);
            assertThat(p.streamOffset()).isEqualTo(PING.length);
        });
    }

    @Test
    void reportsAFlowWithoutPayloadAsEmpty() {
        syn(NODE1, NODE2);
        assertThat(extract().flows()).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo(Verdict.EMPTY));
    }

    @Test
    void reportsBytesDroppedAtTheReassemblyLimit() {
        syn(NODE1, NODE2).send(NODE1, NODE2, 0, concat(PING, PONG));
        TcpStreamReassembler r = new TcpStreamReassembler(1024, PING.length + 4);
        segments.forEach(r::add);

        BinExtraction x = BinPcapExtractor.extract(r.finish());

        assertThat(x.packets()).hasSize(1);
        assertThat(x.flows().get(0).problems()).extracting(BinFlowReport.Problem::kind)
                .containsExactly(ProblemKind.INCOMPLETE_PACKET_AT_END, ProblemKind.TRUNCATED_AT_LIMIT);
    }

    @Test
    void ordersPacketsByTheFrameThatCompletedThemAndKeepsStreamOrderWithinAFlow() {
        syn(NODE1, NODE2).syn(NODE2, NODE1);
        send(NODE1, NODE2, PING.length, PONG); // frame 3, ahead of frame 5
        send(NODE2, NODE1, 0, SHTAG); // frame 4
        send(NODE1, NODE2, 0, PING); // frame 5 completes both PING and PONG

        BinExtraction x = extract();

        assertThat(x.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(SHTAG, PING, PONG);
        assertThat(x.packets().get(2).frames()).containsExactly(3);
    }

    // ------------------------------------------------------------------ whole files

    @Test
    void extractsFromASyntheticCaptureFile(@TempDir Path dir) throws IOException {
        byte[] stream = concat(PING, PONG);
        byte[] first = Arrays.copyOf(stream, 30);
        byte[] rest = Arrays.copyOfRange(stream, 30, stream.length);
        PcapBuilder pcap = new PcapBuilder(276)
                .frame(TestFrames.linuxSll2(0x86dd, TestFrames.ipv6(V6_A, V6_B, PROTO_TCP,
                        TestFrames.tcp(40000, 6566, ISN, TcpSegment.SYN, new byte[0]))))
                .frame(TestFrames.linuxSll2(0x0800, TestFrames.ipv4(V4_A, V4_B, PROTO_UDP, new byte[8])))
                .frame(TestFrames.linuxSll2(0x86dd, TestFrames.ipv6(V6_A, V6_B, PROTO_TCP,
                        TestFrames.tcp(40000, 6566, ISN + 1 + 30, TcpSegment.ACK, rest))))
                .frame(TestFrames.linuxSll2(0x86dd, TestFrames.ipv6(V6_A, V6_B, PROTO_TCP,
                        TestFrames.tcp(40000, 6566, ISN + 1, TcpSegment.ACK, first))));
        Path file = dir.resolve("synthetic.pcap");
        Files.write(file, pcap.bytes());

        PcapBinReport report = BinPcapExtractor.extract(file);

        assertThat(report.capture().frames()).isEqualTo(4);
        assertThat(report.tcpFlows()).hasSize(1);
        assertThat(report.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, PONG);
        assertThat(report.packets().get(0).source()).hasToString("[2001:db8::1]:40000");
        // Frame 4 carries the first 30 bytes of PING; frame 3, captured earlier, the rest of it and all of PONG.
        assertThat(report.packets()).extracting(ExtractedBinPacket::frames)
                .containsExactly(List.of(3, 4), List.of(3));
        assertThat(report.warnings()).singleElement().asString().contains("1 frame(s) skipped").contains("not TCP");
    }

    /**
     * One messy capture file: big-endian with nanosecond stamps, VLAN-tagged, started inside a packet (no SYN),
     * with segments out of order, overlapping, retransmitted, and 20 bytes never captured.
     */
    @Test
    void extractsFromAMessyCaptureFile(@TempDir Path dir) throws IOException {
        byte[] stream = concat(SHTAG, PING, PONG, SHTAG, PING);
        int pingAt = SHTAG.length;
        int pongAt = pingAt + PING.length;
        int shtagAt = pongAt + PONG.length;
        int lostFrom = pongAt + 16;
        int lostTo = lostFrom + 20;
        assertThat(lostTo).isLessThan(shtagAt);
        int[][] sent = { // [from, to) of the stream, in capture order
            {10, 40}, {70, lostFrom}, {40, 75}, {10, 40}, {lostTo, stream.length}};
        PcapBuilder pcap = new PcapBuilder(java.nio.ByteOrder.BIG_ENDIAN, true, 1, 65535);
        for (int[] range : sent) {
            byte[] tcp = TestFrames.tcp(40000, 6566, ISN + range[0], TcpSegment.ACK,
                    Arrays.copyOfRange(stream, range[0], range[1]));
            pcap.frame(TestFrames.ethernetVlan(new int[] {0x8100}, 0x0800,
                    TestFrames.ipv4(V4_A, V4_B, PROTO_TCP, tcp)));
        }
        Path file = dir.resolve("messy.pcap");
        Files.write(file, pcap.bytes());

        PcapBinReport report = BinPcapExtractor.extract(file);

        TcpFlow flow = report.tcpFlows().get(0);
        assertThat(flow.startedWithSyn()).isFalse();
        assertThat(flow.anomalies().duplicateSegments()).isEqualTo(1);
        assertThat(flow.anomalies().outOfOrderSegments()).isEqualTo(2); // the second, and the one after the hole
        assertThat(flow.gaps()).containsExactly(new TcpFlow.Gap(lostFrom - 10, lostFrom - 10, 20));
        // Offsets count from the first byte captured (stream offset 10).
        assertThat(report.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING, SHTAG, PING);
        assertThat(report.packets()).extracting(ExtractedBinPacket::streamOffset)
                .containsExactly((long) pingAt - 10, (long) shtagAt - 10, (long) shtagAt + SHTAG.length - 10);
        // PING (48..94) came in frame 3 (40..75) and frame 2, whose 70..75 frame 3 had already supplied.
        assertThat(report.packets().get(0).frames()).containsExactly(2, 3);
        assertThat(report.bin().flows().get(0).problems()).extracting(BinFlowReport.Problem::kind)
                .containsExactly(ProblemKind.LEADING_BYTES_SKIPPED, ProblemKind.GAP, ProblemKind.LEADING_BYTES_SKIPPED);
    }

    @Test
    void reportsATruncatedCaptureAndKeepsWhatCameBefore(@TempDir Path dir) throws IOException {
        byte[] frame = TestFrames.ipv4(V4_A, V4_B, PROTO_TCP, TestFrames.tcp(1, 2, ISN + 1, TcpSegment.ACK, PING));
        byte[] whole = new PcapBuilder(101).frame(frame).frame(frame).bytes();
        Path file = dir.resolve("cut.pcap");
        Files.write(file, Arrays.copyOf(whole, whole.length - 5));

        PcapBinReport report = BinPcapExtractor.extract(file);

        assertThat(report.packets()).hasSize(1);
        assertThat(report.capture().truncation()).contains("record 2");
        assertThat(report.warnings().get(0)).startsWith("capture truncated");
    }

    @Test
    void warnsWhenARetransmissionContradictsTheFirstCopy(@TempDir Path dir) throws IOException {
        byte[] altered = PING.clone();
        altered[altered.length - 1] ^= 1;
        PcapBuilder pcap = new PcapBuilder(101);
        for (byte[] copy : new byte[][] {PING, altered}) {
            pcap.frame(TestFrames.ipv4(V4_A, V4_B, PROTO_TCP, TestFrames.tcp(1, 2, ISN + 1, TcpSegment.ACK, copy)));
        }
        Path file = dir.resolve("conflict.pcap");
        Files.write(file, pcap.bytes());

        PcapBinReport report = BinPcapExtractor.extract(file);

        assertThat(report.packets()).extracting(ExtractedBinPacket::bytes).containsExactly(PING);
        assertThat(report.warnings()).singleElement().asString()
                .isEqualTo("10.0.0.1:1 -> 10.0.0.2:2: 1 retransmitted byte(s) differ from the first copy, which was kept");
    }

    @Test
    void throwsOnlyPcapFormatExceptionOnCorruptedFiles() {
        byte[] stream = concat(PING, PONG, SHTAG);
        PcapBuilder b = new PcapBuilder(1);
        for (int at = 0; at < stream.length; at += 40) {
            byte[] part = Arrays.copyOfRange(stream, at, Math.min(stream.length, at + 40));
            b.frame(TestFrames.ethernet(0x0800, TestFrames.ipv4(V4_A, V4_B, PROTO_TCP,
                    TestFrames.tcp(40000, 6566, ISN + 1 + at, TcpSegment.ACK, part))));
        }
        byte[] clean = b.bytes();
        Random random = new Random(20261122);
        int rejected = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] corrupt = clean.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }
            try {
                TcpStreamReassembler r = new TcpStreamReassembler();
                PcapReader.read(new ByteArrayInputStream(corrupt), r::add);
                BinPcapExtractor.extract(r.finish());
            } catch (PcapFormatException expected) {
                rejected++;
            } catch (IOException | RuntimeException e) {
                throw new AssertionError("round " + round + " threw " + e, e);
            }
        }
        assertThat(rejected).isPositive();
        assertThatThrownBy(() -> PcapReader.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), s -> {}))
                .isInstanceOf(PcapFormatException.class);
    }
}
