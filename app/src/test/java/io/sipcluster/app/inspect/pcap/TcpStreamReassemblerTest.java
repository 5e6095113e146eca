package io.sipcluster.app.inspect.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sipcluster.app.inspect.pcap.TcpFlow.FrameStart;
import io.sipcluster.app.inspect.pcap.TcpFlow.Gap;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpStreamReassemblerTest {
    private static final Endpoint CLIENT = Endpoint.of(new byte[] {10, 0, 0, 1}, 40000);
    private static final Endpoint SERVER = Endpoint.of(new byte[] {10, 0, 0, 2}, 6566);
    private static final int ISN = 1000;

    /** Segments of one direction, numbered as consecutive capture frames. */
    private final List<TcpSegment> segments = new ArrayList<>();

    private TcpStreamReassemblerTest syn(long isn) {
        return add(CLIENT, SERVER, isn, TcpSegment.SYN, "");
    }

    /** A data segment at stream offset {@code offset} after a SYN with {@link #ISN}. */
    private TcpStreamReassemblerTest data(long offset, String text) {
        return add(CLIENT, SERVER, ISN + 1 + offset, TcpSegment.ACK, text);
    }

    private TcpStreamReassemblerTest add(Endpoint from, Endpoint to, long seq, int flags, String text) {
        return add(from, to, seq, flags, text.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    private TcpStreamReassemblerTest add(Endpoint from, Endpoint to, long seq, int flags, byte[] payload, int missing) {
        int frame = segments.size() + 1;
        segments.add(new TcpSegment(frame, Instant.ofEpochSecond(frame), from, to, seq & 0xffff_ffffL, flags,
                payload, missing));
        return this;
    }

    private List<TcpFlow> flows() {
        return TcpStreamReassembler.reassemble(segments);
    }

    private TcpFlow onlyFlow() {
        List<TcpFlow> flows = flows();
        assertThat(flows).hasSize(1);
        return flows.get(0);
    }

    private static String text(TcpFlow f) {
        return new String(f.payload(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void concatenatesInOrderSegmentsAfterTheSyn() {
        syn(ISN).data(0, "hello").data(5, " world");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("hello world");
        assertThat(f.startedWithSyn()).isTrue();
        assertThat(f.source()).isEqualTo(CLIENT);
        assertThat(f.destination()).isEqualTo(SERVER);
        assertThat(f.gaps()).isEmpty();
        assertThat(f.frameStarts()).extracting(FrameStart::frameNumber, FrameStart::payloadIndex)
                .containsExactly(tuple(2, 0), tuple(3, 5));
        assertThat(f.frameStarts().get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(3));
        assertThat(f.anomalies()).isEqualTo(new TcpFlow.Anomalies(0, 0, 0, 0, 0));
    }

    @Test
    void reordersOutOfOrderSegments() {
        syn(ISN).data(10, "KLMNO").data(5, "FGHIJ").data(0, "ABCDE");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEFGHIJKLMNO");
        assertThat(f.gaps()).isEmpty();
        assertThat(f.anomalies().outOfOrderSegments()).isEqualTo(2);
        assertThat(f.framesCovering(0, 15)).containsExactly(2, 3, 4);
        assertThat(f.framesCovering(6, 2)).containsExactly(3);
    }

    @Test
    void dropsRetransmissionsAndDuplicates() {
        syn(ISN).syn(ISN).data(0, "ABCDE").data(0, "ABCDE").data(5, "FGHIJ").data(5, "FGHIJ").data(0, "ABCDE");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEFGHIJ");
        assertThat(f.anomalies().duplicateSegments()).isEqualTo(3);
        assertThat(f.anomalies().conflictingBytes()).isZero();
        assertThat(f.framesCovering(0, 10)).containsExactly(3, 5);
    }

    @Test
    void takesOnlyTheNewPartOfOverlappingSegments() {
        syn(ISN).data(0, "ABCDEFGH").data(4, "EFGHIJKL").data(2, "CD");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEFGHIJKL");
        assertThat(f.frameStarts()).extracting(FrameStart::payloadIndex).containsExactly(0, 8);
        assertThat(f.anomalies().conflictingBytes()).isZero();
        assertThat(f.anomalies().duplicateSegments()).isEqualTo(1);
    }

    @Test
    void keepsTheFirstCopyWhenOverlappingBytesDisagree() {
        syn(ISN).data(0, "ABCDEFGH").data(4, "xyGHIJ");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEFGHIJ");
        assertThat(f.anomalies().conflictingBytes()).isEqualTo(2);
    }

    @Test
    void mergesOverlappingOutOfOrderSegments() {
        syn(ISN).data(6, "GHIJ").data(4, "EFGH").data(4, "EF").data(0, "ABCD");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEFGHIJ");
        assertThat(f.gaps()).isEmpty();
    }

    @Test
    void reportsAHoleThatNeverFillsAsAGap() {
        syn(ISN).data(0, "ABCDE").data(10, "KLMNO");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCDEKLMNO");
        assertThat(f.gaps()).containsExactly(new Gap(5, 5, 5));
        assertThat(f.streamOffset(4)).isEqualTo(4);
        assertThat(f.streamOffset(5)).isEqualTo(10);
    }

    @Test
    void givesUpWaitingWhenTheOutOfOrderBufferIsFull() {
        syn(ISN).data(0, "AB").data(4, "EF").data(6, "GH").data(8, "IJ").data(2, "CD").data(10, "KL");
        TcpStreamReassembler r = new TcpStreamReassembler(4, 1 << 20);
        segments.forEach(r::add);

        TcpFlow f = r.finish().get(0);

        // "IJ" made 6 bytes wait; the hole at 2 became a gap, and the late "CD" was a retransmission.
        assertThat(text(f)).isEqualTo("ABEFGHIJKL");
        assertThat(f.gaps()).containsExactly(new Gap(2, 2, 2));
        assertThat(f.anomalies().duplicateSegments()).isEqualTo(1);
    }

    @Test
    void startsAtTheFirstSequenceNumberSeenWhenTheSynWasNotCaptured() {
        add(CLIENT, SERVER, 5000, TcpSegment.ACK, "middle").add(CLIENT, SERVER, 5006, TcpSegment.ACK, " end")
                .add(CLIENT, SERVER, 4990, TcpSegment.ACK, "0123456789ab");

        TcpFlow f = onlyFlow();

        assertThat(f.startedWithSyn()).isFalse();
        assertThat(text(f)).isEqualTo("middle end");
        assertThat(f.anomalies().bytesBeforeStart()).isEqualTo(10);
        assertThat(f.anomalies().conflictingBytes()).isEqualTo(2); // "ab" vs "mi"
    }

    @Test
    void startsMidStreamAtAnEmptyAcknowledgement() {
        add(CLIENT, SERVER, 7000, TcpSegment.ACK, "").add(CLIENT, SERVER, 7000, TcpSegment.ACK, "data");
        assertThat(text(onlyFlow())).isEqualTo("data");
    }

    @Test
    void followsSequenceNumbersAcrossTheWrap() {
        long isn = 0xffff_fff0L;
        syn(isn).add(CLIENT, SERVER, isn + 1, TcpSegment.ACK, "0123456789")
                .add(CLIENT, SERVER, isn + 21, TcpSegment.ACK, "KLMNOPQRST") // past 2^32, ahead of the next one
                .add(CLIENT, SERVER, isn + 11, TcpSegment.ACK, "ABCDEFGHIJ");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("0123456789ABCDEFGHIJKLMNOPQRST");
        assertThat(f.gaps()).isEmpty();
    }

    @Test
    void keepsTheTwoDirectionsApartInOrderOfAppearance() {
        add(SERVER, CLIENT, 90, TcpSegment.SYN | TcpSegment.ACK, "");
        syn(ISN).data(0, "request");
        add(SERVER, CLIENT, 91, TcpSegment.ACK, "reply");

        List<TcpFlow> flows = flows();

        assertThat(flows).extracting(f -> f.source() + ">" + f.destination())
                .containsExactly("10.0.0.2:6566>10.0.0.1:40000", "10.0.0.1:40000>10.0.0.2:6566");
        assertThat(text(flows.get(0))).isEqualTo("reply");
        assertThat(text(flows.get(1))).isEqualTo("request");
    }

    @Test
    void startsANewFlowWhenANewConnectionReusesTheAddressPair() {
        syn(ISN).data(0, "first");
        add(CLIENT, SERVER, 77_000, TcpSegment.SYN, "").add(CLIENT, SERVER, 77_001, TcpSegment.ACK, "second");

        assertThat(flows()).extracting(TcpStreamReassemblerTest::text).containsExactly("first", "second");
    }

    @Test
    void adoptsALateSynWhenNoDataHadBeenSeen() {
        add(CLIENT, SERVER, 3, TcpSegment.ACK, "").syn(ISN).data(0, "data");

        TcpFlow f = onlyFlow();

        assertThat(f.startedWithSyn()).isTrue();
        assertThat(text(f)).isEqualTo("data");
    }

    @Test
    void reportsBytesCutOffBySnapLengthAsAGapAtOnce() {
        syn(ISN).add(CLIENT, SERVER, ISN + 1, TcpSegment.ACK, "ABC".getBytes(StandardCharsets.US_ASCII), 7)
                .data(10, "KLM");

        TcpFlow f = onlyFlow();

        assertThat(text(f)).isEqualTo("ABCKLM");
        assertThat(f.gaps()).containsExactly(new Gap(3, 3, 7));
        assertThat(f.anomalies().outOfOrderSegments()).isZero();
    }

    @Test
    void reportsDataMissingBeforeTheFinAsAGap() {
        syn(ISN).data(0, "ABC").add(CLIENT, SERVER, ISN + 1 + 8, TcpSegment.FIN | TcpSegment.ACK, "");

        TcpFlow f = onlyFlow();

        assertThat(f.gaps()).containsExactly(new Gap(3, 3, 5));
    }

    @Test
    void ignoresTheTextOfAReset() {
        syn(ISN).data(0, "ABC").add(CLIENT, SERVER, ISN + 4, TcpSegment.RST, "connection reset");
        assertThat(text(onlyFlow())).isEqualTo("ABC");
    }

    @Test
    void stopsKeepingBytesAtTheFlowLimit() {
        syn(ISN).data(0, "ABCDEF").data(6, "GHIJ").data(12, "MN");
        TcpStreamReassembler r = new TcpStreamReassembler(1 << 20, 8);
        segments.forEach(r::add);

        TcpFlow f = r.finish().get(0);

        assertThat(text(f)).isEqualTo("ABCDEFGH");
        assertThat(f.anomalies().bytesOverLimit()).isEqualTo(4);
        assertThat(f.gaps()).isEmpty();
    }

    @Test
    void mapsPayloadIndexesToFramesAcrossGaps() {
        syn(ISN).data(0, "AAAA").data(4, "BBBB").data(12, "CCCC").data(16, "DDDD");

        TcpFlow f = onlyFlow();

        assertThat(f.framesCovering(3, 2)).containsExactly(2, 3);
        assertThat(f.framesCovering(8, 4)).containsExactly(4);
        assertThat(f.framesCovering(0, 0)).isEmpty();
        assertThat(f.streamOffset(8)).isEqualTo(12);
        assertThat(f.streamOffset(15)).isEqualTo(19);
    }

    @Test
    void refusesUseAfterFinish() {
        syn(ISN);
        TcpStreamReassembler r = new TcpStreamReassembler();
        r.finish();
        assertThatThrownBy(r::finish).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> r.add(segments.get(0))).isInstanceOf(IllegalStateException.class);
    }
}
