package io.sipcluster.app.inspect.pcap;

import java.util.ArrayList;
import java.util.List;

/**
 * The BIN packets found in a set of TCP flows, and a report per flow.
 *
 * @param packets in the order a receiver would have had them whole: by the frame that completed each packet,
 *     and in stream order within a flow
 * @param flows one per input flow, in the same order
 */
public record BinExtraction(List<ExtractedBinPacket> packets, List<BinFlowReport> flows) {
    public BinExtraction {
        packets = List.copyOf(packets);
        flows = List.copyOf(flows);
    }

    /** One line per flow that was skipped or had a problem. */
    public List<String> warnings() {
        List<String> out = new ArrayList<>();
        for (BinFlowReport f : flows) {
            String flow = f.source() + " -> " + f.destination();
            if (f.verdict() == BinFlowReport.Verdict.NOT_BIN) {
                out.add(flow + ": not BIN, skipped (" + f.problems().get(0).detail() + ")");
                continue;
            }
            f.problems().forEach(p -> out.add(flow + ": " + p));
        }
        return out;
    }
}
