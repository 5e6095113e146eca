package io.sipcluster.app.inspect.pcap;

import java.util.List;

/** What {@link BinPcapExtractor} made of one TCP flow. */
public record BinFlowReport(Endpoint source, Endpoint destination, Verdict verdict, int packets, long bytes,
        List<Problem> problems) {
    public enum Verdict {
        /** The flow carries BIN packets (possibly with problems). */
        BIN,
        /** The flow's bytes are not BIN; it was skipped. */
        NOT_BIN,
        /** The capture holds no payload for this flow (handshake or acknowledgements only). */
        EMPTY
    }

    public enum ProblemKind {
        /** Bytes before the first packet start were skipped: the capture began inside a packet. */
        LEADING_BYTES_SKIPPED,
        /** The capture lost bytes; a packet cut by the gap is lost, framing resumes at the next packet start. */
        GAP,
        /** Bytes that cannot be a BIN packet where one must start; the rest of the flow is not read. */
        FRAMING_ERROR,
        /** The flow ends inside a packet. */
        INCOMPLETE_PACKET_AT_END,
        /** The reassembler dropped bytes at its size limit. */
        TRUNCATED_AT_LIMIT
    }

    /** @param streamOffset where in the flow it happened, in sequence space like {@link ExtractedBinPacket} */
    public record Problem(ProblemKind kind, long streamOffset, String detail) {
        @Override
        public String toString() {
            return kind + " at stream offset " + streamOffset + ": " + detail;
        }
    }

    public BinFlowReport {
        problems = List.copyOf(problems);
    }

    @Override
    public String toString() {
        return source + " -> " + destination + ": " + verdict + ", " + packets + " packet(s) in " + bytes + " bytes"
                + (problems.isEmpty() ? "" : ", " + problems);
    }
}
