package io.sipcluster.app.inspect.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import io.sipcluster.wire.BinCodec;
import io.sipcluster.wire.BinMessage;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.clusterer.ExtraMessage.RemoveNode;
import io.sipcluster.wire.clusterer.ExtraMessage.ShtagActive;
import io.sipcluster.wire.clusterer.InternalMessage.CapUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.LsUpdate;
import io.sipcluster.wire.clusterer.InternalMessage.Ping;
import io.sipcluster.wire.clusterer.InternalMessage.Pong;
import io.sipcluster.wire.testing.GoldenVectors;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Captures of three OpenSIPS 3.6.8 nodes (tcpdump on lo, see the wire module's golden vectors). The golden
 * vectors were cut out of the same captures by an independent tool, which recorded their frames and offsets.
 */
class RealCaptureTest {
    private static final String S5B = "s5b-cap-keepalive-failure.pcap";
    private static final String S4 = "s4-shtag.pcap";

    static Path resource(String name) throws URISyntaxException {
        return Path.of(RealCaptureTest.class.getResource("/pcap/" + name).toURI());
    }

    static List<BinMessage> decodeAndCheckRoundTrip(PcapBinReport report) throws MalformedPacketException {
        List<BinMessage> messages = new ArrayList<>();
        for (ExtractedBinPacket p : report.packets()) {
            BinMessage m = BinCodec.decode(p.bytes());
            assertThat(BinCodec.encode(m)).as("re-encoding of %s", p).isEqualTo(p.bytes());
            messages.add(m);
        }
        return messages;
    }

    @Test
    void s5bHoldsKeepalivesCapabilityUpdatesAndTheNodeRemoval() throws Exception {
        PcapBinReport report = BinPcapExtractor.extract(resource(S5B));

        assertThat(report.capture().frames()).isEqualTo(292);
        assertThat(report.capture().tcpSegments()).isEqualTo(292);
        assertThat(report.warnings()).isEmpty();
        List<BinMessage> messages = decodeAndCheckRoundTrip(report);
        assertThat(messages).hasSize(129);
        assertThat(messages).filteredOn(CapUpdate.class::isInstance).isNotEmpty();
        assertThat(messages).filteredOn(m -> m instanceof Ping p && p.reqNodeList() == 0).isNotEmpty();
        assertThat(messages).filteredOn(Pong.class::isInstance).isNotEmpty();
        assertThat(messages).filteredOn(m -> m instanceof LsUpdate u && u.newLs() == LsUpdate.LINK_DOWN).isNotEmpty();
        assertThat(messages).filteredOn(m -> m instanceof RemoveNode r && r.targetNodeId() == 3).hasSize(1);
    }

    @Test
    void s4HoldsShtagActivePackets() throws Exception {
        PcapBinReport report = BinPcapExtractor.extract(resource(S4));

        assertThat(report.warnings()).isEmpty();
        List<BinMessage> messages = decodeAndCheckRoundTrip(report);
        assertThat(messages).hasSize(244);
        assertThat(messages).filteredOn(ShtagActive.class::isInstance).hasSize(6)
                .extracting(m -> ((ShtagActive) m).tagName().toString()).containsOnly("vip", "edge-proxy-a");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "052-clusterer-extra-SHTAG_ACTIVE.bin,      s4-shtag.pcap,                  73,  354,  127.0.0.1:33615, 127.0.0.1:6568",
        "097-clusterer-internal-CAP_UPDATE.bin,     s5b-cap-keepalive-failure.pcap, 69,  545,  127.0.0.1:48095, 127.0.0.1:6568",
        "098-clusterer-internal-CAP_UPDATE.bin,     s5b-cap-keepalive-failure.pcap, 71,  654,  127.0.0.1:56117, 127.0.0.1:6567",
        "102-clusterer-internal-CAP_UPDATE.bin,     s5b-cap-keepalive-failure.pcap, 169, 1407, 127.0.0.1:56117, 127.0.0.1:6567",
        "103-clusterer-internal-LS_UPDATE.bin,      s5b-cap-keepalive-failure.pcap, 251, 1235, 127.0.0.1:40981, 127.0.0.1:6566",
        "104-clusterer-extra-REMOVE_NODE.bin,       s5b-cap-keepalive-failure.pcap, 287, 2558, 127.0.0.1:53235, 127.0.0.1:6567",
    })
    void findsEachGoldenVectorWhereItWasCaptured(String vector, String pcap, int frame, long offset, String src,
            String dst) throws Exception {
        byte[] expected = GoldenVectors.bytes(vector);

        PcapBinReport report = BinPcapExtractor.extract(resource(pcap));

        assertThat(report.packets()).filteredOn(p -> Arrays.equals(p.bytes(), expected)).anySatisfy(p -> {
            assertThat(p.frames()).containsExactly(frame);
            assertThat(p.streamOffset()).isEqualTo(offset);
            assertThat(p.source()).hasToString(src);
            assertThat(p.destination()).hasToString(dst);
        });
    }

    /**
     * All nine captures of the vector set hold about 3,500 BIN packets. They are not committed; run with
     * {@code -Dsipcluster.pcapDir=/path/to/vectors/opensips/pcap} to check them.
     */
    @Test
    void allCapturesOfTheVectorSetWhenAvailable() throws Exception {
        String dir = System.getProperty("sipcluster.pcapDir");
        Assumptions.assumeTrue(dir != null, "set -Dsipcluster.pcapDir to run");
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir))) {
            files = list.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(files).hasSize(9);
        int total = 0;
        for (Path file : files) {
            PcapBinReport report = BinPcapExtractor.extract(file);
            assertThat(report.warnings()).as(file.toString()).isEmpty();
            total += decodeAndCheckRoundTrip(report).size();
        }
        assertThat(total).isBetween(3_300, 3_700);
    }

    @Test
    void readsTheRawSegmentsOfACapture() throws URISyntaxException, IOException {
        PcapCapture capture = PcapReader.read(resource(S5B));
        assertThat(capture.segments()).hasSize(292);
        assertThat(capture.summary().header().linkType()).isEqualTo(LinkType.EN10MB);
        assertThat(TcpStreamReassembler.reassemble(capture.segments())).hasSize(32);
    }
}
