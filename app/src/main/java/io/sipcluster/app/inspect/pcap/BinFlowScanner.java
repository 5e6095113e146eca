package io.sipcluster.app.inspect.pcap;

import io.sipcluster.app.inspect.pcap.BinFlowReport.Problem;
import io.sipcluster.app.inspect.pcap.BinFlowReport.ProblemKind;
import io.sipcluster.app.inspect.pcap.BinFlowReport.Verdict;
import io.sipcluster.wire.MalformedPacketException;
import io.sipcluster.wire.PacketFramer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the BIN packets out of one TCP flow.
 *
 * <p>The flow is read run by run, a run being the bytes between two gaps. Each run gets a fresh
 * {@link PacketFramer}, because a gap breaks the framing: a packet cut by it is lost, and reading resumes at the
 * next packet start found after it. A framing error (bytes that cannot be a packet where one must start) ends
 * the flow, as it ends the connection in OpenSIPS.
 */
final class BinFlowScanner {
    /** A packet and the frame by which a receiver had it whole (never decreasing along a flow). */
    record Found(ExtractedBinPacket packet, int completedInFrame) {}

    record Result(List<Found> packets, BinFlowReport report) {}

    private final TcpFlow flow;
    private final byte[] bytes;
    private final List<Found> found = new ArrayList<>();
    private final List<Problem> problems = new ArrayList<>();
    private int completedInFrame;
    private boolean sawPacketStart;
    private String notBinBecause;
    private boolean stopped;

    private BinFlowScanner(TcpFlow flow) {
        this.flow = flow;
        this.bytes = flow.payloadView();
    }

    static Result scan(TcpFlow flow) {
        return new BinFlowScanner(flow).scan();
    }

    private Result scan() {
        List<TcpFlow.Gap> gaps = flow.gaps();
        int runStart = 0;
        for (int run = 0; run <= gaps.size() && !stopped; run++) {
            TcpFlow.Gap gapAfter = run < gaps.size() ? gaps.get(run) : null;
            int runEnd = gapAfter != null ? gapAfter.payloadIndex() : bytes.length;
            int leftover = readRun(runStart, runEnd, run == 0 && flow.startedWithSyn());
            if (stopped) {
                break;
            }
            if (gapAfter != null) {
                problems.add(new Problem(ProblemKind.GAP, gapAfter.streamOffset(), gapAfter.missingBytes()
                        + " byte(s) not captured" + (leftover > 0 ? "; the packet they cut (" + leftover
                        + " bytes seen) is lost" : "")));
            } else if (leftover > 0) {
                problems.add(new Problem(ProblemKind.INCOMPLETE_PACKET_AT_END, flow.streamOffset(runEnd - leftover),
                        "the flow ends " + leftover + " byte(s) into a packet"));
            }
            runStart = runEnd;
        }
        if (flow.anomalies().bytesOverLimit() > 0) {
            problems.add(new Problem(ProblemKind.TRUNCATED_AT_LIMIT, flow.streamOffset(bytes.length),
                    flow.anomalies().bytesOverLimit() + " byte(s) beyond the reassembly limit were dropped"));
        }
        return new Result(found, report());
    }

    /**
     * Frames the packets of {@code bytes[from, to)}; returns the bytes of a packet left incomplete at the end.
     *
     * @param mustStartAtFrom the run is the very start of the stream, where a packet must begin
     */
    private int readRun(int from, int to, boolean mustStartAtFrom) {
        int start = from;
        if (!mustStartAtFrom) {
            start = BinPacketStart.find(bytes, from, to);
            if (start < 0) {
                if (to > from) {
                    problems.add(new Problem(ProblemKind.LEADING_BYTES_SKIPPED, flow.streamOffset(from),
                            "no BIN packet start in these " + (to - from) + " byte(s)"));
                }
                return 0;
            }
            if (start > from) {
                problems.add(new Problem(ProblemKind.LEADING_BYTES_SKIPPED, flow.streamOffset(from),
                        (start - from) + " byte(s) before the first packet start skipped"));
            }
        }
        PacketFramer framer = new PacketFramer();
        int[] next = {start};
        try {
            framer.feed(bytes, start, to - start, packet -> {
                record(next[0], packet);
                next[0] += packet.length;
            });
        } catch (MalformedPacketException e) {
            stopped = true;
            if (mustStartAtFrom && next[0] == from) {
                notBinBecause = "does not start with a BIN packet: " + e.getMessage();
            } else {
                problems.add(new Problem(ProblemKind.FRAMING_ERROR, flow.streamOffset(next[0]), e.getMessage()
                        + "; the rest of the flow is not read"));
            }
            return 0;
        }
        if (mustStartAtFrom && next[0] == from && !BinPacketStart.startsWithMarkerPrefix(bytes, from, to)) {
            notBinBecause = "does not start with \"P4CK\"";
            stopped = true;
            return 0;
        }
        sawPacketStart |= to > start;
        return framer.bufferedBytes();
    }

    private void record(int payloadIndex, byte[] packet) {
        sawPacketStart = true;
        List<TcpFlow.FrameStart> starts = flow.frameStartsCovering(payloadIndex, packet.length);
        TcpFlow.FrameStart last = starts.get(0);
        for (TcpFlow.FrameStart s : starts) {
            if (s.frameNumber() > last.frameNumber()) {
                last = s;
            }
        }
        completedInFrame = Math.max(completedInFrame, last.frameNumber());
        ExtractedBinPacket p = new ExtractedBinPacket(flow.source(), flow.destination(),
                flow.streamOffset(payloadIndex), flow.framesCovering(payloadIndex, packet.length), last.timestamp(),
                packet);
        found.add(new Found(p, completedInFrame));
    }

    private BinFlowReport report() {
        Verdict verdict;
        List<Problem> reported = problems;
        if (bytes.length == 0) {
            verdict = Verdict.EMPTY;
        } else if (notBinBecause != null) {
            verdict = Verdict.NOT_BIN;
            reported = List.of(new Problem(ProblemKind.FRAMING_ERROR, 0, notBinBecause));
        } else if (!sawPacketStart) {
            verdict = Verdict.NOT_BIN;
            reported = List.of(new Problem(ProblemKind.FRAMING_ERROR, 0,
                    "no BIN packet start (\"P4CK\" and a valid length) in " + bytes.length + " byte(s)"));
        } else {
            verdict = Verdict.BIN;
        }
        return new BinFlowReport(flow.source(), flow.destination(), verdict, found.size(), bytes.length, reported);
    }
}
