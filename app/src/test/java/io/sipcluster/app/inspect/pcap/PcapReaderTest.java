package io.sipcluster.app.inspect.pcap;

import static io.sipcluster.app.inspect.pcap.TestFrames.PROTO_TCP;
import static io.sipcluster.app.inspect.pcap.TestFrames.PROTO_UDP;
import static io.sipcluster.app.inspect.pcap.TestFrames.V4_A;
import static io.sipcluster.app.inspect.pcap.TestFrames.V4_B;
import static io.sipcluster.app.inspect.pcap.TestFrames.V6_A;
import static io.sipcluster.app.inspect.pcap.TestFrames.V6_B;
import static io.sipcluster.app.inspect.pcap.TestFrames.concat;
import static io.sipcluster.app.inspect.pcap.TestFrames.ethernet;
import static io.sipcluster.app.inspect.pcap.TestFrames.ipv4;
import static io.sipcluster.app.inspect.pcap.TestFrames.ipv6;
import static io.sipcluster.app.inspect.pcap.TestFrames.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PcapReaderTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86dd;

    record Read(PcapSummary summary, List<TcpSegment> segments) {}

    static Read read(byte[] file) throws IOException {
        List<TcpSegment> segments = new ArrayList<>();
        PcapSummary summary = PcapReader.read(new ByteArrayInputStream(file), segments::add);
        return new Read(summary, segments);
    }

    static byte[] v4Segment(byte[] payload) {
        return ipv4(V4_A, V4_B, PROTO_TCP, tcp(40000, 6566, 1001, TcpSegment.ACK | TcpSegment.PSH, payload));
    }

    static byte[] v6Segment(byte[] payload) {
        return ipv6(V6_A, V6_B, PROTO_TCP, tcp(40000, 6566, 1001, TcpSegment.ACK, payload));
    }

    // ------------------------------------------------------------------ file header

    @Test
    void readsAnEthernetIpv4Segment() throws IOException {
        Read r = read(new PcapBuilder(1).frame(ethernet(ETH_IPV4, v4Segment(HELLO))).bytes());

        assertThat(r.summary().frames()).isEqualTo(1);
        assertThat(r.summary().tcpSegments()).isEqualTo(1);
        assertThat(r.summary().truncation()).isNull();
        assertThat(r.summary().warnings()).isEmpty();
        assertThat(r.summary().header().linkType()).isEqualTo(LinkType.EN10MB);
        TcpSegment s = r.segments().get(0);
        assertThat(s.frameNumber()).isEqualTo(1);
        assertThat(s.source()).hasToString("10.0.0.1:40000");
        assertThat(s.destination()).hasToString("10.0.0.2:6566");
        assertThat(s.sequenceNumber()).isEqualTo(1001);
        assertThat(s.flags()).isEqualTo(TcpSegment.ACK | TcpSegment.PSH);
        assertThat(s.payload()).isEqualTo(HELLO);
        assertThat(s.missingPayloadBytes()).isZero();
    }

    static Stream<Arguments> magics() {
        return Stream.of(
                Arguments.of(ByteOrder.LITTLE_ENDIAN, false), Arguments.of(ByteOrder.BIG_ENDIAN, false),
                Arguments.of(ByteOrder.LITTLE_ENDIAN, true), Arguments.of(ByteOrder.BIG_ENDIAN, true));
    }

    @ParameterizedTest
    @MethodSource("magics")
    void readsBothByteOrdersAndTimestampResolutions(ByteOrder order, boolean nanos) throws IOException {
        long fraction = nanos ? 123_456_789 : 123_456;
        byte[] frame = ethernet(ETH_IPV4, v4Segment(HELLO));
        byte[] file = new PcapBuilder(order, nanos, 1, 65535)
                .record(frame, frame.length, frame.length, 1_795_321_400L, fraction).bytes();

        Read r = read(file);

        assertThat(r.summary().header().byteOrder()).isEqualTo(order);
        assertThat(r.summary().header().nanosecondTimestamps()).isEqualTo(nanos);
        assertThat(r.summary().header().snapLength()).isEqualTo(65535);
        assertThat(r.segments()).singleElement().satisfies(s -> {
            assertThat(s.timestamp()).isEqualTo(Instant.ofEpochSecond(1_795_321_400L, nanos ? 123_456_789 : 123_456_000));
            assertThat(s.payload()).isEqualTo(HELLO);
        });
    }

    @Test
    void rejectsPcapngWithAHint() {
        byte[] pcapng = {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 0x4d, 0x3c, 0x2b, 0x1a};
        assertThatThrownBy(() -> read(pcapng)).isInstanceOf(PcapFormatException.class)
                .hasMessageContaining("pcapng").hasMessageContaining("editcap");
    }

    @Test
    void rejectsOtherFilesWithTheirProblem() {
        assertThatThrownBy(() -> read(new byte[0])).isInstanceOf(PcapFormatException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("GET / HTTP/1.1\r\n\r\n pad pad pad".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(PcapFormatException.class).hasMessageContaining("not a pcap file");
        byte[] modified = new PcapBuilder(1).bytes();
        ByteBuffer.wrap(modified).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0xa1b2cd34);
        assertThatThrownBy(() -> read(modified)).isInstanceOf(PcapFormatException.class).hasMessageContaining("Kuznetsov");
        byte[] version1 = new PcapBuilder(1).bytes();
        version1[4] = 1;
        assertThatThrownBy(() -> read(version1)).isInstanceOf(PcapFormatException.class).hasMessageContaining("version 1.4");
        assertThatThrownBy(() -> read(new PcapBuilder(127).bytes())).isInstanceOf(PcapFormatException.class)
                .hasMessageContaining("link type 127").hasMessageContaining("LINUX_SLL2 (276)");
    }

    @Test
    void ignoresTheFcsBitsOfTheLinkTypeField() throws IOException {
        Read r = read(new PcapBuilder(0x1000_0000 | 1).frame(ethernet(ETH_IPV4, v4Segment(HELLO))).bytes());
        assertThat(r.segments()).singleElement().satisfies(s -> assertThat(s.payload()).isEqualTo(HELLO));
    }

    // ------------------------------------------------------------------ link layers

    static Stream<Arguments> linkLayers() {
        byte[] v4 = v4Segment(HELLO);
        byte[] v6 = v6Segment(HELLO);
        return Stream.of(
                Arguments.of("EN10MB IPv4", 1, ethernet(ETH_IPV4, v4)),
                Arguments.of("EN10MB IPv6", 1, ethernet(ETH_IPV6, v6)),
                Arguments.of("EN10MB 802.1Q", 1, TestFrames.ethernetVlan(new int[] {0x8100}, ETH_IPV4, v4)),
                Arguments.of("EN10MB Q-in-Q", 1, TestFrames.ethernetVlan(new int[] {0x88a8, 0x8100}, ETH_IPV6, v6)),
                Arguments.of("LINUX_SLL IPv4", 113, TestFrames.linuxSll(ETH_IPV4, v4)),
                Arguments.of("LINUX_SLL IPv6", 113, TestFrames.linuxSll(ETH_IPV6, v6)),
                Arguments.of("LINUX_SLL2 IPv4", 276, TestFrames.linuxSll2(ETH_IPV4, v4)),
                Arguments.of("LINUX_SLL2 IPv6", 276, TestFrames.linuxSll2(ETH_IPV6, v6)),
                Arguments.of("RAW 101 IPv4", 101, v4),
                Arguments.of("RAW 101 IPv6", 101, v6),
                Arguments.of("RAW 12 IPv4", 12, v4),
                Arguments.of("RAW 14 IPv6", 14, v6),
                Arguments.of("NULL little-endian host", 0, TestFrames.loopback(2, ByteOrder.LITTLE_ENDIAN, v4)),
                Arguments.of("NULL big-endian host", 0, TestFrames.loopback(2, ByteOrder.BIG_ENDIAN, v4)),
                Arguments.of("NULL IPv6 Linux", 0, TestFrames.loopback(10, ByteOrder.LITTLE_ENDIAN, v6)),
                Arguments.of("NULL IPv6 BSD", 0, TestFrames.loopback(24, ByteOrder.LITTLE_ENDIAN, v6)),
                Arguments.of("NULL IPv6 FreeBSD", 0, TestFrames.loopback(28, ByteOrder.BIG_ENDIAN, v6)),
                Arguments.of("NULL IPv6 macOS", 0, TestFrames.loopback(30, ByteOrder.LITTLE_ENDIAN, v6)),
                Arguments.of("LOOP", 108, TestFrames.loopback(2, ByteOrder.BIG_ENDIAN, v4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("linkLayers")
    void findsTheTcpSegmentBehindEachLinkLayer(String name, int linkType, byte[] frame) throws IOException {
        Read r = read(new PcapBuilder(linkType).frame(frame).bytes());

        assertThat(r.summary().skipped().total()).as(r.summary().warnings().toString()).isZero();
        TcpSegment s = r.segments().get(0);
        assertThat(s.payload()).isEqualTo(HELLO);
        assertThat(s.destination().port()).isEqualTo(6566);
        assertThat(s.source().host()).isIn("10.0.0.1", "2001:db8::1");
    }

    @Test
    void formatsIpv6EndpointsInBrackets() throws IOException {
        Read r = read(new PcapBuilder(101).frame(v6Segment(HELLO)).bytes());
        assertThat(r.segments().get(0).source()).hasToString("[2001:db8::1]:40000");
        assertThat(r.segments().get(0).source().isIpv6()).isTrue();
    }

    @Test
    void skipsNonIpFramesAndCountsThem() throws IOException {
        byte[] arp = ethernet(0x0806, new byte[28]);
        byte[] ieee8023 = ethernet(0x0040, new byte[64]);
        Read r = read(new PcapBuilder(1).frame(arp).frame(ethernet(ETH_IPV4, v4Segment(HELLO))).frame(ieee8023)
                .bytes());

        assertThat(r.segments()).hasSize(1);
        assertThat(r.summary().frames()).isEqualTo(3);
        assertThat(r.summary().skipped().entries()).singleElement().satisfies(e -> {
            assertThat(e.reason()).isEqualTo(SkipReason.NOT_IP);
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.firstFrame()).isEqualTo(1);
            assertThat(e.firstDetail()).contains("0x0806");
        });
        assertThat(r.summary().warnings()).singleElement().asString().contains("2 frame(s) skipped");
    }

    @Test
    void skipsOtherProtocolsOnLoopbackAndRaw() throws IOException {
        byte[] udp = ipv4(V4_A, V4_B, PROTO_UDP, new byte[12]);
        Read r = read(new PcapBuilder(0).frame(TestFrames.loopback(7, ByteOrder.LITTLE_ENDIAN, udp))
                .frame(TestFrames.loopback(2, ByteOrder.LITTLE_ENDIAN, udp)).bytes());
        assertThat(r.summary().skipped().count(SkipReason.NOT_IP)).isEqualTo(1);
        assertThat(r.summary().skipped().count(SkipReason.NOT_TCP)).isEqualTo(1);

        Read raw = read(new PcapBuilder(101).frame(new byte[] {0x55, 1, 2, 3}).bytes());
        assertThat(raw.summary().skipped().count(SkipReason.NOT_IP)).isEqualTo(1);
    }

    @Test
    void skipsTooManyVlanTagsAsMalformed() throws IOException {
        int[] tags = new int[9];
        Arrays.fill(tags, 0x8100);
        Read r = read(new PcapBuilder(1).frame(TestFrames.ethernetVlan(tags, ETH_IPV4, v4Segment(HELLO))).bytes());
        assertThat(r.summary().skipped().count(SkipReason.MALFORMED_HEADERS)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ IPv4

    @Test
    void readsIpv4WithOptions() throws IOException {
        byte[] options = {(byte) 0x94, 4, 0, 0}; // router alert
        byte[] packet = ipv4(V4_A, V4_B, PROTO_TCP, options, 0, tcp(1, 2, 7, TcpSegment.ACK, HELLO));
        Read r = read(new PcapBuilder(101).frame(packet).bytes());
        assertThat(r.segments()).singleElement().satisfies(s -> assertThat(s.payload()).isEqualTo(HELLO));
    }

    @Test
    void readsTcpWithOptions() throws IOException {
        byte[] options = {2, 4, 5, (byte) 0xb4, 1, 1, 4, 2}; // MSS, NOP, NOP, SACK permitted
        Read r = read(new PcapBuilder(101).frame(ipv4(V4_A, V4_B, PROTO_TCP,
                tcp(1, 2, 7, TcpSegment.SYN, options, HELLO))).bytes());
        assertThat(r.segments()).singleElement().satisfies(s -> {
            assertThat(s.payload()).isEqualTo(HELLO);
            assertThat(s.syn()).isTrue();
        });
    }

    @Test
    void trimsEthernetPaddingAndFcs() throws IOException {
        byte[] tiny = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, TcpSegment.ACK, new byte[] {'x'}));
        byte[] padded = concat(ethernet(ETH_IPV4, tiny), new byte[60 - 14 - tiny.length], new byte[] {1, 2, 3, 4});
        Read r = read(new PcapBuilder(1).frame(padded).bytes());
        assertThat(r.segments().get(0).payload()).containsExactly('x');
    }

    @Test
    void skipsIpv4FragmentsAndCountsThem() throws IOException {
        byte[] first = ipv4(V4_A, V4_B, PROTO_TCP, new byte[0], 0x2000, tcp(1, 2, 7, TcpSegment.ACK, HELLO));
        byte[] later = ipv4(V4_A, V4_B, PROTO_TCP, new byte[0], 0x0003, HELLO);
        byte[] dontFragment = ipv4(V4_A, V4_B, PROTO_TCP, new byte[0], 0x4000, tcp(1, 2, 7, TcpSegment.ACK, HELLO));
        Read r = read(new PcapBuilder(101).frame(first).frame(later).frame(dontFragment).bytes());

        assertThat(r.segments()).extracting(TcpSegment::frameNumber).containsExactly(3);
        assertThat(r.summary().skipped().count(SkipReason.IP_FRAGMENT)).isEqualTo(2);
        assertThat(r.summary().skipped().entries().get(0).toString()).contains("fragment").contains("frame 1");
    }

    @Test
    void trustsTheCaptureWhenSegmentationOffloadLeftTotalLengthZero() throws IOException {
        byte[] packet = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, TcpSegment.ACK, HELLO));
        packet[2] = 0;
        packet[3] = 0;
        Read r = read(new PcapBuilder(101).frame(packet).bytes());
        assertThat(r.segments().get(0).payload()).isEqualTo(HELLO);
    }

    @Test
    void skipsImpossibleHeadersAsMalformed() throws IOException {
        byte[] shortIhl = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, 0, HELLO));
        shortIhl[0] = 0x44;
        byte[] totalBelowHeader = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, 0, HELLO));
        totalBelowHeader[3] = 10;
        byte[] tcpOffsetTooSmall = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, 0, HELLO));
        tcpOffsetTooSmall[20 + 12] = 0x40;
        byte[] tcpOffsetPastSegment = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, 0, HELLO));
        tcpOffsetPastSegment[20 + 12] = (byte) 0xf0;
        byte[] ipPayloadTooShortForTcp = ipv4(V4_A, V4_B, PROTO_TCP, new byte[8]);
        byte[] wrongVersion = ipv4(V4_A, V4_B, PROTO_TCP, tcp(1, 2, 7, 0, HELLO));
        wrongVersion[0] = 0x65;

        Read r = read(new PcapBuilder(1).frame(ethernet(ETH_IPV4, shortIhl)).frame(ethernet(ETH_IPV4, totalBelowHeader))
                .frame(ethernet(ETH_IPV4, tcpOffsetTooSmall)).frame(ethernet(ETH_IPV4, tcpOffsetPastSegment))
                .frame(ethernet(ETH_IPV4, ipPayloadTooShortForTcp)).frame(ethernet(ETH_IPV4, wrongVersion)).bytes());

        assertThat(r.segments()).isEmpty();
        assertThat(r.summary().skipped().count(SkipReason.MALFORMED_HEADERS)).isEqualTo(6);
    }

    // ------------------------------------------------------------------ IPv6

    @Test
    void walksIpv6ExtensionHeaders() throws IOException {
        byte[] l4 = tcp(1, 2, 7, TcpSegment.ACK, HELLO);
        byte[] chain = concat(TestFrames.ipv6Extension(60, 1), // hop-by-hop -> destination options
                TestFrames.ipv6Extension(43, 2), // destination options (16 bytes) -> routing
                TestFrames.ipv6Extension(44, 1), // routing -> fragment
                TestFrames.ipv6Fragment(51, 0, false), // an atomic fragment is a whole packet -> AH
                authenticationHeader(PROTO_TCP), l4);
        Read r = read(new PcapBuilder(101).frame(ipv6(V6_A, V6_B, 0, chain)).bytes());

        assertThat(r.summary().warnings()).isEmpty();
        assertThat(r.segments()).singleElement().satisfies(s -> assertThat(s.payload()).isEqualTo(HELLO));
    }

    private static byte[] authenticationHeader(int nextHeader) {
        byte[] ah = new byte[12 + 4]; // 4-byte units minus 2: value 2 means 16 bytes
        ah[0] = (byte) nextHeader;
        ah[1] = 2;
        return ah;
    }

    @Test
    void skipsIpv6FragmentsEspAndOtherProtocols() throws IOException {
        byte[] l4 = tcp(1, 2, 7, TcpSegment.ACK, HELLO);
        byte[] firstFragment = ipv6(V6_A, V6_B, 44, concat(TestFrames.ipv6Fragment(PROTO_TCP, 0, true), l4));
        byte[] laterFragment = ipv6(V6_A, V6_B, 44, concat(TestFrames.ipv6Fragment(PROTO_TCP, 1448, false), HELLO));
        byte[] esp = ipv6(V6_A, V6_B, 50, new byte[32]);
        byte[] icmp = ipv6(V6_A, V6_B, 58, new byte[8]);
        byte[] noNext = ipv6(V6_A, V6_B, 0, TestFrames.ipv6Extension(59, 1));

        Read r = read(new PcapBuilder(101).frame(firstFragment).frame(laterFragment).frame(esp).frame(icmp)
                .frame(noNext).bytes());

        assertThat(r.segments()).isEmpty();
        assertThat(r.summary().skipped().count(SkipReason.IP_FRAGMENT)).isEqualTo(2);
        assertThat(r.summary().skipped().count(SkipReason.NOT_TCP)).isEqualTo(3);
    }

    @Test
    void boundsTheIpv6ExtensionChain() throws IOException {
        byte[][] hops = new byte[20][];
        for (int i = 0; i < hops.length; i++) {
            hops[i] = TestFrames.ipv6Extension(60, 1);
        }
        Read r = read(new PcapBuilder(101).frame(ipv6(V6_A, V6_B, 60, concat(hops))).bytes());
        assertThat(r.summary().skipped().count(SkipReason.MALFORMED_HEADERS)).isEqualTo(1);

        byte[] overrun = ipv6(V6_A, V6_B, 0, new byte[] {60, (byte) 200, 0, 0, 0, 0, 0, 0});
        Read r2 = read(new PcapBuilder(101).frame(overrun).bytes());
        assertThat(r2.summary().skipped().count(SkipReason.MALFORMED_HEADERS)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ lengths

    @Test
    void keepsTheCapturedPartOfASnapLengthTruncatedSegment() throws IOException {
        byte[] frame = ethernet(ETH_IPV4, v4Segment("0123456789".getBytes(StandardCharsets.US_ASCII)));
        int keep = frame.length - 6;
        byte[] file = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, 1, keep)
                .record(Arrays.copyOf(frame, keep), keep, frame.length, 1, 0).bytes();

        Read r = read(file);

        assertThat(r.segments()).singleElement().satisfies(s -> {
            assertThat(new String(s.payload(), StandardCharsets.US_ASCII)).isEqualTo("0123");
            assertThat(s.missingPayloadBytes()).isEqualTo(6);
            assertThat(s.wireLength()).isEqualTo(10);
        });
    }

    @Test
    void skipsFramesCutInsideTheirHeaders() throws IOException {
        byte[] frame = ethernet(ETH_IPV4, v4Segment(HELLO));
        PcapBuilder b = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, 1, 0);
        for (int keep : new int[] {10, 14 + 12, 14 + 20 + 10}) {
            b.record(Arrays.copyOf(frame, keep), keep, frame.length, 1, 0);
        }
        byte[] v6 = ethernet(ETH_IPV6,
                ipv6(V6_A, V6_B, 0, concat(TestFrames.ipv6Extension(PROTO_TCP, 1), tcp(1, 2, 3, 0, HELLO))));
        b.record(Arrays.copyOf(v6, 14 + 44), 14 + 44, v6.length, 1, 0);
        b.record(Arrays.copyOf(v6, 14 + 30), 14 + 30, v6.length, 1, 0);

        Read r = read(b.bytes());

        assertThat(r.segments()).isEmpty();
        assertThat(r.summary().skipped().count(SkipReason.TRUNCATED_HEADERS)).as(r.summary().warnings().toString())
                .isEqualTo(5);
    }

    @Test
    void skipsARecordLongerThanTheSnapLengthAndGoesOn() throws IOException {
        byte[] frame = ethernet(ETH_IPV4, v4Segment(HELLO));
        byte[] file = new PcapBuilder(ByteOrder.LITTLE_ENDIAN, false, 1, 40)
                .record(frame, frame.length, frame.length, 1, 0)
                .record(Arrays.copyOf(frame, 40), 40, frame.length, 2, 0).bytes();

        Read r = read(file);

        assertThat(r.summary().frames()).isEqualTo(2);
        assertThat(r.summary().skipped().count(SkipReason.CAPTURED_LENGTH_OVER_SNAPLEN)).isEqualTo(1);
        assertThat(r.summary().skipped().count(SkipReason.TRUNCATED_HEADERS)).isEqualTo(1);
    }

    @Test
    void rejectsAnAbsurdCapturedLengthWithoutAllocatingIt() {
        for (long absurd : new long[] {PcapRecordReader.MAX_RECORD_BYTES + 1L, 0x7fff_ffffL, 0xffff_ffffL}) {
            byte[] file = new PcapBuilder(ByteOrder.BIG_ENDIAN, false, 1, 0).record(new byte[64], absurd, 64, 1, 0)
                    .bytes();
            assertThatThrownBy(() -> read(file)).isInstanceOf(PcapFormatException.class)
                    .isNotInstanceOf(TruncatedPcapException.class)
                    .hasMessageContaining("record 1").hasMessageContaining(Long.toString(absurd));
        }
    }

    @Test
    void acceptsARecordOfExactlyTheLimit() throws IOException {
        byte[] frame = new byte[PcapRecordReader.MAX_RECORD_BYTES];
        System.arraycopy(ethernet(0x0806, new byte[28]), 0, frame, 0, 42);
        Read r = read(new PcapBuilder(1).frame(frame).bytes());
        assertThat(r.summary().frames()).isEqualTo(1);
    }

    /** Every prefix of a valid file: a clean error before the first record, then the whole records before the cut. */
    @Test
    void survivesTruncationAtEveryByteOffset() throws IOException {
        byte[][] frames = {ethernet(ETH_IPV4, v4Segment(HELLO)), ethernet(ETH_IPV6, v6Segment(HELLO)),
                ethernet(ETH_IPV4, v4Segment(new byte[0]))};
        PcapBuilder b = new PcapBuilder(1);
        List<Integer> recordEnds = new ArrayList<>();
        int end = 24;
        for (byte[] f : frames) {
            b.frame(f);
            end += 16 + f.length;
            recordEnds.add(end);
        }
        byte[] file = b.bytes();

        for (int cut = 0; cut <= file.length; cut++) {
            byte[] prefix = Arrays.copyOf(file, cut);
            if (cut < 24) {
                assertThatThrownBy(() -> read(prefix)).as("cut at %d", cut).isInstanceOf(PcapFormatException.class);
                continue;
            }
            int whole = 0;
            while (whole < recordEnds.size() && recordEnds.get(whole) <= cut) {
                whole++;
            }
            boolean atBoundary = cut == 24 || recordEnds.contains(cut);
            Read r = read(prefix);
            assertThat(r.summary().frames()).as("cut at %d", cut).isEqualTo(whole);
            assertThat(r.segments()).as("cut at %d", cut).hasSize(whole);
            assertThat(r.summary().truncation() == null).as("cut at %d", cut).isEqualTo(atBoundary);
            if (!atBoundary) {
                assertThat(r.summary().warnings().get(0)).contains("record " + (whole + 1));
            }
        }
    }
}
